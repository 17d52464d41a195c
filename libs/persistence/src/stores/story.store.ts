import { In, IsNull, type DataSource } from 'typeorm';
import { type StoryFigure, StoryEntity, StoryTagEntity, type TagKind } from '../entities';

export interface NewStory {
  dedupKey: string;
  guid: string | null;
  url: string | null;
  title: string;
  summary: string | null;
  content: string | null;
  author: string | null;
  publishedAt: Date | null;
}

export interface NewTag {
  storyId: number;
  kind: TagKind;
  key: string;
  label: string;
  score: number;
  evidence: string[];
  sentiment?: number | null;
}

export interface StoryAnalysis {
  storyId: number;
  sentiment: number;
  sentimentLabel: 'negative' | 'neutral' | 'positive';
  figures: StoryFigure[];
}

export class StoryStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(StoryEntity);
  }

  /**
   * Inserts a feed's items in one statement; items already stored (same feed and dedup key) are skipped.
   * Returns the ids of the stories that are new.
   */
  async insertNew(feedId: number, items: NewStory[], correlationId: string): Promise<number[]> {
    if (!items.length) return [];
    // One feed can repeat an item within a document: keep the first, or Postgres refuses the whole statement.
    const seen = new Set<string>();
    const unique = items.filter((i) => !seen.has(i.dedupKey) && seen.add(i.dedupKey));
    const res = await this.repo
      .createQueryBuilder()
      .insert()
      .values(unique.map((i) => ({ ...i, feedId, correlationId })))
      .orIgnore()
      .returning(['id'])
      .execute();
    return (res.raw as { id: number }[]).map((r) => r.id);
  }

  findByIds(ids: readonly number[]): Promise<StoryEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.findBy({ id: In([...ids]) });
  }

  countByFeed(feedId: number): Promise<number> {
    return this.repo.countBy({ feedId });
  }

  /** Stores each story's sentiment and figures and marks it classified, in one statement for the batch. */
  async markClassified(results: readonly StoryAnalysis[]): Promise<void> {
    if (!results.length) return;
    await this.ds.query(
      `UPDATE stories s
          SET classified_at = coalesce(s.classified_at, now()), sentiment = r.sentiment, sentiment_label = r.label, figures = r.figures
         FROM unnest($1::bigint[], $2::real[], $3::text[], $4::jsonb[]) AS r(id, sentiment, label, figures)
        WHERE s.id = r.id`,
      [
        results.map((r) => r.storyId),
        results.map((r) => r.sentiment),
        results.map((r) => r.sentimentLabel),
        results.map((r) => JSON.stringify(r.figures)),
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
