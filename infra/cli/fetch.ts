import { DEFAULT_FEED_MAX_BYTES, DEFAULT_FETCH_TIMEOUT_MS, USER_AGENT } from '@wirewatch/feeds';
import { HttpClient } from '@wirewatch/http-client';
import { resolveFeed } from '../../services/fetcher/src/feed-discovery';

export interface FetchCommandOptions {
  /** fetch from loopback and private addresses too (default false: the SSRF guard refuses them, as the fetcher does) */
  allowPrivateNetworks?: boolean;
  /** the whole search, discovery included; default 20 s */
  timeoutMs?: number;
  /** the largest body read; default 15 MiB */
  maxBytes?: number;
}

/**
 * `wirewatch fetch <url>`: fetches a feed (or finds the one an HTML page announces, as POST /feeds does) with the
 * service's fetch, decode, parse and normalise code, and returns it as one JSON document:
 * `{feed: {url, discoveredFrom, title, link, language, ttlSeconds, dedupStrategy, …}, items: [{title, link, summary,
 * published, guid, content, author, categories, language, media, dedupKey}]}` — each item as the fetcher stores it. Throws the FeedError (with its `category`)
 * when there is no feed to read.
 */
export async function fetchCommand(url: string, opts: FetchCommandOptions = {}): Promise<string> {
  const http = new HttpClient({ allowPrivateNetworks: opts.allowPrivateNetworks ?? false, userAgent: USER_AGENT });
  try {
    const { url: feedUrl, feed, discoveredFrom } = await resolveFeed(http, url, {
      timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      maxBytes: opts.maxBytes ?? DEFAULT_FEED_MAX_BYTES,
    });
    const { items, ...meta } = feed;
    const view = items.map(({ title, url: link, summary, publishedAt, guid, ...rest }) => ({
      title,
      link,
      summary,
      published: publishedAt ? publishedAt.toISOString() : null,
      guid,
      ...rest,
    }));
    return `${JSON.stringify({ feed: { url: feedUrl, discoveredFrom, ...meta }, items: view }, null, 2)}\n`;
  } finally {
    await http.close();
  }
}
