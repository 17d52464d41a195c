import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Job states reported per queue; a scrape asks Redis for their counts. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

export interface QueueCounts {
  name: string;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

/**
 * The Prometheus metrics of one service. Labels stay low-cardinality: queue names, outcomes, categories and
 * status classes — never a story id, feed URL or subscription.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly jobs = new Counter({ name: 'wirewatch_jobs_total', help: 'Jobs finished, by queue and outcome', labelNames: ['queue', 'outcome'], registers: [this.registry] });
  readonly jobDuration = new Histogram({
    name: 'wirewatch_job_duration_seconds',
    help: 'Time from a job starting to finishing, by queue',
    labelNames: ['queue'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly feedPolls = new Counter({ name: 'wirewatch_feed_polls_total', help: 'Feed polls by outcome (ok, not-modified, or the error category)', labelNames: ['outcome'], registers: [this.registry] });
  readonly stories = new Counter({ name: 'wirewatch_stories_total', help: 'Feed items seen, by result (new, duplicate)', labelNames: ['result'], registers: [this.registry] });
  readonly classified = new Counter({ name: 'wirewatch_stories_classified_total', help: 'Stories classified', registers: [this.registry] });
  readonly deliveriesEnqueued = new Counter({
    name: 'wirewatch_deliveries_enqueued_total',
    help: 'Pending deliveries handed to deliveries.send by matching (a retried match counts its pending ones again)',
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'wirewatch_webhook_attempts_total',
    help: 'Webhook attempts by outcome (delivered, failed) and status class (2xx … 5xx, or the network error category)',
    labelNames: ['outcome', 'status_class'],
    registers: [this.registry],
  });
  readonly alerts = new Counter({
    name: 'wirewatch_alerts_total',
    help: 'Alerts decided, by type (alert.created, alert.updated): once per subscription and event, updates when due',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly classifyDuration = new Histogram({
    name: 'wirewatch_classify_batch_seconds',
    help: 'Time to analyse and store one batch of stories in the classifier',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly deliveryLatency = new Histogram({
    name: 'wirewatch_webhook_latency_seconds',
    help: 'Duration of webhook HTTP attempts',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [this.registry],
  });
  readonly publishedToDelivered = new Histogram({
    name: 'wirewatch_published_to_delivered_seconds',
    help: 'Time from a story being published (as the feed says) to its webhook being delivered',
    buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 21600, 86400],
    registers: [this.registry],
  });
  readonly fetchedToDelivered = new Histogram({
    name: 'wirewatch_fetched_to_delivered_seconds',
    help: 'Time from a story being fetched to its webhook being delivered',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    registers: [this.registry],
  });

  constructor(service: string, queues: QueueCounts[] = []) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'wirewatch_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis at scrape time',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await Promise.all(queues.map((q) => q.getJobCounts(...JOB_STATES)));
        queues.forEach((q, i) => {
          for (const state of JOB_STATES) this.set({ queue: q.name, state }, counts[i][state] ?? 0);
        });
      },
    });
  }

  /** Feeds by health state, read from Postgres at scrape time (the fetcher registers it). */
  feedHealth(collectCounts: () => Promise<Record<string, number>>): void {
    new Gauge({
      name: 'wirewatch_feeds',
      help: 'Feeds by health: ok, backing-off (active with consecutive errors), paused, gone',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await collectCounts();
        this.reset();
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** 2xx, 3xx, 4xx, 5xx for an HTTP status; the error category otherwise. */
  static statusClass(status: number | null, errorCategory?: string): string {
    return status === null ? (errorCategory ?? 'error') : `${Math.floor(status / 100)}xx`;
  }
}
