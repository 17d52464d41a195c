import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each subscription signs its webhooks (Standard Webhooks) with its own `whsec_` secret. */
export class WebhookSecrets1763920000000 implements MigrationInterface {
  name = 'WebhookSecrets1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions ADD COLUMN webhook_secret text`);
    // Subscriptions made before signing get a secret too (readable by their owners only through a rotation
    // endpoint to come); 32 bytes from two md5 of random values.
    await q.query(
      `UPDATE subscriptions
          SET webhook_secret = 'whsec_' || encode(decode(md5(random()::text || clock_timestamp()::text), 'hex') || decode(md5(random()::text || id::text), 'hex'), 'base64')`,
    );
    await q.query(`ALTER TABLE subscriptions ALTER COLUMN webhook_secret SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions DROP COLUMN webhook_secret`);
  }
}
