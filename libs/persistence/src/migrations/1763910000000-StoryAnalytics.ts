import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Story sentiment and quoted figures, per-company sentiment on entity tags, and why a feed is not active. */
export class StoryAnalytics1763910000000 implements MigrationInterface {
  name = 'StoryAnalytics1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stories ADD COLUMN sentiment real, ADD COLUMN sentiment_label text, ADD COLUMN figures jsonb`);
    await q.query(`ALTER TABLE story_tags ADD COLUMN sentiment real`);
    await q.query(`ALTER TABLE feeds ADD COLUMN status_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feeds DROP COLUMN status_reason`);
    await q.query(`ALTER TABLE story_tags DROP COLUMN sentiment`);
    await q.query(`ALTER TABLE stories DROP COLUMN sentiment, DROP COLUMN sentiment_label, DROP COLUMN figures`);
  }
}
