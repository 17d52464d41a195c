import type { DataSource, EntityManager } from 'typeorm';

/**
 * pending: requested, not yet verified by the hub; active: verified, with a lease; denied: the hub said no
 * (`hub.mode=denied`); failed: the hub refused the request itself; unsubscribing: being removed (its feed was
 * deleted or moved to another hub or topic), kept until the hub confirms or a day has passed.
 */
export type WebSubState = 'pending' | 'active' | 'denied' | 'failed' | 'unsubscribing';

export interface WebSubSubscription {
  id: number;
  feedId: number;
  hub: string;
  topic: string;
  /** the random last segment of the callback URL */
  token: string;
  /** the HMAC key the hub signs deliveries with */
  secret: string;
  state: WebSubState;
  /** why it was denied or failed */
  reason: string | null;
  /** the lease the hub granted */
  leaseSeconds: number | null;
  leaseExpiresAt: Date | null;
  /** when the renewal task re-subscribes it */
  renewAt: Date | null;
  /** the last (un)subscription request sent to the hub */
  requestedAt: Date;
  /** the last verification by the hub */
  verifiedAt: Date | null;
}

export interface NewWebSubSubscription {
  feedId: number;
  hub: string;
  topic: string;
  token: string;
  secret: string;
}

export interface WebSubLease {
  leaseSeconds: number;
  expiresAt: Date;
  renewAt: Date;
}

type Row = Record<string, unknown>;

const COLUMNS = `id, feed_id, hub, topic, token, secret, state, reason, lease_seconds, lease_expires_at, renew_at, requested_at, verified_at`;

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

function toSubscription(r: Row): WebSubSubscription {
  return {
    id: r.id as number,
    feedId: r.feed_id as number,
    hub: r.hub as string,
    topic: r.topic as string,
    token: r.token as string,
    secret: r.secret as string,
    state: r.state as WebSubState,
    reason: (r.reason as string | null) ?? null,
    leaseSeconds: (r.lease_seconds as number | null) ?? null,
    leaseExpiresAt: date(r.lease_expires_at),
    renewAt: date(r.renew_at),
    requestedAt: date(r.requested_at)!,
    verifiedAt: date(r.verified_at),
  };
}

/** WebSub subscriptions of feeds (table `websub_subscriptions`): at most one live (not unsubscribing) per feed. */
export class WebSubStore {
  /** `ds` may be a transaction's EntityManager (see replace). */
  constructor(private readonly ds: DataSource | EntityManager) {}

  private async rows(sql: string, params: unknown[]): Promise<WebSubSubscription[]> {
    const rows: Row[] = await this.ds.query(sql, params);
    return rows.map(toSubscription);
  }

  /** The feed's live subscription (any state but unsubscribing), or null. */
  async forFeed(feedId: number): Promise<WebSubSubscription | null> {
    const [sub] = await this.rows(`SELECT ${COLUMNS} FROM websub_subscriptions WHERE feed_id = $1 AND state <> 'unsubscribing'`, [feedId]);
    return sub ?? null;
  }

  /** The subscription a callback URL names, whatever its state, or null. */
  async byCallback(feedId: number, token: string): Promise<WebSubSubscription | null> {
    const [sub] = await this.rows(`SELECT ${COLUMNS} FROM websub_subscriptions WHERE feed_id = $1 AND token = $2`, [feedId, token]);
    return sub ?? null;
  }

  /** True when the feed's updates are pushed: its subscription is verified and its lease runs. */
  async isPushed(feedId: number): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM websub_subscriptions WHERE feed_id = $1 AND state = 'active' AND lease_expires_at > now()`,
      [feedId],
    );
    return rows.length > 0;
  }

  /**
   * Records a pending subscription of the feed, requested now. The feed's previous live subscription, if any,
   * becomes `unsubscribing` and is returned, to be unsubscribed from its hub.
   */
  async replace(sub: NewWebSubSubscription): Promise<{ created: WebSubSubscription; replaced: WebSubSubscription | null }> {
    return this.ds.transaction(async (m) => {
      const inTransaction = new WebSubStore(m);
      const replaced = await inTransaction.retire(sub.feedId);
      const [created] = await inTransaction.rows(
        `INSERT INTO websub_subscriptions (feed_id, hub, topic, token, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [sub.feedId, sub.hub, sub.topic, sub.token, sub.secret],
      );
      return { created, replaced };
    });
  }

  /** The feed's live subscription becomes `unsubscribing` and is returned, to be unsubscribed; null when it has none. */
  async retire(feedId: number): Promise<WebSubSubscription | null> {
    const [sub] = await this.rows(
      `WITH old AS (
         UPDATE websub_subscriptions SET state = 'unsubscribing', requested_at = now()
          WHERE feed_id = $1 AND state <> 'unsubscribing'
         RETURNING ${COLUMNS})
       SELECT * FROM old`,
      [feedId],
    );
    return sub ?? null;
  }

  /** The hub verified the subscription: it is active with the lease granted. */
  async activate(id: number, lease: WebSubLease): Promise<void> {
    await this.ds.query(
      `UPDATE websub_subscriptions
          SET state = 'active', reason = NULL, lease_seconds = $2, lease_expires_at = $3, renew_at = $4, verified_at = now()
        WHERE id = $1`,
      [id, lease.leaseSeconds, lease.expiresAt, lease.renewAt],
    );
  }

  /** The hub denied the subscription (`denied`), or refused the request (`failed`); the reason is kept. */
  async refuse(id: number, state: 'denied' | 'failed', reason: string): Promise<void> {
    await this.ds.query(`UPDATE websub_subscriptions SET state = $2, reason = $3 WHERE id = $1`, [id, state, reason.slice(0, 2000)]);
  }

  async remove(id: number): Promise<void> {
    await this.ds.query(`DELETE FROM websub_subscriptions WHERE id = $1`, [id]);
  }

  /**
   * Claims up to `limit` subscriptions to request again, marking them requested now (SKIP LOCKED: replicas take
   * different ones): active ones whose renewal time has come, unless a renewal was sent less than `retrySec`
   * ago and not yet verified; pending and failed ones requested more than `retrySec` ago; denied ones after a
   * day. Only subscriptions of active feeds: a paused feed's lease runs out. A refused one is pending again.
   */
  claimRenewals(retrySec: number, limit: number): Promise<WebSubSubscription[]> {
    return this.rows(
      `WITH due AS (
         SELECT s.id FROM websub_subscriptions s
          WHERE EXISTS (SELECT 1 FROM feeds f WHERE f.id = s.feed_id AND f.status = 'active')
            AND ((s.state = 'active' AND s.renew_at <= now()
                  AND (s.verified_at >= s.requested_at OR s.requested_at < now() - make_interval(secs => $1)))
              OR (s.state IN ('pending', 'failed') AND s.requested_at < now() - make_interval(secs => $1))
              OR (s.state = 'denied' AND s.requested_at < now() - interval '1 day'))
          ORDER BY s.requested_at
          LIMIT $2
          FOR UPDATE OF s SKIP LOCKED
       ), claimed AS (
         UPDATE websub_subscriptions s
            SET requested_at = now(), state = CASE WHEN s.state = 'active' THEN 'active' ELSE 'pending' END
           FROM due WHERE s.id = due.id
         RETURNING ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
       )
       SELECT * FROM claimed`,
      [retrySec, limit],
    );
  }

  /** Claims up to `limit` live subscriptions whose feed was deleted: they become unsubscribing, requested now. */
  claimOrphans(limit: number): Promise<WebSubSubscription[]> {
    return this.rows(
      `WITH orphans AS (
         SELECT s.id FROM websub_subscriptions s
          WHERE s.state <> 'unsubscribing' AND NOT EXISTS (SELECT 1 FROM feeds f WHERE f.id = s.feed_id)
          LIMIT $1
          FOR UPDATE OF s SKIP LOCKED
       ), claimed AS (
         UPDATE websub_subscriptions s SET state = 'unsubscribing', requested_at = now() FROM orphans WHERE s.id = orphans.id
         RETURNING ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
       )
       SELECT * FROM claimed`,
      [limit],
    );
  }

  /** Forgets unsubscriptions the hub has not confirmed within `afterSec`; returns how many. */
  async purgeUnsubscribing(afterSec: number): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `WITH gone AS (
         DELETE FROM websub_subscriptions WHERE state = 'unsubscribing' AND requested_at < now() - make_interval(secs => $1)
         RETURNING id)
       SELECT id FROM gone`,
      [afterSec],
    );
    return rows.length;
  }
}
