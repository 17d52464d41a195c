import { In, type DataSource } from 'typeorm';
import { DeliveryEntity, StoryEntity, StoryTagEntity, SubscriptionEntity } from '../entities';

export interface NewDelivery {
  subscriptionId: number;
  storyId: number;
  correlationId: string | null;
}

/** A delivery with what sending it needs; subscription or story null when deleted meanwhile. */
export interface DeliveryContext {
  delivery: DeliveryEntity;
  subscription: SubscriptionEntity | null;
  story: StoryEntity | null;
  tags: StoryTagEntity[];
}

export class DeliveryStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(DeliveryEntity);
  }

  /**
   * Records deliveries (new pairs inserted, existing ones kept) and returns every one of those pairs still
   * pending, new or not: after a crash between this insert and the enqueue, the retried match finds its
   * deliveries here and enqueues them again (job ids dedupe). One statement.
   */
  async recordPending(rows: NewDelivery[]): Promise<{ id: number; subscriptionId: number; storyId: number; correlationId: string | null }[]> {
    if (!rows.length) return [];
    return this.ds.query(
      `WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(subscription_id, story_id, correlation_id)
       ), inserted AS (
         INSERT INTO deliveries (subscription_id, story_id, correlation_id)
         SELECT subscription_id, story_id, correlation_id FROM input
         ON CONFLICT (subscription_id, story_id) DO NOTHING
         RETURNING id, subscription_id, story_id, correlation_id
       )
       SELECT id, subscription_id AS "subscriptionId", story_id AS "storyId", correlation_id AS "correlationId" FROM inserted
       UNION ALL
       SELECT d.id, d.subscription_id, d.story_id, d.correlation_id
         FROM deliveries d JOIN input i USING (subscription_id, story_id)
        WHERE d.status = 'pending'`,
      [rows.map((r) => r.subscriptionId), rows.map((r) => r.storyId), rows.map((r) => r.correlationId)],
    );
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

  /** Loads many deliveries with their subscriptions, stories and tags in four queries, whatever their number. */
  async findWithContext(ids: readonly number[]): Promise<Map<number, DeliveryContext>> {
    if (!ids.length) return new Map();
    const deliveries = await this.repo.findBy({ id: In([...ids]) });
    const subIds = [...new Set(deliveries.map((d) => d.subscriptionId))];
    const storyIds = [...new Set(deliveries.map((d) => d.storyId))];
    const [subs, stories, tags] = await Promise.all([
      subIds.length ? this.ds.getRepository(SubscriptionEntity).findBy({ id: In(subIds) }) : [],
      storyIds.length ? this.ds.getRepository(StoryEntity).findBy({ id: In(storyIds) }) : [],
      storyIds.length ? this.ds.getRepository(StoryTagEntity).find({ where: { storyId: In(storyIds) }, order: { kind: 'DESC', score: 'DESC' } }) : [],
    ]);
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
          tags: tagsByStory.get(d.storyId) ?? [],
        },
      ]),
    );
  }

  async recordAttempt(id: number, outcome: { ok: boolean; statusCode: number | null; error: string | null; final: boolean }) {
    await this.repo.update({ id }, {
      attempts: () => 'attempts + 1',
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error ? outcome.error.slice(0, 2000) : null,
      status: outcome.ok ? 'delivered' : outcome.final ? 'failed' : 'pending',
      ...(outcome.ok ? { deliveredAt: () => 'now()' } : {}),
    } as never);
  }
}
