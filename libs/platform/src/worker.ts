import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import type { Metrics } from '@wirewatch/observability';

/**
 * Base of every WireWatch processor: runs WORKER_CONCURRENCY jobs at once and logs one JSON line per finished
 * job with its queue, id, subject, correlation id and duration (failures at warn level with the reason), and counts
 * it in the metrics (jobs by outcome, duration histogram).
 *
 * On shutdown the worker stops taking jobs and waits for the ones in flight in onModuleDestroy — the first
 * shutdown hook, before the database pool and Redis connections close under them. A subclass that
 * overrides onModuleDestroy must await super.onModuleDestroy() first.
 */
export abstract class WireWorker extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly cfg: AppConfig;
  protected abstract readonly metrics: Metrics;
  protected readonly logger = new Logger(this.constructor.name);

  onApplicationBootstrap(): void {
    const worker = this.worker;
    worker.concurrency = this.cfg.workerConcurrency;
    // One JSON line per finished job: queue, job id, the feed/story/delivery it was about, correlation id, duration.
    const describe = (job: Job) => {
      const { correlationId, feedId, storyId, deliveryId } = (job.data ?? {}) as Record<string, unknown>;
      return {
        queue: worker.name,
        jobId: job.id,
        ...(feedId !== undefined ? { feedId } : {}),
        ...(storyId !== undefined ? { storyId } : {}),
        ...(deliveryId !== undefined ? { deliveryId } : {}),
        correlationId: correlationId ?? null,
        durationMs: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : null,
        attempt: job.attemptsMade,
      };
    };
    const observe = (job: Job, outcome: 'completed' | 'failed') => {
      this.metrics.jobs.inc({ queue: worker.name, outcome });
      if (job.finishedOn && job.processedOn) this.metrics.jobDuration.observe({ queue: worker.name }, (job.finishedOn - job.processedOn) / 1000);
    };
    worker.on('completed', (job) => {
      observe(job, 'completed');
      this.logger.log({ msg: 'job completed', ...describe(job) });
    });
    worker.on('failed', (job, err) => {
      if (!job) return;
      observe(job, 'failed');
      this.logger.warn({ msg: 'job failed', ...describe(job), error: err.message });
    });
    worker.on('error', (err) => this.logger.error(`worker error: ${err.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}
