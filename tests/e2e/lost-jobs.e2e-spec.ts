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
    await new SubscriptionStore(ds).create({ name: 'all', filter: {}, webhookUrl: `${receiver.url}/hook` });
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
});
