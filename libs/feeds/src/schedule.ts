import { parseFeedDate } from './normalize';

export const DEFAULT_MIN_POLL_INTERVAL_SEC = 30;
export const MAX_POLL_INTERVAL_SEC = 24 * 60 * 60;
/** Polls per average gap between entries: two means a new entry waits a quarter of a gap on average. */
export const POLLS_PER_GAP = 2;
/** At most this many recent entries describe a feed's pace, so an old archive in the document does not slow it. */
export const RECENT_ENTRIES = 20;

/** What the server said about caching, as raw header values (and the feed's own `<ttl>`, already in seconds). */
export interface CachingHints {
  /** `ParsedFeed.ttlSeconds`: RSS `<ttl>` minutes or `sy:updatePeriod`/`sy:updateFrequency`, in seconds. */
  ttlSeconds?: number | null;
  cacheControl?: string | null;
  expires?: string | null;
  /** The response's `Date`, against which `Expires` and a dated `Retry-After` are measured (else `now`). */
  date?: string | null;
  retryAfter?: string | null;
}

export interface PollIntervalInput {
  now: Date;
  /** Publish (or first-seen) times of the feed's recent items, any order; nulls and future times are ignored. */
  publishedAt?: ReadonlyArray<Date | null>;
  /** Alternatively: how many new items appeared over the last `windowSec` (over N days or N polls). */
  recentItems?: { count: number; windowSec: number };
  minIntervalSec?: number;
  maxIntervalSec?: number;
  hints?: CachingHints;
  /** Consecutive failed polls so far (0 after a success). */
  errorCount?: number;
  /** The last answer was a 429 (or 503 with Retry-After): we were asked to slow down. */
  rateLimited?: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Average seconds between entries. From publish times it is (now − oldest of the recent entries) / count, which,
 * unlike the gap between the entries themselves, also grows while a feed stays silent. Null when nothing is known.
 */
function averageGapSec(input: PollIntervalInput): number | null {
  if (input.recentItems) {
    const { count, windowSec } = input.recentItems;
    return count > 0 && windowSec > 0 ? windowSec / count : null;
  }
  const now = input.now.getTime();
  const recent = (input.publishedAt ?? [])
    .filter((d): d is Date => d instanceof Date && !Number.isNaN(d.getTime()) && d.getTime() <= now)
    .map((d) => d.getTime())
    .sort((a, b) => b - a)
    .slice(0, RECENT_ENTRIES);
  if (!recent.length) return null;
  return Math.max(1, (now - recent[recent.length - 1]) / 1000) / recent.length;
}

/** `max-age=N` of a Cache-Control header, or null (absent, zero, or meaningless next to no-store). */
function maxAgeSec(cacheControl: string | null | undefined): number | null {
  if (!cacheControl || /\bno-store\b/i.test(cacheControl)) return null;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return m && Number(m[1]) > 0 ? Number(m[1]) : null;
}

/** Seconds from the response's Date (or now) until an HTTP date; null when unreadable or already past. */
function secondsUntil(httpDate: string | null | undefined, hints: CachingHints, now: Date): number | null {
  const until = parseFeedDate(httpDate);
  if (!until) return null;
  const from = parseFeedDate(hints.date) ?? now;
  const sec = (until.getTime() - from.getTime()) / 1000;
  return sec > 0 ? sec : null;
}

/** `Retry-After`: delay seconds or an HTTP date. */
function retryAfterSec(hints: CachingHints, now: Date): number | null {
  const value = hints.retryAfter?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) > 0 ? Number(value) : null;
  return secondsUntil(value, hints, now);
}

/**
 * The longest wait the server or the feed asked for: `<ttl>`, `max-age` (which, as in HTTP, overrides `Expires`)
 * and `Retry-After`. These only ever lengthen the interval.
 */
export function serverFloorSec(hints: CachingHints | undefined, now: Date): number {
  if (!hints) return 0;
  const freshness = maxAgeSec(hints.cacheControl) ?? secondsUntil(hints.expires, hints, now);
  const ttl = hints.ttlSeconds && hints.ttlSeconds > 0 ? hints.ttlSeconds : null;
  return Math.max(0, ttl ?? 0, freshness ?? 0, retryAfterSec(hints, now) ?? 0);
}

/**
 * Seconds until the next poll of a feed. Miniflux's entry-frequency idea, refined: the average gap between recent
 * entries divided by POLLS_PER_GAP, clamped to [min, max] (a feed with no known entries gets max). Failures back off
 * as interval × consecutive errors, doubled after a rate limit; then server hints (TTL, max-age, Expires,
 * Retry-After) may lengthen it, never shorten it. Never above max (24 h by default).
 */
export function nextPollInterval(input: PollIntervalInput): number {
  const min = Math.max(1, input.minIntervalSec ?? DEFAULT_MIN_POLL_INTERVAL_SEC);
  const max = Math.max(min, input.maxIntervalSec ?? MAX_POLL_INTERVAL_SEC);
  const gap = averageGapSec(input);
  let interval = gap === null ? max : clamp(gap / POLLS_PER_GAP, min, max);
  const errors = Math.max(0, Math.floor(input.errorCount ?? 0));
  interval *= Math.max(1, errors) * (input.rateLimited ? 2 : 1);
  interval = Math.max(interval, serverFloorSec(input.hints, input.now));
  return Math.round(clamp(interval, min, max));
}

/**
 * Spreads polls of feeds that share a schedule: ±10 % of `sec`, chosen by `random` in [0, 1) (Math.random() in
 * production, a fixed value in tests), so the result is deterministic given the random value.
 */
export function withJitter(sec: number, random: number): number {
  const r = clamp(Number.isFinite(random) ? random : 0.5, 0, 1);
  return Math.max(1, Math.round(sec * (1 + 0.1 * (2 * r - 1))));
}
