/**
 * When a subscription hears about an event again. The first matching story of an event is `alert.created`;
 * later stories of the same event are `alert.updated`, at most once per UPDATE_INTERVAL per subscription, or
 * sooner when the number of independent sources crosses one of these thresholds — a story picked up by ten
 * outlets is news even if the last update went out a minute ago. The rule is decided in one SQL statement by
 * `AlertStore.recordAlerts` (atomic across replicas), which takes these thresholds as a parameter.
 */
export const SOURCE_COUNT_THRESHOLDS: readonly number[] = [3, 5, 10, 25];
