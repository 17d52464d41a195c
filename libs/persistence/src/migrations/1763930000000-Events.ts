import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events: the same story told by several outlets. The classifier keeps each event's clustering state here (so
 * it survives restarts and is shared by replicas); `keys` (entities and top terms) finds candidate events through
 * a GIN index. Stories get their event, near-duplicate original, novelty, relevance, severity and explanation;
 * entity tags get their relevance and primary flag.
 */
export class Events1763930000000 implements MigrationInterface {
  name = 'Events1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        title text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        story_count integer NOT NULL,
        sources text[] NOT NULL,
        entities text[] NOT NULL,
        keys text[] NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX events_keys ON events USING gin (keys)`);
    await q.query(`CREATE INDEX events_last_seen_at ON events (last_seen_at)`);
    await q.query(`
      ALTER TABLE stories
        ADD COLUMN event_id bigint REFERENCES events(id) ON DELETE SET NULL,
        ADD COLUMN duplicate_of bigint REFERENCES stories(id) ON DELETE SET NULL,
        ADD COLUMN simhash text,
        ADD COLUMN novelty smallint,
        ADD COLUMN relevance smallint,
        ADD COLUMN severity smallint,
        ADD COLUMN explanation jsonb`);
    await q.query(`CREATE INDEX stories_event_id ON stories (event_id)`);
    await q.query(`ALTER TABLE story_tags ADD COLUMN relevance smallint, ADD COLUMN is_primary boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE story_tags DROP COLUMN relevance, DROP COLUMN is_primary`);
    await q.query(`DROP INDEX stories_event_id`);
    await q.query(`
      ALTER TABLE stories DROP COLUMN event_id, DROP COLUMN duplicate_of, DROP COLUMN simhash, DROP COLUMN novelty,
        DROP COLUMN relevance, DROP COLUMN severity, DROP COLUMN explanation`);
    await q.query(`DROP TABLE events`);
  }
}
