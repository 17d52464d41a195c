import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestInfra, waitFor, type TestInfra } from '@wirewatch/testing';

const ROOT = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * What a newcomer gets from `npm start`: the built launcher starts the three services as processes, runs the
 * demo feed and subscription, prints tagged alerts, and stops everything cleanly on SIGTERM.
 */
describe('npm start (the launcher, as real processes)', () => {
  let infra: TestInfra;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    infra = await startTestInfra('npm-start');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'services', 'libs', 'infra', '-d', 'dist', '--quiet'], { cwd: ROOT });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await infra?.stop();
  });

  it('starts all three services with the demo, prints tagged alerts, and shuts down on SIGTERM', async () => {
    const [fetcher, classifier, alerter, demo] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    child = spawn(process.execPath, [join(ROOT, 'dist/infra/local/start.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: infra.databaseUrl,
        REDIS_URL: infra.redisUrl,
        QUEUE_PREFIX: infra.queuePrefix,
        API_KEYS: 'npm-start-test-key-0123456789',
        FETCHER_PORT: String(fetcher),
        CLASSIFIER_PORT: String(classifier),
        ALERTER_PORT: String(alerter),
        DEMO_PORT: String(demo),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    await waitFor('WireWatch is running', () => output.includes('WireWatch is running') || child!.exitCode !== null, 60_000);
    expect(output).toContain('WireWatch is running');
    expect(output).toContain(`http://127.0.0.1:${fetcher}`);

    // The demo releases three stories at once; each is tagged and printed by the demo receiver.
    // The first three demo stories are three different events: one alert each.
    await waitFor('three demo alerts', () => (output.match(/ALERT \(subscription \d+, event \d+, 1 source\)/g) ?? []).length >= 3, 30_000);
    expect(output).toMatch(/severity \d+, relevance \d+: /);
    expect(output).toMatch(/topics: [a-z-]+ \d/);
    expect(output).toMatch(/companies: .*NVDA/);

    const res = await fetch(`http://127.0.0.1:${fetcher}/feeds`, { headers: { authorization: 'Bearer npm-start-test-key-0123456789' } });
    const feeds = await res.json();
    expect(feeds).toEqual([expect.objectContaining({ url: `http://127.0.0.1:${demo}/feed.xml`, name: 'WireWatch demo wire' })]);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopping: services finish their in-flight jobs first');
    expect(output).not.toMatch(/exited with code [1-9]/);
  }, 120_000);

  it('runs the CLI as the README says: classify, train and evaluate through npm run -s wirewatch', () => {
    const npm = (args: string[], input?: string) =>
      spawnSync('npm', ['run', '-s', 'wirewatch', '--', ...args], { cwd: ROOT, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    const stories = [
      { id: 'n1', title: 'Nvidia sinks 17% after DeepSeek unveils a low-cost reasoning model', source: 'Wire A', published: '2025-01-27T20:00:00Z',
        summary: 'About $593 billion of Nvidia market value was wiped out in one session.' },
      { id: 'n2', title: 'DeepSeek model triggers record $593bn Nvidia rout; shares down 17%', source: 'Wire B', published: '2025-01-27T21:00:00Z',
        summary: 'The chipmaker shed 17% as investors reassessed AI spending after the DeepSeek release.' },
    ];
    const classify = npm(['classify'], `${stories.map((s) => JSON.stringify(s)).join('\n')}\n{broken\n`);
    expect(classify.status).toBe(1); // one refused line
    const lines = classify.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id ?? null)).toEqual(['n1', 'n2', null]);
    expect(lines[0]).toMatchObject({ eventId: 'e1', novelty: 100, sentiment: { label: 'negative' } });
    expect(lines[1]).toMatchObject({ eventId: 'e1', novelty: 75 });
    expect(lines[2].error).toMatch(/^line 3: not JSON/);
    expect(classify.stderr).toContain('line 3: not JSON');

    const dir = mkdtempSync(join(tmpdir(), 'wirewatch-cli-'));
    try {
      const dev = join(ROOT, 'libs/classification/dev/topics/dev.jsonl');
      const train = npm(['train', '--input', dev, '--out', join(dir, 'model.json')]);
      expect(train.status).toBe(0);
      expect(train.stderr).toMatch(/trained on 200 stories/);
      expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).format).toBe('wirewatch-topic-model');
      const evaluate = npm(['evaluate', '--input', dev, '--model', join(dir, 'model.json')]);
      expect(evaluate.status).toBe(0);
      expect(evaluate.stdout).toMatch(/^micro\s+[\d.]+\s+[\d.]+\s+[\d.]+/m);
      expect(npm(['evaluate']).status).toBe(2);
      expect(npm(['nonsense']).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
