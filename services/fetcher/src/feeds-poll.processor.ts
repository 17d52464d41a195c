import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { type FeedsPollJob, QueueName } from '@wirewatch/contracts';
import { FeedError, type FetchResult, fetchFeed } from '@wirewatch/feeds';
import { type FeedEntity, FeedStore, StoryStore } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, OutboundHttp, WireWorker } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';
import { intervalAfterDocument, intervalAfterNotModified, jittered, rateLimitedIntervalSec, type ScheduleLimits } from './poll-schedule';
import { WebSubService } from './websub/websub.service';

export type PollOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'not-modified'; intervalSec: number }
  | { outcome: 'ok'; items: number; new: number; intervalSec: number }
  | { outcome: 'rate-limited'; intervalSec: number; hostFeedsDelayed: number }
  | { outcome: 'error'; category: string; message: string };

/**
 * feeds.poll: fetch one feed; on a 200 store its new items in bulk and enqueue them for classification in bulk,
 * then subscribe to the WebSub hub it announces (when WebSub is on); on a 304 only reschedule it. Every outcome sets the feed's next poll (see poll-schedule.ts for the rules).
 */
@Processor(QueueName.FeedsPoll)
export class FeedsPollProcessor extends WireWorker {
  private readonly limits: ScheduleLimits;

  constructor(
    private readonly feeds: FeedStore,
    private readonly stories: StoryStore,
    @InjectQueue(QueueName.StoriesClassify) private readonly classifyQueue: Queue,
    private readonly http: OutboundHttp,
    private readonly websub: WebSubService,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
    this.limits = { minIntervalSec: cfg.minPollIntervalSec, defaultIntervalSec: cfg.defaultPollIntervalSec };
  }

  async process(job: Job<FeedsPollJob>): Promise<PollOutcome> {
    const { feedId, correlationId } = job.data;
    const feed = await this.feeds.get(feedId);
    if (!feed) return { outcome: 'skipped', reason: 'feed deleted' };
    if (feed.status !== 'active') return { outcome: 'skipped', reason: `feed ${feed.status}` };

    let result: FetchResult;
    try {
      result = await fetchFeed(this.http, feed.url, feed, { timeoutMs: this.cfg.fetchTimeoutMs, maxBytes: this.cfg.feedMaxBytes });
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
      return this.failed(feed, e, correlationId);
    }
    await this.followMove(feed, result.movedTo);
    if (result.kind === 'not-modified') return this.notModified(feed, result);
    return this.stored(feed, result, correlationId);
  }

  /** A 304 costs no parsing and no write but the schedule. */
  private async notModified(feed: FeedEntity, result: Extract<FetchResult, { kind: 'not-modified' }>): Promise<PollOutcome> {
    const intervalSec = await this.websub.pollIntervalSec(feed, intervalAfterNotModified(feed, result, this.limits));
    await this.feeds.recordSuccess(feed.id, { status: 'not-modified', effectiveIntervalSec: intervalSec, nextPollInSec: jittered(intervalSec, this.limits) });
    this.metrics.feedPolls.inc({ outcome: 'not-modified' });
    return { outcome: 'not-modified', intervalSec };
  }

  private async stored(feed: FeedEntity, result: Extract<FetchResult, { kind: 'ok' }>, correlationId: string): Promise<PollOutcome> {
    const { items, dedupStrategy } = result.feed;
    const ids = await this.stories.insertNew(feed.id, items, correlationId);
    await enqueueBulk(this.classifyQueue, QueueName.StoriesClassify, ids.map((storyId) => ({ storyId, correlationId })));
    await this.websub.afterPoll(feed.id, result); // before the interval: it depends on whether the feed is pushed
    const intervalSec = await this.websub.pollIntervalSec(feed, intervalAfterDocument(feed, result.feed, result, this.limits));
    await this.feeds.recordSuccess(feed.id, {
      status: 'ok',
      effectiveIntervalSec: intervalSec,
      nextPollInSec: jittered(intervalSec, this.limits),
      validators: result.validators,
      dedupStrategy,
    });
    this.metrics.feedPolls.inc({ outcome: 'ok' });
    this.metrics.stories.inc({ result: 'new' }, ids.length);
    this.metrics.stories.inc({ result: 'duplicate' }, items.length - ids.length);
    if (ids.length) this.logger.log(`feed ${feed.id}: ${ids.length} new of ${items.length} [${correlationId}]`);
    return { outcome: 'ok', items: items.length, new: ids.length, intervalSec };
  }

  /**
   * Bad input is recorded against its feed and never stops the pipeline; a 410 also stops its polling. A rate
   * limit is not breakage: the feed and its host's other feeds wait longer, and nothing is counted as an error.
   */
  private async failed(feed: FeedEntity, e: FeedError, correlationId: string): Promise<PollOutcome> {
    this.metrics.feedPolls.inc({ outcome: e.category });
    if (e.category === 'rate-limited') {
      const intervalSec = rateLimitedIntervalSec(feed, e.retryAfterSec, this.limits);
      const hostFeedsDelayed = await this.feeds.recordRateLimit(feed.id, intervalSec);
      this.logger.warn(`feed ${feed.id} rate-limited (${e.message}): next poll of its host in ${intervalSec} s [${correlationId}]`);
      return { outcome: 'rate-limited', intervalSec, hostFeedsDelayed };
    }
    if (e.category === 'gone') await this.feeds.markGone(feed.id, e.message);
    else await this.feeds.recordFailure(feed.id, e.category, e.message, this.cfg.feedMaxErrors);
    this.logger.warn(`feed ${feed.id} ${e.category}: ${e.message} [${correlationId}]`);
    return { outcome: 'error', category: e.category, message: e.message };
  }

  /** Every hop was checked by the SSRF guard on the way; the new address is polled from now on. */
  private async followMove(feed: FeedEntity, movedTo: string | null): Promise<void> {
    if (!movedTo || movedTo === feed.url) return;
    if (await this.feeds.moveTo(feed.id, movedTo)) this.logger.log(`feed ${feed.id} moved permanently to ${movedTo}`);
    else this.logger.warn(`feed ${feed.id} moved permanently to ${movedTo}, which another feed has: URL kept`);
  }
}
