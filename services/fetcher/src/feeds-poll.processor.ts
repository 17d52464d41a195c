import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { type FeedsPollJob, QueueName } from '@wirewatch/contracts';
import { FeedError, fetchFeed } from '@wirewatch/feeds';
import { FeedStore, StoryStore } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, OutboundHttp, WireWorker } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';

export type PollOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'not-modified' }
  | { outcome: 'ok'; items: number; new: number }
  | { outcome: 'error'; category: string; message: string };

/** feeds.poll: fetch one feed, store its new items in bulk, enqueue them for classification in bulk. */
@Processor(QueueName.FeedsPoll)
export class FeedsPollProcessor extends WireWorker {
  constructor(
    private readonly feeds: FeedStore,
    private readonly stories: StoryStore,
    @InjectQueue(QueueName.StoriesClassify) private readonly classifyQueue: Queue,
    private readonly http: OutboundHttp,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
  }

  async process(job: Job<FeedsPollJob>): Promise<PollOutcome> {
    const { feedId, correlationId } = job.data;
    const feed = await this.feeds.get(feedId);
    if (!feed) return { outcome: 'skipped', reason: 'feed deleted' };
    if (feed.status !== 'active') return { outcome: 'skipped', reason: `feed ${feed.status}` };

    let result;
    try {
      result = await fetchFeed(this.http, feed.url, feed, { timeoutMs: this.cfg.fetchTimeoutMs, maxBytes: this.cfg.feedMaxBytes });
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
      // Bad input is recorded against its feed and never stops the pipeline; a 410 also stops its polling.
      this.metrics.feedPolls.inc({ outcome: e.category });
      if (e.category === 'gone') await this.feeds.markGone(feedId, e.message);
      else await this.feeds.recordFailure(feedId, e.category, e.message, this.cfg.feedMaxErrors);
      this.logger.warn(`feed ${feedId} ${e.category}: ${e.message} [${correlationId}]`);
      return { outcome: 'error', category: e.category, message: e.message };
    }
    if (result.movedTo && result.movedTo !== feed.url) {
      // Every hop was checked by the SSRF guard on the way; the new address is polled from now on.
      if (await this.feeds.moveTo(feedId, result.movedTo)) this.logger.log(`feed ${feedId} moved permanently to ${result.movedTo}`);
      else this.logger.warn(`feed ${feedId} moved permanently to ${result.movedTo}, which another feed has: URL kept`);
    }
    if (result.kind === 'not-modified') {
      await this.feeds.recordSuccess(feedId, { etag: feed.etag, lastModified: feed.lastModified });
      this.metrics.feedPolls.inc({ outcome: 'not-modified' });
      return { outcome: 'not-modified' };
    }
    const ids = await this.stories.insertNew(feedId, result.feed.items, correlationId);
    await enqueueBulk(this.classifyQueue, QueueName.StoriesClassify, ids.map((storyId) => ({ storyId, correlationId })));
    await this.feeds.recordSuccess(feedId, result.validators);
    this.metrics.feedPolls.inc({ outcome: 'ok' });
    this.metrics.stories.inc({ result: 'new' }, ids.length);
    this.metrics.stories.inc({ result: 'duplicate' }, result.feed.items.length - ids.length);
    if (ids.length) this.logger.log(`feed ${feedId}: ${ids.length} new of ${result.feed.items.length} [${correlationId}]`);
    return { outcome: 'ok', items: result.feed.items.length, new: ids.length };
  }
}
