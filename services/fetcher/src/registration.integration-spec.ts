import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import { Client } from 'pg';
import { startStack, stopStack, TEST_API_KEY, type RunningService } from '../../../tests/support/stack';
import { specRss } from './spec-feeds';

const RSS_HEADERS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const HOUR = 3_600_000;

const CHIP_DESK = specRss(
  'Chip Desk',
  [
    {
      guid: 'chip-1',
      title: 'Foundry output rises as AI orders pile up',
      link: 'https://news.example.org/foundry-output',
      published: new Date(Date.now() - HOUR),
      categories: ['Semiconductors', 'AI'],
      enclosure: { url: 'https://cdn.example.org/foundry.jpg', type: 'image/jpeg', length: 2048 },
      language: 'en-GB',
    },
    { guid: 'chip-2', title: 'Memory prices steady for a third week', link: 'https://news.example.org/memory', published: new Date(Date.now() - 2 * HOUR) },
  ],
  { language: 'en' },
);
// A second outlet carrying the foundry story under its own guid, through a tracking link.
const AGGREGATOR = specRss('Aggregator', [
  { guid: 'agg-77', title: 'Foundry output rises (via Chip Desk)', link: 'https://news.example.org/foundry-output?utm_source=agg&utm_medium=rss', published: new Date() },
  { guid: 'agg-78', title: 'Datacentre power deal signed', link: 'https://other.example.org/power-deal', published: new Date() },
]);
const PAGE_WITH_LINK = `<!DOCTYPE html><html><head><title>Chip Desk</title>
<link rel="alternate" type="application/rss+xml" title="Chip Desk feed" href="/desk/feed.rss"></head><body>News</body></html>`;
const PAGE_WITHOUT_LINK = '<!DOCTYPE html><html><head><title>Plain page</title></head><body>Nothing to subscribe to</body></html>';

describe('fetcher: registration by fetching, items, cross-feed dedup, tombstones, OPML (real Postgres, Redis, HTTP)', () => {
  let infra: TestInfra;
  let fetcher: RunningService;
  let db: Client;
  let desk: LocalServer;
  let quiet: LocalServer;
  let guessed: LocalServer;
  let deskBody = CHIP_DESK;

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-registration');
    desk = await startLocalServer((req, res) => {
      if (req.url === '/desk/feed.rss') return res.writeHead(200, RSS_HEADERS).end(deskBody);
      if (req.url === '/aggregator.xml') return res.writeHead(200, RSS_HEADERS).end(AGGREGATOR);
      if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_WITH_LINK);
      res.writeHead(404).end();
    });
    // A site whose page announces nothing, but which serves a feed at one of the usual paths.
    guessed = await startLocalServer((req, res) => {
      if (req.url === '/atom.xml') return res.writeHead(200, RSS_HEADERS).end(specRss('Guessed Desk', [{ guid: 'g-1', title: 'Found by its path' }]));
      if (req.url === '/home') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_WITHOUT_LINK);
      res.writeHead(404).end();
    });
    quiet = await startLocalServer((req, res) => {
      if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_WITHOUT_LINK);
      res.writeHead(404).end();
    });
    ({ fetcher } = await startStack(infra, ['fetcher'], { LOG_LEVEL: 'error', MIN_POLL_INTERVAL_SEC: '1', POLL_INTERVAL_SEC: '3600' }));
    db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stopStack({ fetcher });
    await Promise.all([desk, quiet, guessed].map((s) => s?.close()));
    await infra?.stop();
  });

  const storiesOf = async (feedId: number) =>
    (await db.query('SELECT * FROM stories WHERE feed_id = $1 ORDER BY id', [feedId])).rows;
  const polled = (id: number) =>
    waitFor(`a poll of feed ${id}`, async () => {
      const { body } = await fetcher.call(`/feeds/${id}`);
      return body.lastPollStatus ? body : null;
    }, 15_000);

  let deskFeed: any;

  describe('POST /feeds fetches the URL first', () => {
    it('registers a feed under its own title (201)', async () => {
      const res = await fetcher.call('/feeds', { body: { url: `${desk.url}/desk/feed.rss` } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ url: `${desk.url}/desk/feed.rss`, name: 'Chip Desk', pollIntervalFixed: false });
      expect(res.body.discoveredFrom).toBeUndefined();
      deskFeed = res.body;
    });

    it('finds the feed an HTML page announces and says where it came from', async () => {
      await fetcher.call(`/feeds/${deskFeed.id}`, { method: 'DELETE' });
      const res = await fetcher.call('/feeds', { body: { url: `${desk.url}/`, name: 'My desk' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ url: `${desk.url}/desk/feed.rss`, name: 'My desk', discoveredFrom: `${desk.url}/` });
      deskFeed = res.body;
    });

    it('tries the usual feed paths of a page that announces none', async () => {
      const res = await fetcher.call('/feeds', { body: { url: `${guessed.url}/home` } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ url: `${guessed.url}/atom.xml`, name: 'Guessed Desk', discoveredFrom: `${guessed.url}/home` });
    });

    it('refuses with 422 and the categorised reason what is not a feed, storing nothing', async () => {
      const page = await fetcher.call('/feeds', { body: { url: `${quiet.url}/` } });
      expect(page).toMatchObject({ status: 422, body: { category: 'not-a-feed' } });
      expect(page.body.message).toMatch(/^not-a-feed: an HTML page that announces no feed/);
      const missing = await fetcher.call('/feeds', { body: { url: `${quiet.url}/nothing.xml` } });
      expect(missing).toMatchObject({ status: 422, body: { category: 'http-4xx', message: 'http-4xx: HTTP 404' } });
      const dns = await fetcher.call('/feeds', { body: { url: 'http://no-such-host.invalid/feed.xml' } });
      expect(dns).toMatchObject({ status: 422, body: { category: 'dns' } });
      expect(dns.body.message).toMatch(/^dns: /);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM feeds WHERE url LIKE $1 OR url LIKE '%.invalid%'`, [`${quiet.url}%`]);
      expect(rows[0].n).toBe(0);
    });

    it('refuses a bad validate query value with 400', async () => {
      expect((await fetcher.call('/feeds?validate=maybe', { body: { url: `${desk.url}/x.xml` } })).status).toBe(400);
    });
  });

  describe('items', () => {
    it('stores categories, language and media, and records the dedup strategy', async () => {
      const feed = await polled(deskFeed.id);
      expect(feed).toMatchObject({ lastPollStatus: 'ok', dedupStrategy: 'guid' });
      const [first, second] = await storiesOf(deskFeed.id);
      expect(first).toMatchObject({
        title: 'Foundry output rises as AI orders pile up',
        categories: ['Semiconductors', 'AI'],
        language: 'en-GB',
        media: [{ url: 'https://cdn.example.org/foundry.jpg', type: 'image/jpeg', length: 2048 }],
      });
      expect(second).toMatchObject({ categories: [], language: 'en', media: [] });
      const { rows } = await db.query('SELECT feed_id FROM story_sources WHERE story_id = $1', [first.id]);
      expect(rows.map((r) => Number(r.feed_id))).toEqual([deskFeed.id]);
    });

    it('keeps one story for the same canonical URL reached through two feeds, with both sources', async () => {
      const res = await fetcher.call('/feeds', { body: { url: `${desk.url}/aggregator.xml` } });
      expect(res.status).toBe(201);
      await polled(res.body.id);
      const own = await storiesOf(res.body.id);
      expect(own.map((s) => s.title)).toEqual(['Datacentre power deal signed']); // the foundry story is not stored twice
      const { rows: foundry } = await db.query(`SELECT id, feed_id FROM stories WHERE url = 'https://news.example.org/foundry-output'`);
      expect(foundry).toHaveLength(1);
      const { rows: sources } = await db.query('SELECT feed_id, dedup_key FROM story_sources WHERE story_id = $1 ORDER BY first_seen_at', [foundry[0].id]);
      expect(sources.map((s) => [Number(s.feed_id), s.dedup_key])).toEqual([[deskFeed.id, 'guid:chip-1'], [res.body.id, 'guid:agg-77']]);

      // Polled again, the aggregator still does not create the story.
      await fetcher.call(`/feeds/${res.body.id}/poll`, { body: {} });
      await waitFor('a second poll', async () => (await db.query('SELECT count(*)::int AS n FROM feeds WHERE id = $1 AND last_polled_at > $2', [res.body.id, new Date(Date.now() - 100)])).rows[0].n === 1);
      expect((await storiesOf(res.body.id)).length).toBe(1);
    });

    it('does not bring back a deleted story on the next poll (tombstone)', async () => {
      const [, memory] = await storiesOf(deskFeed.id);
      await db.query('DELETE FROM stories WHERE id = $1', [memory.id]);
      const { rows: tomb } = await db.query('SELECT dedup_key FROM story_tombstones WHERE feed_id = $1', [deskFeed.id]);
      expect(tomb.map((t) => t.dedup_key)).toEqual(['guid:chip-2']);
      // A new item appears with the deleted one still in the document.
      deskBody = CHIP_DESK.replace('<item>', `<item><guid isPermaLink="false">chip-3</guid><title>Wafer starts climb</title></item>\n    <item>`);
      await fetcher.call(`/feeds/${deskFeed.id}/poll`, { body: {} });
      await waitFor('the new item', async () => (await storiesOf(deskFeed.id)).some((s) => s.dedup_key === 'guid:chip-3'), 15_000);
      expect((await storiesOf(deskFeed.id)).map((s) => s.dedup_key).sort()).toEqual(['guid:chip-1', 'guid:chip-3']);
    });

    it('deleting a feed leaves no tombstones behind', async () => {
      expect((await fetcher.call(`/feeds/${deskFeed.id}`, { method: 'DELETE' })).status).toBe(204);
      const { rows } = await db.query('SELECT count(*)::int AS n FROM story_tombstones WHERE feed_id = $1', [deskFeed.id]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('OPML', () => {
    const opml = (url: string) => `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Markets">
      <outline text="Chips &amp; Wafers" type="rss" xmlUrl="https://feeds.example.org/chips.xml"/>
      <outline title="Power desk" text="ignored" type="rss" xmlurl="https://feeds.example.org/power.xml"/>
    </outline>
    <outline text="Repeated" xmlUrl="https://feeds.example.org/chips.xml"/>
    <outline text="Already here" xmlUrl="${url}"/>
    <outline text="Not http" xmlUrl="ftp://feeds.example.org/old.xml"/>
    <outline text="A folder without feeds"/>
  </body>
</opml>`;

    const upload = (body: string, type = 'text/x-opml') =>
      fetch(`${fetcher.url}/feeds/import`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': type }, body });

    it('imports every outline with an xmlUrl, skipping duplicates and reporting bad entries', async () => {
      const res = await upload(opml(`${desk.url}/aggregator.xml`));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ imported: 2, skipped: 2, errors: [{ url: 'ftp://feeds.example.org/old.xml', reason: 'only http(s) feeds, not ftp:' }] });
      const { rows } = await db.query(`SELECT name, poll_interval_fixed FROM feeds WHERE url LIKE 'https://feeds.example.org/%' ORDER BY url`);
      expect(rows).toEqual([{ name: 'Chips & Wafers', poll_interval_fixed: false }, { name: 'Power desk', poll_interval_fixed: false }]);
    });

    it('refuses what is not OPML: 415 for another media type, 400 for another document', async () => {
      expect((await upload('{"feeds": []}', 'application/json')).status).toBe(415);
      expect((await upload('feeds', 'text/plain')).status).toBe(415);
      const notOpml = await upload('<rss version="2.0"><channel/></rss>', 'application/xml');
      expect(notOpml.status).toBe(400);
      expect(((await notOpml.json()) as { message: string[] }).message).toEqual(['not an OPML document: the root element is <rss>']);
    });

    it('exports every feed as OPML 2.0, which imports back as all duplicates', async () => {
      const res = await fetch(`${fetcher.url}/feeds/export`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/x-opml/);
      const text = await res.text();
      expect(text).toContain('<opml version="2.0">');
      expect(text).toContain('text="Chips &amp; Wafers" title="Chips &amp; Wafers" xmlUrl="https://feeds.example.org/chips.xml"');
      const { body: feeds } = await fetcher.call('/feeds');
      const again = await upload(text);
      expect(await again.json()).toEqual({ imported: 0, skipped: feeds.length, errors: [] });
    });
  });
});
