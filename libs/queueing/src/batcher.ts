import DataLoader from 'dataloader';

export interface BatcherOptions {
  /** largest batch handed to the batch function */
  maxBatchSize: number;
  /** how long the first job of a batch waits for others to join it */
  waitMs: number;
}

/**
 * Gathers the jobs a worker runs concurrently into one call of `batchFn`, so one database read, one bulk
 * insert and one addBulk serve many jobs. Each job still succeeds or fails on its own: `batchFn` returns
 * one result per key, in order, and an Error in a slot fails only that job. Nothing is cached.
 */
export function createBatcher<K, V>(batchFn: (keys: readonly K[]) => Promise<(V | Error)[]>, opts: BatcherOptions) {
  return new DataLoader<K, V>(batchFn, {
    cache: false,
    maxBatchSize: opts.maxBatchSize,
    batchScheduleFn: (run) => setTimeout(run, opts.waitMs),
  });
}
