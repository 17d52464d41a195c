import { Parser } from 'htmlparser2';
import { resolveHttpUrl } from './normalize';

/** Paths where sites commonly serve a feed without announcing it; the fetcher tries them, in order, when a page has none. */
export const WELL_KNOWN_FEED_PATHS: readonly string[] = [
  '/feed',
  '/rss',
  '/rss.xml',
  '/atom.xml',
  '/feed.xml',
  '/index.xml',
  '/feed.json',
  '/feed/atom',
  '/atom',
  '/index.rss',
  '/rss/index.xml',
  '/?feed=rss2',
];

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json', 'application/rdf+xml']);

/** Media type without parameters, lower-cased: `Application/RSS+XML; charset=utf-8` → `application/rss+xml`. */
const mediaType = (value: string | undefined) => (value ?? '').split(';')[0].trim().toLowerCase();

/**
 * The feeds an HTML page announces with `<link rel="alternate" type="…rss+xml|atom+xml|feed+json|json">`, as
 * absolute http(s) URLs in document order without duplicates. Relative hrefs resolve against `<base href>` when the
 * page has one before the link, else against `pageUrl`.
 */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) base = resolveHttpUrl(attrs.href, pageUrl) ?? base;
        if (name !== 'link' || !attrs.href) return;
        const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
        if (!rels.includes('alternate') || !FEED_TYPES.has(mediaType(attrs.type))) return;
        const url = resolveHttpUrl(attrs.href, base);
        if (url && !found.includes(url)) found.push(url);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return found;
}

/** The well-known feed paths as absolute URLs on the page's origin. */
export function wellKnownFeedUrls(pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  return WELL_KNOWN_FEED_PATHS.map((p) => new URL(p, origin).toString());
}

/**
 * True when a response is an HTML page rather than a feed. The body decides first (feeds are regularly served as
 * text/html, and pages as text/xml): after any XML declaration, processing instructions and comments, a doctype or
 * `<html>` means HTML; `<rss>`, `<feed>`, `<rdf:RDF>` or a JSON object means a feed. Only when the start of the body
 * says neither does the Content-Type decide, then markup that only pages start with.
 */
export function looksLikeHtml(text: string, contentType?: string): boolean {
  const start = text
    .slice(0, 2048)
    .replace(/^\uFEFF/, '')
    .replace(/^(\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/, '')
    .toLowerCase();
  if (/^<!doctype\s+html|^<html[\s>]/.test(start)) return true;
  if (/^(<rss[\s>]|<feed[\s>]|<rdf:rdf[\s>]|\{)/.test(start)) return false;
  const type = mediaType(contentType);
  if (type === 'text/html' || type === 'application/xhtml+xml') return true;
  return /^<(head|body|meta|title|script|div|p)[\s>]/.test(start);
}
