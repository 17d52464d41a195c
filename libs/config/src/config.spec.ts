import { ConfigError, DEFAULTS, loadConfig } from './index';

const KEY = 'k'.repeat(20);

describe('loadConfig', () => {
  it('applies the documented defaults, with the service port', () => {
    const cfg = loadConfig('alerter', { API_KEYS: KEY });
    expect(cfg).toMatchObject({
      service: 'alerter',
      port: 3003,
      databaseUrl: DEFAULTS.DATABASE_URL,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: '{wirewatch}',
      apiKeys: [KEY],
      allowPrivateNetworks: false,
      logLevel: 'info',
      migrationsRun: true,
    });
    expect(loadConfig('fetcher', { API_KEYS: KEY }).port).toBe(3001);
    expect(loadConfig('classifier', { API_KEYS: KEY }).port).toBe(3002);
  });

  it('parses typed values from strings', () => {
    const cfg = loadConfig('fetcher', {
      API_KEYS: ` ${KEY} , ${'z'.repeat(16)} ,`,
      PORT: '8080',
      ALLOW_PRIVATE_NETWORKS: 'TRUE',
      MIGRATIONS_RUN: '0',
      LOG_LEVEL: 'Debug',
      MIN_POLL_INTERVAL_SEC: '1',
      POLL_INTERVAL_SEC: '5',
    });
    expect(cfg.apiKeys).toEqual([KEY, 'z'.repeat(16)]);
    expect(cfg.port).toBe(8080);
    expect(cfg.allowPrivateNetworks).toBe(true);
    expect(cfg.migrationsRun).toBe(false);
    expect(cfg.logLevel).toBe('debug');
    expect(cfg.minPollIntervalSec).toBe(1);
    expect(cfg.defaultPollIntervalSec).toBe(5);
  });

  it('names every bad variable at once, with the value it got', () => {
    let err: unknown;
    try {
      loadConfig('fetcher', {
        API_KEYS: 'short',
        PORT: 'eighty',
        ALLOW_PRIVATE_NETWORKS: 'maybe',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        QUEUE_PREFIX: 'a:b',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/API_KEYS.*at least 16/);
    expect(problems).toMatch(/PORT must be an integer \(got "eighty"\)/);
    expect(problems).toMatch(/ALLOW_PRIVATE_NETWORKS must be true or false \(got "maybe"\)/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres/);
    expect(problems).toMatch(/LOG_LEVEL must be one of/);
    expect(problems).toMatch(/QUEUE_PREFIX/);
    expect((err as ConfigError).problems).toHaveLength(6);
  });

  it('requires an API key for services but not for tools', () => {
    expect(() => loadConfig('fetcher', {})).toThrow(/API_KEYS is required/);
    expect(loadConfig('fetcher', {}, { requireApiKeys: false }).apiKeys).toEqual([]);
  });

  it('refuses a default poll interval below the minimum', () => {
    expect(() => loadConfig('fetcher', { API_KEYS: KEY, POLL_INTERVAL_SEC: '10', MIN_POLL_INTERVAL_SEC: '30' })).toThrow(
      /POLL_INTERVAL_SEC \(10\) must not be below MIN_POLL_INTERVAL_SEC \(30\)/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig('fetcher', { API_KEYS: KEY, PORT: '' }).port).toBe(3001);
  });

  it('reads the event, taxonomy, model, alert and delivery settings', () => {
    const cfg = loadConfig('classifier', {
      API_KEYS: KEY, EVENT_WINDOW_HOURS: '24', TAXONOMY_FILE: 'topics.json', TOPIC_MODELS: 'a.json, b.json',
      UPDATE_INTERVAL: '60', DELIVERY_RETRY_SCHEDULE: '0,1s,1m', WEBHOOK_DISABLE_AFTER_SEC: '3600',
    });
    expect(cfg).toMatchObject({
      eventWindowHours: 24, taxonomyFile: 'topics.json', topicModels: ['a.json', 'b.json'],
      updateIntervalSec: 60, deliveryRetryScheduleMs: [0, 1000, 60_000], webhookDisableAfterSec: 3600,
    });
    expect(loadConfig('alerter', { API_KEYS: KEY }).deliveryRetryScheduleMs).toEqual([0, 5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(() => loadConfig('alerter', { API_KEYS: KEY, DELIVERY_RETRY_SCHEDULE: '0,5,5m' })).toThrow(/DELIVERY_RETRY_SCHEDULE: retry schedule entry 2 \("5"\) needs a unit/);
  });
});
