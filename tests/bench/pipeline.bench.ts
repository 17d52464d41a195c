/**
 * `npm run bench`: pushes stories through the whole pipeline — local feeds -> fetcher -> classifier ->
 * alerter -> a local webhook receiver — and prints throughput, latency and memory. One process runs all
 * three services (as in the e2e tests), against a database and queue prefix of its own, removed afterwards.
 *
 *   BENCH_FEEDS (default 20) feeds of BENCH_ITEMS (default 100) items each.
 */
import { performance } from 'node:perf_hooks';
import { renderRss, type RssEntry } from '@wirewatch/feeds';
import { startLocalServer, startTestInfra } from '@wirewatch/testing';
import { startStack, stopStack } from '../support/stack';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 20);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);

const SUBJECTS = ['Nvidia', 'Broadcom', 'TSMC', 'Microsoft', 'Meta', 'Alphabet', 'SoftBank', 'Advantest', 'ASML', 'Oracle'];
const MOVES = ['plunges 17%', 'falls 8%', 'rallies 5%', 'slides 3%', 'surges 9%'];

function entry(feed: number, i: number): RssEntry {
  const who = SUBJECTS[(feed + i) % SUBJECTS.length];
  const move = MOVES[i % MOVES.length];
  const body =
    `${who} shares ${move} after DeepSeek released an open-weights reasoning model it says cost $5.6 million to train. ` +
    `Analysts debated export controls on AI chips, data centre capex and the price of inference per million tokens. `.repeat(6);
  return {
    guid: `bench-${feed}-${i}`,
    title: `${who} ${move} as investors weigh cheaper AI models (${feed}/${i})`,
    link: `https://bench.example.com/${feed}/${i}`,
    description: body,
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
  let resolveDone: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const receiver = await startLocalServer((_req, res, body) => {
    const alert = JSON.parse(body.toString('utf8'));
    latencies.push(Date.now() - Date.parse(alert.data.story.fetchedAt));
    res.writeHead(204).end();
    if (++delivered === total) resolveDone();
  });

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
    const timeout = setTimeout(() => resolveDone(), 120_000);
    await done;
    clearTimeout(timeout);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    latencies.sort((a, b) => a - b);
    console.log(`pipeline bench: ${FEEDS} feeds x ${ITEMS} items = ${total} stories, ~1.6 KB each, one process for all three services`);
    console.log(`  delivered         ${delivered} of ${total}${delivered < total ? '  (TIMED OUT after 120 s)' : ''}`);
    console.log(`  wall time         ${seconds.toFixed(2)} s (registration of the feeds to the last webhook)`);
    console.log(`  throughput        ${(delivered / seconds).toFixed(0)} stories/s end to end`);
    console.log(`  fetched->delivered p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${latencies.at(-1)} ms`);
    console.log(`  CPU               ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)}% of one core)`);
    console.log(`  peak RSS          ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
    await stopStack(stack);
    await Promise.all([feedServer.close(), receiver.close()]);
    await infra.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
