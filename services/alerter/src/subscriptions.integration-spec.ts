import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Queue } from 'bullmq';
import { newCorrelationId, QueueName } from '@wirewatch/contracts';
import { createDataSource, FeedStore, StoryStore } from '@wirewatch/persistence';
import { enqueueBulk } from '@wirewatch/queueing';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, TEST_API_KEY, type RunningService } from '../../../tests/support/stack';

const messages = (body: any): string => (Array.isArray(body?.message) ? body.message.join('; ') : String(body?.message ?? ''));

describe('alerter: subscriptions API (real Postgres and Redis)', () => {
  let infra: TestInfra;
  let alerter: RunningService;

  beforeAll(async () => {
    infra = await startTestInfra('alerter-subscriptions');
    ({ alerter } = await startStack(infra, ['alerter'], { LOG_LEVEL: 'error' }));
  });

  afterAll(async () => {
    await stopStack({ alerter });
    await infra?.stop();
  });

  const valid = () => ({ name: 'chip desk', filter: { topics: ['market-move'], tickers: ['NVDA'] }, webhook: { url: 'https://hooks.example.com/a' } });

  describe('authentication', () => {
    it('refuses requests without a key or with a wrong one', async () => {
      expect((await alerter.call('/subscriptions', { key: null })).status).toBe(401);
      expect((await alerter.call('/subscriptions', { key: 'wrong-key-0123456789abcdef' })).status).toBe(401);
      expect((await alerter.call('/subscriptions', { body: valid(), key: null })).status).toBe(401);
      expect((await alerter.call('/subscriptions', { body: valid(), key: `${TEST_API_KEY}0` })).status).toBe(401);
      const list = await alerter.call('/subscriptions');
      expect(list.status).toBe(200);
      expect(list.body).toEqual([]); // the refused POSTs stored nothing
    });

    it('serves /health without a key, with both workers up', async () => {
      const res = await alerter.call('/health', { key: null });
      expect(res.status).toBe(200);
      expect(res.body.info).toMatchObject({
        database: { status: 'up' },
        'worker:stories.alert': { status: 'up' },
        'worker:deliveries.send': { status: 'up' },
      });
    });
  });

  describe('POST /subscriptions validation', () => {
    const rejects = async (body: unknown, field: string | RegExp) => {
      const res = await alerter.call('/subscriptions', { body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      if (typeof field === 'string') expect(messages(res.body)).toContain(field);
      else expect(messages(res.body)).toMatch(field);
      return res;
    };
    const without = (key: 'name' | 'filter' | 'webhook') => {
      const b: Record<string, unknown> = valid();
      delete b[key];
      return b;
    };

    it('requires name', async () => {
      await rejects(without('name'), /\bname\b/);
      await rejects({ ...valid(), name: '' }, /\bname\b/);
      await rejects({ ...valid(), name: 42 }, /\bname\b/);
    });

    it('requires filter (and an object, not a list or a string)', async () => {
      await rejects(without('filter'), /\bfilter is required/);
      await rejects({ ...valid(), filter: null }, /\bfilter\b/);
      await rejects({ ...valid(), filter: 'market-move' }, /\bfilter\b/);
      await rejects({ ...valid(), filter: [] }, /\bfilter\b/);
    });

    it('requires a channel, and webhook to be an object, not a list or a string', async () => {
      await rejects(without('webhook'), /needs a channel/);
      await rejects({ ...without('webhook'), stream: false }, /needs a channel/);
      await rejects({ ...valid(), stream: 'yes' }, /\bstream\b/);
      await rejects({ ...valid(), webhook: 'https://hooks.example.com/a' }, /\bwebhook\b/);
      await rejects({ ...valid(), webhook: [] }, /\bwebhook\b/);
      await rejects({ ...valid(), webhook: [{ url: 'https://hooks.example.com/a' }] }, /\bwebhook\b/);
    });

    it('requires webhook.url to be an http(s) URL', async () => {
      for (const url of ['not a url', 'ftp://hooks.example.com/a', '', 42]) {
        const res = await rejects({ ...valid(), webhook: { url } }, 'webhook.url');
        expect(messages(res.body)).not.toContain('webhook.webhook');
      }
      await rejects({ ...valid(), webhook: {} }, 'webhook.url');
    });

    it('refuses an unknown topic in filter.topics', async () => {
      const res = await rejects({ ...valid(), filter: { topics: ['market-move', 'sports'] } }, 'filter.topics');
      expect(messages(res.body)).toContain('not a known topic');
      expect(messages(res.body)).not.toContain('filter.filter');
      await rejects({ ...valid(), filter: { topics: 'market-move' } }, 'filter.topics');
    });

    it('refuses a bad symbol in filter.tickers', async () => {
      for (const ticker of ['$NVDA', 'NV DA', '', 'ABCDEFGHIJKLM', 7]) {
        const res = await rejects({ ...valid(), filter: { tickers: ['AMD', ticker] } }, 'filter.tickers');
        expect(messages(res.body)).not.toContain('filter.filter');
      }
    });

    it('refuses unknown fields, at the top and nested', async () => {
      await rejects({ ...valid(), secret: 'x' }, 'secret');
      await rejects({ ...valid(), webhook: { url: 'https://hooks.example.com/a', headers: {} } }, 'headers');
    });

    it('answers 400 to malformed JSON', async () => {
      const res = await alerter.call('/subscriptions', { body: '{"name": "x", ' });
      expect(res.status).toBe(400);
    });

    it('stored none of the refused subscriptions', async () => {
      expect((await alerter.call('/subscriptions')).body).toEqual([]);
    });
  });

  describe('creating and listing', () => {
    it('creates a subscription: 201, tickers upper-cased and deduplicated, topics deduplicated', async () => {
      const res = await alerter.call('/subscriptions', {
        body: {
          name: 'chip desk',
          filter: { topics: ['market-move', 'ai-compute', 'market-move'], tickers: ['nvda', 'NVDA', 'amd', 'brk.b', 'Amd'] },
          webhook: { url: 'https://hooks.example.com/chips' },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'chip desk',
        filter: { topics: ['market-move', 'ai-compute'], tickers: ['NVDA', 'AMD', 'BRK.B'] },
        webhook: { url: 'https://hooks.example.com/chips', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/), previousSecretExpiresAt: null },
        stream: false,
        active: true,
        disabledReason: null,
        failingSince: null,
        createdAt: expect.any(String),
      });
    });

    it('accepts an empty filter (every story) and drops empty lists', async () => {
      const res = await alerter.call('/subscriptions', {
        body: { name: 'everything', filter: { topics: [], tickers: [] }, webhook: { url: 'http://127.0.0.1:9/hook' } },
      });
      expect(res.status).toBe(201);
      expect(res.body.filter).toEqual({});
    });

    it('lists the subscriptions in creation order', async () => {
      const res = await alerter.call('/subscriptions');
      expect(res.status).toBe(200);
      expect(res.body.map((s: any) => [s.name, s.filter, s.webhook.url])).toEqual([
        ['chip desk', { topics: ['market-move', 'ai-compute'], tickers: ['NVDA', 'AMD', 'BRK.B'] }, 'https://hooks.example.com/chips'],
        ['everything', {}, 'http://127.0.0.1:9/hook'],
      ]);
      expect(res.body[0].id).toBeLessThan(res.body[1].id);
    });
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: any;
  status: number;
}

/**
 * alerter + classifier against their own database, a webhook receiver answering with `answer(n)` for the
 * n-th POST (1-based), and one stored story whose classify job this test enqueues itself.
 */
async function deliveryHarness(label: string, env: Record<string, string>, answer: (n: number) => number) {
  const infra = await startTestInfra(label);
  const received: Received[] = [];
  const h: {
    infra: TestInfra;
    received: Received[];
    receiver?: LocalServer;
    stack?: Partial<Record<'alerter' | 'classifier', RunningService>>;
    ds?: DataSource;
    queue?: Queue;
    stop(): Promise<void>;
  } = {
    infra,
    received,
    async stop() {
      await stopStack(h.stack ?? {});
      await h.queue?.close();
      await h.ds?.destroy();
      await h.receiver?.close();
      await infra.stop();
    },
  };
  try {
    h.receiver = await startLocalServer((req: IncomingMessage, res: ServerResponse, body: Buffer) => {
      const status = answer(received.length + 1);
      received.push({ headers: req.headers, body: JSON.parse(body.toString('utf8')), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 204 ? undefined : `status ${status}`);
    });
    h.stack = await startStack(infra, ['alerter', 'classifier'], { LOG_LEVEL: 'error', ...env });
    h.ds = await createDataSource(infra.databaseUrl, 2).initialize();
    h.queue = new Queue(QueueName.StoriesClassify, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
  } catch (e) {
    await h.stop();
    throw e;
  }
  return h as Required<typeof h>;
}

async function storeStoryAndClassify(h: Awaited<ReturnType<typeof deliveryHarness>>, slug: string): Promise<number> {
  const feed = await new FeedStore(h.ds).create({ url: `https://wire.example.com/${slug}.xml`, pollIntervalSec: 60 });
  const correlationId = newCorrelationId();
  const [storyId] = await new StoryStore(h.ds).insertNew(
    feed!.id,
    [{
      dedupKey: slug, guid: slug, url: `https://wire.example.com/${slug}`,
      title: 'Nvidia shares plunge 17% as DeepSeek rattles chip stocks',
      summary: 'Nvidia lost close to $600 billion of market value in one session.',
      content: null, author: null, publishedAt: new Date(),
    }],
    correlationId,
  );
  expect(typeof storyId).toBe('number');
  await enqueueBulk(h.queue, QueueName.StoriesClassify, [{ storyId, correlationId }]);
  return storyId;
}

const deliveryRows = (ds: DataSource, storyId: number) =>
  ds.query(`SELECT id, subscription_id, status, attempts, last_status_code, last_error, delivered_at FROM deliveries WHERE story_id = $1`, [storyId]);

describe('alerter: webhook retries until the receiver accepts', () => {
  let h: Awaited<ReturnType<typeof deliveryHarness>>;

  beforeAll(async () => {
    h = await deliveryHarness('alerter-retries', { DELIVERY_RETRY_SCHEDULE: '0,50ms,50ms,50ms,50ms' }, (n) => (n <= 2 ? 500 : 204));
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('retries after two 500s, delivers on the third attempt with the same webhook-id, and records it', async () => {
    const sub = await h.stack.alerter!.call('/subscriptions', { body: { name: 'all', filter: {}, webhook: { url: `${h.receiver.url}/hook` } } });
    expect(sub.status).toBe(201);
    const storyId = await storeStoryAndClassify(h, 'retry-story');

    const [row] = await waitFor('the delivery to be recorded as delivered', async () => {
      const rows = await deliveryRows(h.ds, storyId);
      return rows.length === 1 && rows[0].status === 'delivered' ? rows : null;
    }, 15_000);
    expect(row).toMatchObject({ subscription_id: sub.body.id, status: 'delivered', attempts: 3, last_status_code: 204, last_error: null });
    expect(row.delivered_at).not.toBeNull();

    // No further POST once delivered.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.received.map((r) => r.status)).toEqual([500, 500, 204]);
    const ids = h.received.map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([`delivery-${row.id}`, `delivery-${row.id}`, `delivery-${row.id}`]);
    for (const r of h.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toMatchObject({
        type: 'alert.created',
        data: { deliveryId: row.id, subscriptionId: sub.body.id, story: { id: storyId, source: 'wire.example.com' }, event: { sourceCount: 1 } },
      });
    }
    const [story] = await h.ds.query(`SELECT classified_at, alerted_at FROM stories WHERE id = $1`, [storyId]);
    expect(story.classified_at).not.toBeNull();
    expect(story.alerted_at).not.toBeNull();
  });
});

describe('alerter: a delivery that never succeeds', () => {
  let h: Awaited<ReturnType<typeof deliveryHarness>>;

  beforeAll(async () => {
    h = await deliveryHarness('alerter-give-up', { DELIVERY_RETRY_SCHEDULE: '0,50ms' }, () => 500);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('ends failed after the last attempt of DELIVERY_RETRY_SCHEDULE, with the last error recorded', async () => {
    const sub = await h.stack.alerter!.call('/subscriptions', { body: { name: 'all', filter: {}, webhook: { url: `${h.receiver.url}/hook` } } });
    expect(sub.status).toBe(201);
    const storyId = await storeStoryAndClassify(h, 'failing-story');

    const [row] = await waitFor('the delivery to be recorded as failed', async () => {
      const rows = await deliveryRows(h.ds, storyId);
      return rows.length === 1 && rows[0].status === 'failed' ? rows : null;
    }, 15_000);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_status_code: 500, delivered_at: null });
    expect(row.last_error).toMatch(/500/);

    await new Promise((r) => setTimeout(r, 500));
    expect(h.received.map((r) => r.status)).toEqual([500, 500]);
    expect(new Set(h.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([`delivery-${row.id}`]));
    const [after] = await deliveryRows(h.ds, storyId);
    expect(after).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
