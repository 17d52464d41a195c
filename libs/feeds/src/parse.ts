import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { looksLikeJson, parseJsonFeed } from './json-feed';

/** One item of a feed, normalised and ready to be stored as a story. */
export interface FeedItem {
  dedupKey: string;
  guid: string | null;
  url: string | null;
  title: string;
  summary: string | null;
  content: string | null;
  author: string | null;
  publishedAt: Date | null;
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
}

export class FeedParseError extends Error {
  readonly category = 'parse';
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

// defaultRSS: an <rss> root without a version attribute is read as RSS 2.0 instead of being refused.
const parser = new Parser({ timeout: 0, maxRedirects: 0, defaultRSS: 2 });

/**
 * rss-parser hands over whatever xml2js built: usually a string, but an element with attributes (`<title
 * xml:lang="en">`, `<guid isPermaLink="false">`) can come as `{ _: text, $: attrs }`, and inline XHTML as an object.
 */
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return (value as { _: string })._;
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML to plain text: tags dropped, common entities decoded, whitespace folded. */
export function toPlainText(html: string | null | undefined): string | null {
  if (!html) return null;
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->|<\/?[a-z][^<>]*>/gi, ' ') // real tags only: a lone '<' in a headline is text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}

function absoluteUrl(link: string | undefined, base: string): string | null {
  if (!link) return null;
  try {
    return new URL(link.trim(), base).toString();
  } catch {
    return null;
  }
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The key that makes an item unique within its feed: its guid, else its link, else a hash of its title and
 * content. (The fetcher issue adds degrading when a feed's guids are junk.)
 */
export function dedupKey(item: { guid: string | null; url: string | null; title: string; content: string | null }): string {
  if (item.guid) return `guid:${item.guid}`;
  if (item.url) return `link:${item.url}`;
  return `hash:${createHash('sha256').update(`${item.title}\n${item.content ?? ''}`).digest('hex')}`;
}

/**
 * Parses an RSS, Atom or JSON Feed document (as text) into normalised items; relative links resolve against `baseUrl`.
 * Text whose first non-space character is `{` is read as JSON Feed.
 */
export async function parseFeed(xml: string, baseUrl: string): Promise<ParsedFeed> {
  if (looksLikeJson(xml)) return parseJsonFeed(xml, baseUrl);
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FeedParseError(`not a readable RSS/Atom document: ${(e as Error).message.split('\n')[0]}`);
  }
  const items: FeedItem[] = [];
  for (const raw of feed.items ?? []) {
    const url = absoluteUrl(str(raw.link), baseUrl);
    const content = str(raw.content) ?? null;
    const summary = toPlainText(str(raw.contentSnippet) ?? str(raw.summary) ?? content);
    const title = toPlainText(str(raw.title)) ?? summary?.slice(0, 120) ?? null;
    if (!title) continue; // an item with neither title nor text carries nothing to classify
    const guid = (str(raw.guid) ?? str(raw.id) ?? '').trim() || null;
    const item = {
      guid,
      url,
      title,
      summary,
      content,
      author: toPlainText(str(raw.creator) ?? str(raw.author)) ?? null,
      publishedAt: parseDate(str(raw.isoDate) ?? str(raw.pubDate)),
    };
    items.push({ ...item, dedupKey: dedupKey(item) });
  }
  return { title: toPlainText(str(feed.title)), link: absoluteUrl(str(feed.link), baseUrl), items };
}
