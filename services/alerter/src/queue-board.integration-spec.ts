import { Queue } from 'bullmq';
import { newCorrelationId, QueueName } from '@wirewatch/contracts';
import { newWebhookSecret } from '@wirewatch/delivery';
import { createDataSource, EventStore, FeedStore, StoryStore, SubscriptionStore } from '@wirewatch/persistence';
import { enqueueBulk } from '@wirewatch/queueing';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, TEST_API_KEY, type RunningService } from '../../../tests/support/stack';

/** bull-board on the alerter: every queue, behind the API key, and a failed delivery retried through it. */
describe('alerter: queue board at /admin/queues (real Postgres and Redis)', () => {
  let infra: TestInfra;
  let ds: DataSource;
  let receiver: LocalServer;
  let alerter: RunningService;
  let alertQueue: Queue;
  let answer = 500;
  const statuses: number[] = [];

  beforeAll(async () => {
    infra = await startTestInfra('queue-board');
    receiver = await startLocalServer((_req, res) => {
      statuses.push(answer);
      res.writeHead(answer).end();
    });
    ({ alerter } = await startStack(infra, ['alerter'], { LOG_LEVEL: 'error', DELIVERY_RETRY_SCHEDULE: '0' }));
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
    alertQueue = new Queue(QueueName.StoriesAlert, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
  });

  afterAll(async () => {
    await stopStack({ alerter });
    await alertQueue?.close();
    await ds?.destroy();
    await receiver?.close();
    await infra?.stop();
  });

  const board = (path: string, init: { method?: string; auth?: string | null } = {}) =>
    fetch(`${alerter.url}/admin/queues${path}`, {
      method: init.method ?? 'GET',
      headers: init.auth === null ? {} : { authorization: init.auth ?? `Bearer ${TEST_API_KEY}` },
    });

  it('needs the API key (Bearer, or Basic with the key as password)', async () => {
    const none = await board('', { auth: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="WireWatch"/);
    expect((await board('', { auth: 'Bearer wrong-key-0123456789' })).status).toBe(401);
    expect((await board('', { auth: `Basic ${Buffer.from(`ops:wrong`).toString('base64')}` })).status).toBe(401);
    const bearer = await board('');
    expect(bearer.status).toBe(200);
    expect(await bearer.text()).toMatch(/<html/i);
    expect((await board('', { auth: `Basic ${Buffer.from(`ops:${TEST_API_KEY}`).toString('base64')}` })).status).toBe(200);
  });

  it('lists the four queues and retries a failed delivery through its API', async () => {
    const listed = (await (await board('/api/queues')).json()) as { queues: { name: string }[] };
    expect(listed.queues.map((q: { name: string }) => q.name).sort()).toEqual(['deliveries.send', 'feeds.poll', 'stories.alert', 'stories.classify']);

    await new SubscriptionStore(ds).create({ name: 'ops', filter: {}, webhookUrl: `${receiver.url}/hook`, webhookSecret: newWebhookSecret() });
    const feed = (await new FeedStore(ds).create({ url: 'https://wire.example.com/board.xml', pollIntervalSec: 3600 }))!;
    const [storyId] = await new StoryStore(ds).insertNew(feed.id, [{
      dedupKey: 'guid:board-1', guid: 'board-1', url: null, title: 'SK Hynix rises 4% on AI memory demand',
      summary: null, content: null, author: null, publishedAt: null,
    }], 'corr-board');
    // The story as the classifier leaves it: in an event of its own.
    const [eventId] = await new EventStore(ds).insert([{
      title: 'SK Hynix rises 4% on AI memory demand', firstSeenAt: new Date(), lastSeenAt: new Date(), storyCount: 1,
      sources: ['wire.example.com'], entities: ['sk hynix'], keys: ['sk hynix'], state: {},
    }]);
    await ds.query(`UPDATE stories SET event_id = $1, classified_at = now() WHERE id = $2`, [eventId, storyId]);
    await enqueueBulk(alertQueue, QueueName.StoriesAlert, [{ storyId, correlationId: newCorrelationId() }]);

    const failed = await waitFor('the delivery to fail (one attempt allowed)', async () => {
      const [row] = await ds.query(`SELECT id, status, attempts FROM deliveries WHERE story_id = $1`, [storyId]);
      return row?.status === 'failed' ? row : null;
    });
    expect(failed.attempts).toBe(1);
    await waitFor('the board to show it failed', async () => {
      const { queues } = (await (await board('/api/queues?activeQueue=deliveries.send&status=failed')).json()) as { queues: { name: string; counts: Record<string, number> }[] };
      return queues.find((q: { name: string }) => q.name === 'deliveries.send')?.counts.failed === 1;
    });

    answer = 204;
    const retry = await board(`/api/queues/deliveries.send/delivery-${failed.id}/retry`, { method: 'PUT' });
    expect(retry.status).toBeLessThan(300);
    const delivered = await waitFor('the retried delivery', async () => {
      const [row] = await ds.query(`SELECT status, attempts, last_status_code FROM deliveries WHERE id = $1`, [failed.id]);
      return row?.status === 'delivered' ? row : null;
    });
    expect(delivered).toEqual({ status: 'delivered', attempts: 2, last_status_code: 204 });
    expect(statuses).toEqual([500, 204]);
  });
});
