import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { DeliveryStore, StoryStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { requeue } from '@wirewatch/queueing';
import { deliveryJobOptions } from './delivery-job-options';

/**
 * At-least-once safety net: a classified story whose matching never completed, and a delivery still pending
 * with no live job, get a job again (a lost one added, a stale completed one replaced).
 */
@Injectable()
export class AlertReconciler extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly stories: StoryStore,
    private readonly deliveries: DeliveryStore,
    @InjectQueue(QueueName.StoriesAlert) private readonly alertQueue: Queue,
    @InjectQueue(QueueName.DeliveriesSend) private readonly sendQueue: Queue,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {
    super();
    this.intervalMs = cfg.reconcileIntervalMs;
  }

  async run(): Promise<number> {
    const stories = await this.stories.findStuckUnalerted(this.cfg.reconcileAfterMs, 1000);
    const a = await requeue(this.alertQueue, QueueName.StoriesAlert, stories.map((s) => ({ storyId: s.id, correlationId: s.correlationId ?? '' })));
    const deliveries = await this.deliveries.findStuckPending(this.cfg.reconcileAfterMs, 1000);
    const d = await requeue(
      this.sendQueue,
      QueueName.DeliveriesSend,
      deliveries.map((x) => ({ deliveryId: x.id, correlationId: x.correlationId ?? '' })),
      deliveryJobOptions(this.cfg),
    );
    const fixed = a.added + a.replaced + d.added + d.replaced;
    if (fixed) this.log.warn(`re-enqueued ${a.added + a.replaced} stories for matching and ${d.added + d.replaced} deliveries whose jobs were lost or stale`);
    return fixed;
  }
}
