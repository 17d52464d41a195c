import { HttpClient } from '@wirewatch/http-client';
import { startLocalServer, type LocalServer } from '@wirewatch/testing';
import { fetchFeed, FeedError, renderRss, USER_AGENT } from './index';

const RSS = renderRss({ title: 'Local', link: 'http://local/' }, [
  { guid: 'a', title: 'DeepSeek tops the App Store', link: 'http://local/a', description: 'x', published: new Date('2025-01-27T08:00:00Z') },
]);

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

describe('fetchFeed against a local HTTP server', () => {
  let server: LocalServer;
  const open = new HttpClient({ allowPrivateNetworks: true, userAgent: USER_AGENT });
  const guarded = new HttpClient({ allowPrivateNetworks: false, userAgent: USER_AGENT });
  const seen: Record<string, string | undefined>[] = [];
  const opts = { timeoutMs: 2000, maxBytes: 64 * 1024 };

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      seen.push({ ua: req.headers['user-agent'], inm: req.headers['if-none-match'] as string | undefined });
      switch (req.url) {
        case '/feed':
          if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304, { 'cache-control': 'max-age=600' }).end();
          return res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'cache-control': 'public, max-age=600' }).end(RSS);
        case '/expiring':
          // The server's clock is a day behind ours: Expires counts from its Date, one hour later.
          return res
            .writeHead(200, {
              'content-type': 'application/rss+xml',
              date: new Date(Date.now() - DAY_MS).toUTCString(),
              expires: new Date(Date.now() - DAY_MS + HOUR_MS).toUTCString(),
            })
            .end(RSS);
        case '/moved':
          return res.writeHead(301, { location: '/moved-again' }).end();
        case '/moved-again':
          return res.writeHead(308, { location: '/feed' }).end();
        case '/temporary':
          return res.writeHead(302, { location: '/moved-again' }).end();
        case '/loop':
          return res.writeHead(302, { location: '/loop' }).end();
        case '/gone':
          return res.writeHead(410).end();
        case '/broken':
          return res.writeHead(500).end();
        case '/html':
          return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>hi</body></html>');
        case '/huge':
          return res.writeHead(200).end('x'.repeat(200 * 1024));
        case '/slow':
          return setTimeout(() => res.writeHead(200).end(RSS), 5000).unref();
        default:
          return res.writeHead(404).end();
      }
    });
  });

  afterAll(async () => {
    await Promise.all([server.close(), open.close(), guarded.close()]);
  });

  it('parses a feed, then answers not-modified to a conditional GET', async () => {
    const first = await fetchFeed(open, `${server.url}/feed`, { etag: null, lastModified: null }, opts);
    expect(first.kind).toBe('ok');
    if (first.kind !== 'ok') return;
    expect(first.feed.items.map((i) => i.title)).toEqual(['DeepSeek tops the App Store']);
    expect(first.validators.etag).toBe('"v1"');
    const second = await fetchFeed(open, `${server.url}/feed`, first.validators, opts);
    expect(second).toEqual({ kind: 'not-modified', movedTo: null, cacheMaxAgeSec: 600, expiresAt: null });
    expect(seen.at(-1)).toEqual({ ua: USER_AGENT, inm: '"v1"' });
  });

  it('reports the caching hints of a 200: max-age, and Expires moved onto our clock', async () => {
    const first = await fetchFeed(open, `${server.url}/feed`, { etag: null, lastModified: null }, opts);
    expect(first).toMatchObject({ kind: 'ok', cacheMaxAgeSec: 600, expiresAt: null });
    const before = Date.now();
    const expiring = await fetchFeed(open, `${server.url}/expiring`, { etag: null, lastModified: null }, opts);
    expect(expiring.cacheMaxAgeSec).toBeNull();
    // HTTP dates have whole seconds: allow for the rounding and the time the request took.
    expect(expiring.expiresAt!.getTime()).toBeGreaterThan(before + HOUR_MS - 2000);
    expect(expiring.expiresAt!.getTime()).toBeLessThan(Date.now() + HOUR_MS + 2000);
  });

  it('follows redirects and reports the new address only when every hop was permanent', async () => {
    const moved = await fetchFeed(open, `${server.url}/moved`, { etag: null, lastModified: null }, opts);
    expect(moved.kind === 'ok' && moved.url).toBe(`${server.url}/feed`);
    expect(moved.movedTo).toBe(`${server.url}/feed`);
    const temporary = await fetchFeed(open, `${server.url}/temporary`, { etag: null, lastModified: null }, opts);
    expect(temporary.kind === 'ok' && temporary.url).toBe(`${server.url}/feed`);
    expect(temporary.movedTo).toBeNull();
    const direct = await fetchFeed(open, `${server.url}/feed`, { etag: null, lastModified: null }, opts);
    expect(direct.movedTo).toBeNull();
  });

  it.each([
    ['/loop', 'redirect'],
    ['/gone', 'gone'],
    ['/broken', 'http-5xx'],
    ['/missing', 'http-4xx'],
    ['/html', 'not-a-feed'],
    ['/huge', 'too-large'],
    ['/slow', 'timeout'],
  ])('categorises %s as %s', async (path, category) => {
    const err = await fetchFeed(open, `${server.url}${path}`, { etag: null, lastModified: null }, { ...opts, timeoutMs: 500 }).catch((e) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect(err.category).toBe(category);
  });

  it('refuses loopback addresses unless private networks are allowed', async () => {
    for (const url of [`${server.url}/feed`, server.url.replace('127.0.0.1', 'localhost') + '/feed']) {
      const err = await fetchFeed(guarded, url, { etag: null, lastModified: null }, opts).catch((e) => e);
      expect(err).toBeInstanceOf(FeedError);
      expect(err.category).toBe('blocked-address');
    }
  });
});
