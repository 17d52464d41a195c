import { createDataSource, FeedStore } from '@wirewatch/persistence';
import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import type { DataSource } from 'typeorm';
import { startStack, stopStack, type RunningService } from '../../../../tests/support/stack';
import { QueriesStore, type SqlRunner } from './queries.store';
import { StoriesController } from './stories.controller';
import type { StoriesQueryDto } from './queries.dto';

const messages = (body: any): string => (Array.isArray(body?.message) ? body.message.join('; ') : String(body?.message ?? ''));

/** Every fixture time is hours before this fixed instant, so `since` boundaries do not depend on the clock. */
const T0 = Date.parse('2026-06-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(T0 - h * 3_600_000);
const iso = (h: number) => hoursAgo(h).toISOString();

interface TagFixture {
  kind: 'topic' | 'entity';
  key: string;
  label?: string;
  score: number;
  evidence?: string[];
  sentiment?: number;
  relevance?: number;
  isPrimary?: boolean;
}

describe('alerter: story and event queries (real Postgres)', () => {
  let infra: TestInfra;
  let alerter: RunningService;
  let ds: DataSource;
  const ids = { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0, s6: 0, e1: 0, e2: 0, e3: 0 };

  /** INSERT … RETURNING through a CTE: `ds.query` returns the rows of a SELECT, not of a bare INSERT. */
  async function insert(table: string, row: Record<string, unknown>, returning = 'id'): Promise<number> {
    const cols = Object.keys(row);
    const rows: Record<string, number>[] = await ds.query(
      `WITH i AS (INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${returning})
       SELECT * FROM i`,
      cols.map((c) => row[c]),
    );
    return rows[0][returning];
  }

  async function insertStory(row: Record<string, unknown>, tags: TagFixture[] = []): Promise<number> {
    const id = await insert('stories', { dedup_key: `k-${String(row.title)}`, fetched_at: hoursAgo(0), ...row });
    for (const t of tags) {
      await insert(
        'story_tags',
        {
          story_id: id,
          kind: t.kind,
          key: t.key,
          label: t.label ?? t.key,
          score: t.score,
          evidence: JSON.stringify(t.evidence ?? []),
          sentiment: t.sentiment ?? null,
          relevance: t.relevance ?? null,
          is_primary: t.isPrimary ?? null,
        },
        'story_id',
      );
    }
    return id;
  }

  const event = (title: string, first: number, last: number, storyCount: number, sources: string[], entities: string[]) =>
    insert('events', {
      title,
      first_seen_at: hoursAgo(first),
      last_seen_at: hoursAgo(last),
      story_count: storyCount,
      sources,
      entities,
      keys: [],
      state: '{}',
    });

  const classified = (severity: number, summary: string, extra: Record<string, unknown> = {}) => ({
    classified_at: hoursAgo(0),
    severity,
    relevance: 70,
    novelty: 50,
    sentiment: 0,
    sentiment_label: 'neutral',
    figures: '[]',
    explanation: JSON.stringify({ relevance: ['names a tracked company'], severity: ['fixture'], summary }),
    ...extra,
  });

  beforeAll(async () => {
    infra = await startTestInfra('alerter-queries');
    ({ alerter } = await startStack(infra, ['alerter'], { LOG_LEVEL: 'error' }));
    ds = await createDataSource(infra.databaseUrl, 2).initialize();

    const feeds = new FeedStore(ds);
    const chipWire = (await feeds.create({ url: 'https://chipwire.example/rss', name: 'Chip Wire', pollIntervalSec: 300 }))!.id;
    const unnamed = (await feeds.create({ url: 'https://feeds.example.org/ai.xml', pollIntervalSec: 300 }))!.id;
    ids.e1 = await event('Licence rules for accelerator exports', 5, 1, 3, ['Chip Wire', 'ledger-news.example'], ['Nvidia', 'AMD']);
    ids.e2 = await event('Mistral releases open weights', 3, 3, 1, ['Chip Wire'], ['Mistral AI']);
    ids.e3 = await event('GPU rental prices fall', 30, 30, 1, ['ledger-news.example'], ['Amazon']);

    ids.s1 = await insertStory(
      {
        feed_id: chipWire,
        url: 'https://chipwire.example/policy/licence-rules',
        title: 'Commerce Department tightens licence rules for accelerator shipments',
        summary: 'New licence requirements cover data-centre accelerators sold abroad.',
        content: 'Officials said the licence regime takes effect next month.',
        published_at: hoursAgo(5),
        event_id: ids.e1,
        ...classified(80, 'Export licence rules hit accelerator sales', {
          sentiment: -0.4,
          sentiment_label: 'negative',
          figures: JSON.stringify([{ kind: 'percent', value: 10, unit: '%', text: '10%', subject: null, direction: 'down' }]),
        }),
      },
      [
        { kind: 'topic', key: 'export-controls', score: 0.92, evidence: ['licence rules'] },
        { kind: 'entity', key: 'NVDA', label: 'Nvidia', score: 0.8, relevance: 80, isPrimary: true, sentiment: -0.5 },
      ],
    );
    ids.s2 = await insertStory(
      {
        feed_id: unnamed,
        url: 'https://www.ledger-news.example/markets/nvda-slide',
        title: 'Nvidia shares slide after new licence requirement',
        summary: 'Chip stocks fell as investors weighed the rules.',
        published_at: hoursAgo(4),
        event_id: ids.e1,
        ...classified(65, 'Nvidia stock falls on export licence news', { relevance: 85, novelty: 60, sentiment: -0.6, sentiment_label: 'negative' }),
      },
      [
        { kind: 'topic', key: 'market-move', score: 0.88, evidence: ['shares slide'] },
        { kind: 'topic', key: 'export-controls', score: 0.7, evidence: ['licence requirement'] },
        { kind: 'entity', key: 'NVDA', label: 'Nvidia', score: 0.9, relevance: 90, isPrimary: true, sentiment: -0.7, evidence: ['Nvidia shares'] },
        { kind: 'entity', key: 'AMD', label: 'Advanced Micro Devices', score: 0.4, relevance: 40, isPrimary: false, sentiment: -0.2 },
      ],
    );
    // no published time: it sorts by when it was fetched, an hour ago (the others were fetched "now", at T0)
    ids.s3 = await insertStory(
      {
        feed_id: chipWire,
        title: 'Chipmakers weigh response to licence requirement',
        summary: 'Suppliers in Taiwan review the new regime.',
        published_at: null,
        fetched_at: hoursAgo(1),
        event_id: ids.e1,
        duplicate_of: ids.s2,
        ...classified(40, 'Suppliers react to export rules'),
      },
      [
        { kind: 'topic', key: 'export-controls', score: 0.6 },
        { kind: 'entity', key: 'TSM', label: 'Taiwan Semiconductor', score: 0.5, relevance: 50, isPrimary: false },
      ],
    );
    ids.s4 = await insertStory(
      {
        feed_id: chipWire,
        title: 'Mistral publishes open weights for its new reasoning model',
        summary: 'The release is free to download and modify.',
        published_at: hoursAgo(3),
        event_id: ids.e2,
        ...classified(30, 'A new open model'),
      },
      [
        { kind: 'topic', key: 'open-source', score: 0.9 },
        { kind: 'topic', key: 'ai-models', score: 0.7 },
        { kind: 'entity', key: 'Mistral AI', label: 'Mistral AI', score: 0.9, relevance: 95, isPrimary: true },
      ],
    );
    // "open" and "weights" both appear, but not as the phrase
    ids.s5 = await insertStory(
      {
        feed_id: unnamed,
        url: 'https://ledger-news.example/cloud/gpu-rental',
        title: 'Cloud providers cut GPU rental prices',
        summary: 'Open pricing pages show hourly rates dropping.',
        content: 'Analysts said model weights keep growing, so demand holds up.',
        published_at: hoursAgo(30),
        event_id: ids.e3,
        ...classified(20, 'Cheaper compute'),
      },
      [
        { kind: 'topic', key: 'ai-pricing', score: 0.8 },
        { kind: 'entity', key: 'AMZN', label: 'Amazon', score: 0.6, relevance: 60, isPrimary: true },
      ],
    );
    // not classified yet: no tags, no event, no severity; "accelerator" only in its content
    ids.s6 = await insertStory({
      feed_id: chipWire,
      title: 'Quarterly outlook for data centre spending',
      content: 'Budgets for accelerator clusters keep rising.',
      published_at: hoursAgo(2),
    });
  });

  afterAll(async () => {
    await ds?.destroy();
    await stopStack({ alerter });
    await infra?.stop();
  });

  const storyIds = async (query: string): Promise<number[]> => {
    const res = await alerter.call(`/stories${query}`);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.body.stories.map((s: { id: number }) => s.id);
  };

  /** Follows `nextBefore` to the end and returns every page's ids. */
  const allPages = async (path: string, key: 'stories' | 'events', query: string): Promise<number[][]> => {
    const pages: number[][] = [];
    let before: number | null = null;
    do {
      const res = await alerter.call(`${path}?${query}${before === null ? '' : `&before=${before}`}`);
      expect(res.status).toBe(200);
      pages.push(res.body[key].map((s: { id: number }) => s.id));
      before = res.body.nextBefore;
    } while (before !== null && pages.length < 20);
    return pages;
  };

  const rejects = async (path: string, pattern: RegExp) => {
    const res = await alerter.call(path);
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
    expect(messages(res.body)).toMatch(pattern);
  };

  describe('authentication', () => {
    it('refuses every query route without the API key', async () => {
      for (const path of ['/stories', '/stories?q=licence', '/events', `/events/${ids.e1}`]) {
        const res = await alerter.call(path, { key: null });
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
      expect((await alerter.call('/stories', { key: 'wrong-key-0123456789abcdef' })).status).toBe(401);
    });
  });

  describe('GET /stories', () => {
    it('lists newest first by published time, else fetched time', async () => {
      expect(await storyIds('')).toEqual([ids.s3, ids.s6, ids.s4, ids.s2, ids.s1, ids.s5]);
    });

    it('returns each story with its outlet, tags, scores, event and explanation', async () => {
      const res = await alerter.call('/stories?ticker=AMD');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        stories: [
          {
            id: ids.s2,
            title: 'Nvidia shares slide after new licence requirement',
            url: 'https://www.ledger-news.example/markets/nvda-slide',
            source: 'ledger-news.example',
            published: iso(4),
            summary: 'Chip stocks fell as investors weighed the rules.',
            fetchedAt: iso(0),
            classifiedAt: iso(0),
            topics: [
              { id: 'market-move', score: expect.closeTo(0.88, 5), evidence: ['shares slide'] },
              { id: 'export-controls', score: expect.closeTo(0.7, 5), evidence: ['licence requirement'] },
            ],
            entities: [
              { name: 'Nvidia', ticker: 'NVDA', relevance: 90, primary: true, sentiment: expect.closeTo(-0.7, 5), evidence: ['Nvidia shares'] },
              { name: 'Advanced Micro Devices', ticker: 'AMD', relevance: 40, primary: false, sentiment: expect.closeTo(-0.2, 5), evidence: [] },
            ],
            sentiment: { score: expect.closeTo(-0.6, 5), label: 'negative' },
            figures: [],
            severity: 65,
            relevance: 85,
            novelty: 60,
            duplicateOf: null,
            eventId: ids.e1,
            explanation: 'Nvidia stock falls on export licence news',
          },
        ],
        nextBefore: null,
      });
    });

    it('names the outlet by the feed name, gives an entity without ticker a null ticker, and shows duplicates and figures', async () => {
      const res = await alerter.call(`/stories?event=${ids.e1}`);
      const [s3, , s1] = res.body.stories;
      expect(s3).toMatchObject({ id: ids.s3, source: 'Chip Wire', published: null, fetchedAt: iso(1), duplicateOf: ids.s2 });
      expect(s1.figures).toEqual([{ kind: 'percent', value: 10, unit: '%', text: '10%', subject: null, direction: 'down' }]);
      const mistral = (await alerter.call('/stories?ticker=mistral%20ai')).body.stories[0];
      expect(mistral.entities).toEqual([{ name: 'Mistral AI', ticker: null, relevance: 95, primary: true, sentiment: null, evidence: [] }]);
    });

    it('shows an unclassified story with no tags and null scores', async () => {
      const [s6] = (await alerter.call('/stories?since=' + iso(2) + '&q=quarterly')).body.stories;
      expect(s6).toMatchObject({ id: ids.s6, topics: [], entities: [], sentiment: null, severity: null, classifiedAt: null, eventId: null, explanation: null });
    });

    it('filters by topic, ticker (case-insensitive), event and minimum severity', async () => {
      expect(await storyIds('?topic=export-controls')).toEqual([ids.s3, ids.s2, ids.s1]);
      expect(await storyIds('?topic=geopolitics')).toEqual([]);
      expect(await storyIds('?ticker=nvda')).toEqual([ids.s2, ids.s1]);
      expect(await storyIds('?ticker=NVDA')).toEqual([ids.s2, ids.s1]);
      expect(await storyIds('?ticker=Nvidia')).toEqual([]); // the key is the ticker, not the name
      expect(await storyIds('?ticker=MISTRAL%20AI')).toEqual([ids.s4]);
      expect(await storyIds(`?event=${ids.e1}`)).toEqual([ids.s3, ids.s2, ids.s1]);
      expect(await storyIds(`?event=${ids.e3}`)).toEqual([ids.s5]);
      expect(await storyIds('?minSeverity=50')).toEqual([ids.s2, ids.s1]);
      expect(await storyIds('?minSeverity=0')).toEqual([ids.s3, ids.s4, ids.s2, ids.s1, ids.s5]); // unscored s6 is out
    });

    it('filters by since on the published (else fetched) time, inclusively', async () => {
      expect(await storyIds(`?since=${iso(3.5)}`)).toEqual([ids.s3, ids.s6, ids.s4]);
      expect(await storyIds(`?since=${iso(3)}`)).toEqual([ids.s3, ids.s6, ids.s4]);
      expect(await storyIds(`?since=${encodeURIComponent('2026-06-01T10:30:00+05:00')}`)).toEqual([ids.s3, ids.s6, ids.s4, ids.s2, ids.s1]);
    });

    it('ANDs the filters', async () => {
      expect(await storyIds(`?topic=export-controls&minSeverity=50&since=${iso(4.5)}`)).toEqual([ids.s2]);
      expect(await storyIds('?topic=export-controls&ticker=TSM')).toEqual([ids.s3]);
      expect(await storyIds('?topic=ai-pricing&ticker=NVDA')).toEqual([]);
      expect(await storyIds(`?q=licence&event=${ids.e1}&minSeverity=60`).then((r) => r.sort())).toEqual([ids.s1, ids.s2].sort());
    });

    describe('full-text search (q)', () => {
      const search = (q: string, rest = '') => storyIds(`?q=${encodeURIComponent(q)}${rest}`);

      it('matches a quoted phrase only where its words are adjacent', async () => {
        expect(await search('"open weights"')).toEqual([ids.s4]);
        expect((await search('open weights')).sort()).toEqual([ids.s4, ids.s5].sort());
      });

      it('matches either side of OR', async () => {
        expect((await search('licence OR rental')).sort()).toEqual([ids.s1, ids.s2, ids.s3, ids.s5].sort());
      });

      it('excludes a -term', async () => {
        expect((await search('licence -shares')).sort()).toEqual([ids.s1, ids.s3].sort());
      });

      it('stems words and searches title, summary and content', async () => {
        expect(await search('licences')).toHaveLength(3);
        expect(await search('download')).toEqual([ids.s4]); // summary only
        expect(await search('demand')).toEqual([ids.s5]); // content only
        expect(await search('semiconductor')).toEqual([]); // a tag label, not the text
      });

      it('ranks by relevance: a title match before a newer content-only match', async () => {
        expect(await search('accelerator')).toEqual([ids.s1, ids.s6]);
        expect((await search('open weights'))[0]).toBe(ids.s4);
      });

      it('combines with the other filters', async () => {
        expect(await search('licence', '&ticker=nvda&minSeverity=70')).toEqual([ids.s1]);
        expect(await search('rental', `&since=${iso(24)}`)).toEqual([]);
      });

      it('finds nothing for stop words only', async () => {
        expect(await search('the')).toEqual([]);
      });
    });

    describe('paging', () => {
      it('pages newest first with before = nextBefore, and says when the last page is reached', async () => {
        const first = await alerter.call('/stories?limit=2');
        expect(first.body.stories.map((s: { id: number }) => s.id)).toEqual([ids.s3, ids.s6]);
        expect(first.body.nextBefore).toBe(ids.s6);
        expect(await allPages('/stories', 'stories', 'limit=2')).toEqual([
          [ids.s3, ids.s6],
          [ids.s4, ids.s2],
          [ids.s1, ids.s5],
        ]);
      });

      it('gives nextBefore null when a page ends exactly at the last story', async () => {
        const res = await alerter.call(`/stories?limit=3&before=${ids.s4}`);
        expect(res.body).toMatchObject({ nextBefore: null });
        expect(res.body.stories.map((s: { id: number }) => s.id)).toEqual([ids.s2, ids.s1, ids.s5]);
      });

      it('pages a filtered list and a relevance-ranked search in the unpaged order, each story once', async () => {
        expect(await allPages('/stories', 'stories', 'topic=export-controls&limit=1')).toEqual([[ids.s3], [ids.s2], [ids.s1]]);
        const ranked = await storyIds('?q=licence%20OR%20rental%20OR%20accelerator');
        expect(ranked).toHaveLength(5);
        expect((await allPages('/stories', 'stories', 'q=licence%20OR%20rental%20OR%20accelerator&limit=2')).flat()).toEqual(ranked);
      });

      it('defaults to 50 per page', async () => {
        const res = await alerter.call('/stories');
        expect(res.body.stories).toHaveLength(6);
        expect(res.body.nextBefore).toBeNull();
      });
    });

    describe('validation', () => {
      it('refuses an unparseable since', async () => {
        await rejects('/stories?since=yesterday', /since must be an ISO 8601 time/);
        await rejects('/stories?since=2026-13-45T00:00:00Z', /since must be an ISO 8601 time/);
        await rejects('/stories?since=', /since must be an ISO 8601 time/);
      });

      it('refuses a limit outside 1–200', async () => {
        for (const limit of ['0', '201', 'ten', '2.5']) await rejects(`/stories?limit=${limit}`, /limit must be a whole number from 1 to 200/);
        expect((await alerter.call('/stories?limit=200')).status).toBe(200);
      });

      it('refuses a bad or unknown cursor', async () => {
        await rejects('/stories?before=abc', /before must be an id/);
        await rejects('/stories?before=99999999999999999999', /before must be an id/);
        await rejects('/stories?before=999999', /before must be the id of a stored story; 999999 is none/);
      });

      it('refuses bad filters, naming them', async () => {
        await rejects('/stories?minSeverity=101', /minSeverity must be a whole number from 0 to 100/);
        await rejects('/stories?minSeverity=high', /minSeverity/);
        await rejects('/stories?event=abc', /event must be an event id/);
        await rejects('/stories?q=', /q must not be empty/);
        await rejects('/stories?topic=a&topic=b', /topic must be a topic id/);
        await rejects('/stories?tickers=NVDA', /property tickers should not exist/);
      });
    });
  });

  describe('GET /events', () => {
    it('lists events by last activity with their sources and highest story severity', async () => {
      const res = await alerter.call('/events');
      expect(res.status).toBe(200);
      expect(res.body.events.map((e: { id: number }) => e.id)).toEqual([ids.e1, ids.e2, ids.e3]);
      expect(res.body.nextBefore).toBeNull();
      expect(res.body.events[0]).toEqual({
        id: ids.e1,
        title: 'Licence rules for accelerator exports',
        firstSeenAt: iso(5),
        lastSeenAt: iso(1),
        storyCount: 3,
        sourceCount: 2,
        sources: ['Chip Wire', 'ledger-news.example'],
        entities: ['Nvidia', 'AMD'],
        maxSeverity: 80,
      });
      expect(res.body.events[2]).toMatchObject({ id: ids.e3, maxSeverity: 20, sourceCount: 1 });
    });

    it('filters by since on the last activity, inclusively', async () => {
      const ids2 = async (since: string) => (await alerter.call(`/events?since=${since}`)).body.events.map((e: { id: number }) => e.id);
      expect(await ids2(iso(2))).toEqual([ids.e1]);
      expect(await ids2(iso(3))).toEqual([ids.e1, ids.e2]);
      await rejects('/events?since=last-week', /since must be an ISO 8601 time/);
    });

    it('pages with before = nextBefore', async () => {
      expect(await allPages('/events', 'events', 'limit=1')).toEqual([[ids.e1], [ids.e2], [ids.e3]]);
      await rejects('/events?before=999999', /before must be the id of a stored event; 999999 is none/);
      await rejects('/events?limit=500', /limit must be a whole number from 1 to 200/);
      await rejects('/events?topic=export-controls', /property topic should not exist/);
    });
  });

  describe('GET /events/:id', () => {
    it('returns the event with its stories, oldest first, in the story shape', async () => {
      const res = await alerter.call(`/events/${ids.e1}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: ids.e1, storyCount: 3, sourceCount: 2, maxSeverity: 80 });
      expect(res.body.stories.map((s: { id: number }) => s.id)).toEqual([ids.s1, ids.s2, ids.s3]);
      const listed = (await alerter.call('/stories?ticker=AMD')).body.stories[0];
      expect(res.body.stories[1]).toEqual(listed);
    });

    it('answers 404 JSON for an unknown event', async () => {
      const res = await alerter.call('/events/999999');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, message: 'event 999999 not found' });
    });

    it('answers 400 for an id that is not a positive whole number', async () => {
      for (const id of ['abc', '1.5', '-3', '0', '99999999999999999999']) {
        await rejects(`/events/${id}`, /event id must be a positive whole number/);
      }
    });
  });

  describe('the queries behind the routes', () => {
    /** The store over a connection that records each statement before running it. */
    const recording = () => {
      const statements: { sql: string; params: unknown[] }[] = [];
      const runner: SqlRunner = {
        query: (sql: string, params?: unknown[]) => {
          statements.push({ sql, params: params ?? [] });
          return ds.query(sql, params);
        },
      };
      return { store: new QueriesStore(runner), statements };
    };

    it('loads a page of stories and all their tags in two statements', async () => {
      const { store, statements } = recording();
      const page = await new StoriesController(store).list({ limit: 50 } as StoriesQueryDto);
      expect(page.stories).toHaveLength(6);
      expect(page.stories.flatMap((s) => s.entities)).toHaveLength(6);
      expect(statements).toHaveLength(2);
    });

    it('searches through the GIN index the StorySearch migration creates (same expression)', async () => {
      const before = await storyIds('?q=%22open%20weights%22%20OR%20licence%20-shares');
      const { store, statements } = recording();
      await store.findStories({ q: '"open weights" OR licence -shares', limit: 10 });
      const [{ sql, params }] = statements;
      const runner = ds.createQueryRunner();
      try {
        await runner.startTransaction();
        // on a few rows any plan is cheap: rule out the others to see whether this index can serve the search at all
        await runner.query('SET LOCAL enable_seqscan = off');
        await runner.query('SET LOCAL enable_indexscan = off');
        const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, params);
        expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Bitmap Index Scan on stories_search/);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect([...before].sort()).toEqual([ids.s1, ids.s3, ids.s4].sort());
      expect(await storyIds('?q=%22open%20weights%22%20OR%20licence%20-shares')).toEqual(before);
    });
  });
});
