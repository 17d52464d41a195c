import type { DataSource, EntityManager } from 'typeorm';

/** An event as the classifier reads and writes it; `id` is absent for an event not stored yet. */
export interface EventRecord {
  id?: number;
  title: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  storyCount: number;
  sources: string[];
  entities: string[];
  keys: string[];
  state: Record<string, unknown>;
}

/** Any fixed 64-bit number: the key of the advisory lock under which stories are assigned to events. */
const EVENT_ASSIGNMENT_LOCK = 7_305_812_441;

/**
 * Events live in Postgres so every classifier replica sees the same ones. Assigning a batch of stories runs in
 * one transaction holding a transaction-scoped advisory lock: replicas take turns (a batch takes milliseconds),
 * so two reports of one event arriving at two replicas at once still end up in one event.
 */
export class EventStore {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Runs `fn` in a transaction holding the event-assignment lock; `fn` gets stores bound to that transaction. */
  assigning<T>(fn: (events: EventStore, manager: EntityManager) => Promise<T>): Promise<T> {
    const ds = 'transaction' in this.db ? this.db : null;
    if (!ds) throw new Error('EventStore.assigning needs a DataSource, not a transaction');
    return ds.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [EVENT_ASSIGNMENT_LOCK]);
      return fn(new EventStore(manager), manager);
    });
  }

  /** Events seen since `since` sharing at least one key with `keys`. */
  async findCandidates(keys: readonly string[], since: Date): Promise<(EventRecord & { id: number })[]> {
    if (!keys.length) return [];
    return this.db.query(`${SELECT_EVENT} WHERE keys && $1::text[] AND last_seen_at >= $2`, [[...keys], since]);
  }

  /** Inserts new events, returning their ids in input order (ids are drawn from the sequence first, then used). */
  async insert(events: readonly EventRecord[]): Promise<number[]> {
    if (!events.length) return [];
    const ids: { id: number }[] = await this.db.query(`SELECT nextval('events_id_seq') AS id FROM generate_series(1, $1)`, [events.length]);
    const withIds = events.map((e, i) => ({ ...e, id: Number(ids[i].id) }));
    await this.db.query(
      `INSERT INTO events (id, title, first_seen_at, last_seen_at, story_count, sources, entities, keys, state)
       SELECT id, title, first_seen_at, last_seen_at, story_count, sources, entities, keys, state
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, title text, first_seen_at timestamptz, last_seen_at timestamptz,
              story_count int, sources text[], entities text[], keys text[], state jsonb)`,
      [JSON.stringify(withIds.map(toJson))],
    );
    return withIds.map((e) => e.id);
  }

  /** Writes the new state of events that gained stories, in one statement. */
  async update(events: readonly (EventRecord & { id: number })[]): Promise<void> {
    if (!events.length) return;
    await this.db.query(
      `WITH u AS (
         UPDATE events e
            SET title = r.title, last_seen_at = r.last_seen_at, story_count = r.story_count, sources = r.sources,
                entities = r.entities, keys = r.keys, state = r.state, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, title text, last_seen_at timestamptz, story_count int,
                sources text[], entities text[], keys text[], state jsonb)
          WHERE e.id = r.id
         RETURNING e.id)
       SELECT count(*) FROM u`,
      [
        JSON.stringify(events.map(toJson)),
      ],
    );
  }

  /** The stories among `storyIds` that already have an event (classified before a crash or by a retry). */
  async assigned(storyIds: readonly number[]): Promise<Map<number, number>> {
    if (!storyIds.length) return new Map();
    const rows: { id: number; event_id: number }[] = await this.db.query(
      `SELECT id, event_id FROM stories WHERE id = ANY($1::bigint[]) AND event_id IS NOT NULL`,
      [[...storyIds]],
    );
    return new Map(rows.map((r) => [Number(r.id), Number(r.event_id)]));
  }

  findByIds(ids: readonly number[]): Promise<(EventRecord & { id: number })[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.query(`${SELECT_EVENT} WHERE id = ANY($1::bigint[])`, [[...ids]]);
  }
}

const SELECT_EVENT = `SELECT id, title, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", story_count AS "storyCount",
  sources, entities, keys, state FROM events`;

function toJson(e: EventRecord) {
  return {
    id: e.id,
    title: e.title,
    first_seen_at: e.firstSeenAt.toISOString(),
    last_seen_at: e.lastSeenAt.toISOString(),
    story_count: e.storyCount,
    sources: e.sources,
    entities: e.entities,
    keys: e.keys,
    state: e.state,
  };
}
