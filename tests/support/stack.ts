import type { INestApplication } from '@nestjs/common';
import { loadConfig, type ServiceName } from '@wirewatch/config';
import { startService } from '@wirewatch/platform';
import type { TestInfra } from '@wirewatch/testing';
import { AlerterModule } from '../../services/alerter/src/app.module';
import { ClassifierModule } from '../../services/classifier/src/app.module';
import { FetcherModule } from '../../services/fetcher/src/app.module';

export const TEST_API_KEY = 'test-key-0123456789abcdef';

const MODULES = {
  fetcher: FetcherModule,
  classifier: ClassifierModule,
  alerter: AlerterModule,
} as const;

export interface RunningService {
  app: INestApplication;
  url: string;
  /** fetch against this service with the API key */
  call(path: string, init?: { method?: string; body?: unknown; key?: string | null }): Promise<{ status: number; body: any }>;
}

/**
 * Starts real services, each a Nest app on its own ephemeral port, against the test file's own database and
 * queue prefix, through the same loader and bootstrap as `npm start` (only the environment differs).
 */
export async function startStack(
  infra: TestInfra,
  services: ServiceName[] = ['fetcher', 'classifier', 'alerter'],
  env: Record<string, string> = {},
): Promise<Record<ServiceName, RunningService>> {
  const base = {
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    QUEUE_PREFIX: infra.queuePrefix,
    API_KEYS: TEST_API_KEY,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ALLOW_PRIVATE_NETWORKS: 'true',
    MIN_POLL_INTERVAL_SEC: '1',
    POLL_INTERVAL_SEC: '1',
    SCHEDULER_TICK_MS: '200',
    ...env,
  };
  const started = {} as Record<ServiceName, RunningService>;
  // One after another: the first runs the migrations, the rest find them applied (the lock makes either safe).
  for (const name of services) {
    const cfg = loadConfig(name, base);
    const app = await startService(MODULES[name].register(cfg), cfg);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    started[name] = {
      app,
      url,
      async call(path, init = {}) {
        const key = init.key === undefined ? TEST_API_KEY : init.key;
        const res = await fetch(`${url}${path}`, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
        });
        const text = await res.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        return { status: res.status, body };
      },
    };
  }
  return started;
}

export async function stopStack(stack: Partial<Record<ServiceName, RunningService>>): Promise<void> {
  await Promise.all(Object.values(stack).map((s) => s?.app.close()));
}
