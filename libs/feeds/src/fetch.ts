import { type CacheHints, HttpError, type HttpClient, type HttpResponse, parseCacheHints, parseRetryAfter } from '@wirewatch/http-client';
import { declaresXmlEntities, decodeFeed, sniffDocument } from './decode';
import { parseFeed, type ParsedFeed } from './parse';

export type FeedErrorCategory = HttpError['category'] | 'http-4xx' | 'http-5xx' | 'gone' | 'rate-limited' | 'not-a-feed' | 'parse';

/**
 * A poll that failed, with a category a user can act on; it is recorded against the feed. `rate-limited` is not
 * breakage: the server asked to be polled less often, `retryAfterSec` (from Retry-After, null when it gave no
 * readable one) says for how long.
 */
export class FeedError extends Error {
  constructor(
    readonly category: FeedErrorCategory,
    message: string,
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/**
 * `movedTo`: the feed's new address when it answered through permanent redirects (301/308) only.
 * `linkHeader`: the response's `Link` header(s), where a feed may announce its WebSub hub (see discoverWebSub).
 * `cacheMaxAgeSec` / `expiresAt`: the server's freshness hints (see CacheHints), to lengthen the polling interval.
 */
export type FetchResult =
  | ({ kind: 'not-modified'; movedTo: string | null } & CacheHints)
  | ({ kind: 'ok'; feed: ParsedFeed; validators: Validators; url: string; movedTo: string | null; linkHeader: string | null } & CacheHints);

export { USER_AGENT } from '@wirewatch/http-client';

export interface FetchFeedOptions {
  /** the whole exchange, redirects included; default 20 s */
  timeoutMs?: number;
  /** the body as received and once decompressed; default 15 MiB */
  maxBytes?: number;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 20_000;
export const DEFAULT_FEED_MAX_BYTES = 15 * 1024 * 1024;
const MAX_REDIRECTS = 5;

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * A 429 says "not now" by definition. A 503 or a 403 says so only with Retry-After (servers and CDNs throttle that
 * way): a bare 503 is also what a server that is down for good answers, and must count as an error so the feed is
 * eventually paused; a bare 403 is a real refusal.
 */
function isRateLimit(res: HttpResponse): boolean {
  if (res.status === 429) return true;
  return (res.status === 503 || res.status === 403) && res.headers['retry-after'] !== undefined;
}

/** Throws the FeedError an unsuccessful status stands for; returns for a 200. */
function assertOk(res: HttpResponse): void {
  if (isRateLimit(res)) {
    const retryAfterSec = parseRetryAfter(res.headers);
    const after = retryAfterSec === null ? '' : `, retry after ${retryAfterSec} s`;
    throw new FeedError('rate-limited', `HTTP ${res.status}: the server asks to be polled less often${after}`, retryAfterSec);
  }
  if (res.status === 410) throw new FeedError('gone', 'the server says the feed is gone for good (410)');
  if (res.status >= 500) throw new FeedError('http-5xx', `HTTP ${res.status}`);
  if (res.status >= 400) throw new FeedError('http-4xx', `HTTP ${res.status}`);
  if (res.status !== 200) throw new FeedError('http-4xx', `unexpected HTTP ${res.status}`);
}

/**
 * The decoded text when it can be a feed. The body decides, not the Content-Type: RSS served as text/plain or
 * application/octet-stream is read, an image or an HTML page is `not-a-feed`, and so is an empty body (nothing was
 * published, rather than something published badly). A document declaring its own XML entities is refused as
 * `parse` before any parser sees it, whatever that parser does with entity expansion.
 */
function feedText(body: Buffer, contentType: string | undefined): string {
  const { text } = decodeFeed(body, contentType);
  switch (sniffDocument(text)) {
    case 'empty':
      throw new FeedError('not-a-feed', 'empty body');
    case 'html':
      throw new FeedError('not-a-feed', 'an HTML page, not a feed');
    case 'other':
      throw new FeedError('not-a-feed', `neither XML nor JSON (Content-Type: ${contentType ?? 'none'})`);
    case 'xml':
      if (declaresXmlEntities(text)) throw new FeedError('parse', 'the document declares its own XML entities: refused (entity expansion)');
      return text;
    case 'json':
      return text;
  }
}

/**
 * A feed document as received (body and Content-Type), decoded and parsed as a poll reads it; relative links
 * resolve against `url`. Used by polls and by WebSub deliveries. Throws a FeedError (`not-a-feed`, `parse`).
 */
export async function readFeedDocument(body: Buffer, contentType: string | undefined, url: string): Promise<ParsedFeed> {
  const text = feedText(body, contentType);
  try {
    return await parseFeed(text, url);
  } catch (e) {
    throw new FeedError('parse', (e as Error).message);
  }
}

/**
 * One conditional GET of a feed and its parse. A 304 answers `not-modified` without parsing anything.
 * Every failure is a FeedError with a category.
 */
export async function fetchFeed(http: HttpClient, url: string, validators: Validators, opts: FetchFeedOptions = {}): Promise<FetchResult> {
  const headers: Record<string, string> = { accept: ACCEPT };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let res: HttpResponse;
  try {
    res = await http.request(url, {
      headers,
      timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      maxBytes: opts.maxBytes ?? DEFAULT_FEED_MAX_BYTES,
      maxRedirects: MAX_REDIRECTS,
    });
  } catch (e) {
    if (e instanceof HttpError) throw new FeedError(e.category, e.message);
    throw e;
  }
  const hints = parseCacheHints(res.headers);
  if (res.status === 304) return { kind: 'not-modified', movedTo: res.permanentUrl, ...hints };
  assertOk(res);
  const feed = await readFeedDocument(res.body, res.headers['content-type'], res.url);
  return {
    kind: 'ok',
    feed,
    url: res.url,
    movedTo: res.permanentUrl,
    linkHeader: res.headers.link ?? null,
    validators: { etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null },
    ...hints,
  };
}
