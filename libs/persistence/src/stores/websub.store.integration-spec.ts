import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, FeedStore, runMigrations, WebSubStore } from '../index';

describe('WebSubStore (real Postgres)', () => {
  let infra: TestInfra;
  let ds: DataSource;
  let feeds: FeedStore;
  let store: WebSubStore;
  let n = 0;

  beforeAll(async () => {
    infra = await startTestInfra('websub-store');
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
    await runMigrations(ds);
    feeds = new FeedStore(ds);
    store = new WebSubStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await infra?.stop();
  });

  /** A new feed with a pending subscription; returns both ids. */
  async function subscribed(): Promise<{ feedId: number; id: number }> {
    const feed = (await feeds.create({ url: `https://quay.example/${++n}.xml`, pollIntervalSec: 60 }))!;
    const { created } = await store.replace({ feedId: feed.id, hub: 'https://hub.example/', topic: feed.url, token: `token-${n}`, secret: `secret-${n}` });
    return { feedId: feed.id, id: created.id };
  }
  /** Sets columns of one subscription directly (to move its timestamps into the past). */
  const set = (id: number, sql: string) => ds.query(`UPDATE websub_subscriptions SET ${sql} WHERE id = $1`, [id]);
  const claimedIds = async () => (await store.claimRenewals(3600, 100)).map((s) => s.id);

  it('keeps one live subscription per feed: a new hub or topic retires the old one, still reachable by its callback', async () => {
    const { feedId, id } = await subscribed();
    const { created, replaced } = await store.replace({ feedId, hub: 'https://other-hub.example/', topic: 'https://quay.example/t', token: 'token-new', secret: 's' });
    expect(replaced).toMatchObject({ id, state: 'unsubscribing' });
    expect(created).toMatchObject({ feedId, hub: 'https://other-hub.example/', state: 'pending', leaseExpiresAt: null });
    expect((await store.forFeed(feedId))?.id).toBe(created.id);
    expect(await store.byCallback(feedId, replaced!.token)).toMatchObject({ id, state: 'unsubscribing' });
    expect(await store.byCallback(feedId + 1000, created.token)).toBeNull();
  });

  it('is pushed only while its verified lease runs', async () => {
    const { feedId, id } = await subscribed();
    expect(await store.isPushed(feedId)).toBe(false);
    await store.activate(id, { leaseSeconds: 600, expiresAt: new Date(Date.now() + 600_000), renewAt: new Date(Date.now() + 300_000) });
    expect(await store.isPushed(feedId)).toBe(true);
    await set(id, `lease_expires_at = now() - interval '1 second'`);
    expect(await store.isPushed(feedId)).toBe(false);
  });

  it('claims for renewal what is due, once, and retries unverified and refused requests after their wait', async () => {
    const renewable = await subscribed();
    await store.activate(renewable.id, { leaseSeconds: 600, expiresAt: new Date(Date.now() + 60_000), renewAt: new Date(Date.now() - 1000) });
    const notYet = await subscribed();
    await store.activate(notYet.id, { leaseSeconds: 600, expiresAt: new Date(Date.now() + 600_000), renewAt: new Date(Date.now() + 300_000) });
    const stalePending = await subscribed();
    await set(stalePending.id, `requested_at = now() - interval '2 hours'`);
    const recentFailure = await subscribed();
    await store.refuse(recentFailure.id, 'failed', 'HTTP 500');
    await set(recentFailure.id, `requested_at = now() - interval '30 minutes'`);
    const oldDenial = await subscribed();
    await store.refuse(oldDenial.id, 'denied', 'no');
    await set(oldDenial.id, `requested_at = now() - interval '2 days'`);
    const recentDenial = await subscribed();
    await store.refuse(recentDenial.id, 'denied', 'no');
    await set(recentDenial.id, `requested_at = now() - interval '2 hours'`);
    const paused = await subscribed();
    await set(paused.id, `requested_at = now() - interval '2 hours'`);
    await feeds.pause(paused.feedId, 'paused by hand');

    const claimed = await claimedIds();
    expect(claimed.sort()).toEqual([renewable.id, stalePending.id, oldDenial.id].sort());
    expect(await store.forFeed(oldDenial.feedId)).toMatchObject({ state: 'pending', reason: 'no' });
    expect(await store.forFeed(renewable.feedId)).toMatchObject({ state: 'active' });
    // a renewal sent and not yet verified is not sent again before the retry wait
    expect(await claimedIds()).toEqual([]);
    await store.activate(renewable.id, { leaseSeconds: 600, expiresAt: new Date(Date.now() + 60_000), renewAt: new Date(Date.now() - 1000) });
    expect(await claimedIds()).toEqual([renewable.id]);
  });

  it('claims the subscription of a deleted feed once, to unsubscribe, and forgets it when no hub confirms', async () => {
    const { feedId, id } = await subscribed();
    await feeds.delete(feedId);
    expect((await store.claimOrphans(100)).map((s) => [s.id, s.state])).toEqual([[id, 'unsubscribing']]);
    expect(await store.claimOrphans(100)).toEqual([]);
    expect(await store.purgeUnsubscribing(86_400)).toBe(0);
    await set(id, `requested_at = now() - interval '2 days'`);
    expect(await store.purgeUnsubscribing(86_400)).toBe(1);
    expect(await store.byCallback(feedId, `token-${n}`)).toBeNull();
  });
});
