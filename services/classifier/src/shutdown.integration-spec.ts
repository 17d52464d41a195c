import { Queue } from 'bullmq';
import { JOB_RETENTION, jobId, newCorrelationId, QueueName } from '@wirewatch/contracts';
import { createDataSource, FeedStore, StoryStore, type NewStory } from '@wirewatch/persistence';
import { enqueueBulk } from '@wirewatch/queueing';
import { startTestInfra, waitFor, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, type RunningService } from '../../../tests/support/stack';

const STORIES = 300;

const HEADLINES = [
  'Nvidia shares plunge 17% as DeepSeek rattles chip stocks',
  'OpenAI releases a cheaper reasoning model',
  'US tightens export controls on AI chips to China',
  'Local club wins the regional cup final on penalties',
];

/**
 * Graceful shutdown of the classifier: app.close() while classify jobs are running lets them finish (their
 * stories classified, their alert jobs enqueued); jobs not started stay waiting for the next start.
 */
describe('classifier: graceful shutdown with jobs in flight (real Postgres and Redis)', () => {
  let infra: TestInfra;
  let ds: DataSource;
  let classifyQueue: Queue;
  let alertQueue: Queue;
  let running: Partial<Record<'classifier', RunningService>> = {};
  let storyIds: number[] = [];
  let activeAtClose: string[] = [];

  const start = async () => {
    running = await startStack(infra, ['classifier'], { LOG_LEVEL: 'error', WORKER_CONCURRENCY: '20' });
  };

  beforeAll(async () => {
    infra = await startTestInfra('classifier-shutdown');
    await start(); // runs the migrations
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
    // The job options a service's queues add with (QueueingModule): a failed job is retried after a back-off.
    const opts = {
      connection: { url: infra.redisUrl },
      prefix: infra.queuePrefix,
      defaultJobOptions: { ...JOB_RETENTION, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    };
    classifyQueue = new Queue(QueueName.StoriesClassify, opts);
    alertQueue = new Queue(QueueName.StoriesAlert, opts);

    const feed = await new FeedStore(ds).create({ url: 'https://wire.example.com/shutdown.xml', pollIntervalSec: 60 });
    const items: NewStory[] = Array.from({ length: STORIES }, (_, i) => ({
      dedupKey: `s-${i}`, guid: `s-${i}`, url: `https://wire.example.com/s-${i}`,
      title: `${HEADLINES[i % HEADLINES.length]} (#${i})`, summary: null, content: null, author: null, publishedAt: new Date(),
    }));
    storyIds = await new StoryStore(ds).insertNew(feed!.id, items, 'shutdown-test');
    expect(storyIds).toHaveLength(STORIES);
  });

  afterAll(async () => {
    await stopStack(running);
    await Promise.all([classifyQueue?.close(), alertQueue?.close()]);
    await ds?.destroy();
    await infra?.stop();
  });

  const storyState = async () => {
    const rows: { id: number; classified: boolean }[] = await ds.query(
      `SELECT id, classified_at IS NOT NULL AS classified FROM stories WHERE id = ANY($1::bigint[])`,
      [storyIds],
    );
    return new Map(rows.map((r) => [r.id, r.classified]));
  };

  it('finishes the jobs in flight on close() and leaves the rest waiting, none lost', async () => {
    await enqueueBulk(
      classifyQueue,
      QueueName.StoriesClassify,
      storyIds.map((storyId) => ({ storyId, correlationId: newCorrelationId() })),
    );
    await waitFor('classify jobs to become active', async () => (await classifyQueue.getActiveCount()) > 0, 10_000, 2);
    activeAtClose = (await classifyQueue.getJobs(['active'])).map((j) => j.id!);

    const app = running.classifier!.app;
    running = {};
    await app.close();

    const counts = await classifyQueue.getJobCounts('active', 'waiting', 'completed', 'failed', 'delayed', 'prioritized');
    // Nothing left half-done, nothing failed: a job cut off by the shutdown would be 'delayed' for a retry
    // (or 'failed'), its attempt spent and its error logged, although nothing was wrong with it.
    const failures = (await classifyQueue.getJobs(['failed', 'delayed'], 0, -1)).map((j) => `${j.id}: ${j.failedReason}`);
    expect(failures).toEqual([]);
    expect(counts.active).toBe(0);
    expect(counts.failed).toBe(0);
    expect(counts.delayed).toBe(0);
    expect(counts.completed + counts.waiting + counts.prioritized).toBe(STORIES);
    // close() really came in the middle of the stream (else this test proves nothing about in-flight jobs).
    expect(activeAtClose.length).toBeGreaterThan(0);
    expect(counts.completed).toBeGreaterThan(0);

    // Every job that was running when close() was called has completed.
    for (const id of activeAtClose) {
      const job = await classifyQueue.getJob(id);
      // completed at its first attempt, never failed on the way
      expect({ id, state: await classifyQueue.getJobState(id), attemptsMade: job?.attemptsMade, failedReason: job?.failedReason ?? null })
        .toEqual({ id, state: 'completed', attemptsMade: 1, failedReason: null });
    }

    // Each story is either classified (its job completed and its alert job enqueued) or still waiting.
    const classified = await storyState();
    const completed = new Set((await classifyQueue.getJobs(['completed'], 0, -1)).map((j) => j.id));
    const waiting = new Set((await classifyQueue.getJobs(['waiting', 'prioritized'], 0, -1)).map((j) => j.id));
    const alerts = new Set((await alertQueue.getJobs(['waiting', 'prioritized'], 0, -1)).map((j) => j.id));
    for (const storyId of storyIds) {
      const id = jobId(QueueName.StoriesClassify, { storyId, correlationId: '' });
      if (completed.has(id)) {
        expect({ storyId, classified: classified.get(storyId), alert: alerts.has(id) }).toEqual({ storyId, classified: true, alert: true });
      } else {
        expect({ storyId, waiting: waiting.has(id), classified: classified.get(storyId) }).toEqual({ storyId, waiting: true, classified: false });
      }
    }
    const tagged: { n: number }[] = await ds.query(
      `SELECT count(DISTINCT story_id)::int AS n FROM story_tags WHERE story_id = ANY($1::bigint[])`,
      [storyIds],
    );
    expect(tagged[0].n).toBeGreaterThan(0);
  });

  it('picks up the waiting jobs after a restart and classifies every story', async () => {
    await start();
    // Jobs cut off by a shutdown (if any) come back after their back-off and complete too.
    await waitFor('every classify job completed', async () => (await classifyQueue.getCompletedCount()) === STORIES, 15_000);
    const counts = await classifyQueue.getJobCounts('active', 'waiting', 'delayed', 'completed', 'failed');
    expect(counts).toEqual({ active: 0, waiting: 0, delayed: 0, completed: STORIES, failed: 0 });
    expect([...(await storyState()).values()].filter((classified) => !classified)).toEqual([]);
    expect(await alertQueue.getJobCountByTypes('waiting', 'prioritized')).toBe(STORIES);
  });
});
