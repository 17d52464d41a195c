import { type CachingHints, MAX_POLL_INTERVAL_SEC, nextPollInterval, type ParsedFeed, serverFloorSec, withJitter } from '@wirewatch/feeds';
import type { CacheHints } from '@wirewatch/http-client';
import type { FeedEntity } from '@wirewatch/persistence';

/**
 * How often a feed is polled. The rules (README, Feeds):
 * - A feed registered without pollIntervalSec adapts: after each 200 its interval is half the average gap between
 *   its recent dated items, within [MIN_POLL_INTERVAL_SEC, 24 h]. A document without dated items keeps
 *   POLL_INTERVAL_SEC. A 304 keeps the interval in force.
 * - The publisher's hints (RSS <ttl>/sy:updatePeriod, Cache-Control max-age, Expires) lengthen it, never shorten it.
 * - A feed whose pollIntervalSec the user set keeps exactly that interval; hints do not change it.
 * - A rate limit lengthens any feed's interval (see rateLimitedIntervalSec) until its next successful poll.
 * - Failures back off as interval × consecutive errors (FeedStore.recordFailure).
 * Every next poll is jittered by ±10 % so feeds registered together drift apart.
 */
export interface ScheduleLimits {
  minIntervalSec: number;
  defaultIntervalSec: number;
}

type ScheduledFeed = Pick<FeedEntity, 'pollIntervalSec' | 'pollIntervalFixed' | 'effectiveIntervalSec'>;

const clampInterval = (sec: number, limits: ScheduleLimits) => Math.round(Math.min(MAX_POLL_INTERVAL_SEC, Math.max(limits.minIntervalSec, sec)));

/** The fetch result's parsed hints in the form the schedule lib reads (Expires is already on our clock). */
function cachingHints(hints: CacheHints, ttlSeconds: number | null): CachingHints {
  return {
    ttlSeconds,
    cacheControl: hints.cacheMaxAgeSec ? `max-age=${hints.cacheMaxAgeSec}` : null,
    expires: hints.expiresAt?.toUTCString() ?? null,
  };
}

/** The interval after a 200: from the document's item dates and the hints, unless the user fixed it. */
export function intervalAfterDocument(feed: ScheduledFeed, doc: ParsedFeed, hints: CacheHints, limits: ScheduleLimits, now = new Date()): number {
  if (feed.pollIntervalFixed) return feed.pollIntervalSec;
  const caching = cachingHints(hints, doc.ttlSeconds);
  const dated = doc.items.map((i) => i.publishedAt).filter((d): d is Date => d !== null);
  if (!dated.length) return clampInterval(Math.max(limits.defaultIntervalSec, serverFloorSec(caching, now)), limits);
  return nextPollInterval({ now, publishedAt: dated, minIntervalSec: limits.minIntervalSec, hints: caching });
}

/** The interval after a 304: the one in force, lengthened by the hints, unless the user fixed it. */
export function intervalAfterNotModified(feed: ScheduledFeed, hints: CacheHints, limits: ScheduleLimits, now = new Date()): number {
  if (feed.pollIntervalFixed) return feed.pollIntervalSec;
  return clampInterval(Math.max(feed.effectiveIntervalSec, serverFloorSec(cachingHints(hints, null), now)), limits);
}

/** After a rate limit: twice the interval in force, and at least what Retry-After asked for (at most 24 h). */
export function rateLimitedIntervalSec(feed: ScheduledFeed, retryAfterSec: number | null, limits: ScheduleLimits): number {
  return clampInterval(Math.max(feed.effectiveIntervalSec * 2, retryAfterSec ?? 0), limits);
}

/** Seconds until the next poll: the interval ±10 %, never below the minimum. */
export function jittered(intervalSec: number, limits: ScheduleLimits, random = Math.random()): number {
  return Math.max(limits.minIntervalSec, withJitter(intervalSec, random));
}
