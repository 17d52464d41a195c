import { chooseDedupKeys } from './dedup';
import { canonicalUrl, clampToNow, parseFeedDate, resolveHttpUrl, sanitizeContent, toPlainText, type MediaRef } from './normalize';
import { FeedParseError, type FeedItem, type ParseFeedOptions, type ParsedFeed } from './parse';

// https://www.jsonfeed.org/version/1.1/ (1.0 is the same minus `authors`, `language`; it has `author`).
const VERSION = /^https?:\/\/(www\.)?jsonfeed\.org\/version\/1(\.\d+)?\/?$/i;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
/** JSON Feed text fields are plain text: only whitespace is folded, `<` and `&` are kept as they are. */
const plain = (v: unknown): string | null => str(v)?.replace(/\s+/g, ' ').trim() || null;

function resolve(link: unknown, base: string | null): string | null {
  const s = str(link);
  if (!s) return null;
  try {
    return new URL(s.trim(), base ?? undefined).toString();
  } catch {
    return null;
  }
}

/** `attachments` (url, mime_type, size_in_bytes) and the item's `image`, as absolute http(s) references. */
function media(raw: Json, base: string | null): MediaRef[] {
  const found: MediaRef[] = [];
  const add = (url: unknown, type: unknown, length: unknown) => {
    const abs = resolveHttpUrl(str(url), base);
    if (!abs || found.some((m) => m.url === abs)) return;
    found.push({ url: abs, type: str(type)?.trim() ?? null, length: typeof length === 'number' && length > 0 ? length : null });
  };
  for (const a of Array.isArray(raw.attachments) ? raw.attachments.filter(isObject) : []) add(a.url, a.mime_type, a.size_in_bytes);
  add(raw.image, null, null);
  return found;
}

/** `tags`, trimmed, without duplicates. */
const tags = (raw: Json): string[] =>
  Array.isArray(raw.tags) ? [...new Set(raw.tags.map(plain).filter((t): t is string => !!t))] : [];

/** `authors` (1.1) or `author` (1.0), names joined; an author with only a url is left out. */
function authorNames(obj: Json): string | null {
  const list = Array.isArray(obj.authors) ? obj.authors : isObject(obj.author) ? [obj.author] : [];
  const names = list.filter(isObject).map((a) => plain(a.name)).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : null;
}

/** `hubs` entries of type WebSub (or its old name, PubSubHubbub), as absolute http(s) URLs; rssCloud ones are left out. */
const webSubHubs = (doc: Json, base: string | null): string[] =>
  Array.isArray(doc.hubs)
    ? doc.hubs
        .filter(isObject)
        .filter((h) => /^(websub|pubsubhubbub)$/i.test(str(h.type)?.trim() ?? ''))
        .map((h) => resolveHttpUrl(str(h.url), base))
        .filter((u): u is string => !!u)
    : [];

/** True when the text looks like JSON rather than XML: its first non-space character is `{`. */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text);
}

/**
 * Parses a JSON Feed 1.0/1.1 document into the same shape as an RSS/Atom feed. Relative URLs resolve against
 * `feed_url`, else `home_page_url`, else `baseUrl` (those two themselves against `baseUrl`).
 */
export function parseJsonFeed(text: string, baseUrl: string, opts: ParseFeedOptions = {}): ParsedFeed {
  const now = opts.now ?? new Date();
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FeedParseError(`not a readable RSS/Atom document or JSON Feed: invalid JSON (${(e as Error).message})`);
  }
  if (!isObject(doc) || typeof doc.version !== 'string' || !VERSION.test(doc.version.trim())) {
    throw new FeedParseError('not a readable RSS/Atom document or JSON Feed: JSON without a "version" of https://jsonfeed.org/version/1');
  }
  if (!Array.isArray(doc.items)) throw new FeedParseError('not a readable JSON Feed: no "items" array');

  const base = resolve(baseUrl, null);
  const home = resolve(doc.home_page_url, base);
  const itemBase = resolve(doc.feed_url, base) ?? home ?? base;
  const feedAuthor = authorNames(doc);
  const feedLanguage = plain(doc.language);
  const items: Array<Omit<FeedItem, 'dedupKey'>> = [];
  for (const raw of doc.items) {
    if (!isObject(raw)) continue;
    const contentHtml = str(raw.content_html);
    const contentText = str(raw.content_text);
    const summary = plain(raw.summary) ?? plain(contentText) ?? toPlainText(contentHtml);
    // `title` is plain text by the spec, but publishers put entities and tags in it, as they do in RSS.
    const title = toPlainText(str(raw.title)) ?? summary?.slice(0, 120) ?? null;
    if (!title) continue; // nothing to classify, as in parse.ts
    const id = typeof raw.id === 'number' ? String(raw.id) : str(raw.id)?.trim() || null; // 1.0 feeds sometimes use numbers
    items.push({
      guid: id,
      url: canonicalUrl(str(raw.url), itemBase) ?? canonicalUrl(str(raw.external_url), itemBase),
      title,
      summary,
      content: (contentHtml && sanitizeContent(contentHtml, itemBase ?? baseUrl)) ?? contentText,
      author: authorNames(raw) ?? feedAuthor,
      publishedAt: clampToNow(parseFeedDate(str(raw.date_published)) ?? parseFeedDate(str(raw.date_modified)), now),
      categories: tags(raw),
      language: plain(raw.language) ?? feedLanguage,
      media: media(raw, itemBase),
    });
  }
  const { strategy, keys } = chooseDedupKeys(items, { feedUrl: resolve(doc.feed_url, base) ?? base, homeUrl: home });
  return {
    title: plain(doc.title),
    link: home,
    language: feedLanguage,
    ttlSeconds: null,
    dedupStrategy: strategy,
    items: items.map((item, i) => ({ ...item, dedupKey: keys[i] })),
    hubs: webSubHubs(doc, base),
    self: resolve(doc.feed_url, base),
  };
}
