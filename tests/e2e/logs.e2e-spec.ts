import { Queue } from 'bullmq';
import { QueueName } from '@wirewatch/contracts';
import { createDataSource, EventStore, FeedStore, StoryStore } from '@wirewatch/persistence';
import { enqueueBulk } from '@wirewatch/queueing';
import { startTestInfra, waitFor, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, TEST_API_KEY, type RunningService } from '../support/stack';

/**
 * The services log JSON lines to stdout: one per request and one per finished job, with the correlation id
 * that follows a story across the queues, and never a secret.
 */
describe('JSON logs', () => {
  let infra: TestInfra;
  let alerter: RunningService;
  let ds: DataSource;
  let queue: Queue;
  const lines: string[] = [];
  let write: typeof process.stdout.write;

  beforeAll(async () => {
    write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    infra = await startTestInfra('logs');
    ({ alerter } = await startStack(infra, ['alerter'], { LOG_LEVEL: 'info' }));
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
    queue = new Queue(QueueName.StoriesAlert, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
  });

  afterAll(async () => {
    process.stdout.write = write;
    await stopStack({ alerter });
    await queue?.close();
    await ds?.destroy();
    await infra?.stop();
  });

  const entries = () =>
    lines.flatMap((l) => {
      try {
        const entry = JSON.parse(l);
        return entry && typeof entry === 'object' && entry.service === 'alerter' ? [entry] : [];
      } catch {
        return [];
      }
    });

  it('logs each request as JSON with its id, and keeps the API key out of every line', async () => {
    await alerter.call('/subscriptions');
    await fetch(`${alerter.url}/desk?key=${TEST_API_KEY}`, { headers: { 'x-request-id': 'req-desk-1' } });
    const desk = await waitFor('the /desk request line', () => entries().find((e) => e.req?.id === 'req-desk-1'));
    expect(desk).toMatchObject({ level: 30, service: 'alerter', req: { method: 'GET', url: '/desk?key=[redacted]' }, res: { statusCode: 200 } });
    expect(typeof desk.responseTime).toBe('number');
    expect(entries().some((e) => e.req?.url === '/subscriptions')).toBe(true);
    expect(lines.join('\n')).not.toContain(TEST_API_KEY);
  });

  it('logs one line per finished job with its queue, job id, story id, correlation id and duration', async () => {
    const feed = (await new FeedStore(ds).create({ url: 'https://wire.example.com/logs.xml', pollIntervalSec: 3600 }))!;
    const [storyId] = await new StoryStore(ds).insertNew(feed.id, [{
      dedupKey: 'guid:logs-1', guid: 'logs-1', url: null, title: 'Samsung lifts memory output as AI demand grows',
      summary: null, content: null, author: null, publishedAt: null,
    }], 'corr-logs-1');
    const [eventId] = await new EventStore(ds).insert([{
      title: 'Samsung lifts memory output', firstSeenAt: new Date(), lastSeenAt: new Date(), storyCount: 1,
      sources: ['wire'], entities: ['samsung'], keys: ['samsung'], state: {},
    }]);
    await ds.query(`UPDATE stories SET event_id = $1, classified_at = now() WHERE id = $2`, [eventId, storyId]);
    await enqueueBulk(queue, QueueName.StoriesAlert, [{ storyId, correlationId: 'corr-logs-1' }]);
    const job = await waitFor('the job line', () => entries().find((e) => e.msg === 'job completed' && e.storyId === storyId));
    expect(job).toMatchObject({ level: 30, queue: 'stories.alert', jobId: `story-${storyId}`, correlationId: 'corr-logs-1', attempt: 1 });
    expect(job.durationMs).toBeGreaterThanOrEqual(0);
  });
});
