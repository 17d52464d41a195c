import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';

/** Retries of a webhook delivery: DELIVERY_ATTEMPTS tries, DELIVERY_BACKOFF_MS doubled at each retry. */
export function deliveryJobOptions(cfg: AppConfig): JobsOptions {
  return { attempts: cfg.deliveryAttempts, backoff: { type: 'exponential', delay: cfg.deliveryBackoffMs } };
}
