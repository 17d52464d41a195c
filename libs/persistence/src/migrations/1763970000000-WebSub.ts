import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WebSub subscriptions: at most one live subscription per feed (hub, topic, the callback's random token, the
 * HMAC secret, state, lease). No foreign key to `feeds`: when a feed is deleted its subscription must outlive it
 * long enough to be unsubscribed from the hub, which the renewal task does (feed ids are never reused).
 */
export class WebSub1763970000000 implements MigrationInterface {
  name = 'WebSub1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE websub_subscriptions (
        id bigserial PRIMARY KEY,
        feed_id bigint NOT NULL,
        hub text NOT NULL,
        topic text NOT NULL,
        token text NOT NULL UNIQUE,
        secret text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'denied', 'failed', 'unsubscribing')),
        reason text,
        lease_seconds integer,
        lease_expires_at timestamptz,
        renew_at timestamptz,
        requested_at timestamptz NOT NULL DEFAULT now(),
        verified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX websub_subscriptions_feed ON websub_subscriptions (feed_id) WHERE state <> 'unsubscribing'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE websub_subscriptions`);
  }
}
