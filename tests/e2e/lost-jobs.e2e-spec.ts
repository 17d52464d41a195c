import { Queue } from 'bullmq';
import { QueueName } from '@wirewatch/contracts';
import { newWebhookSecret } from '@wirewatch/delivery';
import { createDataSource, FeedStore, StoryStore, SubscriptionStore } from '@wirewatch/persistence';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, type RunningService } from '../support/stack';

/**
 * At-least-once: stories whose jobs never reached Redis (a crash between the insert and the enqueue) are
 * found by the reconcilers, classified, matched and delivered — once.
 */
describe('stories whose jobs were lost', () => {
  let infra: TestInfra;
  let ds: DataSource;
  let receiver: LocalServer;
  let stack: Partial<Record<'classifier' | 'alerter', RunningService>> = {};
  const received: any[] = [];

  beforeAll(async () => {
    infra = await startTestInfra('lost-jobs');
    receiver = await startLocalServer((_req, res, body) => {
      received.push(JSON.parse(body.toString('utf8')));
      res.writeHead(200).end('ok');
    });
    // Start the services once so that they migrate the schema, with reconcilers that act on anything stuck.
    stack = await startStack(infra, ['classifier', 'alerter'], { RECONCILE_INTERVAL_MS: '200', RECONCILE_AFTER_MS: '0' });
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
  });

  afterAll(async () => {
    await stopStack(stack);
    await ds?.destroy();
    await receiver?.close();
    await infra?.stop();
  });

  it('classifies, matches and delivers a story that was stored without any job', async () => {
    await new SubscriptionStore(ds).create({ name: 'all', filter: {}, webhookUrl: `${receiver.url}/hook`, webhookSecret: newWebhookSecret() });
    const feed = (await new FeedStore(ds).create({ url: 'https://wire.example.com/lost.xml', pollIntervalSec: 3600 }))!;
    const stories = new StoryStore(ds);
    const [id] = await stories.insertNew(feed.id, [{
      dedupKey: 'guid:lost-1', guid: 'lost-1', url: 'https://wire.example.com/lost-1',
      title: 'Microsoft and Meta reaffirm AI capex plans despite DeepSeek', summary: 'Both keep their data centre spending.',
      content: null, author: null, publishedAt: new Date(),
    }], 'corr-lost');

    await waitFor('the delivery of the orphaned story', () => received.length >= 1, 20_000);
    const [story] = await stories.findByIds([id]);
    expect(story.classifiedAt).not.toBeNull();
    expect(story.alertedAt).not.toBeNull();
    expect(received[0].data.story).toMatchObject({ id, title: 'Microsoft and Meta reaffirm AI capex plans despite DeepSeek' });
    // The reconcilers keep running; the story is not delivered again.
    await new Promise((r) => setTimeout(r, 1000));
    expect(received).toHaveLength(1);
  });

  it('replaces a stale completed job left in Redis by an earlier database with the same story id', async () => {
    const queue = new Queue(QueueName.StoriesClassify, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
    try {
      // A job for story 1000 runs while no such story exists (as after a database reset): it completes.
      await queue.add(QueueName.StoriesClassify, { storyId: 1000, correlationId: 'old-db' }, { jobId: 'story-1000' });
      await waitFor('the stale job to complete', async () => (await queue.getJobState('story-1000')) === 'completed');
      // Now story 1000 exists and is not classified; adding its job again would be a no-op.
      const [feed] = await new FeedStore(ds).list();
      await ds.query(
        `INSERT INTO stories (id, feed_id, dedup_key, title, correlation_id) VALUES (1000, $1, 'guid:reset-1000', $2, 'new-db')`,
        [feed.id, 'Nvidia rebounds 9% a day after its record one-day loss'],
      );
      await waitFor('the story behind the stale job to be delivered', () => received.some((r) => r.data.story.id === 1000), 20_000);
      const [story] = await new StoryStore(ds).findByIds([1000]);
      expect(story.classifiedAt).not.toBeNull();
    } finally {
      await queue.close();
    }
  });

  it('sends a pending delivery whose job was lost', async () => {
    const [feed] = await new FeedStore(ds).list();
    const [sub] = await new SubscriptionStore(ds).list();
    const [event] = await ds.query(
      `INSERT INTO events (title, first_seen_at, last_seen_at, story_count, sources, entities, keys, state)
       VALUES ('TSMC says AI chip demand remains strong', now(), now(), 1, '{wire}', '{tsmc}', '{tsmc}', '{}') RETURNING id`,
    );
    const [row] = await ds.query(
      `INSERT INTO stories (feed_id, dedup_key, title, classified_at, alerted_at, correlation_id, event_id)
       VALUES ($1, 'guid:lost-delivery', 'TSMC says AI chip demand remains strong', now(), now(), 'corr-d', $2) RETURNING id`,
      [feed.id, event.id],
    );
    const [alert] = await ds.query(
      `INSERT INTO alerts (subscription_id, event_id, first_story_id, last_story_id, last_source_count) VALUES ($1, $2, $3, $3, 1) RETURNING id`,
      [sub.id, event.id, row.id],
    );
    await ds.query(`INSERT INTO deliveries (subscription_id, story_id, alert_id, correlation_id) VALUES ($1, $2, $3, 'corr-d')`, [sub.id, row.id, alert.id]);
    await waitFor('the orphaned delivery', () => received.some((r) => r.data.story.id === row.id), 20_000);
    // the receiver answers before the worker records the attempt: wait for the row, then check it
    const d = await waitFor('the delivery recorded', async () => {
      const [current] = await ds.query(`SELECT status, attempts FROM deliveries WHERE story_id = $1`, [row.id]);
      return current.status === 'pending' ? null : current;
    });
    expect(d).toEqual({ status: 'delivered', attempts: 1 });
    expect(received.filter((r) => r.data.story.id === row.id)).toHaveLength(1);
  });
});
