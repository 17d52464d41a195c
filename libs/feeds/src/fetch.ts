import { HttpError, type HttpClient } from '@wirewatch/http-client';
import { decodeFeed } from './decode';
import { parseFeed, type ParsedFeed } from './parse';

export type FeedErrorCategory = HttpError['category'] | 'http-4xx' | 'http-5xx' | 'gone' | 'not-a-feed' | 'parse';

/** A poll that failed, with a category a user can act on; it is recorded against the feed. */
export class FeedError extends Error {
  constructor(readonly category: FeedErrorCategory, message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** `movedTo`: the feed's new address when it answered through permanent redirects (301/308) only. */
export type FetchResult =
  | { kind: 'not-modified'; movedTo: string | null }
  | { kind: 'ok'; feed: ParsedFeed; validators: Validators; url: string; movedTo: string | null };

export { USER_AGENT } from '@wirewatch/http-client';

export interface FetchFeedOptions {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * One conditional GET of a feed and its parse. A 304 answers `not-modified` without parsing anything.
 * Every failure is a FeedError with a category.
 */
export async function fetchFeed(http: HttpClient, url: string, validators: Validators, opts: FetchFeedOptions): Promise<FetchResult> {
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let res;
  try {
    res = await http.request(url, { headers, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, maxRedirects: 5 });
  } catch (e) {
    if (e instanceof HttpError) throw new FeedError(e.category, e.message);
    throw e;
  }
  if (res.status === 304) return { kind: 'not-modified', movedTo: res.permanentUrl };
  if (res.status === 410) throw new FeedError('gone', 'the server says the feed is gone for good (410)');
  if (res.status >= 400) throw new FeedError(res.status >= 500 ? 'http-5xx' : 'http-4xx', `HTTP ${res.status}`);
  if (res.status !== 200) throw new FeedError('http-4xx', `unexpected HTTP ${res.status}`);
  const { text } = decodeFeed(res.body, res.headers['content-type']);
  if (!text.trim()) throw new FeedError('not-a-feed', 'empty body');
  if (/^\s*(<!doctype html|<html)/i.test(text)) throw new FeedError('not-a-feed', 'an HTML page, not a feed');
  let feed: ParsedFeed;
  try {
    feed = await parseFeed(text, res.url);
  } catch (e) {
    throw new FeedError('parse', (e as Error).message);
  }
  return {
    kind: 'ok',
    feed,
    url: res.url,
    movedTo: res.permanentUrl,
    validators: { etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null },
  };
}
