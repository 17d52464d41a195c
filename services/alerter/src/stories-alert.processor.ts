import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName, type StoriesAlertJob } from '@wirewatch/contracts';
import { eventView, SOURCE_COUNT_THRESHOLDS, type StreamEntry, storyView, SubscriptionIndex, timingsOf } from '@wirewatch/delivery';
import {
  AlertStore,
  EventStore,
  type PendingDelivery,
  type StoryTagEntity,
  type StoryWithSource,
  type SubscriptionEntity,
  StoryStore,
  SubscriptionStore,
} from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, WireWorker } from '@wirewatch/platform';
import { createBatcher, enqueueBulk } from '@wirewatch/queueing';
import { deliveryJobOptions } from './delivery-job-options';
import { AlertStream } from './stream/alert-stream';

export interface AlertOutcome {
  /** subscriptions the story matched */
  matched: number[];
  /** deliveries it produced (alert.created or alert.updated), to webhooks or the stream */
  alerts: { deliveryId: number; subscriptionId: number; type: string }[];
}

/**
 * stories.alert: matches classified stories against the active subscriptions (an index kept per subscription
 * version, refreshed when any replica changes one), then records alerts once per (subscription, event) in
 * Postgres — created by an event's first matching story, updated by later ones only when due — and enqueues
 * the webhook deliveries and publishes to the live stream.
 */
@Processor(QueueName.StoriesAlert)
export class StoriesAlertProcessor extends WireWorker {
  private cache?: { version: string; index: SubscriptionIndex<SubscriptionEntity>; byId: Map<number, SubscriptionEntity> };
  private readonly batcher = createBatcher<StoriesAlertJob, AlertOutcome>((jobs) => this.alertBatch(jobs), { maxBatchSize: 200, waitMs: 5 });

  constructor(
    private readonly stories: StoryStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly alerts: AlertStore,
    private readonly events: EventStore,
    private readonly stream: AlertStream,
    @InjectQueue(QueueName.DeliveriesSend) private readonly sendQueue: Queue,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
  }

  process(job: Job<StoriesAlertJob>): Promise<AlertOutcome> {
    return this.batcher.load(job.data);
  }

  /** The subscription index, rebuilt whenever any subscription changed (on any replica). */
  private async index(): Promise<{ index: SubscriptionIndex<SubscriptionEntity>; byId: Map<number, SubscriptionEntity> }> {
    const version = await this.subscriptions.version();
    if (this.cache?.version !== version) {
      const active = await this.subscriptions.listActive();
      const index = new SubscriptionIndex(active);
      for (const r of index.rejected) this.logger.warn(`subscription ${r.subscription.id} ignored: ${r.error}`);
      this.cache = { version, index, byId: new Map(active.map((s) => [s.id, s])) };
    }
    return this.cache;
  }

  async alertBatch(jobs: readonly StoriesAlertJob[]): Promise<AlertOutcome[]> {
    const ids = jobs.map((j) => j.storyId);
    const [{ index, byId: subs }, tags, stories] = await Promise.all([this.index(), this.stories.findTags(ids), this.stories.findWithSource(ids)]);
    const byId = new Map(stories.map((s) => [s.id, s]));
    const tagged = new Map<number, { topics: string[]; tickers: string[] }>(ids.map((id) => [id, { topics: [], tickers: [] }]));
    for (const t of tags) tagged.get(t.storyId)?.[t.kind === 'topic' ? 'topics' : 'tickers'].push(t.key);

    const matched = jobs.map((j) => {
      const story = byId.get(j.storyId);
      // A story without an event was classified before events existed (or was deleted): nothing to alert once per event.
      if (!story || story.eventId === null) return [];
      return index
        .match({
          ...tagged.get(j.storyId)!,
          severity: story.severity,
          relevance: story.relevance,
          source: story.source,
          url: story.url,
          text: [story.title, story.summary ?? '', story.content ?? ''],
        })
        .map((s) => s.id);
    });
    const recorded = await this.alerts.recordAlerts(
      jobs.flatMap((j, i) => matched[i].map((subscriptionId) => ({ subscriptionId, storyId: j.storyId, eventId: byId.get(j.storyId)!.eventId!, correlationId: j.correlationId }))),
      { updateIntervalMs: this.cfg.updateIntervalSec * 1000, sourceCountThresholds: SOURCE_COUNT_THRESHOLDS },
    );
    const webhooks = recorded.filter((d) => subs.get(d.subscriptionId)?.webhookUrl);
    await enqueueBulk(
      this.sendQueue,
      QueueName.DeliveriesSend,
      webhooks.map((d) => ({ deliveryId: d.id, correlationId: d.correlationId ?? '' })),
      deliveryJobOptions(this.cfg),
    );
    await this.stream.publish(await this.streamEntries(jobs, byId, tags, recorded));
    this.metrics.deliveriesEnqueued.inc(webhooks.length);
    for (const d of recorded) this.metrics.alerts.inc({ type: d.type });
    await this.stories.markAlerted(ids);
    return jobs.map((j, i) => ({
      matched: matched[i],
      alerts: recorded.filter((d) => d.storyId === j.storyId).map((d) => ({ deliveryId: d.id, subscriptionId: d.subscriptionId, type: d.type })),
    }));
  }

  /** One stream entry per story with an event: the story, its event as it stands now, and the alerts it produced. */
  private async streamEntries(
    jobs: readonly StoriesAlertJob[],
    stories: Map<number, StoryWithSource>,
    tags: StoryTagEntity[],
    recorded: PendingDelivery[],
  ): Promise<StreamEntry[]> {
    const withEvents = jobs.map((j) => stories.get(j.storyId)).filter((s): s is StoryWithSource => !!s && s.eventId !== null);
    const events = new Map((await this.events.findByIds([...new Set(withEvents.map((s) => s.eventId!))])).map((e) => [Number(e.id), e]));
    const now = new Date();
    return withEvents.flatMap((story) => {
      const event = events.get(story.eventId!);
      if (!event) return [];
      const own = tags.filter((t) => t.storyId === story.id);
      return [{
        event: eventView(event),
        story: storyView(story, own),
        tickers: own.filter((t) => t.kind === 'entity' && t.key !== t.label).map((t) => t.key),
        timings: timingsOf(story, now),
        alerts: recorded
          .filter((d) => d.storyId === story.id)
          .map((d) => ({ subscriptionId: d.subscriptionId, alertId: d.alertId, deliveryId: d.id, type: d.type })),
      }];
    });
  }
}
