import { Queue } from 'bullmq';
import { jobId, QueueName, type StoriesClassifyJob } from '@wirewatch/contracts';
import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import { createBatcher } from './batcher';
import { enqueueBulk } from './enqueue';

describe('enqueueBulk (real Redis)', () => {
  let infra: TestInfra;
  let classify: Queue;
  let poll: Queue;

  beforeAll(async () => {
    infra = await startTestInfra('queueing-enqueue');
    classify = new Queue(QueueName.StoriesClassify, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
    poll = new Queue(QueueName.FeedsPoll, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
  });

  afterAll(async () => {
    await Promise.all([classify?.close(), poll?.close()]);
    await infra?.stop();
  });

  it('adds one job per id, however often the same work is enqueued, with ids from jobId()', async () => {
    const first: StoriesClassifyJob[] = [1, 2, 3].map((storyId) => ({ storyId, correlationId: `first-${storyId}` }));
    await enqueueBulk(classify, QueueName.StoriesClassify, first);
    // The same stories again (a retry, a reconciler) with other correlation ids, plus one new story.
    await enqueueBulk(classify, QueueName.StoriesClassify, [
      ...[1, 2, 3].map((storyId) => ({ storyId, correlationId: `second-${storyId}` })),
      { storyId: 4, correlationId: 'second-4' },
    ]);
    await enqueueBulk(classify, QueueName.StoriesClassify, first);

    const counts = await classify.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    expect(counts).toEqual({ waiting: 4, active: 0, delayed: 0, completed: 0, failed: 0, prioritized: 0 });

    const jobs = await classify.getJobs(['waiting']);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    expect([...byId.keys()].sort()).toEqual(['story-1', 'story-2', 'story-3', 'story-4']);
    for (const j of jobs) {
      expect(j.name).toBe(QueueName.StoriesClassify);
      expect(j.id).toBe(jobId(QueueName.StoriesClassify, j.data));
    }
    // The job kept is the first one added: a duplicate adds nothing and changes nothing.
    expect(byId.get('story-1')!.data).toEqual({ storyId: 1, correlationId: 'first-1' });
    expect(byId.get('story-4')!.data).toEqual({ storyId: 4, correlationId: 'second-4' });
  });

  it('passes job options through and derives poll job ids from feed and slot', async () => {
    const payloads = [
      { feedId: 7, slot: 1_737_936_000_000, correlationId: 'a' },
      { feedId: 7, slot: 1_737_936_060_000, correlationId: 'b' },
      { feedId: 8, slot: 1_737_936_000_000, correlationId: 'c' },
    ];
    await enqueueBulk(poll, QueueName.FeedsPoll, payloads, { attempts: 1, delay: 60_000 });
    await enqueueBulk(poll, QueueName.FeedsPoll, payloads, { attempts: 1, delay: 60_000 });
    expect(await poll.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 3 });
    const jobs = await poll.getJobs(['delayed']);
    expect(jobs.map((j) => j.id).sort()).toEqual(['feed-7-1737936000000', 'feed-7-1737936060000', 'feed-8-1737936000000']);
    for (const j of jobs) {
      expect(j.id).toBe(jobId(QueueName.FeedsPoll, j.data));
      expect(j.opts.attempts).toBe(1);
    }
  });

  it('does nothing for an empty list', async () => {
    const before = await classify.getJobCounts('waiting');
    await enqueueBulk(classify, QueueName.StoriesClassify, []);
    expect(await classify.getJobCounts('waiting')).toEqual(before);
  });

  it('refuses a queue that is not the one named, and adds nothing to it', async () => {
    const before = await poll.getJobCounts('waiting', 'delayed');
    await expect(
      enqueueBulk(poll, QueueName.StoriesClassify, [{ storyId: 99, correlationId: 'x' }]),
    ).rejects.toThrow(/feeds\.poll.*stories\.classify/);
    expect(await poll.getJobCounts('waiting', 'delayed')).toEqual(before);
    expect(await poll.getJob('story-99')).toBeUndefined();
  });
});

describe('createBatcher', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('hands loads made within waitMs to the batch function as one call, results in order', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher<number, string>(
      async (keys) => {
        calls.push([...keys]);
        return keys.map((k) => `v${k}`);
      },
      { maxBatchSize: 100, waitMs: 20 },
    );
    const a = batcher.load(1);
    await sleep(5); // later than the first load, but within its wait
    const rest = [2, 3, 4].map((k) => batcher.load(k));
    expect(await Promise.all([a, ...rest])).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it('starts a new batch for loads made after the batch ran', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher<number, number>(
      async (keys) => {
        calls.push([...keys]);
        return keys.map((k) => k * 2);
      },
      { maxBatchSize: 100, waitMs: 5 },
    );
    expect(await batcher.load(1)).toBe(2);
    expect(await batcher.load(1)).toBe(2); // no cache: the same key is asked for again
    expect(calls).toEqual([[1], [1]]);
  });

  it('rejects only the load whose slot holds an Error', async () => {
    const batcher = createBatcher<number, number>(
      async (keys) => keys.map((k) => (k === 2 ? new Error(`story ${k} is broken`) : k * 10)),
      { maxBatchSize: 100, waitMs: 5 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((k) => batcher.load(k)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: expect.objectContaining({ message: 'story 2 is broken' }) },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('rejects every load of a batch whose function throws', async () => {
    const batcher = createBatcher<number, number>(
      async () => {
        throw new Error('database down');
      },
      { maxBatchSize: 100, waitMs: 5 },
    );
    const results = await Promise.allSettled([1, 2].map((k) => batcher.load(k)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('splits loads into batches of at most maxBatchSize', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher<number, number>(
      async (keys) => {
        calls.push([...keys]);
        return [...keys];
      },
      { maxBatchSize: 2, waitMs: 10 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map((k) => batcher.load(k)))).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([[1, 2], [3, 4], [5]]);
  });
});
