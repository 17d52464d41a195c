import { QueueName, type JobPayloads } from './queues';

/**
 * Job ids derive from database ids, so adding the same work twice is a no-op in BullMQ (a job with an
 * existing id is not added again). BullMQ refuses custom ids that are integers or contain ':'.
 */
export function jobId<Q extends QueueName>(queue: Q, payload: JobPayloads[Q]): string {
  switch (queue) {
    case QueueName.FeedsPoll: {
      const p = payload as JobPayloads[QueueName.FeedsPoll];
      return `feed-${p.feedId}-${p.slot}`;
    }
    case QueueName.StoriesClassify:
    case QueueName.StoriesAlert:
      return `story-${(payload as JobPayloads[QueueName.StoriesClassify]).storyId}`;
    case QueueName.DeliveriesSend: {
      const p = payload as JobPayloads[QueueName.DeliveriesSend];
      return p.round === undefined ? `delivery-${p.deliveryId}` : `delivery-${p.deliveryId}-r${p.round}`;
    }
    default:
      throw new Error(`no job id rule for queue ${String(queue)}`);
  }
}

/** Retention of finished jobs: enough to inspect recent history, bounded so Redis does not grow. */
export const JOB_RETENTION = {
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;
