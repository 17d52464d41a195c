import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';
import { loadConfig } from '@wirewatch/config';

/**
 * A real Postgres database and a real Redis namespace for one test file, removed by `stop()`.
 *
 * Where a Docker engine answers, both come from testcontainers. Otherwise (as on the CI machines, which run
 * no Docker engine) they come from the servers at DATABASE_URL / REDIS_URL: a fresh database is created on
 * that server and a fresh queue prefix is used, so test files run in parallel and leave nothing behind.
 */
export interface TestInfra {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** where the services came from, for the test log */
  source: 'testcontainers' | 'local';
  stop(): Promise<void>;
}

function dockerConfigured(env: NodeJS.ProcessEnv): boolean {
  if (/^(1|true|yes)$/i.test(env.WIREWATCH_TEST_NO_DOCKER ?? '')) return false;
  return Boolean(env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

function uniqueName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  return `ww_${safe}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function startContainers(label: string): Promise<TestInfra> {
  const [{ PostgreSqlContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/postgresql'),
    import('@testcontainers/redis'),
  ]);
  const [pg, redis] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withDatabase(uniqueName(label)).start(),
    new RedisContainer('redis:7-alpine').start(),
  ]);
  return {
    databaseUrl: pg.getConnectionUri(),
    redisUrl: redis.getConnectionUrl(),
    queuePrefix: `{${uniqueName(label)}}`,
    source: 'testcontainers',
    async stop() {
      await Promise.all([pg.stop(), redis.stop()]);
    },
  };
}

async function startLocal(label: string, env: NodeJS.ProcessEnv): Promise<TestInfra> {
  // The same loader the services use: one place decides what DATABASE_URL / REDIS_URL mean.
  const cfg = loadConfig('fetcher', env, { requireApiKeys: false });
  const adminUrl = env.DATABASE_URL ? cfg.databaseUrl : withDatabase(cfg.databaseUrl, 'postgres');
  const database = uniqueName(label);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const queuePrefix = `{${database}}`;
  return {
    databaseUrl: withDatabase(adminUrl, database),
    redisUrl: cfg.redisUrl,
    queuePrefix,
    source: 'local',
    async stop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
      await deleteKeys(cfg.redisUrl, queuePrefix);
    },
  };
}

export async function startTestInfra(label: string, env: NodeJS.ProcessEnv = process.env): Promise<TestInfra> {
  if (dockerConfigured(env)) {
    try {
      return await startContainers(label);
    } catch (e) {
      // A socket without a working engine: say so once and use the configured servers.
      console.warn(`testcontainers unavailable (${(e as Error).message}); using DATABASE_URL / REDIS_URL`);
    }
  }
  return startLocal(label, env);
}
