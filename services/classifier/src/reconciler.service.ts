import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { StoryStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { requeue } from '@wirewatch/queueing';

/**
 * At-least-once safety net: a story stored but never classified gets a job again — a lost one (the fetcher
 * died between its insert and its addBulk, Redis was flushed) is added, a stale completed one (from before a
 * database reset or restore) is replaced. A job still waiting, running or failed is left alone.
 */
@Injectable()
export class ClassifyReconciler extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly stories: StoryStore,
    @InjectQueue(QueueName.StoriesClassify) private readonly queue: Queue,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {
    super();
    this.intervalMs = cfg.reconcileIntervalMs;
  }

  async run(): Promise<number> {
    const stuck = await this.stories.findStuckUnclassified(this.cfg.reconcileAfterMs, 1000);
    const r = await requeue(this.queue, QueueName.StoriesClassify, stuck.map((s) => ({ storyId: s.id, correlationId: s.correlationId ?? '' })));
    if (r.added + r.replaced) this.log.warn(`re-enqueued ${r.added + r.replaced} unclassified stories whose jobs were lost or stale`);
    return r.added + r.replaced;
  }
}
