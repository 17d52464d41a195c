import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, DeliveryStore, FeedStore, runMigrations, StoryStore, SubscriptionStore } from './index';

describe('persistence (real Postgres)', () => {
  let infra: TestInfra;
  let ds: DataSource;
  let feeds: FeedStore;
  let stories: StoryStore;

  beforeAll(async () => {
    infra = await startTestInfra('persistence');
    ds = await createDataSource(infra.databaseUrl, 4).initialize();
    feeds = new FeedStore(ds);
    stories = new StoryStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await infra?.stop();
  });

  it('applies migrations once even when several processes race to run them', async () => {
    const others = await Promise.all([1, 2].map(() => createDataSource(infra.databaseUrl, 2).initialize()));
    const results = await Promise.all([ds, ...others].map((d) => runMigrations(d)));
    await Promise.all(others.map((d) => d.destroy()));
    expect(results.flat()).toEqual(['InitialSchema1763888400000', 'StoryAnalytics1763910000000', 'WebhookSecrets1763920000000']);
    expect(await runMigrations(ds)).toEqual([]);
    const tables = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t: { tablename: string }) => t.tablename)).toEqual([
      'deliveries', 'feeds', 'stories', 'story_tags', 'subscriptions', 'typeorm_migrations',
    ]);
  });

  it('registers a feed once per URL', async () => {
    const a = await feeds.create({ url: 'https://example.com/a.xml', pollIntervalSec: 60 });
    expect(a).toMatchObject({ url: 'https://example.com/a.xml', status: 'active', pollIntervalSec: 60, errorCount: 0 });
    expect(typeof a!.id).toBe('number');
    expect(await feeds.create({ url: 'https://example.com/a.xml', pollIntervalSec: 60 })).toBeNull();
  });

  it('lets concurrent claimers take each due feed exactly once, then not again until its interval passes', async () => {
    for (let i = 0; i < 20; i++) await feeds.create({ url: `https://example.com/claim-${i}.xml`, pollIntervalSec: 3600 });
    const claims = await Promise.all([feeds.claimDue(15), feeds.claimDue(15), feeds.claimDue(15)]);
    const ids = claims.flat().map((c) => c.feedId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(21); // the 20 above and the feed of the previous test
    expect(await feeds.claimDue(100)).toEqual([]);
  });

  it('inserts stories in bulk, skipping ones already stored and repeats inside one batch', async () => {
    const feed = (await feeds.create({ url: 'https://example.com/s.xml', pollIntervalSec: 60 }))!;
    const item = (key: string) => ({
      dedupKey: key, guid: key, url: `https://example.com/${key}`, title: `Story ${key}`,
      summary: null, content: null, author: null, publishedAt: new Date('2025-01-27T10:00:00Z'),
    });
    const first = await stories.insertNew(feed.id, [item('a'), item('b'), item('a')], 'corr-1');
    expect(first).toHaveLength(2);
    const second = await stories.insertNew(feed.id, [item('a'), item('b'), item('c')], 'corr-2');
    expect(second).toHaveLength(1);
    expect(await stories.countByFeed(feed.id)).toBe(3);
    const [c] = await stories.findByIds(second);
    expect(c).toMatchObject({ title: 'Story c', correlationId: 'corr-2', classifiedAt: null });
  });

  it('records one delivery per (subscription, story), whatever the retries', async () => {
    const feed = (await feeds.create({ url: 'https://example.com/d.xml', pollIntervalSec: 60 }))!;
    const [storyId] = await stories.insertNew(feed.id, [{
      dedupKey: 'x', guid: 'x', url: null, title: 'x', summary: null, content: null, author: null, publishedAt: null,
    }], 'c');
    const sub = await new SubscriptionStore(ds).create({ name: 's', filter: { topics: ['ai-models'] }, webhookUrl: 'https://example.com/hook', webhookSecret: 'whsec_dGVzdA==' });
    const deliveries = new DeliveryStore(ds);
    const rows = [{ subscriptionId: sub.id, storyId, correlationId: 'c' }];
    // Two matches of the same story at once (a retry, a second replica): one row, both told its id.
    const [a, b] = await Promise.all([deliveries.recordPending(rows), deliveries.recordPending(rows)]);
    const stored: { id: number }[] = await ds.query('SELECT id FROM deliveries WHERE story_id = $1', [storyId]);
    expect(stored).toHaveLength(1);
    expect(new Set([...a, ...b].map((d) => d.id))).toEqual(new Set([stored[0].id]));
    // Still pending: a retried match hands it out again, to be enqueued under the same job id.
    expect(await deliveries.recordPending(rows)).toEqual([{ id: stored[0].id, subscriptionId: sub.id, storyId, correlationId: 'c' }]);
    // Delivered: nothing more to hand out.
    await deliveries.recordAttempt(stored[0].id, { ok: true, statusCode: 204, error: null, final: false });
    expect(await deliveries.recordPending(rows)).toEqual([]);
  });
});
