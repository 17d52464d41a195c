import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Counter } from 'prom-client';
import type { AppConfig } from '@wirewatch/config';
import { newCorrelationId, QueueName } from '@wirewatch/contracts';
import { callbackUrl, checkSignature, discoverWebSub, FeedError, type FeedItem, type FetchResult, parseLeaseSeconds, readFeedDocument, renewalDueAt, subscriptionForm, type WebSubTarget } from '@wirewatch/feeds';
import { HttpError } from '@wirewatch/http-client';
import { Metrics } from '@wirewatch/observability';
import { type FeedEntity, FeedStore, StoryStore, type WebSubSubscription, WebSubStore } from '@wirewatch/persistence';
import { InjectConfig, OutboundHttp } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';

/** The query of a hub's GET to a callback URL (`hub.*` parameters), as received. */
export interface Verification {
  mode?: string;
  topic?: string;
  challenge?: string;
  leaseSeconds?: string;
  reason?: string;
}

/** A content distribution request: the raw body (null when a body parser consumed it), its type and signature. */
export interface Delivery {
  body: Buffer | null;
  contentType: string | undefined;
  signature: string | undefined;
}

/**
 * `gone`: no such subscription (the hub may drop it, 410); `ignored`: accepted and dropped (bad signature,
 * unverified subscription, paused feed, unreadable document); `stored`: its new items were stored.
 */
export type DeliveryOutcome = { outcome: 'gone' } | { outcome: 'ignored'; reason: string } | { outcome: 'stored'; items: number; new: number };

/** Hub answers are small: a status and perhaps a line of text. */
const HUB_ANSWER_MAX_BYTES = 64 * 1024;
const HUB_MAX_REDIRECTS = 3;

const randomToken = () => randomBytes(24).toString('base64url');
const randomSecret = () => randomBytes(32).toString('hex');

/**
 * The subscriber side of WebSub: subscribes feeds that announce a hub, answers the hub's verifications and
 * stores what it pushes, as a poll would. Everything is off unless PUBLIC_BASE_URL is set.
 */

/** A pushed feed is still polled at least this often: a hub can fail silently. */
export const SAFETY_POLL_MAX_SEC = 6 * 3600;

@Injectable()
export class WebSubService {
  private readonly log = new Logger(WebSubService.name);
  private readonly deliveries: Counter<'result'>;

  constructor(
    private readonly subscriptions: WebSubStore,
    private readonly feeds: FeedStore,
    private readonly stories: StoryStore,
    @InjectQueue(QueueName.StoriesClassify) private readonly classifyQueue: Queue,
    private readonly http: OutboundHttp,
    private readonly metrics: Metrics,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {
    this.deliveries = new Counter({
      name: 'wirewatch_websub_deliveries_total',
      help: 'WebSub content deliveries, by result (stored, bad-signature, ignored, gone)',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }

  get enabled(): boolean {
    return this.cfg.publicBaseUrl !== null;
  }

  /**
   * After a poll that read the document: subscribes to the hub it announces, unless the feed is subscribed to
   * that hub and topic already; a new hub or topic replaces the old subscription, and a document that names no
   * hub any more ends it (both unsubscribed, best effort). A failure is logged, never thrown: the poll has
   * succeeded whatever the hub does.
   */
  async afterPoll(feedId: number, result: Extract<FetchResult, { kind: 'ok' }>): Promise<void> {
    if (!this.enabled) return;
    const target = discoverWebSub(result.feed, result.linkHeader, result.url);
    try {
      if (target) await this.follow(feedId, target);
      else await this.stopFollowing(feedId);
    } catch (e) {
      this.log.warn(`feed ${feedId}: WebSub (un)subscription failed: ${(e as Error).message}`);
    }
  }

  private async follow(feedId: number, target: WebSubTarget): Promise<void> {
    const current = await this.subscriptions.forFeed(feedId);
    if (current?.hub === target.hub && current.topic === target.topic) return;
    const { created, replaced } = await this.subscriptions.replace({ feedId, ...target, token: randomToken(), secret: randomSecret() });
    if (replaced) await this.unsubscribe(replaced);
    await this.subscribe(created);
  }

  private async stopFollowing(feedId: number): Promise<void> {
    const retired = await this.subscriptions.retire(feedId);
    if (retired) await this.unsubscribe(retired);
  }

  /**
   * The poll interval of a feed whose updates are pushed: a safety net, at least WEBSUB_POLL_INTERVAL_SEC
   * (never shorter than the adaptive interval) and at most 6 h. A fixed interval the user chose is kept as it is.
   */
  async pollIntervalSec(feed: Pick<FeedEntity, 'id' | 'pollIntervalFixed'>, intervalSec: number): Promise<number> {
    if (!this.enabled || feed.pollIntervalFixed || !(await this.subscriptions.isPushed(feed.id))) return intervalSec;
    return Math.min(Math.max(intervalSec, this.cfg.websubPollIntervalSec), SAFETY_POLL_MAX_SEC);
  }

  /**
   * Sends a subscription (or renewal) request; the record was written first, since a hub may verify before
   * it answers. A refusal (not 2xx, or no answer) marks a new subscription failed; an active one stays active
   * while its lease runs (the hub still delivers). Either is requested again after a while (WebSubRenewal).
   */
  async subscribe(sub: WebSubSubscription): Promise<void> {
    const problem = await this.request(sub, 'subscribe');
    if (problem === null) return;
    if (sub.state !== 'active') await this.subscriptions.refuse(sub.id, 'failed', problem);
    this.log.warn(`feed ${sub.feedId}: hub ${sub.hub} refused the subscription: ${problem}`);
  }

  /** Asks the hub to stop (best effort: a failure is logged; the record goes once the hub confirms, or after a day). */
  async unsubscribe(sub: WebSubSubscription): Promise<void> {
    const problem = await this.request(sub, 'unsubscribe');
    if (problem !== null) this.log.warn(`feed ${sub.feedId}: unsubscribing from ${sub.hub} failed: ${problem}`);
  }

  /** POSTs the form to the hub through the SSRF-guarded client; null when it accepted (2xx), else the problem. */
  private async request(sub: WebSubSubscription, mode: 'subscribe' | 'unsubscribe'): Promise<string | null> {
    const form = subscriptionForm({
      mode,
      hub: sub.hub,
      topic: sub.topic,
      callback: callbackUrl(this.cfg.publicBaseUrl!, sub.feedId, sub.token),
      secret: sub.secret,
      leaseSeconds: this.cfg.websubLeaseSec,
    });
    try {
      const res = await this.http.request(sub.hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        timeoutMs: this.cfg.fetchTimeoutMs,
        maxBytes: HUB_ANSWER_MAX_BYTES,
        maxRedirects: HUB_MAX_REDIRECTS,
      });
      if (res.status >= 200 && res.status < 300) return null;
      return `HTTP ${res.status}${res.body.length ? `: ${res.body.toString('utf8', 0, 200).trim()}` : ''}`;
    } catch (e) {
      if (e instanceof HttpError) return `${e.category}: ${e.message}`;
      throw e;
    }
  }

  /**
   * A hub's verification of intent. Returns the text to answer with 200 (the challenge), or null for a 404: the
   * callback, mode and topic must match a subscription we asked for. A subscription's lease starts here.
   */
  async verify(feedId: number, token: string, v: Verification): Promise<string | null> {
    if (!this.enabled) return null;
    const sub = await this.subscriptions.byCallback(feedId, token);
    if (!sub || sub.topic !== v.topic) return null;
    if (v.mode === 'denied' && sub.state !== 'unsubscribing') {
      await this.subscriptions.refuse(sub.id, 'denied', v.reason?.trim() || 'denied by the hub, no reason given');
      this.log.warn(`feed ${feedId}: hub ${sub.hub} denied the subscription (${v.reason ?? 'no reason'})`);
      return '';
    }
    if (!v.challenge) return null;
    if (v.mode === 'subscribe' && (sub.state === 'pending' || sub.state === 'active')) {
      const leaseSeconds = parseLeaseSeconds(v.leaseSeconds) ?? this.cfg.websubLeaseSec;
      const expiresAt = new Date(Date.now() + leaseSeconds * 1000);
      await this.subscriptions.activate(sub.id, { leaseSeconds, expiresAt, renewAt: renewalDueAt(expiresAt, leaseSeconds) });
      return v.challenge;
    }
    if (v.mode === 'unsubscribe' && sub.state === 'unsubscribing') {
      await this.subscriptions.remove(sub.id);
      return v.challenge;
    }
    return null;
  }

  /**
   * A hub's content distribution. Per the spec, a delivery whose signature is missing or wrong is acknowledged
   * and dropped (logged and counted), so that a forger learns nothing; a valid one is decoded and parsed as a
   * poll would, and its new items stored and queued for classification.
   */
  async deliver(feedId: number, token: string, d: Delivery): Promise<DeliveryOutcome> {
    const sub = this.enabled ? await this.subscriptions.byCallback(feedId, token) : null;
    if (!sub || sub.state === 'unsubscribing') return this.counted({ outcome: 'gone' });
    if (sub.state !== 'active') return this.ignored(feedId, `subscription ${sub.state}`);
    if (!d.body) return this.ignored(feedId, `a ${d.contentType} body was consumed by a body parser: its signature cannot be checked`);
    const signature = checkSignature(d.signature, sub.secret, d.body);
    if (signature !== 'valid') {
      this.log.warn(`feed ${feedId}: WebSub delivery dropped, signature ${signature}`);
      return this.counted({ outcome: 'ignored', reason: `signature ${signature}` }, 'bad-signature');
    }
    const feed = await this.feeds.get(feedId);
    if (feed?.status !== 'active') return this.ignored(feedId, `feed ${feed?.status ?? 'deleted'}`);
    return this.store(feed, sub.topic, d.body, d.contentType);
  }

  /** Stores a verified delivery's new items as a poll would; relative links resolve against the topic. */
  private async store(feed: FeedEntity, topic: string, body: Buffer, contentType: string | undefined): Promise<DeliveryOutcome> {
    let items: FeedItem[];
    try {
      ({ items } = await readFeedDocument(body, contentType, topic));
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
      return this.ignored(feed.id, `${e.category}: ${e.message}`);
    }
    const correlationId = newCorrelationId();
    const ids = await this.stories.insertNew(feed.id, items, correlationId);
    await enqueueBulk(this.classifyQueue, QueueName.StoriesClassify, ids.map((storyId) => ({ storyId, correlationId })));
    this.metrics.stories.inc({ result: 'new' }, ids.length);
    this.metrics.stories.inc({ result: 'duplicate' }, items.length - ids.length);
    if (ids.length) this.log.log(`feed ${feed.id}: ${ids.length} new of ${items.length} pushed by WebSub [${correlationId}]`);
    return this.counted({ outcome: 'stored', items: items.length, new: ids.length });
  }

  private ignored(feedId: number, reason: string): DeliveryOutcome {
    this.log.warn(`feed ${feedId}: WebSub delivery ignored: ${reason}`);
    return this.counted({ outcome: 'ignored', reason });
  }

  private counted(outcome: DeliveryOutcome, result: string = outcome.outcome): DeliveryOutcome {
    this.deliveries.inc({ result });
    return outcome;
  }
}
