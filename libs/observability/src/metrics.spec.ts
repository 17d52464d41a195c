import { Metrics } from './metrics';

describe('Metrics', () => {
  it('exposes the counters with the service label and low-cardinality labels', async () => {
    const m = new Metrics('fetcher');
    m.feedPolls.inc({ outcome: 'not-modified' });
    m.feedPolls.inc({ outcome: 'not-modified' });
    m.stories.inc({ result: 'new' }, 3);
    m.webhookAttempts.inc({ outcome: 'delivered', status_class: Metrics.statusClass(204) });
    const text = await m.registry.metrics();
    expect(text).toContain('wirewatch_feed_polls_total{outcome="not-modified",service="fetcher"} 2');
    expect(text).toContain('wirewatch_stories_total{result="new",service="fetcher"} 3');
    expect(text).toContain('wirewatch_webhook_attempts_total{outcome="delivered",status_class="2xx",service="fetcher"} 1');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="fetcher"\} \d/);
  });

  it('reads queue depths at scrape time', async () => {
    let waiting = 4;
    const queue = { name: 'stories.classify', getJobCounts: async () => ({ waiting, active: 1, failed: 2 }) };
    const m = new Metrics('classifier', [queue]);
    expect(await m.registry.metrics()).toContain('wirewatch_queue_jobs{queue="stories.classify",state="waiting",service="classifier"} 4');
    waiting = 9;
    const text = await m.registry.metrics();
    expect(text).toContain('wirewatch_queue_jobs{queue="stories.classify",state="waiting",service="classifier"} 9');
    expect(text).toContain('wirewatch_queue_jobs{queue="stories.classify",state="delayed",service="classifier"} 0');
  });

  it('classes statuses and network errors', () => {
    expect([Metrics.statusClass(200), Metrics.statusClass(503), Metrics.statusClass(null, 'timeout'), Metrics.statusClass(null)]).toEqual([
      '2xx', '5xx', 'timeout', 'error',
    ]);
  });
});
