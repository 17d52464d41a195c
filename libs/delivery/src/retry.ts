/**
 * Webhook retry policy in the Standard Webhooks / Svix style: a fixed schedule of delays, each measured from the
 * previous failure, with ±20 % jitter so that a recovering endpoint is not hit by every queued delivery at once,
 * and a receiver's `Retry-After` honoured on 429/503.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Delay before attempt n+1 (index n): immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
export const RETRY_JITTER = 0.2;
/** The longest wait a schedule entry or a `Retry-After` may impose. */
export const MAX_RETRY_DELAY_MS = DAY;
export const MAX_RETRY_ATTEMPTS = 50;
export const DEFAULT_DISABLE_AFTER_MS = 5 * DAY;

const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/**
 * Parses a schedule such as `0,5s,5m,30m,2h,5h,10h,10h` (units ms, s, m, h, d; a bare number only for 0, since
 * `5` could mean seconds or milliseconds). Throws an Error naming the entry at fault.
 */
export function parseRetrySchedule(text: string): number[] {
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length === 1 && entries[0] === '') throw new Error('retry schedule is empty: expected e.g. "0,5s,5m,30m,2h"');
  if (entries.length > MAX_RETRY_ATTEMPTS) throw new Error(`retry schedule has ${entries.length} entries; at most ${MAX_RETRY_ATTEMPTS} are allowed`);
  return entries.map((entry, i) => parseDelay(entry, i + 1));
}

function parseDelay(entry: string, n: number): number {
  const at = `retry schedule entry ${n}`;
  if (entry === '') throw new Error(`${at} is empty`);
  const m = DURATION.exec(entry.toLowerCase());
  if (!m) throw new Error(`${at} ("${entry}") is not a duration such as 30s, 5m or 2h`);
  const value = Number(m[1]);
  if (m[2] === undefined && value !== 0) throw new Error(`${at} ("${entry}") needs a unit: ms, s, m, h or d`);
  const ms = Math.round(value * UNIT_MS[m[2] ?? 'ms']);
  if (ms > MAX_RETRY_DELAY_MS) throw new Error(`${at} ("${entry}") is longer than 24h`);
  return ms;
}

export type ResponseClass = 'delivered' | 'retry' | 'gone' | 'failed';

/**
 * What an HTTP answer (null: no answer — network error or timeout) means for a delivery:
 * - 2xx: delivered.
 * - 410 Gone: the receiver says the endpoint is gone for good; stop and disable the endpoint.
 * - 3xx: failed without retry. Redirects are not followed (they could point anywhere, SSRF), and the same request
 *   would get the same redirect: the endpoint URL needs fixing, which retries cannot do.
 * - every other status (all 4xx, 5xx) and no answer: retry. Like Svix we do not guess which 4xx are permanent;
 *   a receiver that rejects everything is disabled by {@link shouldDisableEndpoint} after days of failures.
 * - anything outside 100–599 is a garbled answer and treated like no answer.
 */
export function classifyResponse(status: number | null): ResponseClass {
  if (status === null || !Number.isInteger(status) || status < 100 || status > 599) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status >= 300 && status < 400) return 'failed';
  return 'retry';
}

export interface RetryInput {
  /** Attempts made so far, the failed one included (1 after the first attempt). */
  attempt: number;
  schedule?: readonly number[];
  /** Status of the failed attempt; null when there was no answer. */
  status: number | null;
  /** The `Retry-After` header of that answer, if any. */
  retryAfter: string | null;
  now: Date;
  /** A uniform random value in [0, 1); 0.5 means no jitter. Injected so that the delay is deterministic. */
  random: number;
}

/** Milliseconds to wait before the next attempt, or null when the answer is not retried or no attempts are left. */
export function nextRetryDelay(input: RetryInput): number | null {
  const schedule = input.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
  if (classifyResponse(input.status) !== 'retry' || input.attempt >= schedule.length) return null;
  const scheduled = jitter(schedule[input.attempt], input.random);
  const asked = input.status === 429 || input.status === 503 ? parseRetryAfter(input.retryAfter, input.now) : null;
  return asked === null ? scheduled : Math.max(scheduled, Math.min(asked, MAX_RETRY_DELAY_MS));
}

/** Scales a delay by a factor in [1 - 20 %, 1 + 20 %) picked by `random`. */
function jitter(delayMs: number, random: number): number {
  return Math.round(delayMs * (1 + RETRY_JITTER * (2 * random - 1)));
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP-date (past dates mean 0); null if malformed. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * SECOND;
  // HTTP-dates (IMF-fixdate and the two obsolete forms) start with a day name; Date.parse alone accepts "-5".
  const date = /^[a-z]{3}/i.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/** An endpoint that has failed every delivery for `disableAfterMs` (default 5 days) is disabled. */
export function shouldDisableEndpoint(input: { failingSince: Date | null; now: Date; disableAfterMs?: number }): boolean {
  if (input.failingSince === null) return false;
  return input.now.getTime() - input.failingSince.getTime() >= (input.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS);
}
