import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName, type StoriesAlertJob } from '@wirewatch/contracts';
import { matchSubscriptions } from '@wirewatch/delivery';
import { DeliveryStore, type SubscriptionEntity, StoryStore, SubscriptionStore } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, WireWorker } from '@wirewatch/platform';
import { createBatcher, enqueueBulk } from '@wirewatch/queueing';
import { deliveryJobOptions } from './delivery-job-options';

/**
 * stories.alert: matches classified stories against the active subscriptions and records one delivery per
 * (subscription, story) — the unique key makes retries and replicas harmless — then enqueues the pending ones.
 */
@Processor(QueueName.StoriesAlert)
export class StoriesAlertProcessor extends WireWorker {
  private cache?: { version: string; subs: SubscriptionEntity[] };
  private readonly batcher = createBatcher<StoriesAlertJob, number[]>((jobs) => this.alertBatch(jobs), { maxBatchSize: 200, waitMs: 5 });

  constructor(
    private readonly stories: StoryStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    @InjectQueue(QueueName.DeliveriesSend) private readonly sendQueue: Queue,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
  }

  /** Resolves to the ids of the subscriptions the story matched. */
  process(job: Job<StoriesAlertJob>): Promise<number[]> {
    return this.batcher.load(job.data);
  }

  /** Active subscriptions, reloaded whenever any subscription changed (on any replica). */
  private async activeSubscriptions(): Promise<SubscriptionEntity[]> {
    const version = await this.subscriptions.version();
    if (this.cache?.version !== version) this.cache = { version, subs: await this.subscriptions.listActive() };
    return this.cache.subs;
  }

  async alertBatch(jobs: readonly StoriesAlertJob[]): Promise<number[][]> {
    const ids = jobs.map((j) => j.storyId);
    const [subs, tags] = await Promise.all([this.activeSubscriptions(), this.stories.findTags(ids)]);
    const byStory = new Map<number, { topics: string[]; tickers: string[] }>(ids.map((id) => [id, { topics: [], tickers: [] }]));
    for (const t of tags) byStory.get(t.storyId)?.[t.kind === 'topic' ? 'topics' : 'tickers'].push(t.key);

    const matched = jobs.map((j) => matchSubscriptions(subs, byStory.get(j.storyId)!).map((s) => s.id));
    const pending = await this.deliveries.recordPending(
      jobs.flatMap((j, i) => matched[i].map((subscriptionId) => ({ subscriptionId, storyId: j.storyId, correlationId: j.correlationId }))),
    );
    await enqueueBulk(
      this.sendQueue,
      QueueName.DeliveriesSend,
      pending.map((d) => ({ deliveryId: d.id, correlationId: d.correlationId ?? '' })),
      deliveryJobOptions(this.cfg),
    );
    this.metrics.deliveriesEnqueued.inc(pending.length);
    await this.stories.markAlerted(ids);
    return matched;
  }
}
