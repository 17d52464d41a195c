import type { AdvancedOptions, JobsOptions } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';

/** A failed webhook attempt that will be retried after `delayMs` (the schedule's next step, or Retry-After). */
export class DeliveryRetryError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'DeliveryRetryError';
  }
}

/**
 * BullMQ computes a retry's delay in the worker that saw the failure, with the error in hand: the delivery
 * processor puts the delay it chose into the error, and this strategy hands it to BullMQ.
 */
export const WEBHOOK_BACKOFF_SETTINGS: AdvancedOptions = {
  backoffStrategy: (_attemptsMade, _type, err) => (err instanceof DeliveryRetryError ? err.delayMs : 0),
};

/** A delivery job: one attempt per entry of DELIVERY_RETRY_SCHEDULE, the first right away. */
export function deliveryJobOptions(cfg: AppConfig): JobsOptions {
  return { attempts: cfg.deliveryRetryScheduleMs.length, backoff: { type: 'webhook' }, delay: cfg.deliveryRetryScheduleMs[0] || undefined };
}
