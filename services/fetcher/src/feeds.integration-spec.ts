import { renderRss } from '@wirewatch/feeds';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import { Client } from 'pg';
import { startStack, stopStack, TEST_API_KEY, type RunningService } from '../../../tests/support/stack';

const MIN_POLL_INTERVAL_SEC = 2;

const RSS = renderRss({ title: 'Fetcher test wire', link: 'https://wire.example.com/' }, [
  {
    guid: 'fetcher-1',
    title: 'Nvidia shares fall 5% after export curbs',
    link: 'https://wire.example.com/1',
    description: 'Chip stocks slid.',
    published: new Date('2025-01-27T08:00:00Z'),
  },
  {
    guid: 'fetcher-2',
    title: 'OpenAI releases a new model',
    link: 'https://wire.example.com/2',
    description: 'A reasoning model.',
    published: new Date('2025-01-27T09:00:00Z'),
  },
]);

/** One local server playing a healthy feed, a broken one and a web page. */
async function startFeedServer(hits: string[]): Promise<LocalServer> {
  return startLocalServer((req, res) => {
    hits.push(req.url ?? '');
    switch (req.url) {
      case '/good.xml':
        return res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(RSS);
      case '/broken.xml':
        return res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      case '/old.xml':
        return res.writeHead(301, { location: '/new.xml' }).end();
      case '/new.xml':
        return res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(RSS);
      case '/retired.xml':
        return res.writeHead(410).end();
      case '/page.xml':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>not a feed</body></html>');
      default:
        return res.writeHead(404).end();
    }
  });
}

const messages = (body: any): string => (Array.isArray(body?.message) ? body.message.join('; ') : String(body?.message ?? ''));

describe('fetcher: API and polling (real Postgres, Redis, HTTP)', () => {
  let infra: TestInfra;
  let feedServer: LocalServer;
  let fetcher: RunningService;
  let db: Client;
  const hits: string[] = [];

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-feeds');
    feedServer = await startFeedServer(hits);
    ({ fetcher } = await startStack(infra, ['fetcher'], {
      LOG_LEVEL: 'error',
      MIN_POLL_INTERVAL_SEC: String(MIN_POLL_INTERVAL_SEC),
      POLL_INTERVAL_SEC: String(MIN_POLL_INTERVAL_SEC),
    }));
    db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stopStack({ fetcher });
    await feedServer?.close();
    await infra?.stop();
  });

  describe('authentication', () => {
    it('refuses a request without an Authorization header', async () => {
      const res = await fetcher.call('/feeds', { key: null });
      expect(res.status).toBe(401);
    });

    it('refuses a wrong key, a key with the wrong scheme and an empty bearer', async () => {
      expect((await fetcher.call('/feeds', { key: 'wrong-key-0123456789abcdef' })).status).toBe(401);
      expect((await fetcher.call('/feeds', { key: `${TEST_API_KEY}x` })).status).toBe(401);
      for (const authorization of [`Basic ${TEST_API_KEY}`, 'Bearer', 'Bearer ', TEST_API_KEY]) {
        const res = await fetch(`${fetcher.url}/feeds`, { headers: { authorization } });
        expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      }
    });

    it('refuses a POST without a key before looking at the body, and stores nothing', async () => {
      const res = await fetcher.call('/feeds', { body: { url: 'https://unauthorised.example.com/feed.xml' }, key: null });
      expect(res.status).toBe(401);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM feeds WHERE url LIKE '%unauthorised%'`);
      expect(rows[0].n).toBe(0);
    });

    it('accepts the right key', async () => {
      const res = await fetcher.call('/feeds');
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
    });

    it('serves /health without a key, with the database and the poll worker up', async () => {
      const res = await fetcher.call('/health', { key: null });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info.database.status).toBe('up');
      expect(res.body.info['worker:feeds.poll']).toMatchObject({ status: 'up', running: true, redis: true });
    });
  });

  describe('POST /feeds validation', () => {
    const rejects = async (body: unknown, field: string) => {
      const res = await fetcher.call('/feeds', { body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(messages(res.body)).toContain(field);
      return res;
    };

    it('requires url', async () => {
      await rejects({ name: 'no url' }, 'url');
    });

    it('refuses a url that is not http(s)', async () => {
      const res = await rejects({ url: 'ftp://x' }, 'url');
      expect(messages(res.body)).toMatch(/url must be an http\(s\) URL/);
      await rejects({ url: 'not a url' }, 'url');
      await rejects({ url: 42 }, 'url');
    });

    it('refuses a pollIntervalSec that is not an integer', async () => {
      await rejects({ url: 'https://example.com/a.xml', pollIntervalSec: 'abc' }, 'pollIntervalSec');
      await rejects({ url: 'https://example.com/a.xml', pollIntervalSec: 1.5 }, 'pollIntervalSec');
      await rejects({ url: 'https://example.com/a.xml', pollIntervalSec: '60' }, 'pollIntervalSec');
    });

    it('refuses a pollIntervalSec below MIN_POLL_INTERVAL_SEC', async () => {
      const res = await rejects({ url: 'https://example.com/a.xml', pollIntervalSec: MIN_POLL_INTERVAL_SEC - 1 }, 'pollIntervalSec');
      expect(messages(res.body)).toContain('MIN_POLL_INTERVAL_SEC');
      await rejects({ url: 'https://example.com/a.xml', pollIntervalSec: 0 }, 'pollIntervalSec');
      await rejects({ url: 'https://example.com/a.xml', pollIntervalSec: -5 }, 'pollIntervalSec');
    });

    it('refuses an unknown field, naming it', async () => {
      await rejects({ url: 'https://example.com/a.xml', intervalMinutes: 5 }, 'intervalMinutes');
    });

    it('answers 400, never 500, to a malformed JSON body', async () => {
      for (const body of ['{"url": ', '{url: "https://example.com/a.xml"}', 'not json at all']) {
        const res = await fetcher.call('/feeds', { body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });

    it('answers 400 to a body that is JSON but not an object', async () => {
      for (const body of ['null', '[]', '"https://example.com/a.xml"', '42']) {
        const res = await fetcher.call('/feeds', { body });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });

    it('stored none of the refused feeds', async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM feeds WHERE url = 'https://example.com/a.xml'`);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('registering and polling feeds', () => {
    let good: any;
    let broken: any;
    let page: any;

    it('registers a feed: 201 with id, url and status active', async () => {
      const res = await fetcher.call('/feeds', { body: { url: `${feedServer.url}/good.xml`, name: 'Good wire', pollIntervalSec: 60 } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        url: `${feedServer.url}/good.xml`, name: 'Good wire', status: 'active', pollIntervalSec: 60, pollIntervalFixed: true, effectiveIntervalSec: 60, errorCount: 0,
      });
      expect(typeof res.body.id).toBe('number');
      good = res.body;
    });

    it('uses POLL_INTERVAL_SEC when pollIntervalSec is not given; validate:false registers without fetching', async () => {
      const res = await fetcher.call('/feeds', { body: { url: `${feedServer.url}/broken.xml`, validate: false } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'active', pollIntervalSec: MIN_POLL_INTERVAL_SEC, effectiveIntervalSec: MIN_POLL_INTERVAL_SEC, pollIntervalFixed: false, name: null,
      });
      broken = res.body;
      const html = await fetcher.call('/feeds?validate=false', { body: { url: `${feedServer.url}/page.xml`, pollIntervalSec: 60 } });
      expect(html.status).toBe(201);
      page = html.body;
    });

    it('refuses the same URL twice with 409', async () => {
      const res = await fetcher.call('/feeds', { body: { url: `${feedServer.url}/good.xml`, name: 'again' } });
      expect(res.status).toBe(409);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM feeds WHERE url = $1`, [`${feedServer.url}/good.xml`]);
      expect(rows[0].n).toBe(1);
    });

    it('lists the registered feeds', async () => {
      const res = await fetcher.call('/feeds');
      expect(res.status).toBe(200);
      expect(res.body.map((f: any) => f.id)).toEqual([good.id, broken.id, page.id]);
      expect(res.body[0]).toMatchObject({ id: good.id, url: `${feedServer.url}/good.xml`, status: 'active' });
    });

    it('records a 5xx and an HTML page against their feeds while a healthy feed stores its stories', async () => {
      const feeds = (await waitFor(
        'all three feeds polled',
        async () => {
          const res = await fetcher.call('/feeds');
          const byId = new Map<number, any>(res.body.map((f: any) => [f.id, f]));
          const [g, b, p] = [byId.get(good.id), byId.get(broken.id), byId.get(page.id)];
          return g?.lastSuccessAt && b?.errorCount >= 1 && p?.errorCount >= 1 ? { g, b, p } : null;
        },
        15_000,
      ))!;
      expect(feeds.b).toMatchObject({ status: 'active', lastErrorCategory: 'http-5xx', lastSuccessAt: null });
      expect(feeds.b.lastErrorMessage).toContain('500');
      expect(feeds.b.lastPolledAt).not.toBeNull();
      expect(feeds.p).toMatchObject({ status: 'active', lastErrorCategory: 'not-a-feed', lastSuccessAt: null });
      expect(feeds.g).toMatchObject({ errorCount: 0, lastErrorCategory: null, lastErrorMessage: null });

      const { rows } = await db.query(`SELECT title FROM stories WHERE feed_id = $1 ORDER BY title`, [good.id]);
      expect(rows.map((r) => r.title)).toEqual(['Nvidia shares fall 5% after export curbs', 'OpenAI releases a new model']);
      const { rows: none } = await db.query(`SELECT count(*)::int AS n FROM stories WHERE feed_id = ANY($1::bigint[])`, [[broken.id, page.id]]);
      expect(none[0].n).toBe(0);
    });

    it('stores the new address of a feed that moved permanently, and polls it there', async () => {
      const created = await fetcher.call('/feeds', { body: { url: `${feedServer.url}/old.xml`, pollIntervalSec: MIN_POLL_INTERVAL_SEC, validate: false } });
      expect(created.status).toBe(201);
      await waitFor('the feed to move', async () => {
        const { body } = await fetcher.call('/feeds');
        return body.find((f: any) => f.id === created.body.id)?.url === `${feedServer.url}/new.xml`;
      }, 15_000);
      const before = hits.filter((h) => h === '/old.xml').length;
      await waitFor('a poll at the new address', () => hits.filter((h) => h === '/new.xml').length >= 2, 15_000);
      expect(hits.filter((h) => h === '/old.xml').length).toBe(before);
    });

    it('stops polling a feed that answers 410 Gone, keeping the reason', async () => {
      const created = await fetcher.call('/feeds', { body: { url: `${feedServer.url}/retired.xml`, pollIntervalSec: MIN_POLL_INTERVAL_SEC, validate: false } });
      const gone = await waitFor('the feed to be marked gone', async () => {
        const { body } = await fetcher.call('/feeds');
        const feed = body.find((f: any) => f.id === created.body.id);
        return feed?.status === 'gone' ? feed : null;
      }, 15_000);
      expect(gone).toMatchObject({ lastErrorCategory: 'gone', lastErrorMessage: expect.stringContaining('410') });
      const polls = hits.filter((h) => h === '/retired.xml').length;
      await new Promise((r) => setTimeout(r, (MIN_POLL_INTERVAL_SEC + 1) * 1000));
      expect(hits.filter((h) => h === '/retired.xml').length).toBe(polls);
    });

    it('keeps polling a failing feed and counts each failure', async () => {
      // The broken feed polls every MIN_POLL_INTERVAL_SEC; a second failure adds to its count.
      const after = await waitFor(
        'a second failed poll',
        async () => {
          const res = await fetcher.call('/feeds');
          const b = res.body.find((f: any) => f.id === broken.id);
          return b?.errorCount >= 2 ? b : null;
        },
        MIN_POLL_INTERVAL_SEC * 1000 + 5_000,
      );
      expect(after.lastErrorCategory).toBe('http-5xx');
      expect(hits.filter((h) => h === '/broken.xml').length).toBeGreaterThanOrEqual(2);
      // The healthy feed (60 s interval) was fetched twice (checked at registration, then polled; the 409 fetched
      // nothing), and its stories stored once.
      expect(hits.filter((h) => h === '/good.xml')).toHaveLength(2);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM stories WHERE feed_id = $1`, [good.id]);
      expect(rows[0].n).toBe(2);
    });
  });
});

describe('fetcher with ALLOW_PRIVATE_NETWORKS=false', () => {
  let infra: TestInfra;
  let feedServer: LocalServer;
  let fetcher: RunningService;
  const hits: string[] = [];

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-ssrf');
    feedServer = await startFeedServer(hits);
    ({ fetcher } = await startStack(infra, ['fetcher'], { ALLOW_PRIVATE_NETWORKS: 'false', LOG_LEVEL: 'error' }));
  });

  afterAll(async () => {
    await stopStack({ fetcher });
    await feedServer?.close();
    await infra?.stop();
  });

  it('refuses to register or poll a loopback address (blocked-address), without the server being asked', async () => {
    const urls = [`${feedServer.url}/good.xml`, feedServer.url.replace('127.0.0.1', 'localhost') + '/good.xml'];
    const ids: number[] = [];
    for (const url of urls) {
      const checked = await fetcher.call('/feeds', { body: { url, pollIntervalSec: 60 } });
      expect(checked).toMatchObject({ status: 422, body: { category: 'blocked-address' } });
      expect(checked.body.message).toMatch(/^blocked-address: .*non-public address/);
      const res = await fetcher.call('/feeds', { body: { url, pollIntervalSec: 60, validate: false } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const feeds = await waitFor('both feeds refused', async () => {
      const res = await fetcher.call('/feeds');
      return ids.every((id) => res.body.find((f: any) => f.id === id)?.errorCount >= 1) ? res.body : null;
    });
    for (const id of ids) {
      const f = feeds.find((x: any) => x.id === id);
      expect(f).toMatchObject({ lastErrorCategory: 'blocked-address', lastSuccessAt: null });
      expect(f.lastErrorMessage).toMatch(/non-public address/);
    }
    expect(hits).toEqual([]);
  });
});
