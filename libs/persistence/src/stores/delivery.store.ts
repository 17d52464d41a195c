import type { DataSource } from 'typeorm';
import { DeliveryEntity } from '../entities';

export interface NewDelivery {
  subscriptionId: number;
  storyId: number;
  correlationId: string | null;
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
