import { renderRss } from '@wirewatch/feeds';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import { Client } from 'pg';
import { startStack, stopStack, type RunningService } from '../../../tests/support/stack';

/** Each path its own story: the same link reached through two feeds would be one story (cross-feed dedup). */
const rss = (path: string) =>
  renderRss({ title: 'Health wire', link: 'https://wire.example.com/' }, [
    { guid: `h${path}`, title: 'Tokyo Electron falls 8% in Tokyo trading', link: `https://wire.example.com${path}`, description: 'x', published: new Date() },
  ]);

/** Feed health and the per-feed API: back-off, automatic pause, resume, pause, poll now, delete. */
describe('fetcher: feed health and the per-feed API (real Postgres, Redis, HTTP)', () => {
  let infra: TestInfra;
  let server: LocalServer;
  let fetcher: RunningService;
  let db: Client;
  const hits: { path: string; at: number }[] = [];
  let failing = true;
  const count = (path: string) => hits.filter((h) => h.path === path).length;

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-health');
    server = await startLocalServer((req, res) => {
      hits.push({ path: req.url ?? '', at: Date.now() });
      if (req.url === '/flaky.xml' && failing) return res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(req.url ?? '/'));
    });
    ({ fetcher } = await startStack(infra, ['fetcher'], {
      LOG_LEVEL: 'error', MIN_POLL_INTERVAL_SEC: '1', POLL_INTERVAL_SEC: '1', FEED_MAX_ERRORS: '3', SCHEDULER_TICK_MS: '100',
    }));
    db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stopStack({ fetcher });
    await server?.close();
    await infra?.stop();
  });

  it('backs off a failing feed (interval × errors), pauses it after FEED_MAX_ERRORS, and resumes it on request', async () => {
    const { body: feed } = await fetcher.call('/feeds', { body: { url: `${server.url}/flaky.xml`, pollIntervalSec: 1, validate: false } });
    const paused = await waitFor('the feed to be paused', async () => {
      const { body } = await fetcher.call(`/feeds/${feed.id}`);
      return body.status === 'paused' ? body : null;
    }, 15_000);
    expect(paused).toMatchObject({ errorCount: 3, lastErrorCategory: 'http-5xx', statusReason: 'paused after 3 failed polls in a row (last: http-5xx)' });
    const times = hits.filter((h) => h.path === '/flaky.xml').map((h) => h.at);
    expect(times).toHaveLength(3);
    // After 1 error the next poll waits 1 s, after 2 errors 2 s (scheduler ticks add up to 0.1 s).
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(900);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(1900);
    await new Promise((r) => setTimeout(r, 1500));
    expect(count('/flaky.xml')).toBe(3); // paused: not polled

    failing = false;
    const resumed = await fetcher.call(`/feeds/${feed.id}`, { method: 'PATCH', body: { status: 'active' } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'active', errorCount: 0, statusReason: null });
    const healthy = await waitFor('a successful poll after resuming', async () => {
      const { body } = await fetcher.call(`/feeds/${feed.id}`);
      return body.lastSuccessAt ? body : null;
    }, 10_000);
    expect(healthy).toMatchObject({ status: 'active', errorCount: 0, lastErrorCategory: null });
  });

  it('pauses, polls now, changes the interval and deletes through the API', async () => {
    const { body: feed } = await fetcher.call('/feeds', { body: { url: `${server.url}/steady.xml`, pollIntervalSec: 3600 } });
    await waitFor('the check at registration and the first poll', () => count('/steady.xml') === 2);

    const now = await fetcher.call(`/feeds/${feed.id}/poll`, { body: {} });
    expect(now).toMatchObject({ status: 202, body: { scheduled: true } });
    await waitFor('the poll asked for', () => count('/steady.xml') === 3);

    const paused = await fetcher.call(`/feeds/${feed.id}`, { method: 'PATCH', body: { status: 'paused', pollIntervalSec: 120, name: 'Steady' } });
    expect(paused.body).toMatchObject({ status: 'paused', statusReason: 'paused through the API', pollIntervalSec: 120, name: 'Steady' });
    expect((await fetcher.call(`/feeds/${feed.id}/poll`, { body: {} })).status).toBe(409);

    const bad = await fetcher.call(`/feeds/${feed.id}`, { method: 'PATCH', body: { pollIntervalSec: 0, status: 'sleeping' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/status must be active or paused.*|pollIntervalSec/);
    expect((await fetcher.call('/feeds/abc')).status).toBe(400);
    expect((await fetcher.call('/feeds/999999')).status).toBe(404);
    expect((await fetcher.call('/feeds/999999', { method: 'PATCH', body: { status: 'active' } })).status).toBe(404);

    const { rows: before } = await db.query('SELECT count(*)::int AS n FROM stories WHERE feed_id = $1', [feed.id]);
    expect(before[0].n).toBe(1);
    expect((await fetcher.call(`/feeds/${feed.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetcher.call(`/feeds/${feed.id}`)).status).toBe(404);
    expect((await fetcher.call(`/feeds/${feed.id}`, { method: 'DELETE' })).status).toBe(404);
    const { rows: after } = await db.query('SELECT count(*)::int AS n FROM stories WHERE feed_id = $1', [feed.id]);
    expect(after[0].n).toBe(0);
  });
});
