import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { AlertStore, createDataSource, DeliveryStore, EventStore, FeedStore, runMigrations, StoryStore, SubscriptionStore } from './index';

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
    expect(results.flat()).toEqual([
      'InitialSchema1763888400000', 'StoryAnalytics1763910000000', 'WebhookSecrets1763920000000', 'Events1763930000000', 'Alerts1763940000000',
      'FeedScheduling1763950000000', 'StorySearch1763960000000', 'WebSub1763970000000',
    ]);
    expect(await runMigrations(ds)).toEqual([]);
    const tables = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t: { tablename: string }) => t.tablename)).toEqual([
      'alerts', 'deliveries', 'delivery_attempts', 'events', 'feeds', 'stories', 'story_sources', 'story_tags', 'story_tombstones', 'subscriptions', 'typeorm_migrations', 'websub_subscriptions',
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

  const event = (title: string, keys: string[], at: Date, sources = ['outlet-a']) => ({
    title, firstSeenAt: at, lastSeenAt: at, storyCount: 1, sources, entities: keys, keys, state: { terms: { [title]: 1 } },
  });

  it('stores events, finds candidates by shared key within the window, and updates them', async () => {
    const events = new EventStore(ds);
    const now = new Date('2025-01-27T12:00:00Z');
    const [a, b, old] = await events.insert([
      event('deepseek selloff', ['NVDA', 'deepseek'], now),
      event('stargate', ['OpenAI', 'stargate'], now),
      event('old nvidia story', ['NVDA'], new Date('2025-01-20T12:00:00Z')),
    ]);
    expect(b).toBe(a + 1);
    const since = new Date(now.getTime() - 48 * 3600_000);
    expect((await events.findCandidates(['NVDA'], since)).map((e) => e.id)).toEqual([a]);
    expect((await events.findCandidates(['stargate', 'deepseek'], since)).map((e) => e.id).sort()).toEqual([a, b]);
    expect(await events.findCandidates(['ASML'], since)).toEqual([]);
    expect((await events.findCandidates(['NVDA'], new Date(0))).map((e) => e.id).sort()).toEqual([a, old]);

    const [stored] = await events.findByIds([a]);
    await events.update([{ ...stored, storyCount: 2, sources: ['outlet-a', 'outlet-b'], lastSeenAt: new Date(now.getTime() + 60_000) }]);
    const [updated] = await events.findByIds([a]);
    expect(updated).toMatchObject({ storyCount: 2, sources: ['outlet-a', 'outlet-b'], state: { terms: { 'deepseek selloff': 1 } } });
    expect(updated.lastSeenAt.toISOString()).toBe('2025-01-27T12:01:00.000Z');
  });

  it('serialises event assignment: two transactions holding the lock run one after the other', async () => {
    const events = new EventStore(ds);
    const order: string[] = [];
    const run = (name: string) =>
      events.assigning(async () => {
        order.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, 150));
        order.push(`${name}:end`);
      });
    await Promise.all([run('a'), run('b')]);
    expect(order).toEqual([order[0], order[0].replace('start', 'end'), order[2], order[2].replace('start', 'end')]);
  });

  it('creates one alert per (subscription, event), then updates it only when due', async () => {
    const feed = (await feeds.create({ url: 'https://example.com/alerts.xml', pollIntervalSec: 60 }))!;
    const item = (key: string) => ({ dedupKey: key, guid: key, url: null, title: key, summary: null, content: null, author: null, publishedAt: null });
    const [s1, s2, s3, s4] = await stories.insertNew(feed.id, ['s1', 's2', 's3', 's4'].map(item), 'c');
    const events = new EventStore(ds);
    const [eventId] = await events.insert([event('e', ['k'], new Date())]);
    await ds.query('UPDATE stories SET event_id = $1 WHERE id = ANY($2::bigint[])', [eventId, [s1, s2, s3, s4]]);
    const sub = await new SubscriptionStore(ds).create({ name: 's', filter: {}, webhookUrl: 'https://example.com/hook', webhookSecret: 'whsec_dGVzdA==' });
    const alerts = new AlertStore(ds);
    const rules = { updateIntervalMs: 60_000, sourceCountThresholds: [3, 5, 10, 25] };
    const match = (storyId: number) => ({ subscriptionId: sub.id, storyId, eventId, correlationId: `c${storyId}` });

    // The first story arrives twice at once (a retry, a second replica) together with a second story of the event.
    const [a, b] = await Promise.all([alerts.recordAlerts([match(s1), match(s2)], rules), alerts.recordAlerts([match(s1)], rules)]);
    const created = await ds.query(`SELECT story_id AS "storyId", type FROM deliveries WHERE subscription_id = $1`, [sub.id]);
    expect(created).toEqual([{ storyId: s1, type: 'alert.created' }]);
    expect(new Set([...a, ...b].map((d) => d.storyId))).toEqual(new Set([s1]));
    expect(await ds.query(`SELECT count(*)::int AS n FROM alerts`)).toEqual([{ n: 1 }]);

    // Within the interval and below 3 sources: no update.
    expect(await alerts.recordAlerts([match(s2)], rules)).toEqual([]);
    // The event reaches 3 sources: crossing the threshold sends an update at once.
    const [stored] = await events.findByIds([eventId]);
    await events.update([{ ...stored, sources: ['a', 'b', 'c'] }]);
    const updated = await alerts.recordAlerts([match(s3)], rules);
    expect(updated).toEqual([expect.objectContaining({ storyId: s3, type: 'alert.updated', correlationId: `c${s3}` })]);
    // Same sources, interval not passed: nothing; interval passed: an update.
    expect(await alerts.recordAlerts([match(s4)], rules)).toEqual([]);
    await ds.query(`UPDATE alerts SET last_sent_at = now() - interval '2 minutes'`);
    const [s5] = await stories.insertNew(feed.id, [item('s5')], 'c');
    expect(await alerts.recordAlerts([match(s5)], rules)).toEqual([expect.objectContaining({ storyId: s5, type: 'alert.updated' })]);
    expect(await ds.query(`SELECT update_count AS n, last_story_id AS "last" FROM alerts`)).toEqual([{ n: 2, last: s5 }]);
    // A retry of the batch that sent it hands the pending delivery out again rather than deciding anew.
    expect(await alerts.recordAlerts([match(s5)], rules)).toEqual([expect.objectContaining({ storyId: s5, type: 'alert.updated' })]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM deliveries`)).toEqual([{ n: 3 }]);
  });

  it('logs every delivery attempt and settles the delivery on success', async () => {
    const [d] = await ds.query(`SELECT id, subscription_id AS "sub", story_id AS "story" FROM deliveries ORDER BY id LIMIT 1`);
    const deliveries = new DeliveryStore(ds);
    await deliveries.recordAttempt(d.id, { ok: false, statusCode: 503, error: 'HTTP 503', final: false, latencyMs: 12.4, responseExcerpt: 'x'.repeat(5000) });
    await deliveries.recordAttempt(d.id, { ok: true, statusCode: 204, error: null, final: false, latencyMs: 8, responseExcerpt: null });
    const log = await ds.query(
      `SELECT attempt, status_code AS "status", latency_ms AS "latency", length(response_excerpt) AS "excerpt", error FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [d.id],
    );
    expect(log).toEqual([
      { attempt: 1, status: 503, latency: 12, excerpt: 1024, error: 'HTTP 503' },
      { attempt: 2, status: 204, latency: 8, excerpt: null, error: null },
    ]);
    const ctx = (await deliveries.findWithContext([d.id])).get(d.id)!;
    expect(ctx.delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204, type: 'alert.created' });
    expect(ctx.story).toMatchObject({ id: d.story, source: 'example.com' });
    expect(ctx.event).toMatchObject({ title: 'e', sources: ['a', 'b', 'c'] });
  });
});
