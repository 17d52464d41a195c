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
 * `wirewatch fetch <url>`: fetches a feed (or finds the one an HTML page announces, as POST /feeds does) and returns
 * it parsed and normalised as JSON lines: first `{"type":"feed",…}` (address, title, language, TTL, dedup strategy,
 * `discoveredFrom`), then one `{"type":"item",…}` per item, as the fetcher would store it. Throws the FeedError
 * (with its `category`) when there is no feed to read.
 */
export async function fetchCommand(url: string, opts: FetchCommandOptions = {}): Promise<string> {
  const http = new HttpClient({ allowPrivateNetworks: opts.allowPrivateNetworks ?? false, userAgent: USER_AGENT });
  try {
    const { url: feedUrl, feed, discoveredFrom } = await resolveFeed(http, url, {
      timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      maxBytes: opts.maxBytes ?? DEFAULT_FEED_MAX_BYTES,
    });
    const { items, ...meta } = feed;
    const lines = [
      { type: 'feed', url: feedUrl, discoveredFrom, ...meta, items: items.length },
      ...items.map((item) => ({ type: 'item', ...item })),
    ];
    return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  } finally {
    await http.close();
  }
}
