/**
 * Positions in the alert stream. A position is a Redis stream entry id (`<ms>-<seq>`); a reader at a position
 * has seen every entry up to and including it, so resuming sends the entries after it.
 */

/** Before every entry: Redis never assigns 0-0. */
export const STREAM_START = '0-0';

const MAX_SEQUENCE = 18446744073709551615n;
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

function parts(id: string): [bigint, bigint] | null {
  const m = STREAM_ID.exec(id);
  if (!m) return null;
  const [ms, seq] = [BigInt(m[1]), BigInt(m[2])];
  return ms <= MAX_SEQUENCE && seq <= MAX_SEQUENCE ? [ms, seq] : null;
}

/** Whether a string a client sent (Last-Event-ID) is a stream position. */
export function isStreamId(id: string): boolean {
  return parts(id) !== null;
}

/** Orders two positions: negative, 0 or positive like a sort comparator. Both must be valid ids. */
export function compareStreamIds(a: string, b: string): number {
  const [x, y] = [parts(a)!, parts(b)!];
  return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] === y[1] ? 0 : x[1] < y[1] ? -1 : 1;
}

/** The last position before `time`: the entries after it are those added at `time` or later. */
export function positionBefore(time: Date): string {
  const ms = time.getTime();
  return ms <= 0 ? STREAM_START : `${ms - 1}-${MAX_SEQUENCE}`;
}

/** The earlier of two positions. */
export function earlier(a: string, b: string): string {
  return compareStreamIds(a, b) <= 0 ? a : b;
}
