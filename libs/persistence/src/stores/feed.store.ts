import type { DataSource } from 'typeorm';
import { FeedEntity } from '../entities';

export interface NewFeed {
  url: string;
  name?: string | null;
  pollIntervalSec: number;
  /** the user chose pollIntervalSec: poll at exactly that interval instead of adapting it (default false) */
  fixedInterval?: boolean;
}

/** A poll that reached the feed: its new schedule and, for a 200, the document's validators and dedup strategy. */
export interface PollSuccess {
  status: 'ok' | 'not-modified';
  /** the interval now in force, before jitter */
  effectiveIntervalSec: number;
  /** seconds until the next poll: the interval with its jitter */
  nextPollInSec: number;
  validators?: { etag: string | null; lastModified: string | null };
  dedupStrategy?: 'guid' | 'link' | 'hash';
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
      .values({
        url: feed.url,
        name: feed.name ?? null,
        pollIntervalSec: feed.pollIntervalSec,
        effectiveIntervalSec: feed.pollIntervalSec,
        pollIntervalFixed: feed.fixedInterval ?? false,
      })
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

  findByUrl(url: string): Promise<FeedEntity | null> {
    return this.repo.findOneBy({ url });
  }

  /** Feeds by health for the metrics: active and polling fine, active but backing off after errors, paused, gone. */
  async healthCounts(): Promise<Record<'ok' | 'backing-off' | 'paused' | 'gone', number>> {
    const rows: { state: string; n: number }[] = await this.ds.query(
      `SELECT CASE WHEN status = 'active' AND error_count > 0 THEN 'backing-off' WHEN status = 'active' THEN 'ok' ELSE status END AS state,
              count(*)::int AS n
         FROM feeds GROUP BY 1`,
    );
    const counts = { ok: 0, 'backing-off': 0, paused: 0, gone: 0 };
    for (const r of rows) if (r.state in counts) counts[r.state as keyof typeof counts] = r.n;
    return counts;
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /**
   * Claims up to `limit` due feeds, at most `perHost` of them per host (the most overdue first), and moves their
   * next poll one interval ahead (a lease: the poll then sets the real next poll), in one statement. The rest of a
   * host's due feeds wait for the next tick, so a host with 500 feeds is not sent 500 requests at once. SKIP LOCKED
   * lets several fetcher replicas claim concurrently without taking the same feed twice; a feed a replica has
   * locked still counts against its host's cap.
   */
  async claimDue(limit: number, perHost = Number.MAX_SAFE_INTEGER): Promise<DueFeed[]> {
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING on Postgres.
    const rows: { id: number; slot: Date }[] = await this.ds.query(
      `WITH ranked AS (
         SELECT id, row_number() OVER (PARTITION BY host ORDER BY next_poll_at, id) AS n
           FROM feeds
          WHERE status = 'active' AND next_poll_at <= now()
       ), due AS (
         SELECT f.id, f.next_poll_at FROM feeds f JOIN ranked r ON r.id = f.id
          WHERE r.n <= $2 AND f.status = 'active' AND f.next_poll_at <= now()
          ORDER BY f.next_poll_at
          LIMIT $1
          FOR UPDATE OF f SKIP LOCKED
       ), claimed AS (
         UPDATE feeds f
            SET next_poll_at = now() + make_interval(secs => f.effective_interval_sec), updated_at = now()
           FROM due
          WHERE f.id = due.id
         RETURNING f.id, due.next_poll_at AS slot
       )
       SELECT id, slot FROM claimed`,
      [limit, perHost],
    );
    return rows.map((r) => ({ feedId: r.id, slot: new Date(r.slot).getTime() }));
  }

  /**
   * A poll that reached the feed (200 or 304): errors forgotten, the new schedule stored. The next poll never comes
   * before that of a feed of the same host that is waiting out a rate limit (a poll in flight during the limit must
   * not undo the host's back-off). A poll asked for while this one was in flight (POST /feeds/:id/poll moved
   * next_poll_at back to now; the claim had moved it ahead) is kept, not overwritten.
   */
  async recordSuccess(id: number, poll: PollSuccess): Promise<void> {
    await this.ds.query(
      `UPDATE feeds f
          SET last_polled_at = now(), last_success_at = now(), updated_at = now(), last_poll_status = $2::text,
              effective_interval_sec = $3::int, error_count = 0, last_error_category = NULL, last_error_message = NULL,
              next_poll_at = CASE WHEN f.next_poll_at <= now() THEN f.next_poll_at
                ELSE greatest(now() + make_interval(secs => $4::int), (
                  SELECT max(l.next_poll_at) FROM feeds l
                   WHERE l.host = f.host AND l.id <> f.id AND l.status = 'active' AND l.last_poll_status = 'rate-limited')) END,
              etag = CASE WHEN $5::boolean THEN $6::text ELSE etag END,
              last_modified = CASE WHEN $5::boolean THEN $7::text ELSE last_modified END,
              dedup_strategy = coalesce($8::text, dedup_strategy)
        WHERE id = $1`,
      [
        id,
        poll.status,
        poll.effectiveIntervalSec,
        Math.max(1, Math.round(poll.nextPollInSec)),
        poll.validators !== undefined,
        poll.validators?.etag ?? null,
        poll.validators?.lastModified ?? null,
        poll.dedupStrategy ?? null,
      ],
    );
  }

  /**
   * The server asked to be polled less often (429, or 503/403 with Retry-After). Not an error: nothing is counted,
   * the feed is not paused. Its interval becomes `waitSec`, and since the limit is usually the host's, every feed
   * of the same host waits at least as long. Returns how many other feeds were pushed back.
   */
  async recordRateLimit(id: number, waitSec: number): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `WITH limited AS (
         UPDATE feeds
            SET last_polled_at = now(), updated_at = now(), last_poll_status = 'rate-limited',
                effective_interval_sec = $2::int, next_poll_at = now() + make_interval(secs => $2::int)
          WHERE id = $1
         RETURNING host
       ), host_feeds AS (
         UPDATE feeds f
            SET next_poll_at = greatest(f.next_poll_at, now() + make_interval(secs => $2::int)), updated_at = now()
           FROM limited
          WHERE f.host = limited.host AND f.id <> $1 AND f.next_poll_at < now() + make_interval(secs => $2::int)
         RETURNING f.id
       )
       SELECT id FROM host_feeds`,
      [id, Math.max(1, Math.round(waitSec))],
    );
    return rows.length;
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
      lastPollStatus: 'gone',
      lastPolledAt: () => 'now()',
      errorCount: () => 'error_count + 1',
      lastErrorCategory: 'gone',
      lastErrorMessage: message.slice(0, 2000),
    } as never);
  }

  /**
   * A failed poll: counts it, backs off (the next poll after the interval in force × consecutive errors, at most 24 h) and
   * pauses the feed, with the reason, once `maxErrors` polls in a row have failed.
   */
  async recordFailure(id: number, category: string, message: string, maxErrors: number): Promise<void> {
    await this.ds.query(
      `UPDATE feeds
          SET last_polled_at = now(), updated_at = now(),
              error_count = error_count + 1,
              last_error_category = $2::text,
              last_poll_status = $2::text,
              last_error_message = $3::text,
              next_poll_at = now() + make_interval(secs => least(effective_interval_sec * (error_count + 1), 86400)),
              status = CASE WHEN error_count + 1 >= $4::int AND status = 'active' THEN 'paused' ELSE status END,
              status_reason = CASE WHEN error_count + 1 >= $4::int AND status = 'active'
                                   THEN format('paused after %s failed polls in a row (last: %s)', error_count + 1, $2)
                                   ELSE status_reason END
        WHERE id = $1`,
      [id, category, message.slice(0, 2000), maxErrors],
    );
  }

  /**
   * Changes what the API may change (fields left undefined stay as they are). A new pollIntervalSec is in force
   * at once; `fixedInterval` says whether it is the user's fixed interval or the starting point of adaptation.
   */
  async update(id: number, patch: { name?: string; pollIntervalSec?: number; fixedInterval?: boolean }): Promise<void> {
    const set: Partial<FeedEntity> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.pollIntervalSec !== undefined) Object.assign(set, { pollIntervalSec: patch.pollIntervalSec, effectiveIntervalSec: patch.pollIntervalSec });
    if (patch.fixedInterval !== undefined) set.pollIntervalFixed = patch.fixedInterval;
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
