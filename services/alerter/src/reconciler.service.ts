import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { StoryStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';

/** At-least-once safety net: a classified story whose matching never completed is enqueued again. */
@Injectable()
export class AlertReconciler extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly stories: StoryStore,
    @InjectQueue(QueueName.StoriesAlert) private readonly queue: Queue,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {
    super();
    this.intervalMs = cfg.reconcileIntervalMs;
  }

  async run(): Promise<number> {
    const stuck = await this.stories.findStuckUnalerted(this.cfg.reconcileAfterMs, 1000);
    await enqueueBulk(this.queue, QueueName.StoriesAlert, stuck.map((s) => ({ storyId: s.id, correlationId: s.correlationId ?? '' })));
    if (stuck.length) this.log.warn(`re-enqueued ${stuck.length} unalerted stories`);
    return stuck.length;
  }
}
