import { DEFAULT_UPDATE_INTERVAL_MS, SOURCE_COUNT_THRESHOLDS, alertType, crossesThreshold, shouldUpdate } from './alert-rules';

describe('crossesThreshold', () => {
  it.each([
    [2, 3, 3],
    [3, 4, null],
    [4, 11, 10],
    [1, 30, 25],
    [4, 5, 5],
    [5, 5, null],
    [25, 100, null],
    [0, 2, null],
    [11, 9, null],
  ])('%i → %i crosses %p', (previous, current, crossed) => {
    expect(crossesThreshold(previous, current)).toBe(crossed);
  });

  it('uses the documented thresholds', () => {
    expect(SOURCE_COUNT_THRESHOLDS).toEqual([3, 5, 10, 25]);
  });
});

describe('shouldUpdate', () => {
  const lastSentAt = new Date('2025-01-27T20:00:00Z');
  const after = (ms: number) => new Date(lastSentAt.getTime() + ms);

  it('waits for the interval, reached at exactly its length', () => {
    expect(DEFAULT_UPDATE_INTERVAL_MS).toBe(600_000);
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 1, now: after(599_999), sourceCount: 2 })).toEqual({ update: false, reason: null });
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 1, now: after(600_000), sourceCount: 2 })).toEqual({ update: true, reason: 'interval' });
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 1, now: after(60_000), sourceCount: 1, updateIntervalMs: 60_000 })).toEqual({ update: true, reason: 'interval' });
  });

  it('updates early when the source count crosses a threshold', () => {
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 2, now: after(1000), sourceCount: 3 })).toEqual({ update: true, reason: 'sources' });
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 3, now: after(1000), sourceCount: 4 })).toEqual({ update: false, reason: null });
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 2, now: after(700_000), sourceCount: 3 })).toEqual({ update: true, reason: 'sources' });
  });

  it('does not treat a clock running backwards as an elapsed interval', () => {
    expect(shouldUpdate({ lastSentAt, lastSourceCount: 1, now: after(-700_000), sourceCount: 2 })).toEqual({ update: false, reason: null });
  });
});

describe('alertType', () => {
  const sentAt = new Date('2025-01-27T20:00:00Z');

  it('creates on the first story, then updates by the rules', () => {
    expect(alertType(null, { now: sentAt, sourceCount: 1 })).toBe('alert.created');
    expect(alertType({ sentAt, sourceCount: 1 }, { now: new Date(sentAt.getTime() + 1000), sourceCount: 2 })).toBeNull();
    expect(alertType({ sentAt, sourceCount: 4 }, { now: new Date(sentAt.getTime() + 1000), sourceCount: 5 })).toBe('alert.updated');
    expect(alertType({ sentAt, sourceCount: 1 }, { now: new Date(sentAt.getTime() + 600_000), sourceCount: 1 })).toBe('alert.updated');
  });
});
