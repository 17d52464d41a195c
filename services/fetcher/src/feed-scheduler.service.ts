import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { newCorrelationId, QueueName } from '@wirewatch/contracts';
import { FeedStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';

/** Polls enqueued per tick at most; with the default 1 s tick, 60,000 a minute. */
const CLAIM_BATCH = 1000;

/**
 * Every SCHEDULER_TICK_MS, claims the feeds that are due (in Postgres, SKIP LOCKED, so any number of fetcher
 * replicas can tick) and enqueues one poll job per feed; the job id names the feed and its slot, so a slot
 * is polled once even if two ticks overlap. One claim per tick takes at most HOST_CONCURRENCY feeds of any one
 * host: a host's other due feeds wait for the following ticks, so a site with hundreds of feeds is polled a few
 * feeds at a time.
 */
@Injectable()
export class FeedScheduler extends PeriodicTask {
  protected readonly intervalMs: number;
  private readonly hostConcurrency: number;

  constructor(
    private readonly feeds: FeedStore,
    @InjectQueue(QueueName.FeedsPoll) private readonly pollQueue: Queue,
    @InjectConfig() cfg: AppConfig,
  ) {
    super();
    this.intervalMs = cfg.schedulerTickMs;
    this.hostConcurrency = cfg.hostConcurrency;
  }

  /** One scheduling pass; returns how many polls it enqueued. */
  async run(): Promise<number> {
    const due = await this.feeds.claimDue(CLAIM_BATCH, this.hostConcurrency);
    await enqueueBulk(
      this.pollQueue,
      QueueName.FeedsPoll,
      due.map((d) => ({ feedId: d.feedId, slot: d.slot, correlationId: newCorrelationId() })),
      { attempts: 1 }, // a failed poll is recorded on the feed; the next slot polls again
    );
    return due.length;
  }
}
