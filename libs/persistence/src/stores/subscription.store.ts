import type { DataSource } from 'typeorm';
import { SubscriptionEntity, type SubscriptionFilter } from '../entities';

export interface NewSubscription {
  name: string;
  filter: SubscriptionFilter;
  webhookUrl: string | null;
  webhookSecret: string;
  stream?: boolean;
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

  get(id: number): Promise<SubscriptionEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * Records a delivery outcome for the endpoint's health: success clears `failing_since`; a failure sets it
   * when it was clear and returns when the current run of failures began.
   */
  async recordEndpointOutcome(id: number, ok: boolean): Promise<Date | null> {
    // Only a change of state writes; updated_at stays, so the subscription caches are not invalidated.
    if (ok) {
      await this.ds.query(`UPDATE subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [id]);
      return null;
    }
    await this.ds.query(`UPDATE subscriptions SET failing_since = now() WHERE id = $1 AND failing_since IS NULL`, [id]);
    const [row] = await this.ds.query(`SELECT failing_since FROM subscriptions WHERE id = $1`, [id]);
    return row?.failing_since ?? null;
  }

  /** Changes name, filter or active; re-activating clears the reason it was disabled and its failure run. */
  async update(id: number, patch: { name?: string; filter?: SubscriptionFilter; active?: boolean }): Promise<SubscriptionEntity | null> {
    const set: Partial<SubscriptionEntity> = { ...patch };
    if (patch.active === true) Object.assign(set, { disabledReason: null, failingSince: null });
    if (Object.keys(set).length) await this.repo.update({ id }, set as never);
    return this.get(id);
  }

  async delete(id: number): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }

  /**
   * Replaces the signing secret; the previous one stays valid (deliveries carry both signatures) for
   * `overlapSec`, so receivers can switch without losing a message.
   */
  async rotateSecret(id: number, secret: string, overlapSec: number): Promise<SubscriptionEntity | null> {
    await this.ds.query(
      `UPDATE subscriptions SET previous_webhook_secret = webhook_secret, webhook_secret = $2,
              previous_secret_expires_at = now() + make_interval(secs => $3::double precision), updated_at = now()
        WHERE id = $1`,
      [id, secret, overlapSec],
    );
    return this.get(id);
  }

  /** Stops deliveries to the subscription, with the reason shown in the API (410 Gone, failing for days, …). */
  async disable(id: number, reason: string): Promise<void> {
    await this.ds.query(`UPDATE subscriptions SET active = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
  }

  /** A cheap change marker: subscription caches reload when it moves. */
  async version(): Promise<string> {
    const [row] = await this.ds.query(`SELECT count(*) AS n, max(updated_at) AS at FROM subscriptions`);
    return `${row.n}:${row.at ? new Date(row.at).toISOString() : ''}`;
  }
}
