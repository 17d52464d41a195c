import { Processor } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { type DeliveriesSendJob, QueueName } from '@wirewatch/contracts';
import { buildStoryAlert, isDelivered, webhookHeaders } from '@wirewatch/delivery';
import { HttpError } from '@wirewatch/http-client';
import { type DeliveryContext, DeliveryStore } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, OutboundHttp, WireWorker } from '@wirewatch/platform';
import { createBatcher } from '@wirewatch/queueing';

/**
 * deliveries.send: POSTs one delivery's JSON to its subscription's webhook. Only a 2xx answer counts; any
 * other answer or a network error fails the attempt, which BullMQ retries with exponential back-off up to
 * DELIVERY_ATTEMPTS; every attempt is recorded on the delivery row.
 */
@Processor(QueueName.DeliveriesSend)
export class DeliveriesSendProcessor extends WireWorker {
  /** The deliveries being sent at once are read together (four queries for the batch). */
  private readonly contexts = createBatcher<number, DeliveryContext | null>(
    async (ids) => {
      const found = await this.deliveries.findWithContext(ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: 200, waitMs: 2 },
  );

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly http: OutboundHttp,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
  }

  async process(job: Job<DeliveriesSendJob>): Promise<{ status: number }> {
    const ctx = await this.contexts.load(job.data.deliveryId);
    if (!ctx) throw new UnrecoverableError(`delivery ${job.data.deliveryId} no longer exists`);
    const { delivery, subscription: sub, story, tags } = ctx;
    if (delivery.status === 'delivered') return { status: delivery.lastStatusCode ?? 200 };
    if (!sub || !story) throw new UnrecoverableError(`delivery ${delivery.id}: subscription or story deleted`);

    const payload = buildStoryAlert({ deliveryId: delivery.id, subscription: { id: sub.id, name: sub.name }, story, tags, now: new Date() });
    const body = JSON.stringify(payload);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let status: number | null = null;
    let error: string | null = null;
    let category: string | undefined;
    try {
      const res = await this.http.request(sub.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhookHeaders(sub.webhookSecret, `delivery-${delivery.id}`, body, new Date()) },
        body,
        timeoutMs: this.cfg.webhookTimeoutMs,
        maxBytes: 64 * 1024,
        maxRedirects: 0,
      });
      status = res.status;
      if (!isDelivered(res.status)) error = `HTTP ${res.status}`;
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      error = `${e.category}: ${e.message}`;
      category = e.category;
    }
    await this.deliveries.recordAttempt(delivery.id, { ok: error === null, statusCode: status, error, final });
    this.metrics.webhookAttempts.inc({ outcome: error === null ? 'delivered' : 'failed', status_class: Metrics.statusClass(status, category) });
    if (error === null) this.metrics.fetchedToDelivered.observe((Date.now() - story.fetchedAt.getTime()) / 1000);
    if (error !== null) throw new Error(`webhook ${sub.webhookUrl} answered ${error}`);
    return { status: status! };
  }
}
