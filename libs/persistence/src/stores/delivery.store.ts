import { In, type DataSource } from 'typeorm';
import { DeliveryEntity, type DeliveryStatus, StoryTagEntity, SubscriptionEntity } from '../entities';
import { type EventRecord, EventStore } from './event.store';
import { StoryStore, type StoryWithSource } from './story.store';

/** A delivery with what sending it needs; subscription or story null when deleted meanwhile. */
export interface DeliveryContext {
  delivery: DeliveryEntity;
  subscription: SubscriptionEntity | null;
  /** the story with its outlet name */
  story: StoryWithSource | null;
  event: (EventRecord & { id: number }) | null;
  tags: StoryTagEntity[];
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  final: boolean;
  latencyMs: number;
  /** the first 1 KB of the response body */
  responseExcerpt: string | null;
}

export class DeliveryStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(DeliveryEntity);
  }

  /** Deliveries still pending `olderThanMs` after they were recorded: the reconciler checks their jobs. */
  findStuckPending(olderThanMs: number, limit: number): Promise<{ id: number; correlationId: string | null }[]> {
    return this.ds.query(
      `SELECT id, correlation_id AS "correlationId" FROM deliveries
        WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  /** Loads many deliveries with their subscriptions, stories, events and tags in a few queries, whatever their number. */
  async findWithContext(ids: readonly number[]): Promise<Map<number, DeliveryContext>> {
    if (!ids.length) return new Map();
    const deliveries = await this.repo.findBy({ id: In([...ids]) });
    const subIds = [...new Set(deliveries.map((d) => d.subscriptionId))];
    const storyIds = [...new Set(deliveries.map((d) => d.storyId))];
    const [subs, stories, tags] = await Promise.all([
      subIds.length ? this.ds.getRepository(SubscriptionEntity).findBy({ id: In(subIds) }) : [],
      new StoryStore(this.ds).findWithSource(storyIds),
      storyIds.length ? this.ds.getRepository(StoryTagEntity).find({ where: { storyId: In(storyIds) }, order: { kind: 'DESC', score: 'DESC' } }) : [],
    ]);
    const eventIds = [...new Set(stories.map((s) => s.eventId).filter((id): id is number => id !== null))];
    const events = await new EventStore(this.ds).findByIds(eventIds);
    const eventById = new Map(events.map((e) => [Number(e.id), e]));
    const subById = new Map(subs.map((s) => [s.id, s]));
    const storyById = new Map(stories.map((s) => [s.id, s]));
    const tagsByStory = new Map<number, StoryTagEntity[]>();
    for (const t of tags) tagsByStory.set(t.storyId, [...(tagsByStory.get(t.storyId) ?? []), t]);
    return new Map(
      deliveries.map((d) => [
        d.id,
        {
          delivery: d,
          subscription: subById.get(d.subscriptionId) ?? null,
          story: storyById.get(d.storyId) ?? null,
          event: eventById.get(storyById.get(d.storyId)?.eventId ?? -1) ?? null,
          tags: tagsByStory.get(d.storyId) ?? [],
        },
      ]),
    );
  }

  /** Records one HTTP attempt: the delivery's state and counters, and a row in the delivery log. */
  async recordAttempt(id: number, outcome: AttemptOutcome): Promise<void> {
    await this.ds.query(
      `WITH d AS (
         UPDATE deliveries
            SET attempts = attempts + 1, last_status_code = $2, last_error = $3,
                status = CASE WHEN $4 THEN 'delivered' WHEN $5 THEN 'failed' ELSE 'pending' END,
                delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
          WHERE id = $1
         RETURNING id, attempts)
       INSERT INTO delivery_attempts (delivery_id, attempt, status_code, latency_ms, response_excerpt, error)
       SELECT id, attempts, $2, $6, $7, $3 FROM d`,
      [
        id,
        outcome.statusCode,
        outcome.error ? outcome.error.slice(0, 2000) : null,
        outcome.ok,
        outcome.final,
        Math.round(outcome.latencyMs),
        outcome.responseExcerpt ? outcome.responseExcerpt.slice(0, 1024) : null,
      ],
    );
  }

  /** A subscription's deliveries, newest first, each with its attempts (the delivery log). */
  async listBySubscription(subscriptionId: number, opts: { status?: DeliveryStatus; limit: number; beforeId?: number }): Promise<DeliveryLogEntry[]> {
    const rows: DeliveryLogEntry[] = await this.ds.query(
      `SELECT d.id, d.story_id AS "storyId", d.alert_id AS "alertId", d.type, d.status, d.attempts, d.last_status_code AS "lastStatusCode",
              d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.attempted_at, 'statusCode', a.status_code,
                        'latencyMs', a.latency_ms, 'response', a.response_excerpt, 'error', a.error) ORDER BY a.attempt)
                          FROM delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts_log
         FROM deliveries d
        WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::bigint IS NULL OR d.id < $3)
        ORDER BY d.id DESC LIMIT $4`,
      [subscriptionId, opts.status ?? null, opts.beforeId ?? null, opts.limit],
    );
    return rows.map(({ attempts_log, ...r }: DeliveryLogEntry & { attempts_log?: unknown }) => ({ ...r, attemptLog: attempts_log as DeliveryLogEntry['attemptLog'] }));
  }

  /**
   * Puts deliveries back to pending so they are sent again (redeliver, replay); returns them with the round
   * number their new job is keyed by (their attempt count: a second request before the next attempt dedupes).
   */
  async reopen(ids: readonly number[]): Promise<{ id: number; round: number; correlationId: string | null }[]> {
    if (!ids.length) return [];
    return this.ds.query(
      `WITH u AS (
         UPDATE deliveries SET status = 'pending' WHERE id = ANY($1::bigint[]) RETURNING id, attempts, correlation_id)
       SELECT id, attempts AS round, correlation_id AS "correlationId" FROM u ORDER BY id`,
      [[...ids]],
    );
  }

  /** Ids of a subscription's deliveries created in [since, until) with one of `statuses`, oldest first. */
  async findForReplay(subscriptionId: number, since: Date, until: Date, statuses: readonly DeliveryStatus[]): Promise<number[]> {
    const rows: { id: number }[] = await this.ds.query(
      `SELECT id FROM deliveries WHERE subscription_id = $1 AND created_at >= $2 AND created_at < $3 AND status = ANY($4::text[]) ORDER BY id LIMIT 10000`,
      [subscriptionId, since, until, [...statuses]],
    );
    return rows.map((r) => Number(r.id));
  }

  get(id: number): Promise<DeliveryEntity | null> {
    return this.repo.findOneBy({ id });
  }
}

export interface DeliveryLogEntry {
  id: number;
  storyId: number;
  alertId: number | null;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  attemptLog: { attempt: number; at: string; statusCode: number | null; latencyMs: number; response: string | null; error: string | null }[];
}
