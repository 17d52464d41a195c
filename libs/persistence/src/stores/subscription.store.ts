import type { DataSource } from 'typeorm';
import { SubscriptionEntity, type SubscriptionFilter } from '../entities';

export interface NewSubscription {
  name: string;
  filter: SubscriptionFilter;
  webhookUrl: string;
  webhookSecret: string;
}

export class SubscriptionStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(SubscriptionEntity);
  }

  async create(sub: NewSubscription): Promise<SubscriptionEntity> {
    const res = await this.repo.insert({ ...sub, active: true });
    // Read back: the generated id in an insert result is not run through the int8 parser.
    return this.repo.findOneByOrFail({ id: Number(res.identifiers[0].id) });
  }

  list(): Promise<SubscriptionEntity[]> {
    return this.repo.find({ order: { id: 'ASC' } });
  }

  listActive(): Promise<SubscriptionEntity[]> {
    return this.repo.find({ where: { active: true }, order: { id: 'ASC' } });
  }

  /** A cheap change marker: subscription caches reload when it moves. */
  async version(): Promise<string> {
    const [row] = await this.ds.query(`SELECT count(*) AS n, max(updated_at) AS at FROM subscriptions`);
    return `${row.n}:${row.at ? new Date(row.at).toISOString() : ''}`;
  }
}
