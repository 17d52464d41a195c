/**
 * When a subscription hears about an event again. The first matching story of an event is `alert.created`;
 * later stories of the same event are `alert.updated`, at most once per update interval per subscription, or
 * sooner when the number of independent sources crosses one of {@link SOURCE_COUNT_THRESHOLDS} — a story picked
 * up by ten outlets is news even if the last update went out a minute ago. The database enforces the same rule
 * atomically; this module is its readable, unit-tested statement.
 */

export const SOURCE_COUNT_THRESHOLDS: readonly number[] = [3, 5, 10, 25];
export const DEFAULT_UPDATE_INTERVAL_MS = 10 * 60_000;

/** The highest threshold in (previous, current], or null when the count crossed none (e.g. 4 → 11 gives 10). */
export function crossesThreshold(previous: number, current: number): number | null {
  const crossed = SOURCE_COUNT_THRESHOLDS.filter((t) => previous < t && t <= current);
  return crossed.length ? crossed[crossed.length - 1] : null;
}

export interface UpdateCheck {
  /** When the last alert (created or updated) for this event went to this subscription. */
  lastSentAt: Date;
  /** The event's source count carried by that alert. */
  lastSourceCount: number;
  now: Date;
  /** The event's source count now, with the new story. */
  sourceCount: number;
  updateIntervalMs?: number;
}

export type UpdateReason = 'interval' | 'sources';

/**
 * Whether a later story of an already alerted event should send `alert.updated` now. A threshold crossing wins
 * over the interval as the reported reason, since it says more; the interval is reached at exactly its length.
 */
export function shouldUpdate(check: UpdateCheck): { update: boolean; reason: UpdateReason | null } {
  if (crossesThreshold(check.lastSourceCount, check.sourceCount) !== null) return { update: true, reason: 'sources' };
  const elapsed = check.now.getTime() - check.lastSentAt.getTime();
  if (elapsed >= (check.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS)) return { update: true, reason: 'interval' };
  return { update: false, reason: null };
}

/** The alert a matching story of an event produces for a subscription, given what was sent before (if anything). */
export function alertType(
  previous: { sentAt: Date; sourceCount: number } | null,
  current: { now: Date; sourceCount: number; updateIntervalMs?: number },
): 'alert.created' | 'alert.updated' | null {
  if (previous === null) return 'alert.created';
  const { update } = shouldUpdate({ lastSentAt: previous.sentAt, lastSourceCount: previous.sourceCount, ...current });
  return update ? 'alert.updated' : null;
}
