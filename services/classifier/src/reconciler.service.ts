import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { StoryStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';

/**
 * At-least-once safety net: a story stored but never classified (the fetcher died between its insert and its
 * addBulk, or Redis lost the job) is enqueued again. The job id is the story's, so a job that still exists
 * makes this a no-op.
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
    await enqueueBulk(this.queue, QueueName.StoriesClassify, stuck.map((s) => ({ storyId: s.id, correlationId: s.correlationId ?? '' })));
    if (stuck.length) this.log.warn(`re-enqueued ${stuck.length} unclassified stories`);
    return stuck.length;
  }
}
