import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parseRetrySchedule } from '@wirewatch/delivery';
import { EnvDto, type LogLevelName } from './env.dto';

export type ServiceName = 'fetcher' | 'classifier' | 'alerter';

export const DEFAULT_PORTS: Record<ServiceName, number> = { fetcher: 3001, classifier: 3002, alerter: 3003 };

export const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/wirewatch',
  REDIS_URL: 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: '{wirewatch}',
  HOST: '0.0.0.0',
  LOG_LEVEL: 'info' as LogLevelName,
  POLL_INTERVAL_SEC: 300,
  MIN_POLL_INTERVAL_SEC: 30,
  SCHEDULER_TICK_MS: 1000,
  WORKER_CONCURRENCY: 20,
  FETCH_TIMEOUT_MS: 20_000,
  FEED_MAX_BYTES: 15 * 1024 * 1024,
  FEED_MAX_ERRORS: 10,
  WEBHOOK_TIMEOUT_MS: 15_000,
  DELIVERY_RETRY_SCHEDULE: '0,5s,5m,30m,2h,5h,10h,10h',
  WEBHOOK_DISABLE_AFTER_SEC: 5 * 86_400,
  RECONCILE_INTERVAL_MS: 30_000,
  RECONCILE_AFTER_MS: 60_000,
  SHUTDOWN_TIMEOUT_MS: 25_000,
  EVENT_WINDOW_HOURS: 48,
  UPDATE_INTERVAL: 600,
  HOST_CONCURRENCY: 2,
  WEBSUB_LEASE_SEC: 10 * 86_400,
  WEBSUB_POLL_INTERVAL_SEC: 3600,
  WEBSUB_RENEW_INTERVAL_MS: 60_000,
} as const;

/** The validated, typed configuration of one process. Nothing else in WireWatch reads `process.env`. */
export interface AppConfig {
  service: ServiceName;
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  apiKeys: string[];
  allowPrivateNetworks: boolean;
  logLevel: LogLevelName;
  migrationsRun: boolean;
  defaultPollIntervalSec: number;
  minPollIntervalSec: number;
  schedulerTickMs: number;
  workerConcurrency: number;
  fetchTimeoutMs: number;
  feedMaxBytes: number;
  /** consecutive failed polls after which a feed is paused */
  feedMaxErrors: number;
  webhookTimeoutMs: number;
  /** delay before each webhook attempt (the first is usually 0); its length is the number of attempts */
  deliveryRetryScheduleMs: number[];
  /** an endpoint whose deliveries have failed for this long is disabled */
  webhookDisableAfterSec: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  shutdownTimeoutMs: number;
  /** how long after an event's last story a new report can still join it */
  eventWindowHours: number;
  /** a taxonomy JSON file extending or replacing the default one; null = the default */
  taxonomyFile: string | null;
  /** trained topic model files whose topics are added beside the taxonomy's */
  topicModels: string[];
  /** seconds: an alert is updated by later stories of its event at most this often (unless its sources cross 3, 5, 10, 25) */
  updateIntervalSec: number;
  /** at most this many feeds of one host are claimed per scheduler tick */
  hostConcurrency: number;
  /** the fetcher's public base URL, where hubs call back (`<url>/websub/...`); null = no WebSub, polling only */
  publicBaseUrl: string | null;
  /** the WebSub lease asked of hubs (they may grant less) */
  websubLeaseSec: number;
  /** while a feed's updates are pushed, it is still polled, at least this many seconds apart (adaptive feeds) */
  websubPollIntervalSec: number;
  /** how often expiring WebSub leases are renewed and deleted feeds unsubscribed */
  websubRenewIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[], env: Record<string, unknown>): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => `${msg} (got ${JSON.stringify(env[e.property])})`),
  );
}

/**
 * Turns an environment into an AppConfig, or throws a ConfigError naming every bad variable at once.
 * `requireApiKeys` is true for the services (their management routes need a key) and false for tools.
 */
export function loadConfig(
  service: ServiceName,
  env: Record<string, string | undefined> = process.env,
  opts: { requireApiKeys?: boolean } = {},
): AppConfig {
  const known = Object.keys(DEFAULTS).concat(['API_KEYS', 'PORT', 'ALLOW_PRIVATE_NETWORKS', 'MIGRATIONS_RUN', 'TAXONOMY_FILE', 'TOPIC_MODELS', 'PUBLIC_BASE_URL']);
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const dto = plainToInstance(EnvDto, raw);
  const problems = flatten(validateSync(dto, { forbidUnknownValues: true, stopAtFirstError: true }), raw);
  const apiKeys = dto.API_KEYS ?? [];
  if ((opts.requireApiKeys ?? true) && apiKeys.length === 0 && !problems.some((p) => p.startsWith('API_KEYS'))) {
    problems.push('API_KEYS is required: one or more keys of at least 16 characters, comma-separated (npm start creates one)');
  }
  const minPoll = dto.MIN_POLL_INTERVAL_SEC ?? DEFAULTS.MIN_POLL_INTERVAL_SEC;
  const defaultPoll = dto.POLL_INTERVAL_SEC ?? DEFAULTS.POLL_INTERVAL_SEC;
  if (problems.length === 0 && defaultPoll < minPoll) {
    problems.push(`POLL_INTERVAL_SEC (${defaultPoll}) must not be below MIN_POLL_INTERVAL_SEC (${minPoll})`);
  }
  let schedule: number[] | null = null;
  try {
    schedule = parseRetrySchedule(dto.DELIVERY_RETRY_SCHEDULE ?? DEFAULTS.DELIVERY_RETRY_SCHEDULE);
  } catch (e) {
    problems.push(`DELIVERY_RETRY_SCHEDULE: ${(e as Error).message} (got ${JSON.stringify(raw.DELIVERY_RETRY_SCHEDULE)})`);
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    service,
    port: dto.PORT ?? DEFAULT_PORTS[service],
    host: dto.HOST ?? DEFAULTS.HOST,
    databaseUrl: dto.DATABASE_URL ?? DEFAULTS.DATABASE_URL,
    redisUrl: dto.REDIS_URL ?? DEFAULTS.REDIS_URL,
    queuePrefix: dto.QUEUE_PREFIX ?? DEFAULTS.QUEUE_PREFIX,
    apiKeys,
    allowPrivateNetworks: dto.ALLOW_PRIVATE_NETWORKS ?? false,
    logLevel: dto.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    migrationsRun: dto.MIGRATIONS_RUN ?? true,
    defaultPollIntervalSec: defaultPoll,
    minPollIntervalSec: minPoll,
    schedulerTickMs: dto.SCHEDULER_TICK_MS ?? DEFAULTS.SCHEDULER_TICK_MS,
    workerConcurrency: dto.WORKER_CONCURRENCY ?? DEFAULTS.WORKER_CONCURRENCY,
    fetchTimeoutMs: dto.FETCH_TIMEOUT_MS ?? DEFAULTS.FETCH_TIMEOUT_MS,
    feedMaxBytes: dto.FEED_MAX_BYTES ?? DEFAULTS.FEED_MAX_BYTES,
    feedMaxErrors: dto.FEED_MAX_ERRORS ?? DEFAULTS.FEED_MAX_ERRORS,
    webhookTimeoutMs: dto.WEBHOOK_TIMEOUT_MS ?? DEFAULTS.WEBHOOK_TIMEOUT_MS,
    deliveryRetryScheduleMs: schedule ?? [],
    webhookDisableAfterSec: dto.WEBHOOK_DISABLE_AFTER_SEC ?? DEFAULTS.WEBHOOK_DISABLE_AFTER_SEC,
    reconcileIntervalMs: dto.RECONCILE_INTERVAL_MS ?? DEFAULTS.RECONCILE_INTERVAL_MS,
    reconcileAfterMs: dto.RECONCILE_AFTER_MS ?? DEFAULTS.RECONCILE_AFTER_MS,
    shutdownTimeoutMs: dto.SHUTDOWN_TIMEOUT_MS ?? DEFAULTS.SHUTDOWN_TIMEOUT_MS,
    eventWindowHours: dto.EVENT_WINDOW_HOURS ?? DEFAULTS.EVENT_WINDOW_HOURS,
    taxonomyFile: dto.TAXONOMY_FILE ?? null,
    topicModels: dto.TOPIC_MODELS ?? [],
    updateIntervalSec: dto.UPDATE_INTERVAL ?? DEFAULTS.UPDATE_INTERVAL,
    hostConcurrency: dto.HOST_CONCURRENCY ?? DEFAULTS.HOST_CONCURRENCY,
    publicBaseUrl: dto.PUBLIC_BASE_URL ?? null,
    websubLeaseSec: dto.WEBSUB_LEASE_SEC ?? DEFAULTS.WEBSUB_LEASE_SEC,
    websubPollIntervalSec: dto.WEBSUB_POLL_INTERVAL_SEC ?? DEFAULTS.WEBSUB_POLL_INTERVAL_SEC,
    websubRenewIntervalMs: dto.WEBSUB_RENEW_INTERVAL_MS ?? DEFAULTS.WEBSUB_RENEW_INTERVAL_MS,
  };
}
