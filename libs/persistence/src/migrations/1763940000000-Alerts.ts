import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: one per (subscription, event), the unique key that makes "never two alert.created for one event"
 * hold across retries, replicas and crashes. Each delivery now belongs to an alert and says whether it is
 * the alert's creation or an update; every webhook attempt is logged. Subscriptions gain a previous secret
 * (rotation overlap), a stream channel (webhook optional) and endpoint health.
 */
export class Alerts1763940000000 implements MigrationInterface {
  name = 'Alerts1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        id bigserial PRIMARY KEY,
        subscription_id bigint NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        first_story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        last_story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        last_sent_at timestamptz NOT NULL DEFAULT now(),
        last_source_count integer NOT NULL,
        update_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_subscription_event UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`
      ALTER TABLE deliveries
        ADD COLUMN alert_id bigint REFERENCES alerts (id) ON DELETE CASCADE,
        ADD COLUMN type text NOT NULL DEFAULT 'alert.created' CHECK (type IN ('alert.created', 'alert.updated'))`);
    await q.query(`CREATE INDEX deliveries_alert ON deliveries (alert_id)`);
    await q.query(`CREATE INDEX deliveries_subscription ON deliveries (subscription_id, created_at)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        latency_ms integer NOT NULL,
        response_excerpt text,
        error text
      )`);
    await q.query(`CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempt)`);
    await q.query(`
      ALTER TABLE subscriptions
        ALTER COLUMN webhook_url DROP NOT NULL,
        ADD COLUMN stream boolean NOT NULL DEFAULT false,
        ADD COLUMN previous_webhook_secret text,
        ADD COLUMN previous_secret_expires_at timestamptz,
        ADD COLUMN failing_since timestamptz,
        ADD COLUMN disabled_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriptions DROP COLUMN stream, DROP COLUMN previous_webhook_secret, DROP COLUMN previous_secret_expires_at,
        DROP COLUMN failing_since, DROP COLUMN disabled_reason`);
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN alert_id, DROP COLUMN type`);
    await q.query(`DROP TABLE alerts`);
  }
}
