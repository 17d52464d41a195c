/**
 * `npm run bench:fetcher`: how many feed polls the fetcher can make, and at what CPU cost, through the real
 * `fetchFeed` (undici client, decoding, parsing, normalising, dedup keys). A child process serves BENCH_FEEDS
 * feeds (default 1000) on a local port: 304 to a conditional request, else 200 with 50 items (~40 KB). Only the
 * polling process's CPU is measured (process.cpuUsage); the server's is not counted.
 *
 *   1. conditional polls: If-None-Match → 304 (nothing parsed)
 *   2. full polls: 200 with 50 items, parsed and normalised
 *   3. full polls stored: as 2, plus the fetcher's writes (StoryStore.insertNew, FeedStore.recordSuccess) in a
 *      Postgres database of its own (skipped with BENCH_DB=false)
 *
 *   BENCH_FEEDS (1000), BENCH_ROUNDS (3: conditional rounds over every feed), BENCH_CONCURRENCY (50 polls in flight)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fetchFeed, renderRss, USER_AGENT, type FetchResult, type Validators } from '@wirewatch/feeds';
import { HttpClient } from '@wirewatch/http-client';
import { createDataSource, FeedStore, runMigrations, StoryStore } from '@wirewatch/persistence';
import { startTestInfra } from '@wirewatch/testing';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ITEMS = 50;
const etagOf = (feed: number) => `"feed-${feed}-v1"`;

/** The feed server, run in a child process so that its CPU is not counted against the poller. */
function serve(): void {
  const doc = (feed: number) =>
    renderRss(
      { title: `Bench desk ${feed}`, link: `https://bench.example.org/${feed}/` },
      Array.from({ length: ITEMS }, (_, i) => ({
        guid: `bench-${feed}-${i}`,
        title: `Desk ${feed} dispatch ${i}: accelerator supply tightens as orders grow`,
        link: `https://bench.example.org/${feed}/${i}?utm_source=rss`,
        description: `Suppliers of AI accelerators reported longer lead times in item ${i}. `.repeat(8),
        published: new Date(Date.UTC(2026, 0, 1) - i * 600_000),
      })),
    );
  const docs = new Map<number, string>();
  const server = createServer((req, res) => {
    const feed = Number(/^\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
    if (req.headers['if-none-match'] === etagOf(feed)) return res.writeHead(304, { etag: etagOf(feed) }).end();
    if (!docs.has(feed)) docs.set(feed, doc(feed));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: etagOf(feed) }).end(docs.get(feed));
  });
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(__filename, ['--serve'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('exit', (code) => reject(new Error(`feed server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Runs `poll` for every job with at most CONCURRENCY in flight; returns wall seconds and CPU seconds used. */
async function measure(jobs: number, poll: (i: number) => Promise<void>): Promise<{ seconds: number; cpuSec: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, jobs) }, async () => {
      while (next < jobs) await poll(next++);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSec: (cpu.user + cpu.system) / 1e6 };
}

function report(label: string, polls: number, { seconds, cpuSec }: { seconds: number; cpuSec: number }): void {
  const perCoreSec = polls / cpuSec;
  const shareFor10kPerMin = (10_000 / 60 / perCoreSec) * 100;
  console.log(
    `  ${label.padEnd(24)} ${polls} polls in ${seconds.toFixed(2)} s = ${(polls / seconds).toFixed(0)} polls/s; ` +
      `CPU ${cpuSec.toFixed(2)} s (${((cpuSec / seconds) * 100).toFixed(0)}% of a core) = ${perCoreSec.toFixed(0)} polls per CPU-second; ` +
      `10,000 feeds/min would use ${shareFor10kPerMin.toFixed(1)}% of a core`,
  );
}

const expectKind = (result: FetchResult, kind: FetchResult['kind']) => {
  if (result.kind !== kind) throw new Error(`expected ${kind}, got ${result.kind}`);
  return result;
};

async function benchStored(http: HttpClient, url: (i: number) => string): Promise<void> {
  const infra = await startTestInfra('bench-fetcher');
  const ds = await createDataSource(infra.databaseUrl, CONCURRENCY).initialize();
  try {
    await runMigrations(ds);
    const feeds = new FeedStore(ds);
    const stories = new StoryStore(ds);
    const ids: number[] = [];
    for (let f = 0; f < FEEDS; f++) ids.push((await feeds.create({ url: url(f), pollIntervalSec: 300 }))!.id);
    let created = 0;
    const stored = async (i: number) => {
      const result = expectKind(await fetchFeed(http, url(i % FEEDS), { etag: null, lastModified: null }), 'ok') as Extract<FetchResult, { kind: 'ok' }>;
      const newIds = await stories.insertNew(ids[i % FEEDS], result.feed.items, 'bench');
      created += newIds.length;
      await feeds.recordSuccess(ids[i % FEEDS], { status: 'ok', effectiveIntervalSec: 300, nextPollInSec: 300, validators: result.validators, dedupStrategy: result.feed.dedupStrategy });
    };
    report('full + Postgres (new)', FEEDS, await measure(FEEDS, stored));
    report('full + Postgres (known)', FEEDS, await measure(FEEDS, stored));
    console.log(`  (${created} stories stored: ${FEEDS} feeds × ${ITEMS} items, the second round all duplicates)`);
  } finally {
    await ds.destroy();
    await infra.stop();
  }
}

async function main(): Promise<void> {
  const { child, url: base } = await startServer();
  const http = new HttpClient({ allowPrivateNetworks: true, userAgent: USER_AGENT });
  const url = (feed: number) => `${base}/feed/${feed}`;
  const conditional = async (i: number) => {
    const validators: Validators = { etag: etagOf(i % FEEDS), lastModified: null };
    expectKind(await fetchFeed(http, url(i % FEEDS), validators), 'not-modified');
  };
  const full = async (i: number) => void expectKind(await fetchFeed(http, url(i % FEEDS), { etag: null, lastModified: null }), 'ok');
  try {
    console.log(`fetcher bench: ${FEEDS} feeds of ${ITEMS} items, ${CONCURRENCY} polls in flight, CPU of the polling process only (Node ${process.version})`);
    await measure(Math.min(FEEDS, 200), full); // warm-up: connections, JIT, the server's documents
    await measure(Math.min(FEEDS, 200), conditional);
    report('conditional (304)', FEEDS * ROUNDS, await measure(FEEDS * ROUNDS, conditional));
    report('full (200, 50 items)', FEEDS, await measure(FEEDS, full));
    if (process.env.BENCH_DB !== 'false') await benchStored(http, url);
  } finally {
    await http.close();
    child.kill();
  }
}

if (process.argv.includes('--serve')) serve();
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
