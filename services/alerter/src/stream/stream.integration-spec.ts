import type { AlertPayload, StreamEntry } from '@wirewatch/delivery';
import { startTestInfra, waitFor, type TestInfra } from '@wirewatch/testing';
import { startStack, TEST_API_KEY, type RunningService } from '../../../../tests/support/stack';
import { AlertStream } from './alert-stream';
import { StreamSettings } from './stream-settings';

/** One Server-Sent Events message as a client parses it (comments kept, to see heartbeats). */
interface SseMessage {
  event: string;
  id: string | null;
  data: string;
  retry: number | null;
  comments: string[];
}

/** A minimal EventSource over fetch, reading /stream as a browser would, but recording every field. */
class SseClient {
  readonly messages: SseMessage[] = [];
  ended = false;
  private buffer = '';

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = { authorization: `Bearer ${TEST_API_KEY}` }): Promise<SseClient> {
    const abort = new AbortController();
    const client = new SseClient(await fetch(url, { headers, signal: abort.signal }), abort);
    if (client.response.ok) void client.pump();
    return client;
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of this.response.body!) this.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      /* aborted by close() */
    }
    this.ended = true;
  }

  private feed(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = { event: 'message', id: null, data: '', retry: null, comments: [] };
      for (const line of block.split('\n').filter((l) => l !== '')) {
        const colon = line.indexOf(':');
        const [field, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
        if (field === '') message.comments.push(value);
        else if (field === 'event') message.event = value;
        else if (field === 'id') message.id = value;
        else if (field === 'data') message.data += (message.data ? '\n' : '') + value;
        else if (field === 'retry') message.retry = Number(value);
      }
      if (block.trim() !== '') this.messages.push(message);
    }
  }

  /** The alert messages received, in order. */
  get alerts(): { type: string; id: string; payload: AlertPayload }[] {
    return this.messages.filter((m) => m.data !== '').map((m) => ({ type: m.event, id: m.id!, payload: JSON.parse(m.data) as AlertPayload }));
  }

  /** The id a browser would send as Last-Event-ID: the last id field seen. */
  get lastEventId(): string | null {
    return this.messages.reduce<string | null>((last, m) => m.id ?? last, null);
  }

  async waitForAlerts(count: number): Promise<{ type: string; id: string; payload: AlertPayload }[]> {
    await waitFor(`${count} alert message(s) (have ${this.alerts.length})`, () => this.alerts.length >= count, 8_000, 25);
    return this.alerts;
  }

  /** Resolves once the stream is open: the first message is the retry hint. */
  async ready(): Promise<this> {
    await waitFor('the retry hint', () => this.messages.some((m) => m.retry !== null), 5_000, 10);
    return this;
  }

  close(): void {
    this.abort.abort();
  }
}

let nextStoryId = 1;

/** A processed story as the alerter publishes it; fields a test does not set are those of a quiet story. */
function entry(input: {
  eventId: number;
  title: string;
  summary?: string;
  source?: string;
  url?: string;
  tickers?: string[];
  topics?: string[];
  severity?: number;
  sources?: string[];
  alerts?: StreamEntry['alerts'];
}): StreamEntry {
  const id = nextStoryId++;
  const sources = input.sources ?? [input.source ?? 'Reuters'];
  return {
    event: { id: input.eventId, title: input.title, firstSeenAt: '2026-03-02T08:00:00.000Z', sourceCount: sources.length, sources },
    story: {
      id,
      title: input.title,
      url: input.url ?? `https://www.reuters.com/markets/story-${id}`,
      source: input.source ?? 'Reuters',
      published: '2026-03-02T08:00:00.000Z',
      summary: input.summary ?? null,
      topics: (input.topics ?? []).map((t) => ({ id: t, score: 0.9, evidence: [] })),
      entities: (input.tickers ?? []).map((t) => ({ name: t, ticker: t, relevance: 80, primary: true, sentiment: -0.4, evidence: [] })),
      sentiment: { score: -0.4, label: 'negative' },
      figures: [],
      severity: input.severity ?? 50,
      relevance: 70,
      novelty: 1,
      duplicateOf: null,
      explanation: null,
    },
    tickers: input.tickers ?? [],
    timings: { publishedAt: '2026-03-02T08:00:00.000Z', fetchedAt: '2026-03-02T08:00:05.000Z', classifiedAt: '2026-03-02T08:00:06.000Z', alertedAt: '2026-03-02T08:00:07.000Z' },
    alerts: input.alerts ?? [],
  };
}

describe('alerter: live stream at /stream (real Redis and Postgres, two replicas)', () => {
  let infra: TestInfra;
  let alerter: RunningService;
  let replica: RunningService;
  let stream: AlertStream;
  const clients: SseClient[] = [];
  let replicaClosed = false;

  beforeAll(async () => {
    infra = await startTestInfra('alert-stream');
    ({ alerter } = await startStack(infra, ['alerter'], { LOG_LEVEL: 'error' }));
    ({ alerter: replica } = await startStack(infra, ['alerter'], { LOG_LEVEL: 'error' }));
    stream = alerter.app.get(AlertStream);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([alerter?.app.close(), replicaClosed ? undefined : replica?.app.close()]);
    await infra?.stop();
  });

  const connect = async (on: RunningService, query = '', headers?: Record<string, string>) => {
    const client = await SseClient.open(`${on.url}/stream${query}`, headers);
    clients.push(client);
    expect(client.response.status).toBe(200);
    return client.ready();
  };

  it('needs the API key, as Bearer or ?key=', async () => {
    expect((await SseClient.open(`${alerter.url}/stream`, {})).response.status).toBe(401);
    expect((await SseClient.open(`${alerter.url}/stream?key=wrong-key-0123456789`, {})).response.status).toBe(401);
    const byQuery = await connect(alerter, `?key=${TEST_API_KEY}`, {});
    expect(byQuery.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(byQuery.response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(byQuery.response.headers.get('x-accel-buffering')).toBe('no');
    expect(byQuery.messages[0]).toMatchObject({ retry: 3000, id: await stream.tip(), data: '' });
    byQuery.close();
  });

  it('refuses a bad filter or an unknown subscription with JSON before streaming', async () => {
    const bad = await alerter.call(`/stream?minSeverity=high&tickers=NVDA,bad%20ticker&q=${encodeURIComponent('nvidia AND (export')}&colour=red`);
    expect(bad.status).toBe(400);
    const errors = bad.body.message as string[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^colour is not a known parameter/),
        expect.stringMatching(/^minSeverity must be a number/),
        expect.stringMatching(/^tickers\[1\] must be a ticker symbol/),
        expect.stringMatching(/^query: /),
      ]),
    );
    expect((await alerter.call('/stream?since=yesterday')).status).toBe(400);
    expect((await alerter.call('/stream?subscription=7&tickers=NVDA')).status).toBe(400);
    const unknown = await alerter.call('/stream?subscription=424242');
    expect(unknown).toEqual({ status: 404, body: expect.objectContaining({ message: 'subscription 424242 not found' }) });
    const webhookOnly = await alerter.call('/subscriptions', { body: { name: 'hook only', filter: {}, webhook: { url: 'http://127.0.0.1:9/hook' } } });
    expect(webhookOnly.status).toBe(201);
    expect((await alerter.call(`/stream?subscription=${webhookOnly.body.id}`)).status).toBe(409);
  });

  it("streams a subscription's alerts with that alert's ids, and nothing else", async () => {
    const created = await alerter.call('/subscriptions', { body: { name: 'chips desk', filter: { tickers: ['NVDA'] }, stream: true } });
    expect(created.status).toBe(201);
    const sub = created.body.id as number;
    const client = await connect(replica, `?subscription=${sub}`);
    const ids = await stream.publish([
      entry({ eventId: 101, title: 'US weighs new curbs on Nvidia chip exports to China', tickers: ['NVDA'], alerts: [{ subscriptionId: sub, alertId: 11, deliveryId: 21, type: 'alert.created' }] }),
      entry({ eventId: 102, title: 'Brent slips as OPEC+ signals output rise', alerts: [{ subscriptionId: sub + 1000, alertId: 12, deliveryId: 22, type: 'alert.created' }] }),
      entry({ eventId: 101, title: 'Nvidia shares fall 4% on export curb report', tickers: ['NVDA'], sources: ['Reuters', 'Bloomberg'], alerts: [{ subscriptionId: sub, alertId: 11, deliveryId: 23, type: 'alert.updated' }] }),
    ]);
    const alerts = await client.waitForAlerts(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(client.alerts).toHaveLength(2);
    expect(alerts.map((a) => [a.type, a.id])).toEqual([['alert.created', ids[0]], ['alert.updated', ids[2]]]);
    expect(alerts[1].payload).toMatchObject({
      type: 'alert.updated',
      timestamp: expect.any(String),
      data: { alertId: 11, deliveryId: 23, subscriptionId: sub, event: { id: 101, sourceCount: 2 }, story: { title: 'Nvidia shares fall 4% on export curb report' } },
    });
    expect(Object.keys(alerts[1].payload.data)).toEqual(['alertId', 'deliveryId', 'subscriptionId', 'event', 'story', 'timings']);
  });

  it('streams the matches of an ad-hoc filter with a keyword query: created, then updated per event', async () => {
    const query = encodeURIComponent('export AND (curbs OR ban)');
    const client = await connect(alerter, `?tickers=nvda,AMD&minSeverity=40&q=${query}`);
    await stream.publish([
      entry({ eventId: 201, title: 'Commerce Department drafts export ban on AI accelerators', summary: 'Nvidia and AMD would need licences.', tickers: ['NVDA', 'AMD'], severity: 80 }),
      entry({ eventId: 202, title: 'Nvidia unveils new gaming GPU lineup', tickers: ['NVDA'], severity: 60 }),
      entry({ eventId: 203, title: 'Export curbs hit Dutch toolmaker ASML', tickers: ['ASML'], severity: 70 }),
      entry({ eventId: 204, title: 'AMD export curbs minor, analysts say', tickers: ['AMD'], severity: 20 }),
      entry({ eventId: 201, title: 'AMD says export curbs would cut China sales', tickers: ['AMD'], severity: 75, sources: ['Reuters', 'CNBC'] }),
    ]);
    const alerts = await client.waitForAlerts(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(client.alerts.map((a) => [a.type, a.payload.data.event.id, a.payload.data.story.title])).toEqual([
      ['alert.created', 201, 'Commerce Department drafts export ban on AI accelerators'],
      ['alert.updated', 201, 'AMD says export curbs would cut China sales'],
    ]);
    expect(alerts[0].payload.data).toMatchObject({ alertId: null, deliveryId: null, subscriptionId: null });
  });

  it('resumes after a disconnect from Last-Event-ID: nothing lost, nothing repeated', async () => {
    const first = await connect(alerter);
    const before = await stream.publish([entry({ eventId: 301, title: 'Fed holds rates steady' }), entry({ eventId: 302, title: 'Yen weakens past 150 per dollar' })]);
    await first.waitForAlerts(2);
    first.close();
    expect(first.lastEventId).toBe(before[1]);

    const missed = await stream.publish([entry({ eventId: 303, title: 'ECB signals June cut' }), entry({ eventId: 304, title: 'Gold hits record high' })]);
    const resumed = await connect(replica, '', { authorization: `Bearer ${TEST_API_KEY}`, 'last-event-id': first.lastEventId! });
    await resumed.waitForAlerts(2);
    const live = await stream.publish([entry({ eventId: 305, title: 'Oil jumps on Red Sea attack' })]);
    await resumed.waitForAlerts(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(resumed.alerts.map((a) => a.id)).toEqual([...missed, ...live]);

    const byQuery = await connect(alerter, `?lastEventId=${missed[0]}`);
    expect((await byQuery.waitForAlerts(2)).map((a) => a.id)).toEqual([missed[1], live[0]]);
  });

  it('hands every entry exactly once to clients connecting while entries keep coming', async () => {
    let publishing = true;
    let n = 0;
    const publisher = (async () => {
      while (publishing) await stream.publish([entry({ eventId: 350 + (n++ % 5), title: `Tick ${n}: futures edge higher` })]);
    })();
    const resumeFrom = await stream.tip();
    const connected: SseClient[] = [];
    for (let i = 0; i < 6; i++) {
      connected.push(await connect(i % 2 ? alerter : replica, '', { authorization: `Bearer ${TEST_API_KEY}`, ...(i % 3 === 0 ? { 'last-event-id': resumeFrom } : {}) }));
      await new Promise((r) => setTimeout(r, 40));
    }
    publishing = false;
    await publisher;
    const last = await stream.tip();
    for (const client of connected) {
      const start = client.messages[0].id!; // the retry hint's id: where the client starts
      const expected = (await stream.after(start)).map((r) => r.id);
      await waitFor('the client to catch up', () => client.lastEventId === last, 5_000, 20);
      expect(client.alerts.map((a) => a.id)).toEqual(expected);
    }
    expect(n).toBeGreaterThan(20);
  });

  it('replays the retained entries from ?since= a time, then goes live', async () => {
    await stream.publish([entry({ eventId: 401, title: 'Before the cut-off: Tesla recalls 2m cars' })]);
    await new Promise((r) => setTimeout(r, 30));
    const since = new Date();
    await new Promise((r) => setTimeout(r, 30));
    const after = await stream.publish([entry({ eventId: 402, title: 'After the cut-off: Apple opens Vision Pro sales in China' })]);
    const client = await connect(replica, `?since=${since.toISOString()}`);
    const live = await stream.publish([entry({ eventId: 403, title: 'Samsung profit beats forecasts' })]);
    expect((await client.waitForAlerts(2)).map((a) => a.id)).toEqual([...after, ...live]);
  });

  it('delivers an entry published on one replica to a client of the other', async () => {
    const onReplica = await connect(replica);
    const onAlerter = await connect(alerter);
    const [id] = await replica.app.get(AlertStream).publish([entry({ eventId: 501, title: 'Boeing wins $10bn Air India order' })]);
    for (const client of [onReplica, onAlerter]) expect((await client.waitForAlerts(1))[0]).toMatchObject({ id, type: 'alert.created' });
  });

  it('sends heartbeats', async () => {
    replica.app.get(StreamSettings).heartbeatMs = 150;
    const client = await connect(replica);
    await waitFor('two heartbeats', () => client.messages.filter((m) => m.comments.includes('ping')).length >= 2, 3_000, 20);
  });

  it('ends open streams when the app closes, promptly', async () => {
    const client = await connect(replica);
    const started = Date.now();
    await replica.app.close();
    replicaClosed = true;
    await waitFor('the stream to end', () => client.ended, 3_000, 20);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
