import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the alerter's story queries: full-text search over title (weight A), summary (B) and content (C)
 * — the query uses exactly this expression — newest-first paging, and the case-insensitive ticker filter.
 * On a large existing table, create them CONCURRENTLY by hand before deploying (a migration runs in a transaction).
 */
export class StorySearch1763960000000 implements MigrationInterface {
  name = 'StorySearch1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS stories_search ON stories USING gin ((
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(content, '')), 'C')))`);
    await q.query(`CREATE INDEX IF NOT EXISTS stories_newest ON stories ((coalesce(published_at, fetched_at)) DESC, id DESC)`);
    await q.query(`CREATE INDEX IF NOT EXISTS story_tags_entity_key_ci ON story_tags (lower(key)) WHERE kind = 'entity'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS story_tags_entity_key_ci`);
    await q.query(`DROP INDEX IF EXISTS stories_newest`);
    await q.query(`DROP INDEX IF EXISTS stories_search`);
  }
}
