/** Response headers as HttpClient returns them: lower-case names, repeated headers joined with ", ". */
export type ResponseHeaders = Record<string, string | undefined>;

const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/i;

/**
 * An HTTP date in milliseconds (IMF-fixdate, or the obsolete RFC 850 and asctime forms), null when unreadable.
 * A month name is required because Date.parse also accepts bare numbers ("0" is the year 2000).
 */
export function parseHttpDate(value: string | undefined): number | null {
  if (!value || !MONTH.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The server's idea of "now": its Date header when readable, else ours. Differences of dates from one response cancel its clock skew. */
function serverNow(headers: ResponseHeaders, now: Date): number {
  return parseHttpDate(headers.date) ?? now.getTime();
}

/**
 * Seconds to wait before asking again, from Retry-After: delta-seconds, or an HTTP date measured against the
 * response's own Date header (a server whose clock is off still means what it says), else against `now`.
 * Never negative; null when the header is absent or unreadable.
 */
export function parseRetryAfter(headers: ResponseHeaders, now = new Date()): number | null {
  const value = headers['retry-after']?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = parseHttpDate(value);
  return at === null ? null : Math.max(0, Math.ceil((at - serverNow(headers, now)) / 1000));
}

/** Cache-Control directives by lower-case name; a directive without a value maps to "". */
function cacheControl(header: string | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of (header ?? '').split(',')) {
    const m = /^\s*([a-z-]+)\s*(?:=\s*"?([^",]*)"?)?\s*$/i.exec(part);
    if (m) directives.set(m[1].toLowerCase(), m[2] ?? '');
  }
  return directives;
}

/** How long the server says a response stays fresh: hints for how soon polling again is worth it. */
export interface CacheHints {
  /**
   * Cache-Control `s-maxage`, else `max-age`, in seconds. s-maxage wins because a poller is a shared cache: one
   * fetch serves every subscriber of the feed (RFC 9111 §5.2.2.10).
   */
  cacheMaxAgeSec: number | null;
  /**
   * The Expires header moved onto our clock (by the distance between Expires and the response's Date), null when
   * absent or unreadable ("0", "-1"). RFC 9111 lets max-age override it; both are reported, the caller chooses.
   */
  expiresAt: Date | null;
}

export function parseCacheHints(headers: ResponseHeaders, now = new Date()): CacheHints {
  const directives = cacheControl(headers['cache-control']);
  const maxAge = [directives.get('s-maxage'), directives.get('max-age')].find((v) => v !== undefined && /^\d+$/.test(v));
  const expires = parseHttpDate(headers.expires);
  return {
    cacheMaxAgeSec: maxAge === undefined ? null : Number(maxAge),
    expiresAt: expires === null ? null : new Date(now.getTime() + (expires - serverNow(headers, now))),
  };
}
