import { Processor } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { type DeliveriesSendJob, QueueName } from '@wirewatch/contracts';
import { buildAlertPayload, classifyResponse, nextRetryDelay, shouldDisableEndpoint, webhookHeaders } from '@wirewatch/delivery';
import { HttpError } from '@wirewatch/http-client';
import { type DeliveryContext, DeliveryStore, SubscriptionStore } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, OutboundHttp, WireWorker } from '@wirewatch/platform';
import { createBatcher } from '@wirewatch/queueing';
import { DeliveryRetryError, WEBHOOK_BACKOFF_SETTINGS } from './delivery-job-options';

/** How much of a receiver's answer the delivery log keeps. */
const EXCERPT_BYTES = 1024;

/**
 * deliveries.send: POSTs one alert to its subscription's webhook, signed per Standard Webhooks (with the previous
 * secret too while a rotation overlaps). Only 2xx counts. A 410 disables the endpoint; a 3xx fails the delivery
 * (redirects are not followed); anything else is retried on DELIVERY_RETRY_SCHEDULE with jitter, honouring
 * Retry-After on 429/503; an endpoint failing for WEBHOOK_DISABLE_AFTER_SEC is disabled. Every attempt is logged.
 */
@Processor(QueueName.DeliveriesSend, { settings: WEBHOOK_BACKOFF_SETTINGS })
export class DeliveriesSendProcessor extends WireWorker {
  /** The deliveries being sent at once are read together (a few queries for the batch). */
  private readonly contexts = createBatcher<number, DeliveryContext | null>(
    async (ids) => {
      const found = await this.deliveries.findWithContext(ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: 200, waitMs: 2 },
  );

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly subscriptions: SubscriptionStore,
    private readonly http: OutboundHttp,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
  }

  async process(job: Job<DeliveriesSendJob>): Promise<{ status: number }> {
    const ctx = await this.contexts.load(job.data.deliveryId);
    if (!ctx) throw new UnrecoverableError(`delivery ${job.data.deliveryId} no longer exists`);
    const { delivery, subscription: sub, story, event, tags } = ctx;
    if (delivery.status === 'delivered') return { status: delivery.lastStatusCode ?? 200 };
    if (!sub || !story || !event) throw new UnrecoverableError(`delivery ${delivery.id}: subscription, story or event deleted`);
    if (!sub.webhookUrl) throw new UnrecoverableError(`delivery ${delivery.id}: subscription ${sub.id} has no webhook`);
    if (!sub.active) {
      await this.deliveries.recordAttempt(delivery.id, { ok: false, statusCode: null, error: `subscription disabled: ${sub.disabledReason ?? 'inactive'}`, final: true, latencyMs: 0, responseExcerpt: null });
      throw new UnrecoverableError(`delivery ${delivery.id}: subscription ${sub.id} is disabled`);
    }

    const now = new Date();
    const payload = buildAlertPayload({
      type: delivery.type,
      alertId: delivery.alertId ?? 0,
      deliveryId: delivery.id,
      subscriptionId: sub.id,
      alertedAt: delivery.createdAt,
      event,
      story,
      tags,
      now,
    });
    const body = JSON.stringify(payload);
    const secrets = [sub.webhookSecret];
    if (sub.previousWebhookSecret && sub.previousSecretExpiresAt && sub.previousSecretExpiresAt > now) secrets.push(sub.previousWebhookSecret);
    const attempt = job.attemptsMade + 1;
    const final = attempt >= (job.opts.attempts ?? 1);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    let category: string | undefined;
    let excerpt: string | null = null;
    let retryAfter: string | null = null;
    try {
      const res = await this.http.request(sub.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhookHeaders(secrets, `delivery-${delivery.id}`, body, now) },
        body,
        timeoutMs: this.cfg.webhookTimeoutMs,
        maxBytes: 64 * 1024,
        maxRedirects: 0,
      });
      status = res.status;
      excerpt = res.body.subarray(0, EXCERPT_BYTES).toString('utf8') || null;
      retryAfter = res.headers['retry-after'] ?? null;
      if (classifyResponse(status) !== 'delivered') error = `HTTP ${status}`;
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      error = `${e.category}: ${e.message}`;
      category = e.category;
    }
    const latencyMs = performance.now() - started;
    const outcome = classifyResponse(status);
    const ok = outcome === 'delivered';
    const settled = ok || outcome !== 'retry' || final;
    await this.deliveries.recordAttempt(delivery.id, { ok, statusCode: status, error, final: settled && !ok, latencyMs, responseExcerpt: excerpt });
    this.metrics.webhookAttempts.inc({ outcome: ok ? 'delivered' : 'failed', status_class: Metrics.statusClass(status, category) });
    this.metrics.deliveryLatency.observe(latencyMs / 1000);
    if (ok) {
      await this.subscriptions.recordEndpointOutcome(sub.id, true);
      this.metrics.fetchedToDelivered.observe((Date.now() - story.fetchedAt.getTime()) / 1000);
      if (story.publishedAt) this.metrics.publishedToDelivered.observe(Math.max(0, Date.now() - story.publishedAt.getTime()) / 1000);
      return { status: status! };
    }

    const failingSince = await this.subscriptions.recordEndpointOutcome(sub.id, false);
    if (outcome === 'gone') {
      await this.subscriptions.disable(sub.id, `endpoint answered 410 Gone at ${now.toISOString()}`);
      this.logger.warn(`subscription ${sub.id} disabled: ${sub.webhookUrl} answered 410 Gone`);
      throw new UnrecoverableError(`webhook ${sub.webhookUrl} answered 410 Gone: subscription disabled`);
    }
    if (shouldDisableEndpoint({ failingSince, now, disableAfterMs: this.cfg.webhookDisableAfterSec * 1000 })) {
      await this.subscriptions.disable(sub.id, `every delivery failed since ${failingSince!.toISOString()}; last: ${error}`);
      this.logger.warn(`subscription ${sub.id} disabled: failing since ${failingSince!.toISOString()}`);
    }
    if (outcome === 'failed') throw new UnrecoverableError(`webhook ${sub.webhookUrl} answered ${error}: redirects are not followed`);
    const delayMs = nextRetryDelay({ attempt, schedule: this.cfg.deliveryRetryScheduleMs, status, retryAfter, now, random: Math.random() });
    if (delayMs === null) throw new UnrecoverableError(`webhook ${sub.webhookUrl} answered ${error}: no attempts left`);
    throw new DeliveryRetryError(`webhook ${sub.webhookUrl} answered ${error}`, delayMs);
  }
}
