import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { startTestInfra, waitFor, type TestInfra } from '@wirewatch/testing';
import { startStack, stopStack, type RunningService } from '../support/stack';

const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

/** Readiness follows Redis: a Redis this test owns is stopped, then started again on the same port. */
(HAVE_REDIS ? describe : describe.skip)('readiness while Redis goes away and comes back', () => {
  let infra: TestInfra;
  let redis: ChildProcess | undefined;
  let port: number;
  let classifier: RunningService;

  beforeAll(async () => {
    infra = await startTestInfra('readiness');
    port = await freePort();
    redis = startRedis(port);
    const redisUrl = `redis://127.0.0.1:${port}`;
    await waitFor('its Redis to answer', () => spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG');
    ({ classifier } = await startStack({ ...infra, redisUrl }, ['classifier'], { LOG_LEVEL: 'error' }));
  });

  // Closing waits for the worker's Redis connection to settle after the outage: allow it more than one test's time.
  afterAll(async () => {
    try {
      await stopStack({ classifier });
    } finally {
      redis?.kill('SIGKILL');
      await infra?.stop();
    }
  }, 120_000);

  it('is ready, unready without Redis (alive all the while), and ready again', async () => {
    const status = async (path: string) => (await classifier.call(path, { key: null })).status;
    await waitFor('ready', async () => (await status('/health/ready')) === 200);

    redis!.kill('SIGKILL');
    await waitFor('unready without Redis', async () => (await status('/health/ready')) === 503, 15_000);
    expect(await status('/health/live')).toBe(200);

    redis = startRedis(port);
    await waitFor('ready again', async () => (await status('/health/ready')) === 200, 30_000);
  }, 60_000);
});

if (!HAVE_REDIS) console.log('readiness e2e skipped: no redis-server on PATH');
