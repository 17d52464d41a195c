import type { JobsOptions, Queue } from 'bullmq';
import { jobId, type JobPayloads, type QueueName } from '@wirewatch/contracts';

/**
 * Adds jobs in one round trip, each with the id derived from its database id, so enqueueing the same
 * work twice (a retry, a second replica, a reconciler) adds nothing.
 */
export async function enqueueBulk<Q extends QueueName>(
  queue: Queue,
  name: Q,
  payloads: JobPayloads[Q][],
  opts: JobsOptions = {},
): Promise<void> {
  if (!payloads.length) return;
  if (queue.name !== name) throw new Error(`enqueueBulk: queue ${queue.name} given for ${name}`);
  await queue.addBulk(payloads.map((data) => ({ name, data, opts: { ...opts, jobId: jobId(name, data) } })));
}
