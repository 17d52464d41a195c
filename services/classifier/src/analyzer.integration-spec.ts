import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { parseLabelledJsonl, serializeTopicModel, trainTopicModel } from '@wirewatch/classification';
import { QueueName } from '@wirewatch/contracts';
import { createDataSource, FeedStore, StoryStore } from '@wirewatch/persistence';
import { loadAnalyzer } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';
import { startTestInfra, waitFor, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, type RunningService } from '../../../tests/support/stack';

/**
 * The classifier runs with the taxonomy file and trained models its configuration names (TAXONOMY_FILE,
 * TOPIC_MODELS), and the alerter accepts their topics in subscription filters. Events and scores are stored.
 */
describe('classifier: user taxonomy, trained models, events and scores (real Postgres and Redis)', () => {
  let infra: TestInfra;
  let dir: string;
  let stack: Partial<Record<'classifier' | 'alerter', RunningService>> = {};
  let ds: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wirewatch-analyzer-'));
    writeFileSync(join(dir, 'taxonomy.json'), JSON.stringify({
      extends: 'default',
      remove: ['consumer-adoption'],
      topics: [{ id: 'nvidia-results', label: 'Nvidia results', keywords: ['quarterly results', 'revenue*', 'earnings'], requires: { entities: ['NVDA'] } }],
    }));
    // A model trained on our labelled development set, relabelled so its topics are distinct from the rules'.
    const dev = parseLabelledJsonl(readFileSync(join(__dirname, '../../../libs/classification/dev/topics/dev.jsonl'), 'utf8'));
    const model = trainTopicModel(dev.map((s) => ({ ...s, labels: s.labels.map((l) => `learned-${l}`) })));
    writeFileSync(join(dir, 'model.json'), serializeTopicModel(model));
    infra = await startTestInfra('classifier-analyzer');
    stack = await startStack(infra, ['classifier', 'alerter'], {
      LOG_LEVEL: 'error',
      TAXONOMY_FILE: join(dir, 'taxonomy.json'),
      TOPIC_MODELS: join(dir, 'model.json'),
    });
    ds = await createDataSource(infra.databaseUrl, 2).initialize();
    queue = new Queue(QueueName.StoriesClassify, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
  });

  afterAll(async () => {
    await stopStack(stack);
    await queue?.close();
    await ds?.destroy();
    await infra?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tags stories with the user topic and the model topics, assigns events, and stores scores with the reason', async () => {
    const feed = (await new FeedStore(ds).create({ url: 'https://wire.example.com/analyzer.xml', pollIntervalSec: 3600 }))!;
    const story = (slug: string, title: string, summary: string, minutesAgo: number) => ({
      dedupKey: slug, guid: slug, url: `https://wire.example.com/${slug}`, title, summary, content: null, author: null,
      publishedAt: new Date(Date.now() - minutesAgo * 60_000),
    });
    const ids = await new StoryStore(ds).insertNew(feed.id, [
      story('q1', 'Nvidia quarterly results: data-centre revenue jumps 70%', 'Nvidia reported record revenue from AI chips and raised its outlook for the next quarter.', 30),
      story('q2', 'Nvidia beats forecasts as AI chip revenue soars 70%', 'Record data-centre revenue lifted Nvidia past analyst estimates; the company raised guidance.', 20),
      story('x1', 'Commerce Department tightens AI chip export rules for China', 'New export controls restrict shipments of advanced accelerators to Chinese buyers.', 10),
    ], 'corr-analyzer');
    await enqueueBulk(queue, QueueName.StoriesClassify, ids.map((storyId) => ({ storyId, correlationId: 'corr-analyzer' })));
    const rows = await waitFor('the stories to be classified', async () => {
      const r = await ds.query(`SELECT id, event_id, novelty, relevance, severity, explanation, simhash FROM stories WHERE id = ANY($1::bigint[]) AND classified_at IS NOT NULL ORDER BY id`, [ids]);
      return r.length === 3 ? r : null;
    });
    const tags = await new StoryStore(ds).findTags(ids);
    const topicsOf = (id: number) => tags.filter((t) => t.storyId === id && t.kind === 'topic').map((t) => t.key);
    expect(topicsOf(ids[0])).toContain('nvidia-results');
    expect(topicsOf(ids[2])).not.toContain('nvidia-results');
    expect(topicsOf(ids[2])).toContain('export-controls');
    expect(tags.some((t) => t.kind === 'topic' && t.key.startsWith('learned-'))).toBe(true);
    expect(tags.find((t) => t.storyId === ids[0] && t.kind === 'entity' && t.key === 'NVDA')).toMatchObject({ isPrimary: true });

    // The two reports of Nvidia's results are one event; the export story another. First report: novelty 100.
    expect(rows[0].event_id).toBe(rows[1].event_id);
    expect(rows[2].event_id).not.toBe(rows[0].event_id);
    expect(rows.map((r: { novelty: number }) => r.novelty)).toEqual([100, 75, 100]);
    for (const r of rows) {
      expect(r.relevance).toBeGreaterThan(0);
      expect(r.explanation.summary).toMatch(/relevance \d+ .*severity \d+/);
      expect(r.simhash).toMatch(/^[0-9a-f]{16}$/);
    }
    const [event] = await ds.query(`SELECT story_count, sources, keys FROM events WHERE id = $1`, [rows[0].event_id]);
    expect(event.story_count).toBe(2);
    expect(event.sources).toEqual(['wire.example.com']);
    expect(event.keys).toContain('e:nvidia');
  });

  it('lets subscriptions filter on the user topic and the model topics, and refuses unknown ones', async () => {
    const ok = await stack.alerter!.call('/subscriptions', { body: { name: 'results desk', filter: { topics: ['nvidia-results', 'learned-ai-compute'] }, stream: true } });
    expect(ok.status).toBe(201);
    const removed = await stack.alerter!.call('/subscriptions', { body: { name: 'apps desk', filter: { topics: ['consumer-adoption'] }, stream: true } });
    expect(removed.status).toBe(400);
  });

  it('refuses to start with a taxonomy file that does not parse, naming the file and the field', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ extends: 'default', topics: [{ id: 'x', label: 'X', keywords: ['ok'], patterns: ['(unclosed'] }] }));
    expect(() => loadAnalyzer({ taxonomyFile: bad, topicModels: [] })).toThrow(/bad\.json.*patterns\[0\]/s);
    expect(() => loadAnalyzer({ taxonomyFile: join(dir, 'missing.json'), topicModels: [] })).toThrow(/TAXONOMY_FILE: cannot read .*missing\.json: ENOENT/);
    expect(() => loadAnalyzer({ taxonomyFile: null, topicModels: [bad] })).toThrow(/bad\.json: /);
  });
});
