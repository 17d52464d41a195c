import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { type StoryExplanation, type StoryFigure, StoryEntity, StoryTagEntity, type TagKind } from '../entities';

export interface NewStory {
  dedupKey: string;
  guid: string | null;
  url: string | null;
  title: string;
  summary: string | null;
  content: string | null;
  author: string | null;
  /** null when the feed gave none: consumers fall back to fetched_at, the time the story was first seen */
  publishedAt: Date | null;
  categories?: string[];
  language?: string | null;
  media?: { url: string; type: string | null; length: number | null }[];
}

export interface NewTag {
  storyId: number;
  kind: TagKind;
  key: string;
  label: string;
  score: number;
  evidence: string[];
  sentiment?: number | null;
  relevance?: number | null;
  isPrimary?: boolean | null;
}

export interface StoryAnalysis {
  storyId: number;
  sentiment: number;
  sentimentLabel: 'negative' | 'neutral' | 'positive';
  figures: StoryFigure[];
  eventId: number | null;
  duplicateOf: number | null;
  simhash: string | null;
  novelty: number | null;
  relevance: number | null;
  severity: number | null;
  explanation: StoryExplanation | null;
}

/** A story with the name of the outlet it came from, as the classifier reads it. */
export interface StoryWithSource extends StoryEntity {
  source: string;
}

export class StoryStore {
  /** `ds` may be a transaction's EntityManager, so the writes of one batch can commit together. */
  constructor(private readonly ds: DataSource | EntityManager) {}

  private get repo() {
    return this.ds.getRepository(StoryEntity);
  }

  /**
   * Stores a feed's new items in one statement and returns the ids of the stories it created. An item is skipped
   * when this feed has delivered it before (same dedup key, as a story or as a source of another feed's story) or
   * when its story was deleted (a tombstone). An item whose canonical URL is a story another feed delivered in the
   * last 7 days is not a new story: this feed is recorded as one more source of it (`story_sources`), so it is
   * classified once. Two feeds storing the same new URL at the same instant may still create two stories.
   */
  async insertNew(feedId: number, items: NewStory[], correlationId: string): Promise<number[]> {
    if (!items.length) return [];
    // One feed can repeat an item within a document: keep the first, or Postgres refuses the whole statement.
    const seen = new Set<string>();
    const unique = items.filter((i) => !seen.has(i.dedupKey) && seen.add(i.dedupKey));
    const rows = unique.map((i, ord) => ({
      ord, dedup_key: i.dedupKey, guid: i.guid, url: i.url, title: i.title, summary: i.summary, content: i.content,
      author: i.author, published_at: i.publishedAt, categories: i.categories ?? [], language: i.language ?? null, media: i.media ?? [],
    }));
    const inserted: { id: number }[] = await this.ds.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS i(ord int, dedup_key text, guid text, url text, title text, summary text,
                content text, author text, published_at timestamptz, categories text[], language text, media jsonb)
       ), fresh AS (
         SELECT i.* FROM input i
          WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.feed_id = $1 AND s.dedup_key = i.dedup_key)
            AND NOT EXISTS (SELECT 1 FROM story_sources ss WHERE ss.feed_id = $1 AND ss.dedup_key = i.dedup_key)
            AND NOT EXISTS (SELECT 1 FROM story_tombstones t WHERE t.feed_id = $1 AND t.dedup_key = i.dedup_key)
       ), matched AS (
         SELECT DISTINCT ON (f.dedup_key) f.dedup_key, s.id AS story_id
           FROM fresh f JOIN stories s ON s.url = f.url AND s.feed_id <> $1 AND s.fetched_at > now() - interval '7 days'
          ORDER BY f.dedup_key, s.id
       ), inserted AS (
         INSERT INTO stories (feed_id, dedup_key, guid, url, title, summary, content, author, published_at, categories, language,
                              media, correlation_id)
         SELECT $1, f.dedup_key, f.guid, f.url, f.title, f.summary, f.content, f.author, f.published_at, f.categories, f.language,
                f.media, $3
           FROM fresh f
          WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.dedup_key = f.dedup_key)
          ORDER BY f.ord
         ON CONFLICT (feed_id, dedup_key) DO NOTHING
         RETURNING id, dedup_key
       ), sources AS (
         INSERT INTO story_sources (story_id, feed_id, dedup_key)
         SELECT id, $1, dedup_key FROM inserted UNION ALL SELECT story_id, $1, dedup_key FROM matched
         ON CONFLICT DO NOTHING
       )
       SELECT id FROM inserted ORDER BY id`,
      [feedId, JSON.stringify(rows), correlationId],
    );
    return inserted.map((r) => Number(r.id));
  }

  findByIds(ids: readonly number[]): Promise<StoryEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.findBy({ id: In([...ids]) });
  }

  countByFeed(feedId: number): Promise<number> {
    return this.repo.countBy({ feedId });
  }

  /**
   * The stories with their outlet: the feed's name, else the host of the story's (or the feed's) URL.
   * Outlets name an event's sources and tell a second outlet's report from a feed repeating itself.
   */
  async findWithSource(ids: readonly number[]): Promise<StoryWithSource[]> {
    if (!ids.length) return [];
    const stories = await this.repo.findBy({ id: In([...ids]) });
    const feeds: { id: number; name: string | null; url: string }[] = await this.ds.query(
      `SELECT id, name, url FROM feeds WHERE id = ANY($1::bigint[])`,
      [[...new Set(stories.map((s) => s.feedId))]],
    );
    const byId = new Map(feeds.map((f) => [Number(f.id), f]));
    return stories.map((s) => {
      const feed = byId.get(s.feedId);
      return Object.assign(s, { source: outletName(feed?.name ?? null, s.url, feed?.url ?? null) ?? `feed ${s.feedId}` });
    });
  }

  /** Stores each story's analysis and marks it classified, in one statement for the batch. */
  async markClassified(results: readonly StoryAnalysis[]): Promise<void> {
    if (!results.length) return;
    await this.ds.query(
      `WITH u AS (
         UPDATE stories s
            SET classified_at = coalesce(s.classified_at, now()), sentiment = r.sentiment, sentiment_label = r.sentiment_label,
                figures = r.figures, event_id = r.event_id, duplicate_of = r.duplicate_of, simhash = r.simhash,
                novelty = r.novelty, relevance = r.relevance, severity = r.severity, explanation = r.explanation
           FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, sentiment real, sentiment_label text, figures jsonb, event_id bigint,
                duplicate_of bigint, simhash text, novelty smallint, relevance smallint, severity smallint, explanation jsonb)
          WHERE s.id = r.id
         RETURNING s.id)
       SELECT count(*) FROM u`,
      [
        JSON.stringify(
          results.map((r) => ({
            id: r.storyId,
            sentiment: r.sentiment,
            sentiment_label: r.sentimentLabel,
            figures: r.figures,
            event_id: r.eventId,
            duplicate_of: r.duplicateOf,
            simhash: r.simhash,
            novelty: r.novelty,
            relevance: r.relevance,
            severity: r.severity,
            explanation: r.explanation,
          })),
        ),
      ],
    );
  }

  async markAlerted(ids: readonly number[]): Promise<void> {
    if (ids.length) await this.repo.update({ id: In([...ids]), alertedAt: IsNull() }, { alertedAt: () => 'now()' } as never);
  }

  /** Stories fetched more than `olderThanMs` ago and still not classified: their jobs were lost or failed. */
  async findStuckUnclassified(olderThanMs: number, limit: number): Promise<Pick<StoryEntity, 'id' | 'correlationId'>[]> {
    return this.ds.query(
      `SELECT id, correlation_id AS "correlationId" FROM stories
        WHERE classified_at IS NULL AND fetched_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY fetched_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  /** Classified stories whose alert matching has not completed after `olderThanMs`. */
  async findStuckUnalerted(olderThanMs: number, limit: number): Promise<Pick<StoryEntity, 'id' | 'correlationId'>[]> {
    return this.ds.query(
      `SELECT id, correlation_id AS "correlationId" FROM stories
        WHERE classified_at IS NOT NULL AND alerted_at IS NULL
          AND classified_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY classified_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  /** Writes tags in one statement; re-classifying a story keeps the tags it has (idempotent). */
  async insertTags(tags: NewTag[]): Promise<void> {
    if (!tags.length) return;
    await this.ds.getRepository(StoryTagEntity).createQueryBuilder().insert().values(tags).orIgnore().execute();
  }

  findTags(storyIds: readonly number[]): Promise<StoryTagEntity[]> {
    if (!storyIds.length) return Promise.resolve([]);
    return this.ds.getRepository(StoryTagEntity).find({
      where: { storyId: In([...storyIds]) },
      order: { storyId: 'ASC', kind: 'DESC', score: 'DESC' },
    });
  }
}

/**
 * The outlet a story came from, as events and alerts name their sources: the feed's name, else the host of the
 * story's URL, else of the feed's URL (without `www.`).
 */
export function outletName(feedName: string | null, storyUrl: string | null, feedUrl: string | null): string | null {
  return feedName?.trim() || hostOf(storyUrl) || hostOf(feedUrl);
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
