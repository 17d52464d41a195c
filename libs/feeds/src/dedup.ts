import { createHash } from 'node:crypto';

/** Which field identifies a feed's items; recorded per feed so a change of strategy can be noticed. */
export type DedupStrategy = 'guid' | 'link' | 'hash';

export interface DedupCandidate {
  guid: string | null;
  url: string | null;
  title: string;
  content: string | null;
}

/** Addresses an item's guid or link must not equal: the feed itself and its home page. */
export interface FeedAddresses {
  feedUrl?: string | null;
  homeUrl?: string | null;
}

export interface DedupChoice {
  strategy: DedupStrategy;
  /** One key per item, in the same order. */
  keys: string[];
}

const hashKey = (item: DedupCandidate) => `hash:${createHash('sha256').update(`${item.title}\n${item.content ?? ''}`).digest('hex')}`;

/**
 * The key that makes an item unique within its feed under a strategy: its guid, else its link, else a hash of
 * its title and content. A strategy only skips the fields before it; an item without the chosen field falls back.
 */
export function dedupKey(item: DedupCandidate, strategy: DedupStrategy = 'guid'): string {
  if (strategy === 'guid' && item.guid) return `guid:${item.guid}`;
  if (strategy !== 'hash' && item.url) return `link:${item.url}`;
  return hashKey(item);
}

/** Comparable form of an address: case, a trailing slash and the scheme do not make two addresses different. */
const comparable = (s: string) => s.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');

/**
 * True when the values present cannot tell items apart: none at all, one repeated within the document (which
 * covers "all the same"), or one that is just the feed's own address or home page.
 */
function isJunk(values: Array<string | null>, addresses: FeedAddresses): boolean {
  const present = values.filter((v): v is string => !!v?.trim()).map(comparable);
  if (!present.length) return true;
  if (new Set(present).size !== present.length) return true;
  const own = [addresses.feedUrl, addresses.homeUrl].filter((a): a is string => !!a).map(comparable);
  return present.some((v) => own.includes(v));
}

/**
 * Chooses the dedup strategy for one document, FreshRSS-style: guids unless they are junk, then links unless
 * they are junk, then the content hash. It depends only on the document, so an unchanged feed keeps its keys.
 */
export function chooseDedupKeys(items: readonly DedupCandidate[], addresses: FeedAddresses = {}): DedupChoice {
  if (!items.length) return { strategy: 'guid', keys: [] }; // nothing to judge: the default stands
  const strategy: DedupStrategy = !isJunk(items.map((i) => i.guid), addresses)
    ? 'guid'
    : !isJunk(items.map((i) => i.url), addresses)
      ? 'link'
      : 'hash';
  return { strategy, keys: items.map((i) => dedupKey(i, strategy)) };
}
