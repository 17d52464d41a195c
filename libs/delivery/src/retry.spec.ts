import { DEFAULT_RETRY_SCHEDULE_MS, classifyResponse, nextRetryDelay, parseRetryAfter, parseRetrySchedule, shouldDisableEndpoint } from './retry';

const now = new Date('2025-01-27T20:00:00Z');
const base = { schedule: [0, 1000, 60_000], status: 500, retryAfter: null, now, random: 0.5 };

describe('parseRetrySchedule', () => {
  it('parses the default schedule text', () => {
    expect(parseRetrySchedule('0,5s,5m,30m,2h,5h,10h,10h')).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('accepts spaces, ms, d, decimals and upper case', () => {
    expect(parseRetrySchedule(' 0 , 250ms, 1.5S ,1d')).toEqual([0, 250, 1500, 86_400_000]);
  });

  it.each([
    ['', 'retry schedule is empty: expected e.g. "0,5s,5m,30m,2h"'],
    ['0,,5s', 'retry schedule entry 2 is empty'],
    ['0,5', 'retry schedule entry 2 ("5") needs a unit: ms, s, m, h or d'],
    ['0,5x', 'retry schedule entry 2 ("5x") is not a duration such as 30s, 5m or 2h'],
    ['-5s', 'retry schedule entry 1 ("-5s") is not a duration such as 30s, 5m or 2h'],
    ['0,25h', 'retry schedule entry 2 ("25h") is longer than 24h'],
    [Array(51).fill('1s').join(','), 'retry schedule has 51 entries; at most 50 are allowed'],
  ])('refuses %j', (text, message) => {
    expect(() => parseRetrySchedule(text)).toThrow(new Error(message));
  });
});

describe('classifyResponse', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [410, 'gone'],
    [301, 'failed'],
    [308, 'failed'],
    [null, 'retry'],
    [400, 'retry'],
    [404, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [199, 'retry'],
    [0, 'retry'],
    [600, 'retry'],
  ] as const)('%p → %s', (status, cls) => {
    expect(classifyResponse(status)).toBe(cls);
  });
});

describe('nextRetryDelay', () => {
  it('follows the schedule, indexed by the attempts made, until it runs out', () => {
    expect(nextRetryDelay({ ...base, attempt: 1 })).toBe(1000);
    expect(nextRetryDelay({ ...base, attempt: 2 })).toBe(60_000);
    expect(nextRetryDelay({ ...base, attempt: 3 })).toBeNull();
    const { schedule: _s, ...noSchedule } = base;
    expect(nextRetryDelay({ ...noSchedule, attempt: 7 })).toBe(36_000_000);
    expect(nextRetryDelay({ ...noSchedule, attempt: 8 })).toBeNull();
  });

  it('jitters by ±20 %, deterministically', () => {
    expect(nextRetryDelay({ ...base, attempt: 2, random: 0 })).toBe(48_000);
    expect(nextRetryDelay({ ...base, attempt: 2, random: 0.75 })).toBe(66_000);
    expect(nextRetryDelay({ ...base, attempt: 2, random: 0.999999 })).toBe(72_000);
  });

  it('does not retry answers that are not worth retrying', () => {
    for (const status of [200, 301, 410]) expect(nextRetryDelay({ ...base, attempt: 1, status })).toBeNull();
    expect(nextRetryDelay({ ...base, attempt: 1, status: null })).toBe(1000);
  });

  it('honours Retry-After in seconds or as an HTTP-date on 429 and 503, never shortening the schedule', () => {
    expect(nextRetryDelay({ ...base, attempt: 1, status: 429, retryAfter: '120' })).toBe(120_000);
    expect(nextRetryDelay({ ...base, attempt: 1, status: 503, retryAfter: 'Mon, 27 Jan 2025 20:05:00 GMT' })).toBe(300_000);
    expect(nextRetryDelay({ ...base, attempt: 2, status: 429, retryAfter: '1' })).toBe(60_000);
    expect(nextRetryDelay({ ...base, attempt: 1, status: 500, retryAfter: '120' })).toBe(1000);
    expect(nextRetryDelay({ ...base, attempt: 1, status: 429, retryAfter: 'soon' })).toBe(1000);
  });

  it('caps Retry-After at 24 hours', () => {
    expect(nextRetryDelay({ ...base, attempt: 1, status: 429, retryAfter: String(7 * 86_400) })).toBe(86_400_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP-dates, past dates as 0, and refuses the rest', () => {
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 27 Jan 2025 20:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon, 27 Jan 2025 19:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('shouldDisableEndpoint', () => {
  const day = 86_400_000;
  it('disables after failing continuously for the configured time (default 5 days)', () => {
    expect(shouldDisableEndpoint({ failingSince: null, now })).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: new Date(now.getTime() - 5 * day + 1), now })).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: new Date(now.getTime() - 5 * day), now })).toBe(true);
    expect(shouldDisableEndpoint({ failingSince: new Date(now.getTime() - day), now, disableAfterMs: day })).toBe(true);
  });
});
