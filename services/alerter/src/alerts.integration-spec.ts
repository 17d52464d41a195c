import type { IncomingHttpHeaders } from 'node:http';
import { Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { QueueName } from '@wirewatch/contracts';
import { createDataSource, EventStore, FeedStore, StoryStore } from '@wirewatch/persistence';
import { enqueueBulk } from '@wirewatch/queueing';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, type RunningService } from '../../../tests/support/stack';

interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
  status: number;
}

/**
 * The alerter on its own, two replicas sharing one database and queue prefix, fed classified stories directly
 * (the classifier's part is tested elsewhere), and a webhook receiver whose answers each test scripts.
 */
describe('alerter: once per event, retries, endpoint health, delivery log (two replicas, real Postgres and Redis)', () => {
  let infra: TestInfra;
  let replicas: RunningService[];
  let ds: DataSource;
  let queue: Queue;
  let receiver: LocalServer;
  let feedId: number;
  const received: Received[] = [];
  /** answer to the n-th POST to a path (1-based); default 204 */
  const script = new Map<string, (n: number) => { status: number; headers?: Record<string, string> }>();

  beforeAll(async () => {
    infra = await startTestInfra('alerter-alerts');
    receiver = await startLocalServer((req, res, body) => {
      const path = req.url ?? '/';
      const n = received.filter((r) => r.headers['x-path'] === path).length + 1;
      const answer = script.get(path)?.(n) ?? { status: 204 };
      received.push({ at: Date.now(), headers: { ...req.headers, 'x-path': path }, raw: body.toString('utf8'), body: JSON.parse(body.toString('utf8')), status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.status === 204 ? undefined : `answer ${answer.status} to attempt ${n}`);
    });
    const env = { LOG_LEVEL: 'error', DELIVERY_RETRY_SCHEDULE: '0,100ms,100ms,100ms,100ms,100ms', UPDATE_INTERVAL: '600' };
    const a = await startStack(infra, ['alerter'], env);
    const b = await startStack(infra, ['alerter'], env);
    replicas = [a.alerter, b.alerter];
    ds = await createDataSource(infra.databaseUrl, 4).initialize();
    queue = new Queue(QueueName.StoriesAlert, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
    feedId = (await new FeedStore(ds).create({ url: 'https://wire.example.com/alerts.xml', pollIntervalSec: 3600 }))!.id;
  });

  afterAll(async () => {
    await stopStack({ alerter: replicas?.[0] });
    await stopStack({ alerter: replicas?.[1] });
    await queue?.close();
    await ds?.destroy();
    await receiver?.close();
    await infra?.stop();
  });

  const subscribe = async (name: string, path: string, filter: Record<string, unknown> = {}) => {
    const res = await replicas[0].call('/subscriptions', { body: { name, filter, webhook: { url: `${receiver.url}${path}` } } });
    expect(res.status).toBe(201);
    return res.body as { id: number; webhook: { secret: string } };
  };

  let slug = 0;
  /** Stories of one event as the classifier leaves them (tagged, in the event), then their stories.alert jobs. */
  const alertStories = async (eventId: number, titles: string[], ticker = 'NVDA') => {
    const ids = await new StoryStore(ds).insertNew(
      feedId,
      titles.map((title) => ({ dedupKey: `s${++slug}`, guid: `s${slug}`, url: `https://wire.example.com/s${slug}`, title, summary: null, content: null, author: null, publishedAt: new Date() })),
      'corr-alerts',
    );
    await ds.query(`UPDATE stories SET event_id = $1, classified_at = now(), severity = 70, relevance = 80 WHERE id = ANY($2::bigint[])`, [eventId, ids]);
    await new StoryStore(ds).insertTags(ids.flatMap((storyId) => [
      { storyId, kind: 'topic' as const, key: 'market-move', label: 'Market moves', score: 0.9, evidence: ['plunge'] },
      { storyId, kind: 'entity' as const, key: ticker, label: ticker, score: 0.8, evidence: [ticker], sentiment: -0.8, relevance: 80, isPrimary: true },
    ]));
    await enqueueBulk(queue, QueueName.StoriesAlert, ids.map((storyId) => ({ storyId, correlationId: `corr-${storyId}` })));
    return ids;
  };
  const newEvent = async (title: string, sources: string[]) =>
    (await new EventStore(ds).insert([{ title, firstSeenAt: new Date(), lastSeenAt: new Date(), storyCount: 1, sources, entities: ['nvidia'], keys: ['nvidia'], state: {} }]))[0];
  const setSources = async (eventId: number, sources: string[]) => ds.query(`UPDATE events SET sources = $2 WHERE id = $1`, [eventId, sources]);
  const at = (path: string) => received.filter((r) => r.headers['x-path'] === path);
  const settle = () => new Promise((r) => setTimeout(r, 700));

  it('sends alert.created once per event across two replicas, then alert.updated when the sources cross 3', async () => {
    const sub = await subscribe('desk', '/once', { tickers: ['NVDA'] });
    const eventId = await newEvent('Nvidia plunges as DeepSeek rattles chip stocks', ['Wire A']);
    // Six reports of one event at once, worked by both replicas.
    await alertStories(eventId, Array.from({ length: 6 }, (_, i) => `Nvidia report ${i + 1}`));
    await waitFor('the first alert', () => at('/once').length >= 1);
    await settle();
    expect(at('/once').map((r) => r.body.type)).toEqual(['alert.created']);
    const created = at('/once')[0].body;
    expect(created.data).toMatchObject({ subscriptionId: sub.id, event: { id: eventId, sourceCount: 1, sources: ['Wire A'] } });
    expect(await ds.query(`SELECT count(*)::int AS n FROM alerts WHERE subscription_id = $1`, [sub.id])).toEqual([{ n: 1 }]);

    // The event grows to three outlets: the next report updates the alert, at once (not after UPDATE_INTERVAL).
    await setSources(eventId, ['Wire A', 'Wire B', 'Wire C']);
    await alertStories(eventId, ['Nvidia report 7']);
    await waitFor('the update', () => at('/once').length >= 2);
    await alertStories(eventId, ['Nvidia report 8']);
    await settle();
    expect(at('/once').map((r) => r.body.type)).toEqual(['alert.created', 'alert.updated']);
    expect(at('/once')[1].body.data).toMatchObject({ alertId: created.data.alertId, event: { sourceCount: 3 }, story: { title: 'Nvidia report 7' } });
    expect(new Set(at('/once').map((r) => r.headers['webhook-id'])).size).toBe(2);
  });

  it('retries a receiver that is down until it recovers, honouring Retry-After, and logs every attempt', async () => {
    script.set('/flaky', (n) => (n === 1 ? { status: 503, headers: { 'retry-after': '1' } } : n <= 3 ? { status: 500 } : { status: 204 }));
    const sub = await subscribe('flaky desk', '/flaky');
    await alertStories(await newEvent('TSMC lifts capex', ['Wire A']), ['TSMC raises spending plan'], 'TSM');
    await waitFor('delivery after recovery', () => at('/flaky').some((r) => r.status === 204), 15_000);
    await settle();
    const attempts = at('/flaky');
    expect(attempts.map((r) => r.status)).toEqual([503, 500, 500, 204]);
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
    // Retry-After: 1 beat the 100 ms schedule; the others followed it (with jitter).
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
    expect(attempts[2].at - attempts[1].at).toBeLessThan(900);

    const log = await replicas[1].call(`/subscriptions/${sub.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body).toHaveLength(1);
    expect(log.body[0]).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 204, type: 'alert.created' });
    expect(log.body[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 500, 500, 204]);
    expect(log.body[0].attemptLog[0].response).toBe('answer 503 to attempt 1');
    expect(log.body[0].attemptLog.every((a: { latencyMs: number }) => a.latencyMs >= 0)).toBe(true);
  });

  it('gives up after the last attempt of the schedule, lists the failure, and redelivers or replays on request', async () => {
    let healthy = false;
    script.set('/down', () => (healthy ? { status: 200 } : { status: 500 }));
    const sub = await subscribe('down desk', '/down');
    await alertStories(await newEvent('ASML orders slump', ['Wire A']), ['ASML bookings fall'], 'ASML');
    await waitFor('six failed attempts', async () => {
      const [row] = await ds.query(`SELECT status FROM deliveries WHERE subscription_id = $1`, [sub.id]);
      return row?.status === 'failed';
    }, 15_000);
    expect(at('/down')).toHaveLength(6);
    const failed = await replicas[0].call(`/subscriptions/${sub.id}/deliveries?status=failed`);
    expect(failed.body.map((d: { attempts: number }) => d.attempts)).toEqual([6]);

    healthy = true;
    const redeliver = await replicas[0].call(`/deliveries/${failed.body[0].id}/redeliver`, { method: 'POST' });
    expect(redeliver.status).toBe(202);
    await waitFor('the redelivery', () => at('/down').some((r) => r.status === 200));
    expect(at('/down').at(-1)!.headers['webhook-id']).toBe(at('/down')[0].headers['webhook-id']);
    expect((await replicas[0].call(`/subscriptions/${sub.id}/deliveries?status=delivered`)).body).toHaveLength(1);

    // Replay re-sends the period's deliveries (status=all: the delivered one too).
    const since = new Date(Date.now() - 3600_000).toISOString();
    const replay = await replicas[1].call(`/subscriptions/${sub.id}/replay?since=${encodeURIComponent(since)}&status=all`, { method: 'POST' });
    expect(replay).toMatchObject({ status: 202, body: { queued: 1 } });
    await waitFor('the replay', () => at('/down').filter((r) => r.status === 200).length === 2);
    expect((await replicas[1].call(`/subscriptions/${sub.id}/replay?since=not-a-date`, { method: 'POST' })).status).toBe(400);
  });

  it('disables the endpoint on 410 Gone, with the reason, and sends it nothing more', async () => {
    script.set('/gone', () => ({ status: 410 }));
    const sub = await subscribe('gone desk', '/gone', { tickers: ['AMD'] });
    const eventId = await newEvent('AMD shares slide', ['Wire A']);
    await alertStories(eventId, ['AMD falls 6%'], 'AMD');
    await waitFor('the subscription to be disabled', async () => (await replicas[0].call(`/subscriptions/${sub.id}`)).body.active === false);
    const view = (await replicas[0].call(`/subscriptions/${sub.id}`)).body;
    expect(view.disabledReason).toMatch(/410 Gone/);
    expect(at('/gone')).toHaveLength(1);
    await alertStories(await newEvent('AMD wins cloud order', ['Wire A']), ['AMD lands order'], 'AMD');
    await settle();
    expect(at('/gone')).toHaveLength(1);
  });

  it('disables an endpoint that has failed every delivery for WEBHOOK_DISABLE_AFTER_SEC (5 days)', async () => {
    script.set('/stale', () => ({ status: 502 }));
    const sub = await subscribe('stale desk', '/stale', { tickers: ['INTC'] });
    await ds.query(`UPDATE subscriptions SET failing_since = now() - interval '6 days' WHERE id = $1`, [sub.id]);
    await alertStories(await newEvent('Intel delays fab', ['Wire A']), ['Intel pushes back Ohio plant'], 'INTC');
    await waitFor('the subscription to be disabled', async () => (await replicas[0].call(`/subscriptions/${sub.id}`)).body.active === false);
    expect((await replicas[0].call(`/subscriptions/${sub.id}`)).body.disabledReason).toMatch(/every delivery failed since .*HTTP 502/);
    // Re-enabling through the API clears the failure run.
    const enabled = await replicas[0].call(`/subscriptions/${sub.id}`, { method: 'PATCH', body: { active: true } });
    expect(enabled.body).toMatchObject({ active: true, disabledReason: null, failingSince: null });
  });

  it('signs with both secrets while a rotation overlaps, verifiable by an independent library', async () => {
    const sub = await subscribe('rotating desk', '/rotate', { tickers: ['MU'] });
    const rotated = await replicas[0].call(`/subscriptions/${sub.id}/rotate-secret`, { body: { overlapSec: 3600 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhook.secret).toMatch(/^whsec_/);
    expect(rotated.body.webhook.secret).not.toBe(sub.webhook.secret);
    expect(Date.parse(rotated.body.webhook.previousSecretExpiresAt)).toBeGreaterThan(Date.now());
    await alertStories(await newEvent('Micron guides higher', ['Wire A']), ['Micron beats estimates'], 'MU');
    await waitFor('the signed alert', () => at('/rotate').length === 1);
    const [message] = at('/rotate');
    expect(String(message.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [sub.webhook.secret, rotated.body.webhook.secret]) {
      expect(new Webhook(secret).verify(message.raw, message.headers as Record<string, string>)).toEqual(message.body);
    }
    expect(() => new Webhook('whsec_' + Buffer.from('not the secret').toString('base64')).verify(message.raw, message.headers as Record<string, string>)).toThrow();
  });
});
