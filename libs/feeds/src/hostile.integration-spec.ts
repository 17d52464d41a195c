import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { HttpClient } from '@wirewatch/http-client';
import { startLocalServer, type LocalServer } from '@wirewatch/testing';
import { FeedError, fetchFeed, type FetchResult } from './fetch';
import { renderRss } from './rss-writer';

const RSS = renderRss({ title: 'Harbour news', link: 'http://local/' }, [
  {
    guid: 'h1',
    title: 'Ferry service resumes after the storm',
    link: 'http://local/h1',
    description: 'x',
    published: new Date('2025-02-01T06:00:00Z'),
  },
]);
const MIB = 1024 * 1024;
const NO_VALIDATORS = { etag: null, lastModified: null };
// Short enough for the whole file to take a couple of seconds, long enough for a loaded machine to answer a good feed.
const HOSTILE = { timeoutMs: 1500, maxBytes: MIB };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

function laughs(): string {
  const entities = ['<!ENTITY ha0 "ha">'];
  for (let level = 1; level <= 9; level++) entities.push(`<!ENTITY ha${level} "${`&ha${level - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${entities.join('\n')}\n]>\n<rss version="2.0"><channel><title>&ha9;</title></channel></rss>`;
}

const zeros = () =>
  new Readable({
    read() {
      this.push(Buffer.alloc(64 * 1024));
    },
  });

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Headers from a server whose clock runs ten minutes slow, asking for `seconds` by a date in its own time. */
function skewedRetryAfter(seconds: number): Record<string, string> {
  const serverNow = Date.now() - 600_000;
  return { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + seconds * 1000).toUTCString() };
}

type Outcome = { ok: FetchResult } | { error: FeedError };

describe('fetchFeed against hostile servers', () => {
  let server: LocalServer;
  const http = new HttpClient({ allowPrivateNetworks: true, userAgent: 'WireWatch-test' });

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const path = req.url ?? '';
      const hops = /^\/hops\/(\d+)\/(\d+)$/.exec(path);
      if (hops) {
        const [total, done] = [Number(hops[1]), Number(hops[2])];
        if (done < total) return res.writeHead(301, { location: `/hops/${total}/${done + 1}` }).end();
        return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
      }
      switch (path) {
        case '/feed':
          return res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(zlib.gzipSync(RSS));
        case '/malformed':
          return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Cut</channel></rs');
        case '/laughs':
          return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(laughs());
        case '/bomb':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
          return void pipeline(zeros(), zlib.createGzip(), res).catch(() => undefined);
        case '/endless':
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          return void pipeline(zeros(), res).catch(() => undefined);
        case '/stalled':
          return res.writeHead(200, { 'content-type': 'application/rss+xml' }).flushHeaders();
        case '/trickle': {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          let at = 0;
          const timer = setInterval(() => res.write(RSS[at++] ?? ' '), 1000);
          return void res.on('close', () => clearInterval(timer));
        }
        case '/loop':
          return res.writeHead(302, { location: '/loop-back' }).end();
        case '/loop-back':
          return res.writeHead(307, { location: '/loop' }).end();
        case '/html':
          return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Subscribe!</body></html>');
        case '/empty':
          return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end();
        case '/as-text':
          return res.writeHead(200, { 'content-type': 'text/plain' }).end(RSS);
        case '/as-binary':
          return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(RSS);
        case '/png':
          return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        case '/reset':
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(RSS.length * 10) });
          res.write(RSS.slice(0, 200));
          return void setTimeout(() => res.socket?.destroy(), 50);
        case '/500':
          return res.writeHead(500).end('oops');
        case '/503-bare':
          return res.writeHead(503).end();
        case '/404':
          return res.writeHead(404).end();
        case '/410':
          return res.writeHead(410).end();
        case '/403':
          return res.writeHead(403).end();
        case '/403-retry':
          return res.writeHead(403, { 'retry-after': '60' }).end();
        case '/429':
          return res.writeHead(429, { 'retry-after': '120' }).end();
        case '/503':
          return res.writeHead(503, skewedRetryAfter(300)).end();
        default:
          return res.writeHead(404).end();
      }
    });
  });

  afterAll(async () => {
    await Promise.all([server.close(), http.close()]);
  });

  const attempt = (url: string): Promise<Outcome> =>
    fetchFeed(http, url, NO_VALIDATORS, HOSTILE).then(
      (ok) => ({ ok }),
      (error: unknown) => {
        if (!(error instanceof FeedError)) throw error;
        return { error };
      },
    );

  it('categorises every hostile answer, concurrently, while a normal feed is fetched fine', async () => {
    const expected: Record<string, string> = {
      '/malformed': 'parse',
      '/laughs': 'parse',
      '/bomb': 'too-large',
      '/endless': 'too-large',
      '/stalled': 'timeout',
      '/trickle': 'timeout',
      '/loop': 'redirect',
      '/hops/6/0': 'redirect',
      '/html': 'not-a-feed',
      '/empty': 'not-a-feed',
      '/png': 'not-a-feed',
      '/reset': 'connect',
      '/500': 'http-5xx',
      '/503-bare': 'http-5xx',
      '/404': 'http-4xx',
      '/403': 'http-4xx',
      '/410': 'gone',
      '/403-retry': 'rate-limited',
      '/429': 'rate-limited',
      '/503': 'rate-limited',
      '/feed': 'ok',
      '/as-text': 'ok',
      '/as-binary': 'ok',
      '/hops/5/0': 'ok',
    };
    const refused = `http://127.0.0.1:${await closedPort()}/feed`;
    const started = Date.now();
    const paths = Object.keys(expected);
    const outcomes = await Promise.all([...paths.map((p) => attempt(`${server.url}${p}`)), attempt(refused)]);
    const elapsed = Date.now() - started;
    const byPath = Object.fromEntries(paths.map((p, i) => [p, outcomes[i]]));
    const category = (o: Outcome) => ('ok' in o ? 'ok' : o.error.category);

    expect(Object.fromEntries(paths.map((p) => [p, category(byPath[p])]))).toEqual(expected);
    expect(category(outcomes.at(-1)!)).toBe('connect');
    // The slowest hostile servers are cut at the total deadline, not at the 20 s default.
    expect(elapsed).toBeLessThan(HOSTILE.timeoutMs + 1500);

    for (const p of ['/feed', '/as-text', '/as-binary', '/hops/5/0']) {
      const o = byPath[p];
      expect('ok' in o && o.ok.kind === 'ok' && o.ok.feed.items.map((i) => i.title)).toEqual(['Ferry service resumes after the storm']);
    }
    expect('ok' in byPath['/hops/5/0'] && byPath['/hops/5/0'].ok.movedTo).toBe(`${server.url}/hops/5/5`);

    const retryAfter = (p: string) => ('error' in byPath[p] ? byPath[p].error.retryAfterSec : undefined);
    expect([retryAfter('/403-retry'), retryAfter('/429'), retryAfter('/503')]).toEqual([60, 120, 300]);
    expect(retryAfter('/500')).toBeNull();
  });

  it('keeps serving normal fetches on the same client afterwards', async () => {
    const outcome = await attempt(`${server.url}/feed`);
    expect('ok' in outcome && outcome.ok.kind).toBe('ok');
  });

  it('says why, in words a user can act on', async () => {
    const message = async (p: string) => {
      const o = await attempt(`${server.url}${p}`);
      return 'error' in o ? o.error.message : 'no error';
    };
    const messages = await Promise.all(['/bomb', '/laughs', '/png', '/loop'].map(message));
    expect(messages).toEqual([
      expect.stringMatching(/decompressed body exceeds the limit of 1048576 bytes/),
      expect.stringMatching(/declares its own XML entities/),
      expect.stringMatching(/neither XML nor JSON \(Content-Type: image\/png\)/),
      expect.stringMatching(/redirect loop/),
    ]);
  });
});
