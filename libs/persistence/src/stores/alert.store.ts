import type { DataSource, EntityManager } from 'typeorm';
import type { AlertType } from '../entities';

/** A story that matched a subscription; `eventId` is the story's event. */
export interface AlertMatch {
  subscriptionId: number;
  storyId: number;
  eventId: number;
  correlationId: string | null;
}

export interface PendingDelivery {
  id: number;
  subscriptionId: number;
  storyId: number;
  alertId: number | null;
  type: AlertType;
  correlationId: string | null;
}

/** When a later story of an event updates an alert: after `updateIntervalMs`, or when the source count crosses a threshold. */
export interface AlertRules {
  updateIntervalMs: number;
  sourceCountThresholds: readonly number[];
}

const RETURN_DELIVERY = `id, subscription_id AS "subscriptionId", story_id AS "storyId", alert_id AS "alertId", type, correlation_id AS "correlationId"`;

/**
 * Turns matches into alerts and deliveries, once per event: the first matching story of an event creates the
 * (subscription, event) alert — a unique key, so two replicas or a retry can never create it twice — and later
 * stories update it only when UPDATE_INTERVAL has passed since the last message or the event's source count
 * crossed 3, 5, 10 or 25. Everything for a batch commits in one transaction: after a crash, the retried batch
 * finds its deliveries (one per subscription and story) and only re-enqueues the pending ones.
 */
export class AlertStore {
  constructor(private readonly ds: DataSource) {}

  async recordAlerts(matches: readonly AlertMatch[], rules: AlertRules): Promise<PendingDelivery[]> {
    if (!matches.length) return [];
    // A consistent order keeps two replicas taking row locks in the same sequence.
    const sorted = [...matches].sort((a, b) => a.subscriptionId - b.subscriptionId || a.eventId - b.eventId || a.storyId - b.storyId);
    return this.ds.transaction(async (m) => {
      const existing: (PendingDelivery & { status: string })[] = await m.query(
        `SELECT ${RETURN_DELIVERY}, status FROM deliveries
          WHERE (subscription_id, story_id) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[]))`,
        [sorted.map((r) => r.subscriptionId), sorted.map((r) => r.storyId)],
      );
      const done = new Set(existing.map((d) => `${d.subscriptionId}:${d.storyId}`));
      const fresh = sorted.filter((r) => !done.has(`${r.subscriptionId}:${r.storyId}`));
      const pending: PendingDelivery[] = existing.filter((d) => d.status === 'pending').map(({ status: _status, ...d }) => d);
      if (!fresh.length) return pending;

      const created = await this.createAlerts(m, fresh);
      const createdPairs = new Set(created.map((c) => `${c.subscriptionId}:${c.storyId}`));
      const updated = await this.updateAlerts(m, fresh.filter((r) => !createdPairs.has(`${r.subscriptionId}:${r.storyId}`)), rules);
      const byPair = new Map(fresh.map((r) => [`${r.subscriptionId}:${r.storyId}`, r]));
      const rows = [
        ...created.map((c) => ({ ...c, type: 'alert.created' as const })),
        ...updated.map((u) => ({ ...u, type: 'alert.updated' as const })),
      ];
      if (!rows.length) return pending;
      const inserted: PendingDelivery[] = await m.query(
        `WITH ins AS (
           INSERT INTO deliveries (subscription_id, story_id, alert_id, type, correlation_id)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[])
           ON CONFLICT (subscription_id, story_id) DO NOTHING
           RETURNING *)
         SELECT ${RETURN_DELIVERY} FROM ins ORDER BY id`,
        [
          rows.map((r) => r.subscriptionId),
          rows.map((r) => r.storyId),
          rows.map((r) => r.alertId),
          rows.map((r) => r.type),
          rows.map((r) => byPair.get(`${r.subscriptionId}:${r.storyId}`)?.correlationId ?? null),
        ],
      );
      return [...pending, ...inserted];
    });
  }

  /** Inserts the alerts that do not exist yet, one per (subscription, event), from the batch's earliest story. */
  private async createAlerts(m: EntityManager, rows: readonly AlertMatch[]): Promise<{ alertId: number; subscriptionId: number; storyId: number }[]> {
    const first = new Map<string, AlertMatch>();
    for (const r of rows) if (!first.has(`${r.subscriptionId}:${r.eventId}`)) first.set(`${r.subscriptionId}:${r.eventId}`, r);
    const input = [...first.values()];
    return m.query(
      `WITH ins AS (
         INSERT INTO alerts (subscription_id, event_id, first_story_id, last_story_id, last_source_count)
         SELECT i.subscription_id, i.event_id, i.story_id, i.story_id, coalesce(cardinality(e.sources), 1)
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS i(subscription_id, event_id, story_id)
           JOIN events e ON e.id = i.event_id
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING id, subscription_id, first_story_id)
       SELECT id AS "alertId", subscription_id AS "subscriptionId", first_story_id AS "storyId" FROM ins`,
      [input.map((r) => r.subscriptionId), input.map((r) => r.eventId), input.map((r) => r.storyId)],
    );
  }

  /**
   * Updates the existing alerts that are due — the interval passed or the source count crossed a threshold —
   * with the batch's latest story of their event; the condition is checked in the UPDATE itself, so concurrent
   * replicas cannot both send an update for the same change.
   */
  private async updateAlerts(
    m: EntityManager,
    rows: readonly AlertMatch[],
    rules: AlertRules,
  ): Promise<{ alertId: number; subscriptionId: number; storyId: number }[]> {
    if (!rows.length) return [];
    const last = new Map<string, AlertMatch>();
    for (const r of rows) last.set(`${r.subscriptionId}:${r.eventId}`, r);
    const input = [...last.values()];
    return m.query(
      `WITH i AS (
         SELECT i.subscription_id, i.event_id, i.story_id, coalesce(cardinality(e.sources), 1) AS source_count
           FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS i(subscription_id, event_id, story_id)
           JOIN events e ON e.id = i.event_id
       ), upd AS (
       UPDATE alerts a
          SET last_sent_at = now(), last_source_count = i.source_count, last_story_id = i.story_id, update_count = a.update_count + 1
         FROM i
        WHERE a.subscription_id = i.subscription_id AND a.event_id = i.event_id
          AND (a.last_sent_at <= now() - make_interval(secs => $4::double precision / 1000)
               OR EXISTS (SELECT 1 FROM unnest($5::int[]) t WHERE a.last_source_count < t AND i.source_count >= t))
       RETURNING a.id, a.subscription_id, i.story_id)
       SELECT id AS "alertId", subscription_id AS "subscriptionId", story_id AS "storyId" FROM upd`,
      [input.map((r) => r.subscriptionId), input.map((r) => r.eventId), input.map((r) => r.storyId), rules.updateIntervalMs, [...rules.sourceCountThresholds]],
    );
  }
}
