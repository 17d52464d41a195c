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
   * Records deliveries in one statement. A (subscription, story) pair is recorded once, whatever the retries
   * or replicas: the unique key makes a second insert a no-op. Returns only the deliveries that are new.
   */
  async insertNew(rows: NewDelivery[]): Promise<{ id: number; subscriptionId: number; storyId: number }[]> {
    if (!rows.length) return [];
    const res = await this.repo
      .createQueryBuilder()
      .insert()
      .values(rows)
      .orIgnore()
      .returning(['id', 'subscription_id', 'story_id'])
      .execute();
    return (res.raw as { id: number; subscription_id: number; story_id: number }[]).map((r) => ({
      id: r.id,
      subscriptionId: r.subscription_id,
      storyId: r.story_id,
    }));
  }

  get(id: number): Promise<DeliveryEntity | null> {
    return this.repo.findOneBy({ id });
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
    return new Map(
      deliveries.map((d) => [
        d.id,
        {
          delivery: d,
          subscription: subById.get(d.subscriptionId) ?? null,
          story: storyById.get(d.storyId) ?? null,
          tags: tags.filter((t) => t.storyId === d.storyId),
        },
      ]),
    );
  }

  listBySubscription(subscriptionId: number): Promise<DeliveryEntity[]> {
    return this.repo.find({ where: { subscriptionId }, order: { id: 'ASC' } });
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
