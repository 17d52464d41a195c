import { decodeFeed, discoverFeeds, FeedError, fetchFeed, looksLikeHtml, type ParsedFeed, wellKnownFeedUrls } from '@wirewatch/feeds';
import { type HttpClient, HttpError } from '@wirewatch/http-client';

export interface ResolveOptions {
  /** the whole search, every request included */
  timeoutMs: number;
  maxBytes: number;
}

export interface ResolvedFeed {
  /** the feed's address: the one given, its permanent new address, or the one discovered */
  url: string;
  feed: ParsedFeed;
  /** the page the feed was discovered from; null when the URL given was the feed */
  discoveredFrom: string | null;
}

const NO_VALIDATORS = { etag: null, lastModified: null };

/** A deadline shared by every request of one search. */
function budget(timeoutMs: number): () => number {
  const end = Date.now() + timeoutMs;
  return () => {
    const left = end - Date.now();
    if (left <= 0) throw new FeedError('timeout', `no feed found within ${timeoutMs} ms`);
    return left;
  };
}

/** The page behind `url` as text, when it is HTML; null when it is something else. */
async function htmlPage(http: HttpClient, url: string, timeoutMs: number, maxBytes: number): Promise<{ html: string; url: string } | null> {
  try {
    const res = await http.request(url, { headers: { accept: 'text/html, */*;q=0.5' }, timeoutMs, maxBytes, maxRedirects: 5 });
    if (res.status !== 200) return null;
    const { text } = decodeFeed(res.body, res.headers['content-type']);
    return looksLikeHtml(text, res.headers['content-type']) ? { html: text, url: res.url } : null;
  } catch (e) {
    if (e instanceof HttpError) throw new FeedError(e.category, e.message);
    throw e;
  }
}

type Attempt = { url: string; feed: ParsedFeed } | { url: string; error: FeedError };

/** The first candidate that answers with a feed; else the first failure; null when there was no candidate. */
async function firstFeed(http: HttpClient, candidates: string[], left: () => number, maxBytes: number): Promise<Attempt | null> {
  let failure: Attempt | null = null;
  for (const candidate of candidates) {
    const timeoutMs = left();
    try {
      const result = await fetchFeed(http, candidate, NO_VALIDATORS, { timeoutMs, maxBytes });
      if (result.kind === 'ok') return { url: result.movedTo ?? candidate, feed: result.feed };
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
      failure ??= { url: candidate, error: e };
    }
  }
  return failure;
}

/**
 * Finds the feed a user means by `url`, fetching through the given client (so through its SSRF guard): the URL
 * itself when it is a feed; else, when it is an HTML page, the feeds it announces with `<link rel="alternate">`,
 * then the usual feed paths of its site (/feed, /rss.xml …), the first that answers with a feed. Throws the
 * FeedError that explains why nothing was found: the URL's own failure, or `not-a-feed` for a page without one.
 */
export async function resolveFeed(http: HttpClient, url: string, opts: ResolveOptions): Promise<ResolvedFeed> {
  const left = budget(opts.timeoutMs);
  let original: FeedError;
  try {
    const result = await fetchFeed(http, url, NO_VALIDATORS, { timeoutMs: left(), maxBytes: opts.maxBytes });
    if (result.kind === 'ok') return { url: result.movedTo ?? url, feed: result.feed, discoveredFrom: null };
    throw new FeedError('not-a-feed', 'answered 304 to a request without validators');
  } catch (e) {
    if (!(e instanceof FeedError) || e.category !== 'not-a-feed') throw e;
    original = e;
  }
  const page = await htmlPage(http, url, left(), opts.maxBytes);
  if (!page) throw original;
  const announced = discoverFeeds(page.html, page.url);
  const fromLinks = await firstFeed(http, announced, left, opts.maxBytes);
  if (fromLinks && 'feed' in fromLinks) return { url: fromLinks.url, feed: fromLinks.feed, discoveredFrom: url };
  const guesses = wellKnownFeedUrls(page.url).filter((u) => u !== url && !announced.includes(u));
  const fromPaths = await firstFeed(http, guesses, left, opts.maxBytes);
  if (fromPaths && 'feed' in fromPaths) return { url: fromPaths.url, feed: fromPaths.feed, discoveredFrom: url };
  if (fromLinks) {
    const { error } = fromLinks;
    throw new FeedError(error.category, `the page announces ${fromLinks.url}, which failed: ${error.message}`, error.retryAfterSec);
  }
  throw new FeedError('not-a-feed', 'an HTML page that announces no feed, and none of the usual feed paths of its site answered with one');
}
