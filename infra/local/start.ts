/**
 * `npm start`: runs the three services against local Postgres and Redis, as a newcomer would want it.
 *
 * - API key: API_KEYS, else the key stored in .data/api-key, else a new one (stored there and printed).
 * - Postgres: DATABASE_URL, else the local server (postgres@127.0.0.1:5432); if that does not answer, an
 *   embedded Postgres under .data/postgres. The database is created when missing; migrations run.
 * - Redis: REDIS_URL, else 127.0.0.1:6379; if it does not answer, says how to start one and stops.
 * - Demo: when no feed is registered (or only the demo feed), a local demo feed and a webhook receiver that
 *   prints alerts are started and registered, with a demo subscription.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ConfigError, DEFAULT_PORTS, loadConfig, type ServiceName } from '@wirewatch/config';
import { ALL_QUEUES } from '@wirewatch/contracts';
import { createDataSource, FeedStore, runMigrations } from '@wirewatch/persistence';
import { ensureDatabase, probePostgres, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database';
import { startDemoServer, type DemoServer } from './demo';

const ROOT = resolve(__dirname, '../../..'); // dist/infra/local -> repository root
const DATA_DIR = join(ROOT, '.data');
const SERVICES: ServiceName[] = ['fetcher', 'classifier', 'alerter'];
const COLORS: Record<string, string> = { fetcher: '36', classifier: '35', alerter: '33', wirewatch: '32', demo: '1;32' };

function say(source: string, line: string): void {
  const tag = process.stdout.isTTY ? `\x1b[${COLORS[source] ?? '0'}m[${source}]\x1b[0m` : `[${source}]`;
  process.stdout.write(`${tag} ${readable(line)}\n`);
}

const PINO_LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'context']);

/** The services log JSON (for collectors); on this terminal each line reads as `LEVEL msg key=value …`. */
function readable(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const fields = Object.entries(entry)
      .filter(([k, v]) => !OMITTED.has(k) && v !== null && v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    return [PINO_LEVELS[entry.level as number] ?? 'LOG', entry.msg, ...fields].join(' ');
  } catch {
    return line;
  }
}
const log = (line: string) => say('wirewatch', line);

function fail(message: string, code = 1): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(code);
}

function apiKey(env: NodeJS.ProcessEnv): string {
  if (env.API_KEYS) return env.API_KEYS.split(',')[0].trim();
  const file = join(DATA_DIR, 'api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(DATA_DIR, { recursive: true });
  const key = `ww_${randomBytes(24).toString('hex')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  log(`created an API key and stored it in .data/api-key`);
  return key;
}

async function redisAnswers(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  let firstError: string | undefined;
  redis.on('error', (e: Error) => (firstError ??= e.message));
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (e) {
    return firstError ?? (e as Error).message;
  } finally {
    redis.disconnect();
  }
}

async function dropQueues(redisUrl: string, prefix: string): Promise<number> {
  let dropped = 0;
  for (const name of ALL_QUEUES) {
    const queue = new Queue(name, { connection: { url: redisUrl }, prefix });
    try {
      const counts = await queue.getJobCounts();
      dropped += Object.values(counts).reduce((a, b) => a + b, 0);
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
  return dropped;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) fail(`${name} must be a port number (got ${JSON.stringify(raw)})`, 2);
  return Number(raw);
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}/health did not answer 200 within ${timeoutMs / 1000} s`);
}

async function api(url: string, key: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok && res.status !== 409) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const key = apiKey(env);
  env.API_KEYS ??= key;
  const demoWanted = (env.DEMO ?? 'auto').toLowerCase();
  if (!['auto', 'off'].includes(demoWanted)) fail(`DEMO must be auto or off (got ${JSON.stringify(env.DEMO)})`, 2);
  const ports = Object.fromEntries(SERVICES.map((s) => [s, intEnv(env, `${s.toUpperCase()}_PORT`, DEFAULT_PORTS[s])])) as Record<ServiceName, number>;
  const demoPort = intEnv(env, 'DEMO_PORT', 3099);

  let cfg;
  try {
    cfg = loadConfig('fetcher', env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 2);
    throw e;
  }

  // Postgres: the given one, else the local server, else an embedded one.
  let embedded: EmbeddedPostgresHandle | undefined;
  if (!env.DATABASE_URL) {
    const problem = await probePostgres(cfg.databaseUrl.replace(/\/[^/]*$/, '/postgres'));
    if (problem) {
      log(`no Postgres at 127.0.0.1:5432 (${problem}); starting an embedded Postgres under .data/postgres`);
      embedded = await startEmbeddedPostgres(DATA_DIR, log);
      env.DATABASE_URL = embedded.url;
    } else {
      env.DATABASE_URL = cfg.databaseUrl;
    }
  }
  const databaseUrl = env.DATABASE_URL;
  let freshDatabase = false;
  try {
    freshDatabase = await ensureDatabase(databaseUrl);
    if (freshDatabase) log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  } catch (e) {
    fail(`Postgres at ${new URL(databaseUrl).host} is not usable: ${(e as Error).message}\nCheck DATABASE_URL (or unset it to use the local server).`);
  }

  const redisProblem = await redisAnswers(cfg.redisUrl);
  if (redisProblem) {
    fail(
      `Redis is not reachable at ${cfg.redisUrl} (${redisProblem}).\n` +
        `Start one, then run npm start again:\n` +
        `  redis-server --daemonize yes --bind 127.0.0.1 --save ''      (Debian: apt-get install redis-server)\n` +
        `  docker run -d -p 6379:6379 redis:7-alpine                    (where Docker runs)\n` +
        `or point REDIS_URL at a running Redis.`,
    );
  }

  if (freshDatabase) {
    // Jobs under this prefix belong to an earlier database (their ids name its rows): drop them, or they
    // would block the same ids here until the reconcilers replace them.
    const dropped = await dropQueues(cfg.redisUrl, cfg.queuePrefix);
    if (dropped) log(`new database: removed ${dropped} jobs of an earlier database under queue prefix ${cfg.queuePrefix}`);
  }

  const ds = await createDataSource(databaseUrl, 2).initialize();
  const applied = await runMigrations(ds);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const feeds = await new FeedStore(ds).list();
  await ds.destroy();

  const demoFeedUrl = `http://127.0.0.1:${demoPort}/feed.xml`;
  let demo: DemoServer | undefined;
  if (demoWanted === 'auto' && feeds.every((f) => f.url === demoFeedUrl)) {
    demo = await startDemoServer(demoPort, (line) => say('demo', line)).catch((e) =>
      fail(`could not start the demo feed on 127.0.0.1:${demoPort} (${(e as Error).message}); set DEMO_PORT or DEMO=off`),
    );
    env.ALLOW_PRIVATE_NETWORKS ??= 'true'; // the demo feed and receiver live on 127.0.0.1
    env.MIN_POLL_INTERVAL_SEC ??= '5';
    // Quick healing when the database was reset but Redis still holds the old jobs (see the reconcilers).
    env.RECONCILE_INTERVAL_MS ??= '5000';
    env.RECONCILE_AFTER_MS ??= '10000';
  }

  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping: services finish their in-flight jobs first');
    await Promise.all(
      [...children.values()].map(
        (c) => new Promise<void>((done) => (c.exitCode !== null ? done() : (c.once('exit', () => done()), c.kill('SIGTERM')))),
      ),
    );
    await demo?.close();
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  for (const name of SERVICES) {
    const main = join(ROOT, 'dist', 'services', name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      env: { ...env, PORT: String(ports[name]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (l) => say(name, l));
    child.on('exit', (code) => {
      if (!stopping) {
        log(`${name} exited with code ${code}; stopping the others`);
        void stop(1);
      }
    });
    children.set(name, child);
  }
  const urls = Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<ServiceName, string>;
  try {
    await Promise.all(SERVICES.map((s) => waitHealthy(urls[s], children.get(s)!).catch((e) => Promise.reject(new Error(`${s}: ${e.message}`)))));
  } catch (e) {
    log(`a service did not start: ${(e as Error).message}`);
    return stop(1);
  }

  if (demo) {
    await api(urls.fetcher, key, '/feeds', { url: demo.feedUrl, name: 'WireWatch demo wire', pollIntervalSec: 10 });
    const subs: { name: string }[] = await api(urls.alerter, key, '/subscriptions');
    if (!subs.some((s) => s.name === 'demo desk')) {
      await api(urls.alerter, key, '/subscriptions', { name: 'demo desk', filter: {}, webhook: { url: demo.webhookUrl }, stream: true });
    }
  }

  log('WireWatch is running');
  log(`  fetcher    ${urls.fetcher}   (/feeds, /health, /metrics)`);
  log(`  classifier ${urls.classifier}   (/health, /metrics)`);
  log(`  alerter    ${urls.alerter}   (/subscriptions, /stories, /events, /stream, /health, /metrics)`);
  log(`  desk       ${urls.alerter}/desk?key=${key}`);
  log(`  queues     ${urls.alerter}/admin/queues   (user any, password: the API key)`);
  log(`  API key    ${key}`);
  log(`  try: curl -H 'Authorization: Bearer ${key}' ${urls.fetcher}/feeds`);
  if (demo) log(`demo: polling ${demo.feedUrl} every 10 s; a new story appears every 15 s and alerts print below`);
  log('Ctrl+C stops everything');
}

main().catch((e) => fail(`npm start failed: ${(e as Error).stack ?? e}`));
