import type { JobsOptions, Queue } from 'bullmq';
import { jobId, type JobPayloads, type QueueName } from '@wirewatch/contracts';
import { enqueueBulk } from './enqueue';

export interface RequeueResult {
  /** no job with that id existed: it was lost (a crash between a commit and its enqueue, a Redis flush) */
  added: number;
  /** a completed job with that id existed although Postgres says the work is not done: a stale job from an
   *  earlier database (a reset, a restored backup) that would otherwise block the id for ever */
  replaced: number;
  /** a job is still waiting, delayed, active — or failed, left for an operator to inspect and retry */
  kept: number;
}

/**
 * The reconcilers' tool: makes sure each payload, whose work Postgres says is still to do, has a live job.
 * Not for hot paths (a few Redis calls per payload); enqueueBulk is.
 */
export async function requeue<Q extends QueueName>(queue: Queue, name: Q, payloads: JobPayloads[Q][], opts: JobsOptions = {}): Promise<RequeueResult> {
  const states = await Promise.all(payloads.map((p) => queue.getJobState(jobId(name, p))));
  const stale = payloads.filter((_, i) => states[i] === 'completed');
  await Promise.all(stale.map((p) => queue.remove(jobId(name, p))));
  const toAdd = payloads.filter((_, i) => states[i] === 'unknown' || states[i] === 'completed');
  await enqueueBulk(queue, name, toAdd, opts);
  return { added: toAdd.length - stale.length, replaced: stale.length, kept: payloads.length - toAdd.length };
}
