import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { newCorrelationId, QueueName } from '@wirewatch/contracts';
import { FeedStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';

const CLAIM_BATCH = 500;

/**
 * Every SCHEDULER_TICK_MS, claims the feeds that are due (in Postgres, SKIP LOCKED, so any number of fetcher
 * replicas can tick) and enqueues one poll job per feed; the job id names the feed and its slot, so a slot
 * is polled once even if two ticks overlap.
 */
@Injectable()
export class FeedScheduler extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly feeds: FeedStore,
    @InjectQueue(QueueName.FeedsPoll) private readonly pollQueue: Queue,
    @InjectConfig() cfg: AppConfig,
  ) {
    super();
    this.intervalMs = cfg.schedulerTickMs;
  }

  /** One scheduling pass; returns how many polls it enqueued. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const due = await this.feeds.claimDue(CLAIM_BATCH);
      await enqueueBulk(
        this.pollQueue,
        QueueName.FeedsPoll,
        due.map((d) => ({ feedId: d.feedId, slot: d.slot, correlationId: newCorrelationId() })),
        { attempts: 1 }, // a failed poll is recorded on the feed; the next slot polls again
      );
      total += due.length;
      if (due.length < CLAIM_BATCH) return total;
    }
  }
}
