import { compareStreamIds, earlier, isStreamId, positionBefore, STREAM_START } from './stream-position';
import { parseStreamRequest } from './stream-request';

const TOPICS = ['regulation', 'earnings'];

describe('stream positions', () => {
  it('orders ids numerically, not as text', () => {
    expect(compareStreamIds('999-5', '1000-0')).toBeLessThan(0);
    expect(compareStreamIds('1000-10', '1000-9')).toBeGreaterThan(0);
    expect(compareStreamIds('1000-1', '1000-1')).toBe(0);
    expect(earlier('1700000000000-3', '1700000000000-12')).toBe('1700000000000-3');
  });

  it('accepts only full ids as Last-Event-ID', () => {
    expect(isStreamId('1700000000000-0')).toBe(true);
    expect(['1700000000000', 'abc', '1-2-3', '', '99999999999999999999999-0'].filter(isStreamId)).toEqual([]);
  });

  it('puts ?since= just before the first id of that millisecond', () => {
    const position = positionBefore(new Date(1_700_000_000_000));
    expect(compareStreamIds(position, '1700000000000-0')).toBeLessThan(0);
    expect(compareStreamIds(position, '1699999999999-99999')).toBeGreaterThan(0);
    expect(positionBefore(new Date(0))).toBe(STREAM_START);
  });
});

describe('parseStreamRequest', () => {
  it('reads an ad-hoc filter from query parameters (lists comma-separated or repeated)', () => {
    expect(parseStreamRequest({ tickers: ['nvda', 'AMD, tsm'], topics: 'regulation', minSeverity: '60', q: 'export AND ban', key: 'k' }, undefined, TOPICS)).toEqual({
      request: { selection: { filter: { tickers: ['NVDA', 'AMD', 'TSM'], topics: ['regulation'], minSeverity: 60, query: 'export AND ban' } }, after: null },
    });
    expect(parseStreamRequest({}, undefined, TOPICS)).toEqual({ request: { selection: { filter: {} }, after: null } });
  });

  it('prefers Last-Event-ID over ?lastEventId= and ?since=', () => {
    const parsed = parseStreamRequest({ subscription: '4', since: '2026-03-02T08:00:00Z', lastEventId: '5-0' }, '1700000000000-2', TOPICS);
    expect(parsed).toEqual({ request: { selection: { subscriptionId: 4 }, after: '1700000000000-2' } });
    expect(parseStreamRequest({ since: '2026-03-02T08:00:00Z' }, undefined, TOPICS)).toEqual({
      request: { selection: { filter: {} }, after: positionBefore(new Date('2026-03-02T08:00:00Z')) },
    });
  });

  it('reports every problem, naming the parameter', () => {
    const parsed = parseStreamRequest({ topics: 'weather', minRelevance: '120', q: 'a OR', since: 'last week', extra: '1' }, undefined, TOPICS);
    expect('errors' in parsed && parsed.errors).toEqual([
      expect.stringMatching(/^extra is not a known parameter/),
      expect.stringMatching(/^since must be an ISO 8601 time/),
      expect.stringMatching(/^topics\[0\] is not a known topic/),
      expect.stringMatching(/^minRelevance must be a number from 0 to 100/),
      expect.stringMatching(/^query: /),
    ]);
    expect(parseStreamRequest({ subscription: 'x' }, 'nope', TOPICS)).toEqual({ errors: [expect.stringMatching(/^Last-Event-ID/), expect.stringMatching(/^subscription must be/)] });
  });
});
