import { renderRss, type RssEntry } from '@wirewatch/feeds';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startStack, stopStack, type RunningService } from '../support/stack';

/**
 * The whole pipeline, for real: a feed served over HTTP, fetcher -> classifier -> alerter through BullMQ on
 * Redis, Postgres underneath, and a webhook receiver on the other side.
 */
describe('fetcher -> classifier -> alerter, end to end', () => {
  let infra: TestInfra;
  let feedServer: LocalServer;
  let receiver: LocalServer;
  let stack: Record<'fetcher' | 'classifier' | 'alerter', RunningService>;
  const entries: RssEntry[] = [];
  const feedRequests: { conditional: boolean; status: number }[] = [];
  const received: { headers: Record<string, unknown>; body: any; raw: string }[] = [];

  const story = (slug: string, title: string, description: string, minutesAgo: number): RssEntry => ({
    guid: `e2e-${slug}`,
    title,
    link: `https://wire.example.com/${slug}`,
    description,
    published: new Date(Date.now() - minutesAgo * 60_000),
  });

  beforeAll(async () => {
    infra = await startTestInfra('e2e-pipeline');
    feedServer = await startLocalServer((req, res) => {
      const xml = renderRss({ title: 'E2E wire', link: 'https://wire.example.com/' }, entries);
      const etag = `"${createHash('sha1').update(xml).digest('hex')}"`;
      const conditional = req.headers['if-none-match'] === etag;
      feedRequests.push({ conditional, status: conditional ? 304 : 200 });
      if (conditional) return res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(xml);
    });
    receiver = await startLocalServer((req, res, body) => {
      received.push({ headers: req.headers, body: JSON.parse(body.toString('utf8')), raw: body.toString('utf8') });
      res.writeHead(204).end();
    });
    stack = await startStack(infra);
  });

  afterAll(async () => {
    await stopStack(stack ?? {});
    await Promise.all([feedServer?.close(), receiver?.close()]);
    await infra?.stop();
  });

  it('delivers a matching story once, nothing more while the feed is unchanged, then a new story', async () => {
    entries.push(
      story('nvidia-slide', 'Nvidia shares plunge 17% as DeepSeek rattles chip stocks',
        'Nvidia lost close to $600 billion of market value in one session, the largest one-day loss for a US company, as the Nasdaq sold off.', 30),
      story('cup-final', 'Local club wins the regional cup final on penalties',
        'A late equaliser forced extra time before the home side held their nerve in the shoot-out.', 20),
    );

    const sub = await stack.alerter.call('/subscriptions', {
      body: { name: 'chip desk', filter: { topics: ['market-move'], tickers: ['nvda'] }, webhook: { url: `${receiver.url}/hook` } },
    });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({ name: 'chip desk', filter: { topics: ['market-move'], tickers: ['NVDA'] }, active: true });

    const feed = await stack.fetcher.call('/feeds', { body: { url: `${feedServer.url}/feed.xml`, name: 'E2E wire', pollIntervalSec: 1 } });
    expect(feed.status).toBe(201);

    await waitFor('the first alert', () => received.length >= 1);
    const [first] = received;
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['webhook-id']).toMatch(/^delivery-\d+$/);
    // Signed per Standard Webhooks with the secret shown once at creation, checked by an independent library.
    expect(sub.body.webhook.secret).toMatch(/^whsec_/);
    expect(new Webhook(sub.body.webhook.secret).verify(first.raw, first.headers as Record<string, string>)).toEqual(first.body);
    expect((await stack.alerter.call('/subscriptions')).body[0].webhook).toEqual({ url: `${receiver.url}/hook`, previousSecretExpiresAt: null });
    expect(first.body).toMatchObject({
      type: 'alert.created',
      data: {
        subscriptionId: sub.body.id,
        event: { title: 'Nvidia shares plunge 17% as DeepSeek rattles chip stocks', sourceCount: 1, sources: ['E2E wire'] },
        story: { title: 'Nvidia shares plunge 17% as DeepSeek rattles chip stocks', url: 'https://wire.example.com/nvidia-slide', source: 'E2E wire', novelty: 100 },
      },
    });
    const { story: firstStory, timings } = first.body.data;
    expect(firstStory.severity).toBeGreaterThan(30);
    expect(firstStory.relevance).toBeGreaterThan(30);
    expect(firstStory.explanation).toMatch(/Nvidia|17%/);
    expect(firstStory.entities.find((e: { ticker: string | null }) => e.ticker === 'NVDA')).toMatchObject({ primary: true });
    for (const key of ['publishedAt', 'fetchedAt', 'classifiedAt', 'alertedAt']) expect(Date.parse(timings[key])).not.toBeNaN();
    const topics = first.body.data.story.topics as { id: string; evidence: string[] }[];
    expect(topics.map((t) => t.id)).toContain('market-move');
    expect(topics.find((t) => t.id === 'market-move')!.evidence.length).toBeGreaterThan(0);
    expect(first.body.data.story.sentiment).toMatchObject({ label: 'negative' });
    expect(first.body.data.story.sentiment.score).toBeLessThan(0);
    expect(first.body.data.story.figures).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'percent', value: -17, unit: '%', direction: 'down' })]),
    );
    expect(first.body.data.story.entities.find((e: { ticker: string | null }) => e.ticker === 'NVDA').sentiment).toBeLessThan(0);
    expect(first.body.data.story.entities).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Nvidia', ticker: 'NVDA' }), expect.objectContaining({ name: 'DeepSeek', ticker: null })]),
    );

    // The feed keeps being polled; unchanged, it answers 304 and nothing more is delivered.
    const polledBefore = feedRequests.length;
    await waitFor('three more polls of the unchanged feed', () => feedRequests.length >= polledBefore + 3, 15_000);
    expect(feedRequests.slice(polledBefore).every((r) => r.conditional)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(received).toHaveLength(1);

    // Two new matching items: another report of the same event (no second alert within UPDATE_INTERVAL) and a
    // different event about the same company (a new alert), once each.
    entries.push(
      story('nasdaq-loss', 'Nvidia tumbles 17% in DeepSeek-driven chip rout as Nasdaq sinks 3%',
        'Chinese start-up DeepSeek rattled investors: about $1 trillion of market value was wiped out across US tech stocks, with Nvidia down 17%.', 5),
      story('nvidia-results', 'Nvidia shares jump 6% after record data-centre revenue beats forecasts',
        'Quarterly sales from AI data-centre chips topped analyst estimates and the company raised its outlook.', 4),
    );
    await waitFor('the second alert', () => received.length >= 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.map((r) => [r.body.type, r.body.data.story.title])).toEqual([
      ['alert.created', 'Nvidia shares plunge 17% as DeepSeek rattles chip stocks'],
      ['alert.created', 'Nvidia shares jump 6% after record data-centre revenue beats forecasts'],
    ]);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(2);
    expect(received[1].body.data.event.id).not.toBe(first.body.data.event.id);
    // The second report joined the first one's event (two stories, one source) without alerting again.
    const events = await stack.alerter.call(`/events/${first.body.data.event.id}`);
    expect(events.status).toBe(200);
    expect(events.body.stories.map((s: { title: string }) => s.title)).toContain('Nvidia tumbles 17% in DeepSeek-driven chip rout as Nasdaq sinks 3%');

    // The services report healthy, and the feed's record shows the successful polls.
    for (const s of Object.values(stack)) {
      for (const path of ['/health', '/health/ready', '/health/live']) {
        const health = await s.call(path, { key: null });
        expect({ path, status: health.status, body: health.body.status }).toEqual({ path, status: 200, body: 'ok' });
      }
    }
    // The metrics tell the same story, with low-cardinality labels only.
    const metrics = async (s: RunningService) => {
      const res = await fetch(`${s.url}/metrics`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    const [fm, cm, am] = await Promise.all([metrics(stack.fetcher), metrics(stack.classifier), metrics(stack.alerter)]);
    expect(value(fm, 'wirewatch_stories_total{result="new",service="fetcher"}')).toBe(4);
    expect(value(fm, 'wirewatch_feed_polls_total{outcome="not-modified",service="fetcher"}')).toBeGreaterThanOrEqual(3);
    expect(value(fm, 'wirewatch_queue_jobs{queue="feeds.poll",state="failed",service="fetcher"}')).toBe(0);
    expect(value(fm, 'wirewatch_feeds{state="ok",service="fetcher"}')).toBe(1);
    expect(value(fm, 'wirewatch_feeds{state="paused",service="fetcher"}')).toBe(0);
    expect(value(cm, 'wirewatch_stories_classified_total{service="classifier"}')).toBe(4);
    expect(value(cm, 'wirewatch_jobs_total{queue="stories.classify",outcome="completed",service="classifier"}')).toBe(4);
    expect(value(am, 'wirewatch_alerts_total{type="alert.created",service="alerter"}')).toBe(2);
    expect(value(am, 'wirewatch_webhook_attempts_total{outcome="delivered",status_class="2xx",service="alerter"}')).toBe(2);
    expect(value(am, 'wirewatch_fetched_to_delivered_seconds_count{service="alerter"}')).toBe(2);
    expect(value(am, 'wirewatch_published_to_delivered_seconds_count{service="alerter"}')).toBe(2);
    expect(value(am, 'wirewatch_webhook_latency_seconds_count{service="alerter"}')).toBe(2);
    expect(value(cm, 'wirewatch_classify_batch_seconds_count{service="classifier"}')).toBeGreaterThanOrEqual(1);
    expect(am).not.toMatch(/wire\.example\.com|story-\d/);

    const feeds = await stack.fetcher.call('/feeds');
    expect(feeds.body[0]).toMatchObject({ id: feed.body.id, errorCount: 0, lastErrorCategory: null });
    expect(feeds.body[0].lastSuccessAt).not.toBeNull();
  });
});
