/**
 * Every BullMQ queue of WireWatch, with the payload its jobs carry.
 *
 * DO NOT RENAME a queue or change a payload incompatibly without a migration plan: the names are the keys
 * of jobs already waiting in Redis, and replicas of the old and new version run side by side during a
 * rolling deploy. Add a new queue (or an optional field) instead, drain the old one, then remove it.
 */
export enum QueueName {
  FeedsPoll = 'feeds.poll',
  StoriesClassify = 'stories.classify',
  StoriesAlert = 'stories.alert',
  DeliveriesSend = 'deliveries.send',
}

/** Poll one feed once. `slot` is the scheduled poll time (epoch ms) the job was claimed for. */
export interface FeedsPollJob {
  feedId: number;
  slot: number;
  /** Travels with the work from fetch to delivery so one story can be followed through the logs. */
  correlationId: string;
}

/** Classify one stored story. */
export interface StoriesClassifyJob {
  storyId: number;
  correlationId: string;
}

/** Match one classified story against the subscriptions. */
export interface StoriesAlertJob {
  storyId: number;
  correlationId: string;
}

/** Send one recorded delivery to its subscription's webhook. */
export interface DeliveriesSendJob {
  deliveryId: number;
  correlationId: string;
  /** set when a delivery is sent again on request (redeliver, replay): a new job, the same webhook-id */
  round?: number;
}

export interface JobPayloads {
  [QueueName.FeedsPoll]: FeedsPollJob;
  [QueueName.StoriesClassify]: StoriesClassifyJob;
  [QueueName.StoriesAlert]: StoriesAlertJob;
  [QueueName.DeliveriesSend]: DeliveriesSendJob;
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
