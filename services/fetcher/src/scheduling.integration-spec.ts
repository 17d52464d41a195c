import { createDataSource, FeedStore, runMigrations } from '@wirewatch/persistence';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, type RunningService } from '../../../tests/support/stack';
import { itemsEvery, specRss } from './spec-feeds';

const RSS_HEADERS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const DEFAULT_INTERVAL_SEC = 7;

/** One local "site": each path answers through its own handler, every request is recorded. */
async function site(routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>) {
  const hits: { path: string; at: number; ifNoneMatch?: string }[] = [];
  const server = await startLocalServer((req, res) => {
    hits.push({ path: req.url ?? '', at: Date.now(), ifNoneMatch: req.headers['if-none-match'] });
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  return { server, hits, count: (path: string) => hits.filter((h) => h.path === path).length };
}

const serve = (body: () => string, headers: Record<string, string> = {}) => (_req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(200, { ...RSS_HEADERS, ...headers }).end(body());

const secondsFromNow = (iso: string) => (Date.parse(iso) - Date.now()) / 1000;

describe('fetcher: adaptive, polite scheduling (real Postgres, Redis, HTTP)', () => {
  let infra: TestInfra;
  let fetcher: RunningService;
  let db: Client;
  let main: Awaited<ReturnType<typeof site>>;
  let limited: Awaited<ReturnType<typeof site>>;
  let bare: Awaited<ReturnType<typeof site>>;
  let crowd: Awaited<ReturnType<typeof site>>;

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-scheduling');
    main = await site({
      '/every-10-min.xml': serve(() => specRss('Ten-minute desk', itemsEvery('ten', 600))),
      '/every-2-min.xml': serve(() => specRss('Two-minute desk', itemsEvery('two', 120))),
      '/other-host.xml': serve(() => specRss('Other-host desk', itemsEvery('other', 120))),
      '/max-age.xml': serve(() => specRss('Cached desk', itemsEvery('cached', 120)), { 'cache-control': 'public, max-age=900' }),
      '/ttl.xml': serve(() => specRss('TTL desk', itemsEvery('ttl', 120), { ttlMinutes: 60 })),
      '/expires.xml': serve(() => specRss('Expiring desk', itemsEvery('exp', 120)), { expires: new Date(Date.now() + 1_200_000).toUTCString() }),
      '/short-hint.xml': serve(() => specRss('Short-hint desk', itemsEvery('short', 600)), { 'cache-control': 'max-age=30' }),
      '/fixed.xml': serve(() => specRss('Fixed desk', itemsEvery('fixed', 120)), { 'cache-control': 'max-age=900' }),
      '/undated.xml': serve(() => specRss('Undated desk', [{ guid: 'u-1', title: 'An undated dispatch' }, { guid: 'u-2', title: 'Another one' }])),
      '/etag.xml': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=1800' }).end();
        res.writeHead(200, { ...RSS_HEADERS, etag: '"v1"' }).end(specRss('Tagged desk', itemsEvery('tag', 600)));
      },
    });
    limited = await site({
      '/busy.xml': (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'),
      '/sibling-1.xml': serve(() => specRss('Sibling one', itemsEvery('sib1', 600))),
      '/sibling-2.xml': serve(() => specRss('Sibling two', itemsEvery('sib2', 600))),
    });
    bare = await site({ '/bare-429.xml': (_req, res) => res.writeHead(429).end() });
    crowd = await site(
      Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`/crowd-${i}.xml`, serve(() => specRss(`Crowd ${i}`, itemsEvery(`crowd${i}`, 600)))])),
    );
    ({ fetcher } = await startStack(infra, ['fetcher'], {
      LOG_LEVEL: 'error', MIN_POLL_INTERVAL_SEC: '1', POLL_INTERVAL_SEC: String(DEFAULT_INTERVAL_SEC), SCHEDULER_TICK_MS: '200', HOST_CONCURRENCY: '2',
    }));
    db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stopStack({ fetcher });
    await Promise.all([main, limited, bare, crowd].map((s) => s?.server.close()));
    await infra?.stop();
  });

  /** Registers a feed and waits for its first poll to be recorded; returns the feed as the API shows it then. */
  async function registerAndPoll(url: string, extra: Record<string, unknown> = {}): Promise<any> {
    const created = await fetcher.call('/feeds', { body: { url, ...extra } });
    expect(created.status).toBe(201);
    return waitFor(`the first poll of ${url}`, async () => {
      const { body } = await fetcher.call(`/feeds/${created.body.id}`);
      return body.lastPollStatus ? body : null;
    }, 15_000);
  }

  it('adapts the interval to the pace of the feed: half the gap between its items, jittered by ±10 %', async () => {
    const slow = await registerAndPoll(`${main.server.url}/every-10-min.xml`);
    const fast = await registerAndPoll(`${main.server.url}/every-2-min.xml`);
    expect(slow).toMatchObject({ pollIntervalFixed: false, lastPollStatus: 'ok', effectiveIntervalSec: 300, dedupStrategy: 'guid' });
    expect(fast).toMatchObject({ pollIntervalFixed: false, lastPollStatus: 'ok', effectiveIntervalSec: 60 });
    expect(secondsFromNow(slow.nextPollAt)).toBeGreaterThan(300 * 0.9 - 5);
    expect(secondsFromNow(slow.nextPollAt)).toBeLessThan(300 * 1.1 + 1);
    expect(secondsFromNow(fast.nextPollAt)).toBeGreaterThan(60 * 0.9 - 5);
    expect(secondsFromNow(fast.nextPollAt)).toBeLessThan(60 * 1.1 + 1);
  });

  it('lengthens the interval by the publisher hints (max-age, <ttl>, Expires) but never shortens it', async () => {
    // The same two-minute pace as above (60 s) with each hint in turn.
    expect((await registerAndPoll(`${main.server.url}/max-age.xml`)).effectiveIntervalSec).toBe(900);
    expect((await registerAndPoll(`${main.server.url}/ttl.xml`)).effectiveIntervalSec).toBe(3600);
    const expires = (await registerAndPoll(`${main.server.url}/expires.xml`)).effectiveIntervalSec;
    expect(expires).toBeGreaterThanOrEqual(1190);
    expect(expires).toBeLessThanOrEqual(1200);
    // max-age=30 under a 300 s pace changes nothing.
    expect((await registerAndPoll(`${main.server.url}/short-hint.xml`)).effectiveIntervalSec).toBe(300);
  });

  it('keeps a user-chosen interval fixed, whatever the pace and the hints', async () => {
    const fixed = await registerAndPoll(`${main.server.url}/fixed.xml`, { pollIntervalSec: 5 });
    expect(fixed).toMatchObject({ pollIntervalFixed: true, pollIntervalSec: 5, effectiveIntervalSec: 5 });
    expect(secondsFromNow(fixed.nextPollAt)).toBeLessThan(5 * 1.1 + 0.5);
    const adaptive = await fetcher.call(`/feeds/${fixed.id}`, { method: 'PATCH', body: { pollIntervalSec: null } });
    expect(adaptive.body).toMatchObject({ pollIntervalFixed: false, pollIntervalSec: DEFAULT_INTERVAL_SEC });
  });

  it('polls a feed without dated items every POLL_INTERVAL_SEC', async () => {
    expect((await registerAndPoll(`${main.server.url}/undated.xml`)).effectiveIntervalSec).toBe(DEFAULT_INTERVAL_SEC);
  });

  it('answers a 304 with no parsing and no writes but the schedule, which its hints may lengthen', async () => {
    const feed = await registerAndPoll(`${main.server.url}/etag.xml`);
    expect(feed).toMatchObject({ lastPollStatus: 'ok', effectiveIntervalSec: 300, etag: '"v1"' });
    const { rows: before } = await db.query('SELECT count(*)::int AS n FROM stories WHERE feed_id = $1', [feed.id]);
    expect(before[0].n).toBe(20);
    await fetcher.call(`/feeds/${feed.id}/poll`, { body: {} });
    const after = await waitFor('the conditional poll', async () => {
      const { body } = await fetcher.call(`/feeds/${feed.id}`);
      return body.lastPollStatus === 'not-modified' ? body : null;
    }, 10_000);
    expect(main.hits.filter((h) => h.path === '/etag.xml').map((h) => h.ifNoneMatch)).toEqual([undefined, undefined, '"v1"']);
    expect(after).toMatchObject({ effectiveIntervalSec: 1800, etag: '"v1"', errorCount: 0, dedupStrategy: 'guid' });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM stories WHERE feed_id = $1', [feed.id]);
    expect(rows[0].n).toBe(20);
  });

  it('takes a rate limit as a request to slow down: no error counted, the whole host backs off', async () => {
    const siblings = [];
    for (const path of ['/sibling-1.xml', '/sibling-2.xml']) siblings.push(await registerAndPoll(`${limited.server.url}${path}`, { pollIntervalSec: 1 }));
    const other = await registerAndPoll(`${main.server.url}/other-host.xml`, { validate: false, pollIntervalSec: 1 });

    const refused = await fetcher.call('/feeds', { body: { url: `${limited.server.url}/busy.xml` } });
    expect(refused).toMatchObject({ status: 422, body: { category: 'rate-limited' } });
    const busy = await registerAndPoll(`${limited.server.url}/busy.xml`, { validate: false, pollIntervalSec: 1 });
    expect(busy).toMatchObject({ status: 'active', lastPollStatus: 'rate-limited', errorCount: 0, lastErrorCategory: null, effectiveIntervalSec: 120 });
    expect(secondsFromNow(busy.nextPollAt)).toBeGreaterThan(110);

    const { body: all } = await fetcher.call('/feeds');
    for (const s of siblings) expect(secondsFromNow(all.find((f: any) => f.id === s.id).nextPollAt)).toBeGreaterThan(110);
    const siblingPolls = limited.count('/sibling-1.xml') + limited.count('/sibling-2.xml');
    const otherPolls = main.count('/other-host.xml');
    await new Promise((r) => setTimeout(r, 2500));
    expect(limited.count('/sibling-1.xml') + limited.count('/sibling-2.xml')).toBe(siblingPolls);
    expect(limited.count('/busy.xml')).toBe(2); // the check at registration, then one poll
    expect(main.count('/other-host.xml')).toBeGreaterThan(otherPolls); // another host is not held back
    expect(other.host).not.toBe(busy.host);
  });

  it('doubles the interval after a rate limit without Retry-After', async () => {
    const feed = await registerAndPoll(`${bare.server.url}/bare-429.xml`, { validate: false, pollIntervalSec: 5 });
    expect(feed).toMatchObject({ lastPollStatus: 'rate-limited', errorCount: 0, status: 'active', effectiveIntervalSec: 10 });
  });

  it('claims at most HOST_CONCURRENCY due feeds of one host per scheduler tick', async () => {
    // Six feeds of one host, all due at the same instant.
    await db.query(
      `INSERT INTO feeds (url, poll_interval_sec, effective_interval_sec, poll_interval_fixed, next_poll_at)
       SELECT $1 || '/crowd-' || i || '.xml', 3600, 3600, true, now() + interval '500 milliseconds' FROM generate_series(0, 5) AS i`,
      [crowd.server.url],
    );
    await waitFor('all six polled', () => crowd.hits.length === 6, 10_000);
    const times = crowd.hits.map((h) => h.at).sort((a, b) => a - b);
    // Two per tick (200 ms): three ticks.
    expect(times[1] - times[0]).toBeLessThan(150);
    expect(times[2] - times[1]).toBeGreaterThan(100);
    expect(times[4] - times[3]).toBeGreaterThan(100);
  });
});

describe('FeedStore.claimDue per-host cap (real Postgres)', () => {
  let infra: TestInfra;
  let ds: DataSource;
  let feeds: FeedStore;

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-claim');
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
    await runMigrations(ds);
    feeds = new FeedStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await infra?.stop();
  });

  it('spreads one host over several claims while other hosts are served at once', async () => {
    for (let i = 0; i < 5; i++) await feeds.create({ url: `https://Big.Example.com/feed-${i}.xml`, pollIntervalSec: 3600 });
    const small = (await feeds.create({ url: 'https://user@small.example.net:8443/rss', pollIntervalSec: 3600 }))!;
    expect(small.host).toBe('small.example.net:8443');
    const hostOf = async (ids: number[]) => (await Promise.all(ids.map((id) => feeds.get(id)))).map((f) => f!.host).sort();

    const first = await feeds.claimDue(100, 2);
    expect(await hostOf(first.map((d) => d.feedId))).toEqual(['big.example.com', 'big.example.com', 'small.example.net:8443']);
    expect((await feeds.claimDue(100, 2)).length).toBe(2);
    expect((await feeds.claimDue(100, 2)).length).toBe(1);
    expect(await feeds.claimDue(100, 2)).toEqual([]);
  });
});
