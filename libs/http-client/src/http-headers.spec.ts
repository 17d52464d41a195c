import { parseCacheHints, parseHttpDate, parseRetryAfter } from './http-headers';

const NOW = new Date('2025-03-10T12:00:00Z');

describe('parseHttpDate', () => {
  it.each(['Mon, 10 Mar 2025 12:00:30 GMT', 'Monday, 10-Mar-25 12:00:30 GMT'])('reads %s', (value) =>
    expect(parseHttpDate(value)).toBe(Date.UTC(2025, 2, 10, 12, 0, 30)),
  );

  it.each(['0', '-1', '120', '', 'soon', undefined])('refuses %p, which Date.parse might take for a year', (value) =>
    expect(parseHttpDate(value)).toBeNull(),
  );
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '120' }, NOW)).toBe(120);
    expect(parseRetryAfter({ 'retry-after': ' 0 ' }, NOW)).toBe(0);
  });

  it('measures an HTTP date against the response Date header, so a skewed server clock does not matter', () => {
    // The server thinks it is an hour earlier than we do; it asks for 90 seconds in its own time.
    const headers = { date: 'Mon, 10 Mar 2025 11:00:00 GMT', 'retry-after': 'Mon, 10 Mar 2025 11:01:30 GMT' };
    expect(parseRetryAfter(headers, NOW)).toBe(90);
  });

  it('measures an HTTP date against now without a readable Date header, and never goes negative', () => {
    expect(parseRetryAfter({ 'retry-after': 'Mon, 10 Mar 2025 12:05:00 GMT' }, NOW)).toBe(300);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 10 Mar 2025 12:05:00 GMT', date: 'garbage' }, NOW)).toBe(300);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 10 Mar 2025 11:00:00 GMT' }, NOW)).toBe(0);
  });

  it.each([{}, { 'retry-after': '' }, { 'retry-after': 'later' }, { 'retry-after': '-5' }, { 'retry-after': '1.5' }])(
    'gives null for %p',
    (headers) => expect(parseRetryAfter(headers, NOW)).toBeNull(),
  );
});

describe('parseCacheHints', () => {
  it('reads max-age, preferring s-maxage as a shared cache does', () => {
    expect(parseCacheHints({ 'cache-control': 'public, max-age=300' }, NOW).cacheMaxAgeSec).toBe(300);
    expect(parseCacheHints({ 'cache-control': 'max-age=300, s-maxage=900' }, NOW).cacheMaxAgeSec).toBe(900);
    expect(parseCacheHints({ 'cache-control': 'Max-Age="60"' }, NOW).cacheMaxAgeSec).toBe(60);
    expect(parseCacheHints({ 'cache-control': 's-maxage=abc, max-age=30' }, NOW).cacheMaxAgeSec).toBe(30);
    expect(parseCacheHints({ 'cache-control': 'no-cache' }, NOW).cacheMaxAgeSec).toBeNull();
    expect(parseCacheHints({}, NOW)).toEqual({ cacheMaxAgeSec: null, expiresAt: null });
  });

  it('moves Expires onto our clock by its distance from the response Date', () => {
    const headers = { date: 'Mon, 10 Mar 2025 10:00:00 GMT', expires: 'Mon, 10 Mar 2025 10:30:00 GMT' };
    expect(parseCacheHints(headers, NOW).expiresAt).toEqual(new Date('2025-03-10T12:30:00Z'));
    expect(parseCacheHints({ expires: 'Mon, 10 Mar 2025 13:00:00 GMT' }, NOW).expiresAt).toEqual(new Date('2025-03-10T13:00:00Z'));
  });

  it.each(['0', '-1', 'never'])('gives no expiry for the invalid Expires %p', (expires) =>
    expect(parseCacheHints({ expires }, NOW).expiresAt).toBeNull(),
  );
});
