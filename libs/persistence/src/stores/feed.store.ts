import type { DataSource } from 'typeorm';
import { FeedEntity } from '../entities';

export interface NewFeed {
  url: string;
  name?: string | null;
  pollIntervalSec: number;
}

export interface DueFeed {
  feedId: number;
  /** the next_poll_at the feed was claimed for, epoch ms: part of the poll job's id */
  slot: number;
}

export class FeedStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(FeedEntity);
  }

  /** Registers a feed; returns null when a feed with that URL exists already. */
  async create(feed: NewFeed): Promise<FeedEntity | null> {
    const res = await this.repo
      .createQueryBuilder()
      .insert()
      .values({ url: feed.url, name: feed.name ?? null, pollIntervalSec: feed.pollIntervalSec })
      .orIgnore()
      .returning('*')
      .execute();
    if (!res.raw.length) return null;
    return this.repo.findOneByOrFail({ id: res.raw[0].id });
  }

  list(): Promise<FeedEntity[]> {
    return this.repo.find({ order: { id: 'ASC' } });
  }

  get(id: number): Promise<FeedEntity | null> {
    return this.repo.findOneBy({ id });
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /**
   * Claims up to `limit` due feeds and moves their next poll one interval ahead, in one statement.
   * SKIP LOCKED lets several fetcher replicas claim concurrently without taking the same feed twice.
   */
  async claimDue(limit: number): Promise<DueFeed[]> {
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING on Postgres.
    const rows: { id: number; slot: Date }[] = await this.ds.query(
      `WITH due AS (
         SELECT id, next_poll_at FROM feeds
          WHERE status = 'active' AND next_poll_at <= now()
          ORDER BY next_poll_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE feeds f
            SET next_poll_at = now() + make_interval(secs => f.poll_interval_sec), updated_at = now()
           FROM due
          WHERE f.id = due.id
         RETURNING f.id, due.next_poll_at AS slot
       )
       SELECT id, slot FROM claimed`,
      [limit],
    );
    return rows.map((r) => ({ feedId: r.id, slot: new Date(r.slot).getTime() }));
  }

  async recordSuccess(id: number, validators: { etag: string | null; lastModified: string | null }): Promise<void> {
    await this.repo.update(
      { id },
      {
        etag: validators.etag,
        lastModified: validators.lastModified,
        lastPolledAt: () => 'now()',
        lastSuccessAt: () => 'now()',
        errorCount: 0,
        lastErrorCategory: null,
        lastErrorMessage: null,
      } as never,
    );
  }

  /**
   * Stores a feed's new address after a permanent redirect. Returns false, changing nothing, when another
   * registered feed has that address already.
   */
  async moveTo(id: number, url: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `WITH moved AS (
         UPDATE feeds SET url = $2, updated_at = now()
          WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = $2)
         RETURNING id)
       SELECT id FROM moved`,
      [id, url],
    );
    return rows.length === 1;
  }

  /** The publisher said the feed is gone for good (410): it is no longer polled, and the reason is kept. */
  async markGone(id: number, message: string): Promise<void> {
    await this.repo.update({ id }, {
      status: 'gone',
      statusReason: message.slice(0, 2000),
      lastPolledAt: () => 'now()',
      errorCount: () => 'error_count + 1',
      lastErrorCategory: 'gone',
      lastErrorMessage: message.slice(0, 2000),
    } as never);
  }

  /**
   * A failed poll: counts it, backs off (the next poll after interval × consecutive errors, at most 24 h) and
   * pauses the feed, with the reason, once `maxErrors` polls in a row have failed.
   */
  async recordFailure(id: number, category: string, message: string, maxErrors: number): Promise<void> {
    await this.ds.query(
      `UPDATE feeds
          SET last_polled_at = now(), updated_at = now(),
              error_count = error_count + 1,
              last_error_category = $2::text,
              last_error_message = $3::text,
              next_poll_at = now() + make_interval(secs => least(poll_interval_sec * (error_count + 1), 86400)),
              status = CASE WHEN error_count + 1 >= $4::int AND status = 'active' THEN 'paused' ELSE status END,
              status_reason = CASE WHEN error_count + 1 >= $4::int AND status = 'active'
                                   THEN format('paused after %s failed polls in a row (last: %s)', error_count + 1, $2)
                                   ELSE status_reason END
        WHERE id = $1`,
      [id, category, message.slice(0, 2000), maxErrors],
    );
  }

  /** Changes what the API may change (fields left undefined stay as they are). */
  async update(id: number, patch: { name?: string; pollIntervalSec?: number }): Promise<void> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await this.repo.update({ id }, set);
  }

  /** Pauses polling, keeping the reason given. */
  async pause(id: number, reason: string): Promise<void> {
    await this.repo.update({ id }, { status: 'paused', statusReason: reason });
  }

  /** Resumes a paused (or gone) feed: errors forgotten, polled at once. */
  async resume(id: number): Promise<void> {
    await this.repo.update({ id }, { status: 'active', statusReason: null, errorCount: 0, nextPollAt: () => 'now()' } as never);
  }

  /** Polls an active feed at the next scheduler tick. Returns false when the feed is not active. */
  async pollNow(id: number): Promise<boolean> {
    const res = await this.repo.update({ id, status: 'active' }, { nextPollAt: () => 'now()' } as never);
    return (res.affected ?? 0) > 0;
  }

  /** Deletes a feed with its stories, their tags and deliveries. Returns false when it did not exist. */
  async delete(id: number): Promise<boolean> {
    const res = await this.repo.delete({ id });
    return (res.affected ?? 0) > 0;
  }
}
