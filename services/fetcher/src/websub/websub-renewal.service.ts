import { Injectable } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { WebSubStore } from '@wirewatch/persistence';
import { InjectConfig, PeriodicTask } from '@wirewatch/platform';
import { WebSubService } from './websub.service';

/** Subscriptions handled per pass at most; the rest wait for the next pass. */
const BATCH = 100;
/** A request the hub has not verified (or refused) is sent again after an hour. */
const RETRY_SEC = 3600;
/** An unsubscription the hub has not confirmed within a day is forgotten. */
const UNSUBSCRIBE_GIVE_UP_SEC = 86_400;

/**
 * Every WEBSUB_RENEW_INTERVAL_MS: re-subscribes leases that are due for renewal (see renewalDueAt) and retries
 * unverified or refused subscriptions, unsubscribes the subscriptions of deleted feeds (best effort), and
 * forgets unsubscriptions no hub confirmed. Claims are SKIP LOCKED, so fetcher replicas share the work.
 */
@Injectable()
export class WebSubRenewal extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly subscriptions: WebSubStore,
    private readonly websub: WebSubService,
    @InjectConfig() cfg: AppConfig,
  ) {
    super();
    this.intervalMs = cfg.websubRenewIntervalMs;
  }

  /** One pass; returns how many requests it sent to hubs. */
  async run(): Promise<number> {
    const orphans = await this.subscriptions.claimOrphans(BATCH);
    for (const sub of orphans) await this.websub.unsubscribe(sub);
    const due = await this.subscriptions.claimRenewals(RETRY_SEC, BATCH);
    for (const sub of due) await this.websub.subscribe(sub);
    await this.subscriptions.purgeUnsubscribing(UNSUBSCRIBE_GIVE_UP_SEC);
    return orphans.length + due.length;
  }
}
