import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adaptive, polite polling and richer items. Feeds gain the interval in force (`effective_interval_sec`),
 * whether the user fixed it, the last poll's status (`rate-limited` is visible there without being an error),
 * the dedup strategy of their last document, and a generated `host` column (host[:port] of the URL) so a rate limit can back off every
 * feed of a host and the scheduler can cap the polls per host. Stories gain categories, language and media.
 * `story_sources` records every feed through which a story was reached (one story, several sources), and
 * `story_tombstones` keeps the key of a deleted story so the next poll does not bring it back.
 */
export class FeedScheduling1763950000000 implements MigrationInterface {
  name = 'FeedScheduling1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE feeds
        ADD COLUMN effective_interval_sec integer,
        ADD COLUMN poll_interval_fixed boolean NOT NULL DEFAULT false,
        ADD COLUMN last_poll_status text,
        ADD COLUMN dedup_strategy text,
        ADD COLUMN host text GENERATED ALWAYS AS (lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]+)'))) STORED`);
    await q.query(`UPDATE feeds SET effective_interval_sec = poll_interval_sec`);
    await q.query(`ALTER TABLE feeds ALTER COLUMN effective_interval_sec SET NOT NULL`);
    await q.query(`CREATE INDEX feeds_host_due ON feeds (host, next_poll_at) WHERE status = 'active'`);

    await q.query(`
      ALTER TABLE stories
        ADD COLUMN categories text[] NOT NULL DEFAULT '{}',
        ADD COLUMN language text,
        ADD COLUMN media jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`CREATE INDEX stories_url_fetched ON stories (url, fetched_at) WHERE url IS NOT NULL`);

    await q.query(`
      CREATE TABLE story_sources (
        story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        feed_id bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        dedup_key text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (feed_id, dedup_key)
      )`);
    await q.query(`CREATE INDEX story_sources_story ON story_sources (story_id)`);
    await q.query(`
      INSERT INTO story_sources (story_id, feed_id, dedup_key, first_seen_at)
      SELECT id, feed_id, dedup_key, fetched_at FROM stories`);

    await q.query(`
      CREATE TABLE story_tombstones (
        feed_id bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        dedup_key text NOT NULL,
        deleted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (feed_id, dedup_key)
      )`);
    // A story deleted on its own leaves a tombstone for each feed it was reached through. When its feed is being
    // deleted (the cascade), the feed row is already gone: no tombstones, the other feeds may bring the story back.
    await q.query(`
      CREATE FUNCTION story_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM feeds WHERE id = OLD.feed_id) THEN
          INSERT INTO story_tombstones (feed_id, dedup_key)
          SELECT OLD.feed_id, OLD.dedup_key
          UNION SELECT s.feed_id, s.dedup_key FROM story_sources s JOIN feeds f ON f.id = s.feed_id WHERE s.story_id = OLD.id
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER stories_tombstone BEFORE DELETE ON stories FOR EACH ROW EXECUTE FUNCTION story_tombstone()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stories_tombstone ON stories`);
    await q.query(`DROP FUNCTION story_tombstone()`);
    await q.query(`DROP TABLE story_tombstones`);
    await q.query(`DROP TABLE story_sources`);
    await q.query(`DROP INDEX stories_url_fetched`);
    await q.query(`ALTER TABLE stories DROP COLUMN categories, DROP COLUMN language, DROP COLUMN media`);
    await q.query(`DROP INDEX feeds_host_due`);
    await q.query(`
      ALTER TABLE feeds DROP COLUMN host, DROP COLUMN effective_interval_sec, DROP COLUMN poll_interval_fixed,
        DROP COLUMN last_poll_status, DROP COLUMN dedup_strategy`);
  }
}
