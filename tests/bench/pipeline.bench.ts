/**
 * `npm run bench`: pushes stories through the whole pipeline — local feeds -> fetcher -> classifier ->
 * alerter -> a local webhook receiver — and prints throughput, latency and memory. One process runs all
 * three services (as in the e2e tests), against a database and queue prefix of its own, removed afterwards.
 * Alerts go out once per event, so the bench waits for every story to be matched (alerted_at set) and for every
 * alert decided to be delivered, and reports both.
 *
 *   BENCH_FEEDS (default 20) feeds of BENCH_ITEMS (default 100) items each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderRss, type RssEntry } from '@wirewatch/feeds';
import { createDataSource } from '@wirewatch/persistence';
import { startLocalServer, startTestInfra } from '@wirewatch/testing';
import { startStack, stopStack } from '../support/stack';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 20);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);

/**
 * Our 200 labelled development stories (AI-market news we wrote), each carried by several feeds under their own
 * URLs, as syndicated copies are: about 200 events, each reported by ~10 outlets.
 */
const DEV_STORIES = readFileSync(join(__dirname, '../../../libs/classification/dev/topics/dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { title: string; content: string });

function entry(feed: number, i: number): RssEntry {
  const story = DEV_STORIES[(feed * 37 + i) % DEV_STORIES.length];
  return {
    guid: `bench-${feed}-${i}`,
    title: story.title,
    link: `https://bench-${feed}.example.com/${i}`,
    description: `${story.content} ${story.content}`,
    published: new Date(Date.now() - i * 60_000),
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const total = FEEDS * ITEMS;
  const infra = await startTestInfra('bench');
  const docs = Array.from({ length: FEEDS }, (_, f) =>
    renderRss({ title: `Bench ${f}`, link: 'https://bench.example.com/' }, Array.from({ length: ITEMS }, (_, i) => entry(f, i))),
  );
  const feedServer = await startLocalServer((req, res) => {
    const f = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: `"b${f}"` });
    res.end(req.headers['if-none-match'] === `"b${f}"` ? undefined : docs[f]);
  });
  const latencies: number[] = [];
  let delivered = 0;
  const receiver = await startLocalServer((_req, res, body) => {
    const alert = JSON.parse(body.toString('utf8'));
    latencies.push(Date.now() - Date.parse(alert.data.timings.fetchedAt));
    delivered++;
    res.writeHead(204).end();
  });

  const ds = await createDataSource(infra.databaseUrl, 2).initialize();
  const stack = await startStack(infra, ['fetcher', 'classifier', 'alerter'], { LOG_LEVEL: 'error', POLL_INTERVAL_SEC: '3600', WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '20' });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    await stack.alerter.call('/subscriptions', { body: { name: 'everything', filter: {}, webhook: { url: `${receiver.url}/hook` } } });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: FEEDS }, (_, f) => stack.fetcher.call('/feeds', { body: { url: `${feedServer.url}/feed/${f}`, pollIntervalSec: 3600 } })),
    );
    const progress = async () => {
      const [row] = await ds.query(
        `SELECT (SELECT count(*)::int FROM stories WHERE alerted_at IS NOT NULL) AS alerted,
                (SELECT count(*)::int FROM deliveries WHERE status = 'pending') AS pending,
                (SELECT count(*)::int FROM deliveries) AS deliveries`,
      );
      return row as { alerted: number; pending: number; deliveries: number };
    };
    const deadline = Date.now() + 120_000;
    let state = await progress();
    while ((state.alerted < total || state.pending > 0 || delivered < state.deliveries) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = await progress();
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    latencies.sort((a, b) => a - b);
    const [stats] = await ds.query(
      `SELECT count(DISTINCT event_id)::int AS events,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM alerted_at - fetched_at) * 1000) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM alerted_at - fetched_at) * 1000) AS p95
         FROM stories WHERE alerted_at IS NOT NULL`,
    );
    console.log(`pipeline bench: ${FEEDS} feeds x ${ITEMS} items = ${total} stories of our development set (~0.7 KB), one process for all three services`);
    console.log(`  matched           ${state.alerted} of ${total} stories fetched, classified and matched${state.alerted < total ? '  (TIMED OUT after 120 s)' : ''}`);
    console.log(`  events            ${stats.events} (alerts go out once per event: ${delivered} webhooks delivered)`);
    console.log(`  wall time         ${seconds.toFixed(2)} s (registration of the feeds to the last story matched and alert delivered)`);
    console.log(`  throughput        ${(state.alerted / seconds).toFixed(0)} stories/s end to end`);
    console.log(`  fetched->matched  p50 ${Math.round(stats.p50)} ms, p95 ${Math.round(stats.p95)} ms`);
    console.log(`  fetched->delivered p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${latencies.at(-1)} ms (the alerts)`);
    console.log(`  CPU               ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)}% of one core)`);
    console.log(`  peak RSS          ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
    await stopStack(stack);
    await ds.destroy();
    await Promise.all([feedServer.close(), receiver.close()]);
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
