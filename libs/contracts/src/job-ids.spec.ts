import { ALL_QUEUES, jobId, QueueName } from './index';

describe('job ids', () => {
  it('derive from database ids and never contain ":" or look like integers (BullMQ refuses both)', () => {
    const ids = [
      jobId(QueueName.FeedsPoll, { feedId: 7, slot: 1737936000000, correlationId: 'c' }),
      jobId(QueueName.StoriesClassify, { storyId: 42, correlationId: 'c' }),
      jobId(QueueName.StoriesAlert, { storyId: 42, correlationId: 'c' }),
      jobId(QueueName.DeliveriesSend, { deliveryId: 9, correlationId: 'c' }),
      jobId(QueueName.DeliveriesSend, { deliveryId: 9, correlationId: 'c', round: 3 }),
    ];
    expect(ids).toEqual(['feed-7-1737936000000', 'story-42', 'story-42', 'delivery-9', 'delivery-9-r3']);
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(/^\d+$/.test(id)).toBe(false);
    }
  });

  it('ignore the correlation id, so a retried enqueue of the same work dedupes', () => {
    expect(jobId(QueueName.StoriesClassify, { storyId: 1, correlationId: 'a' })).toBe(
      jobId(QueueName.StoriesClassify, { storyId: 1, correlationId: 'b' }),
    );
  });

  it('lists the four queues with their wire names', () => {
    expect([...ALL_QUEUES].sort()).toEqual(['deliveries.send', 'feeds.poll', 'stories.alert', 'stories.classify']);
  });
});
