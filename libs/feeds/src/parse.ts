import Parser from 'rss-parser';
import { chooseDedupKeys, type DedupStrategy } from './dedup';
import { looksLikeJson, parseJsonFeed } from './json-feed';
import { canonicalUrl, clampToNow, parseFeedDate, resolveHttpUrl, sanitizeContent, toPlainText, type MediaRef } from './normalize';

/** One item of a feed, normalised and ready to be stored as a story. */
export interface FeedItem {
  dedupKey: string;
  guid: string | null;
  /** Canonical link: absolute, tracking parameters and fragment removed. */
  url: string | null;
  /** Plain text. */
  title: string;
  /** Plain text. */
  summary: string | null;
  /** Sanitised HTML (allowlisted tags, absolute http(s) links and images), or JSON Feed `content_text`. */
  content: string | null;
  author: string | null;
  /** Null when missing or unreadable (the fetcher then uses first-seen); never far ahead of the fetch. */
  publishedAt: Date | null;
  categories: string[];
  language: string | null;
  media: MediaRef[];
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  /** The feed-level language, when it states one. */
  language: string | null;
  /** How long the feed says it may be cached: RSS `<ttl>` or `sy:updatePeriod`/`sy:updateFrequency`. */
  ttlSeconds: number | null;
  /** How this document's items were keyed (see chooseDedupKeys); worth recording per feed. */
  dedupStrategy: DedupStrategy;
  items: FeedItem[];
  /** WebSub hubs the document announces (`<link rel="hub">`, RSS `<atom:link rel="hub">`, JSON Feed `hubs`), absolute. */
  hubs: string[];
  /** The feed's own URL as the document states it (`rel="self"`, JSON Feed `feed_url`): the WebSub topic. */
  self: string | null;
}

export interface ParseFeedOptions {
  /** The fetch time: publish dates beyond it (plus clock skew) are clamped to it. Defaults to the current time. */
  now?: Date;
}

export class FeedParseError extends Error {
  readonly category = 'parse';
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

// Raw xml2js nodes kept whole (keepArray) so attributes survive: xml:base/xml:lang on items, media elements.
const whole = (from: string, to: string) => [from, to, { keepArray: true }] as [string, string, { keepArray: boolean }];
const ITEM_FIELDS = [
  whole('$', 'xmlAttrs'),
  whole('category', 'categoryNodes'),
  whole('media:content', 'mediaContent'),
  whole('media:thumbnail', 'mediaThumbnail'),
  whole('media:group', 'mediaGroup'),
  whole('media:description', 'mediaDescription'),
  whole('link', 'linkNodes'),
  whole('guid', 'guidNodes'),
  whole('ww:published', 'publishedRaw'),
  whole('ww:updated', 'updatedRaw'),
  whole('dc:subject', 'dcSubject'),
  'xhtml:body',
  'body',
  'fullitem',
  'media:title',
  'itunes:summary',
  'itunes:subtitle',
  'itunes:author',
];
const FEED_FIELDS = [
  whole('$', 'xmlAttrs'),
  whole('atom:link', 'atomLinks'),
  whole('link', 'linkNodes'),
  'dc:language',
  'sy:updatePeriod',
  'sy:updateFrequency',
];

/**
 * rss-parser turns Atom `<published>`/`<updated>` into ISO strings with `new Date(x).toISOString()`, which throws on
 * an unreadable date and so loses the whole feed. Renamed while xml2js reads them, they reach us untouched instead.
 */
const hideAtomDates = (name: string) => (name === 'published' || name === 'updated' ? `ww:${name}` : name);

// defaultRSS: an <rss> root without a version attribute is read as RSS 2.0 instead of being refused.
// rss-parser's typings only allow plain names for feed fields; at run time it copies them exactly as item fields.
const parser = new Parser({
  timeout: 0,
  maxRedirects: 0,
  defaultRSS: 2,
  customFields: { item: ITEM_FIELDS, feed: FEED_FIELDS as unknown as string[] },
  xml2js: { tagNameProcessors: [hideAtomDates] },
});

type Raw = Record<string, unknown>;
type XmlNode = { _?: unknown; $?: Record<string, string> };

/**
 * rss-parser hands over whatever xml2js built: usually a string, but an element with attributes (`<title
 * xml:lang="en">`, `<guid isPermaLink="false">`) can come as `{ _: text, $: attrs }`, and inline XHTML as an object.
 */
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && typeof (value as XmlNode)._ === 'string') return (value as { _: string })._;
  return undefined;
}

const nodes = (value: unknown): XmlNode[] => (Array.isArray(value) ? value.filter((v): v is XmlNode => !!v && typeof v === 'object') : []);
const attrsOf = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
const firstString = (value: unknown): string | undefined => (Array.isArray(value) ? str(value[0]) : str(value));
const language = (value: string | undefined) => value?.trim() || null;

const SY_PERIODS: Record<string, number> = { hourly: 3600, daily: 86400, weekly: 604800, monthly: 2592000, yearly: 31536000 };

/** `<ttl>` in minutes, else the syndication module's period ÷ frequency, in seconds. */
function ttlSeconds(feed: Raw): number | null {
  const ttl = Number(str(feed.ttl)?.trim());
  if (Number.isFinite(ttl) && ttl > 0) return Math.round(ttl * 60);
  const period = SY_PERIODS[str(feed['sy:updatePeriod'])?.trim().toLowerCase() ?? ''];
  if (!period) return null;
  const frequency = Number(str(feed['sy:updateFrequency'])?.trim() || 1);
  return Number.isFinite(frequency) && frequency > 0 ? Math.round(period / frequency) : period;
}

/**
 * The feed-level `rel="hub"` and `rel="self"` links: Atom `<link>`, or `<atom:link>` (or an unprefixed Atom
 * `<link>` with attributes) in an RSS channel. rss-parser keeps only the first self link, and no hub.
 */
function webSubLinks(feed: Raw, base: string): Pick<ParsedFeed, 'hubs' | 'self'> {
  const links = [...nodes(feed.atomLinks), ...nodes(feed.linkNodes)];
  const withRel = (rel: string) =>
    links
      .filter((l) => l.$?.rel?.trim().toLowerCase().split(/\s+/).includes(rel))
      .map((l) => resolveHttpUrl(l.$?.href, base))
      .filter((u): u is string => !!u);
  return { hubs: [...new Set(withRel('hub'))], self: withRel('self')[0] ?? null };
}

/** Categories as text: RSS `<category>` text, Atom `term`/`label`, Dublin Core subjects; trimmed, no duplicates. */
function categories(raw: Raw): string[] {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const values = [...list(raw.categoryNodes), ...list(raw.dcSubject)]
    .map((c) => (typeof c === 'string' ? c : str(c) ?? (c as XmlNode).$?.label ?? (c as XmlNode).$?.term))
    .map((c) => toPlainText(c))
    .filter((c): c is string => !!c);
  return [...new Set(values)];
}

/** Enclosures, Atom `rel="enclosure"` links, media:content/thumbnail (also inside media:group); absolute, deduplicated. */
function media(raw: Raw, base: string): MediaRef[] {
  const found: MediaRef[] = [];
  const add = (url: string | undefined, type: string | undefined, length: string | undefined) => {
    const abs = resolveHttpUrl(url, base);
    if (!abs || found.some((m) => m.url === abs)) return;
    const n = Number(length);
    found.push({ url: abs, type: type?.trim() || null, length: length && Number.isFinite(n) && n > 0 ? n : null });
  };
  const enclosure = attrsOf(raw.enclosure);
  add(enclosure.url, enclosure.type, enclosure.length);
  for (const link of nodes(raw.linkNodes)) if (link.$?.rel === 'enclosure') add(link.$.href, link.$.type, link.$.length);
  const groups = nodes(raw.mediaGroup);
  const contents = [...nodes(raw.mediaContent), ...groups.flatMap((g) => nodes((g as Raw)['media:content']))];
  for (const c of contents) add(c.$?.url, c.$?.type, c.$?.fileSize);
  const thumbs = [...nodes(raw.mediaThumbnail), ...groups.flatMap((g) => nodes((g as Raw)['media:thumbnail']))];
  for (const t of thumbs) add(t.$?.url, undefined, undefined);
  return found;
}

/** media:description, on the item or in its media:group: the only text of a YouTube entry. */
function mediaDescription(raw: Raw): string | undefined {
  const groups = nodes(raw.mediaGroup).map((g) => (g as Raw)['media:description']);
  return [raw.mediaDescription, ...groups].map(firstString).find((d) => d?.trim());
}

/**
 * The first readable of Atom `published`, `updated` (as written: rss-parser never sees them, see hideAtomDates),
 * RSS `pubDate`, `dc:date`.
 */
function publishedDate(raw: Raw): Date | null {
  for (const candidate of [firstString(raw.publishedRaw), firstString(raw.updatedRaw), str(raw.pubDate), str(raw.date)]) {
    const date = parseFeedDate(candidate);
    if (date) return date;
  }
  return null;
}

/**
 * The item's link, else its guid when that is a permalink (RSS 2.0: `isPermaLink` defaults to true) or an RSS 1.0
 * `rdf:about`, which is the item's address by definition.
 */
function itemLink(raw: Raw, base: string): string | null {
  const link = canonicalUrl(str(raw.link), base);
  if (link) return link;
  const [guid] = nodes(raw.guidNodes);
  const permalink = typeof raw.guid === 'string' && guid?.$?.isPermaLink?.trim().toLowerCase() !== 'false';
  // Only an absolute guid counts: `post-3` is an identifier, not a path to resolve.
  return (permalink ? canonicalUrl(str(raw.guid), null) : null) ?? canonicalUrl(str(raw['rdf:about']), base);
}

/** Resolves an `xml:base` attribute against the base in force, as XML Base nests. */
const withXmlBase = (attrs: Record<string, string>, base: string) => resolveHttpUrl(attrs['xml:base'], base) ?? base;

interface ItemContext {
  base: string;
  now: Date;
  feedLanguage: string | null;
}

/** One rss-parser item to a FeedItem without its dedup key; null when it has neither title nor text. */
function toItem(raw: Raw, ctx: ItemContext): Omit<FeedItem, 'dedupKey'> | null {
  const attrs = attrsOf(raw.xmlAttrs);
  const base = withXmlBase(attrs, ctx.base);
  // rss-parser puts RSS <description> and Atom <content> in `content`, Atom/RSS <summary> in `summary`.
  const encoded = str(raw['content:encoded']) ?? str(raw['xhtml:body']) ?? str(raw.body) ?? str(raw.fullitem);
  const description = str(raw.content);
  // Podcasts and video feeds often carry their only text in the iTunes or Media RSS elements.
  const summaryHtml =
    str(raw.summary) ?? description ?? encoded ?? str(raw['itunes:summary']) ?? str(raw['itunes:subtitle']) ?? mediaDescription(raw);
  const summary = toPlainText(summaryHtml);
  const title = toPlainText(str(raw.title) ?? str(raw['media:title'])) ?? summary?.slice(0, 120) ?? null;
  if (!title) return null; // an item with neither title nor text carries nothing to classify
  return {
    guid: (str(raw.guid) ?? str(raw.id) ?? '').trim() || null,
    url: itemLink(raw, base),
    title,
    summary,
    content: sanitizeContent(encoded ?? description ?? str(raw.summary), base),
    author: toPlainText(str(raw.creator) ?? str(raw.author) ?? str(raw['itunes:author'])),
    publishedAt: clampToNow(publishedDate(raw), ctx.now),
    categories: categories(raw),
    language: language(str(raw.language)) ?? language(attrs['xml:lang']) ?? ctx.feedLanguage,
    media: media(raw, base),
  };
}

/**
 * Parses an RSS, Atom or JSON Feed document (as text) into normalised items; relative links resolve against
 * `baseUrl` and any `xml:base`. Text whose first non-space character is `{` is read as JSON Feed. `opts.now` is the
 * fetch time used to clamp publish dates in the future.
 */
/**
 * `<rss version="2.0"></rss>` (no channel) is a valid, empty feed — a publisher with nothing yet — but rss-parser
 * crashes on it; comments and the XML declaration may come first.
 */
function isEmptyRss(xml: string): boolean {
  return /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<rss\b[^>]*>\s*<\/rss>\s*$/i.test(xml);
}

export async function parseFeed(xml: string, baseUrl: string, opts: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const now = opts.now ?? new Date();
  if (looksLikeJson(xml)) return parseJsonFeed(xml, baseUrl, { now });
  if (isEmptyRss(xml)) return { title: null, link: null, language: null, ttlSeconds: null, dedupStrategy: 'guid', items: [], hubs: [], self: null };
  let feed: Raw & { items?: Raw[] };
  try {
    feed = (await parser.parseString(xml.replace(/^\uFEFF/, ''))) as unknown as Raw & { items?: Raw[] };
  } catch (e) {
    throw new FeedParseError(`not a readable RSS/Atom document: ${(e as Error).message.split('\n')[0]}`);
  }
  const feedAttrs = attrsOf(feed.xmlAttrs);
  const base = withXmlBase(feedAttrs, baseUrl);
  const feedLanguage = language(str(feed.language)) ?? language(str(feed['dc:language'])) ?? language(feedAttrs['xml:lang']);
  const ctx: ItemContext = { base, now, feedLanguage };
  const items = (feed.items ?? []).map((raw) => toItem(raw, ctx)).filter((i): i is Omit<FeedItem, 'dedupKey'> => !!i);
  const link = resolveHttpUrl(str(feed.link), base);
  const { strategy, keys } = chooseDedupKeys(items, { feedUrl: baseUrl, homeUrl: link });
  return {
    title: toPlainText(str(feed.title)),
    link,
    language: feedLanguage,
    ttlSeconds: ttlSeconds(feed),
    dedupStrategy: strategy,
    items: items.map((item, i) => ({ ...item, dedupKey: keys[i] })),
    ...webSubLinks(feed, base),
  };
}
