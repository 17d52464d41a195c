import { parseFeed } from '@wirewatch/feeds';
import { intervalAfterDocument, intervalAfterNotModified, jittered, rateLimitedIntervalSec } from './poll-schedule';
import { itemsEvery, specRss } from './spec-feeds';

const limits = { minIntervalSec: 30, defaultIntervalSec: 300 };
const adaptive = { pollIntervalSec: 300, pollIntervalFixed: false, effectiveIntervalSec: 600 };
const fixed = { pollIntervalSec: 120, pollIntervalFixed: true, effectiveIntervalSec: 120 };
const noHints = { cacheMaxAgeSec: null, expiresAt: null };
const now = new Date('2026-03-02T12:00:00Z');

describe('poll schedule rules', () => {
  it('polls twice per average gap between items, clamped to [min, 24 h]', async () => {
    const hourly = await parseFeed(specRss('Hourly', itemsEvery('h', 3600, 20, now.getTime())), 'https://desk.example.org/feed', { now });
    expect(intervalAfterDocument(adaptive, hourly, noHints, limits, now)).toBe(1800);
    const busy = await parseFeed(specRss('Busy', itemsEvery('b', 10, 20, now.getTime())), 'https://desk.example.org/feed', { now });
    expect(intervalAfterDocument(adaptive, busy, noHints, limits, now)).toBe(30);
    const old = await parseFeed(specRss('Old', itemsEvery('o', 30 * 86400, 5, now.getTime())), 'https://desk.example.org/feed', { now });
    expect(intervalAfterDocument(adaptive, old, noHints, limits, now)).toBe(86400);
  });

  it('lets hints lengthen but not shorten, and leaves a fixed interval alone', async () => {
    const hourly = await parseFeed(specRss('Hourly', itemsEvery('h', 3600, 20, now.getTime()), { ttlMinutes: 120 }), 'https://desk.example.org/feed', { now });
    expect(intervalAfterDocument(adaptive, hourly, noHints, limits, now)).toBe(7200);
    expect(intervalAfterDocument(adaptive, hourly, { cacheMaxAgeSec: 60, expiresAt: null }, limits, now)).toBe(7200);
    expect(intervalAfterDocument(fixed, hourly, { cacheMaxAgeSec: 9000, expiresAt: null }, limits, now)).toBe(120);
    expect(intervalAfterNotModified(adaptive, { cacheMaxAgeSec: null, expiresAt: new Date(now.getTime() + 3_600_000) }, limits, now)).toBe(3600);
    expect(intervalAfterNotModified(adaptive, { cacheMaxAgeSec: 10, expiresAt: null }, limits, now)).toBe(600);
    expect(intervalAfterNotModified(fixed, { cacheMaxAgeSec: 9000, expiresAt: null }, limits, now)).toBe(120);
  });

  it('uses POLL_INTERVAL_SEC for a document without dated items', async () => {
    const undated = await parseFeed(specRss('Undated', [{ guid: 'u', title: 'No date here' }]), 'https://desk.example.org/feed', { now });
    expect(intervalAfterDocument(adaptive, undated, noHints, limits, now)).toBe(300);
  });

  it('backs off a rate limit: double the interval, at least Retry-After, at most 24 h', () => {
    expect(rateLimitedIntervalSec(adaptive, null, limits)).toBe(1200);
    expect(rateLimitedIntervalSec(adaptive, 7200, limits)).toBe(7200);
    expect(rateLimitedIntervalSec(adaptive, 5, limits)).toBe(1200);
    expect(rateLimitedIntervalSec({ ...adaptive, effectiveIntervalSec: 80_000 }, null, limits)).toBe(86400);
  });

  it('jitters by ±10 %, never below the minimum', () => {
    expect(jittered(1000, limits, 0)).toBe(900);
    expect(jittered(1000, limits, 0.999999)).toBe(1100);
    expect(jittered(30, limits, 0)).toBe(30);
  });
});
