import { MAX_POLL_INTERVAL_SEC, nextPollInterval, serverFloorSec, withJitter, type PollIntervalInput } from './index';

const now = new Date('2025-01-27T12:00:00Z');
const ago = (sec: number) => new Date(now.getTime() - sec * 1000);
/** `count` entries `everySec` apart, the newest `newestAgoSec` before now. */
const entries = (count: number, everySec: number, newestAgoSec = everySec) =>
  Array.from({ length: count }, (_, i) => ago(newestAgoSec + i * everySec));
const hourly = { now, publishedAt: entries(10, 3600) }; // average gap 1 h → poll every 30 min
const poll = (extra: Partial<PollIntervalInput>) => nextPollInterval({ ...hourly, ...extra });

describe('nextPollInterval: pace of the feed', () => {
  it('polls twice per average gap between recent entries', () => {
    expect(nextPollInterval(hourly)).toBe(1800);
    expect(nextPollInterval({ now, recentItems: { count: 7, windowSec: 7 * 86400 } })).toBe(43200); // one a day
  });

  it('clamps to the minimum (30 s by default, or the feed setting) and to 24 h', () => {
    expect(nextPollInterval({ now, publishedAt: entries(20, 20) })).toBe(30);
    expect(nextPollInterval({ now, publishedAt: entries(20, 20), minIntervalSec: 300 })).toBe(300);
    expect(nextPollInterval({ now, publishedAt: entries(5, 30 * 86400) })).toBe(MAX_POLL_INTERVAL_SEC);
  });

  it('waits the maximum for a feed with no known entries', () => {
    expect(nextPollInterval({ now })).toBe(86400);
    expect(nextPollInterval({ now, publishedAt: [null, null] })).toBe(86400);
    expect(nextPollInterval({ now, recentItems: { count: 0, windowSec: 86400 } })).toBe(86400);
  });

  it('ignores future and missing dates, and looks only at the 20 newest entries', () => {
    expect(poll({ publishedAt: [...entries(10, 3600), null, new Date('2099-01-01T00:00:00Z')] })).toBe(1800);
    const busyNowQuietBefore = [...entries(20, 60), ...entries(100, 86400, 365 * 86400)];
    expect(nextPollInterval({ now, publishedAt: busyNowQuietBefore })).toBe(30);
  });

  it('slows down a feed that has gone silent', () => {
    // The same hourly rhythm, but the newest entry is five days old: (5 d + 9 h + 1 h) / 10 / 2.
    expect(nextPollInterval({ now, publishedAt: entries(10, 3600, 5 * 86400 + 3600) })).toBe(23400);
  });
});

describe('nextPollInterval: server hints only lengthen', () => {
  it('honours <ttl> when longer, never when shorter', () => {
    expect(poll({ hints: { ttlSeconds: 3600 } })).toBe(3600);
    expect(poll({ hints: { ttlSeconds: 600 } })).toBe(1800);
  });

  it('reads Cache-Control max-age, which overrides Expires, and ignores it next to no-store', () => {
    expect(poll({ hints: { cacheControl: 'public, max-age=7200' } })).toBe(7200);
    expect(poll({ hints: { cacheControl: 'no-store, max-age=7200' } })).toBe(1800);
    expect(poll({ hints: { cacheControl: 'max-age=60', expires: 'Mon, 27 Jan 2025 15:00:00 GMT' } })).toBe(1800);
  });

  it('measures Expires from the response Date (the server clock), else from now', () => {
    expect(poll({ hints: { expires: 'Mon, 27 Jan 2025 14:00:00 GMT' } })).toBe(7200);
    expect(poll({ hints: { expires: 'Mon, 27 Jan 2025 12:30:00 GMT', date: 'Mon, 27 Jan 2025 10:00:00 GMT' } })).toBe(9000);
    expect(poll({ hints: { expires: 'Mon, 27 Jan 2025 11:00:00 GMT' } })).toBe(1800); // already expired
    expect(poll({ hints: { expires: '0' } })).toBe(1800);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(poll({ hints: { retryAfter: '5400' } })).toBe(5400);
    expect(poll({ hints: { retryAfter: 'Mon, 27 Jan 2025 13:00:00 GMT', date: 'Mon, 27 Jan 2025 12:00:00 GMT' } })).toBe(3600);
    expect(poll({ hints: { retryAfter: 'soon' } })).toBe(1800);
  });

  it('caps every hint at 24 h', () => {
    expect(poll({ hints: { ttlSeconds: 3 * 86400 } })).toBe(86400);
    expect(serverFloorSec({ ttlSeconds: 60, cacheControl: 'max-age=120', retryAfter: '90' }, now)).toBe(120);
    expect(serverFloorSec(undefined, now)).toBe(0);
  });
});

describe('nextPollInterval: failures back off', () => {
  it('multiplies the interval by the consecutive error count, up to 24 h', () => {
    expect(poll({ errorCount: 1 })).toBe(1800);
    expect(poll({ errorCount: 3 })).toBe(5400);
    expect(poll({ errorCount: 100 })).toBe(86400);
  });

  it('doubles after a rate limit, and still honours a longer Retry-After', () => {
    expect(poll({ rateLimited: true, errorCount: 1 })).toBe(3600);
    expect(poll({ rateLimited: true, errorCount: 1, hints: { retryAfter: '7200' } })).toBe(7200);
  });
});

describe('withJitter', () => {
  it('spreads by ±10 % deterministically given the random value', () => {
    expect(withJitter(1000, 0)).toBe(900);
    expect(withJitter(1000, 0.5)).toBe(1000);
    expect(withJitter(1000, 0.75)).toBe(1050);
    expect(withJitter(1000, 0.999999)).toBe(1100);
    expect(withJitter(1000, 0.25)).toBe(withJitter(1000, 0.25));
  });

  it('keeps out-of-range randoms inside the band and never returns less than a second', () => {
    expect(withJitter(1000, 7)).toBe(1100);
    expect(withJitter(1000, -1)).toBe(900);
    expect(withJitter(1000, Number.NaN)).toBe(1000);
    expect(withJitter(0, 0)).toBe(1);
  });
});
