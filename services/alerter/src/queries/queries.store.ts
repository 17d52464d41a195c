import type { DataSource } from 'typeorm';
import type { StoryFacts, TagFacts } from '@wirewatch/delivery';
import type { EventRecord, StoryExplanation, StoryFigure } from '@wirewatch/persistence';

/** All the store needs of a connection: a query (a DataSource, a transaction's manager, or a wrapper of one). */
export type SqlRunner = Pick<DataSource, 'query'>;

/**
 * The text that full-text search reads, weighted so a word in the title outranks one in the summary, and that
 * in the content. A GIN index on exactly this expression (stories_search, see the report) serves `@@`;
 * the literal 'english' config keeps the expression immutable, as an index requires.
 */
const STORY_SEARCH_VECTOR = `(setweight(to_tsvector('english', coalesce(s.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(s.summary, '')), 'B')
    || setweight(to_tsvector('english', coalesce(s.content, '')), 'C'))`;

/** When a story happened, as far as we know: when it was published, else when we fetched it. */
const STORY_TIME = `coalesce(s.published_at, s.fetched_at)`;

const searchQuery = (param: string) => `websearch_to_tsquery('english', ${param})`;

export interface StoryFilter {
  topic?: string;
  ticker?: string;
  since?: Date;
  /** websearch syntax: words (AND), "a phrase", OR, -word */
  q?: string;
  eventId?: number;
  minSeverity?: number;
  /** the id of the last story of the previous page */
  before?: number;
  limit: number;
}

export interface EventFilter {
  since?: Date;
  /** the id of the last event of the previous page */
  before?: number;
  limit: number;
}

/**
 * A story row as the payload's story view takes it (less the outlet, derived from the feed's name and URL: a
 * host when the feed has no name), with its event.
 */
export type StoryRow = Omit<StoryFacts, 'source' | 'figures' | 'explanation'> & {
  figures: StoryFigure[] | null;
  explanation: StoryExplanation | null;
  eventId: number | null;
  feedName: string | null;
  feedUrl: string;
};

/** A tag row as the webhook payload's story view takes it, with its story. */
export type TagRow = TagFacts & { storyId: number };

/** An event as stored, less its clustering state, with the highest severity among its stories (null while none is scored). */
export type EventRow = Omit<EventRecord, 'keys' | 'state'> & { id: number; maxSeverity: number | null };

const STORY_COLUMNS = `s.id, s.title, s.url, s.summary, s.published_at AS "publishedAt", s.fetched_at AS "fetchedAt",
  s.classified_at AS "classifiedAt", s.sentiment, s.sentiment_label AS "sentimentLabel", s.figures, s.severity, s.relevance,
  s.novelty, s.duplicate_of AS "duplicateOf", s.event_id AS "eventId", s.explanation, f.name AS "feedName", f.url AS "feedUrl"`;

const EVENT_COLUMNS = `e.id, e.title, e.first_seen_at AS "firstSeenAt", e.last_seen_at AS "lastSeenAt", e.story_count AS "storyCount",
  e.sources, e.entities, (SELECT max(x.severity) FROM stories x WHERE x.event_id = e.id) AS "maxSeverity"`;

/** Positional parameters collected while a statement is assembled. */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Read-only queries behind GET /stories and /events: raw SQL, a fixed number of statements per request. */
export class QueriesStore {
  constructor(private readonly db: SqlRunner) {}

  /**
   * A page of stories, newest first, or by relevance to `q` first when it is given. Paging is keyset: the
   * page continues after the `before` story's own sort key, so stories arriving meanwhile shift nothing.
   */
  findStories(filter: StoryFilter): Promise<StoryRow[]> {
    const p = new Params();
    const conditions = storyConditions(filter, p);
    const q = filter.q === undefined ? null : p.add(filter.q);
    const sortKey = [...(q ? [`ts_rank(${STORY_SEARCH_VECTOR}, ${searchQuery(q)})`] : []), STORY_TIME, 's.id'];
    if (q) conditions.push(`${STORY_SEARCH_VECTOR} @@ ${searchQuery(q)}`);
    if (filter.before !== undefined) {
      // the same expressions evaluated on the cursor story: a row comparison is exactly "after it" in a descending order
      conditions.push(`(${sortKey.join(', ')}) < (SELECT ${sortKey.join(', ')} FROM stories s WHERE s.id = ${p.add(filter.before)})`);
    }
    const order = sortKey.map((k) => `${k} DESC`).join(', ');
    return this.db.query(
      `SELECT ${STORY_COLUMNS} FROM stories s JOIN feeds f ON f.id = s.feed_id
        ${where(conditions)} ORDER BY ${order} LIMIT ${p.add(filter.limit)}`,
      p.values,
    );
  }

  /** An event's stories, oldest first: how the story unfolded. */
  findEventStories(eventId: number): Promise<StoryRow[]> {
    return this.db.query(
      `SELECT ${STORY_COLUMNS} FROM stories s JOIN feeds f ON f.id = s.feed_id
        WHERE s.event_id = $1 ORDER BY ${STORY_TIME}, s.id`,
      [eventId],
    );
  }

  /** The tags of many stories in one statement, topics by score and entities by relevance, highest first. */
  findTags(storyIds: readonly number[]): Promise<TagRow[]> {
    if (!storyIds.length) return Promise.resolve([]);
    return this.db.query(
      `SELECT story_id AS "storyId", kind, key, label, score, evidence, sentiment, relevance, is_primary AS "isPrimary"
         FROM story_tags WHERE story_id = ANY($1::bigint[])
        ORDER BY story_id, kind, coalesce(relevance, 0) DESC, score DESC, key`,
      [[...storyIds]],
    );
  }

  /** A page of events, the most recently active first. */
  findEvents(filter: EventFilter): Promise<EventRow[]> {
    const p = new Params();
    const conditions: string[] = [];
    if (filter.since) conditions.push(`e.last_seen_at >= ${p.add(filter.since)}`);
    if (filter.before !== undefined) {
      conditions.push(`(e.last_seen_at, e.id) < (SELECT x.last_seen_at, x.id FROM events x WHERE x.id = ${p.add(filter.before)})`);
    }
    return this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events e ${where(conditions)} ORDER BY e.last_seen_at DESC, e.id DESC LIMIT ${p.add(filter.limit)}`,
      p.values,
    );
  }

  async findEvent(id: number): Promise<EventRow | null> {
    const rows: EventRow[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Whether a paging cursor names a stored row (a cursor naming none would silently end the paging). */
  async exists(table: 'stories' | 'events', id: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}

/** The filters other than the full-text query and the cursor, which also shape the ordering. */
function storyConditions(filter: StoryFilter, p: Params): string[] {
  const conditions: string[] = [];
  if (filter.topic !== undefined) {
    conditions.push(`EXISTS (SELECT 1 FROM story_tags t WHERE t.story_id = s.id AND t.kind = 'topic' AND t.key = ${p.add(filter.topic)})`);
  }
  if (filter.ticker !== undefined) {
    conditions.push(
      `EXISTS (SELECT 1 FROM story_tags t WHERE t.story_id = s.id AND t.kind = 'entity' AND lower(t.key) = lower(${p.add(filter.ticker)}))`,
    );
  }
  if (filter.since) conditions.push(`${STORY_TIME} >= ${p.add(filter.since)}`);
  if (filter.eventId !== undefined) conditions.push(`s.event_id = ${p.add(filter.eventId)}`);
  if (filter.minSeverity !== undefined) conditions.push(`s.severity >= ${p.add(filter.minSeverity)}`);
  return conditions;
}

function where(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}
