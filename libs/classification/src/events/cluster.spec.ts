import { classifyStory } from '../classify';
import {
  DEFAULT_EVENT_OPTIONS,
  EventClusterer,
  candidateKeys,
  decideEvent,
  eventFeatures,
  eventKeys,
  eventVelocity,
  joinEvent,
  noveltyFor,
  startEvent,
  type EventFeatures,
  type EventState,
} from './index';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-27T13:00:00Z');

interface Fixture {
  id: string;
  source: string;
  title: string;
  summary: string;
  content?: string;
  hours: number;
}

function features(s: Fixture): EventFeatures {
  return eventFeatures(s, classifyStory(s), T0 + s.hours * HOUR);
}

function cluster(stories: Fixture[]): Map<string, { eventId: string; duplicateOf: string | null; novelty: number }> {
  const clusterer = new EventClusterer();
  const out = new Map<string, { eventId: string; duplicateOf: string | null; novelty: number }>();
  for (const s of [...stories].sort((a, b) => a.hours - b.hours)) out.set(s.id, clusterer.assign(s.id, s.title, s.source, features(s)));
  return out;
}

/** Five outlets, five wordings of the 27 January 2025 chip selloff. */
const SELLOFF: Fixture[] = [
  {
    id: 's1', source: 'Wire One', hours: 0,
    title: 'Nvidia tumbles as DeepSeek model rattles AI chip investors',
    summary: 'Nvidia stock fell about 17% on Monday after the Chinese startup DeepSeek showed a reasoning model it says cost only $5.6 million to train.',
  },
  {
    id: 's2', source: 'Daily Markets', hours: 1.5,
    title: 'Chipmakers hammered by Chinese AI breakthrough; Nasdaq drops 3%',
    summary: 'Semiconductor shares led a broad tech retreat, with Nvidia down almost 17%, as DeepSeek\u2019s inexpensive R1 raised doubts about AI hardware spending.',
  },
  {
    id: 's3', source: 'Finance Weekly', hours: 3,
    title: 'Record $593bn erased from Nvidia in a single session',
    summary: 'No US company has ever lost so much market value in one day: Nvidia gave up roughly $593 billion as DeepSeek\u2019s low-cost model spooked investors.',
  },
  {
    id: 's4', source: 'Tech Desk', hours: 5,
    title: 'DeepSeek shock wipes around $1 trillion off US tech stocks',
    summary: 'A cheap Chinese AI model triggered a rout in American technology shares, with Nvidia sliding 17% and Broadcom also falling sharply.',
  },
  {
    id: 's5', source: 'Evening Post', hours: 8,
    title: 'Why a Chinese startup sent Nvidia shares into a 17% slide',
    summary: 'DeepSeek\u2019s R1 matched leading US models at a small fraction of the cost, prompting traders to dump chip stocks including Nvidia.',
  },
];

/** Same day, different news: the Stargate data-centre pledge and ASML's results. */
const STARGATE: Fixture[] = [
  {
    id: 'g1', source: 'Wire One', hours: 2,
    title: 'OpenAI, SoftBank and Oracle commit $500bn to Stargate data centres',
    summary: 'The three companies will build AI infrastructure in the United States through a new venture called Stargate, starting with $100 billion.',
  },
  {
    id: 'g2', source: 'Daily Markets', hours: 4,
    title: 'Stargate venture to pour up to $500 billion into US AI infrastructure',
    summary: 'SoftBank will chair the project, while OpenAI runs operations and Oracle supplies data centre capacity; the first site is in Texas.',
  },
];
const ASML: Fixture[] = [
  {
    id: 'a1', source: 'Wire One', hours: 6,
    title: 'ASML quarterly bookings beat forecasts on AI chip demand',
    summary: 'The Dutch lithography maker took about 7.1 billion euros in orders in the fourth quarter, well above analyst estimates.',
  },
  {
    id: 'a2', source: 'Finance Weekly', hours: 7,
    title: 'ASML orders jump to 7.09 billion euros, shares climb in Amsterdam',
    summary: 'Net bookings at the chip equipment maker came in far ahead of forecasts as customers ordered machines for AI processors.',
  },
];

describe('EventClusterer', () => {
  it('puts five differently worded reports of one event in one event', () => {
    const result = cluster(SELLOFF);
    expect(new Set([...result.values()].map((r) => r.eventId)).size).toBe(1);
  });

  it('keeps different events of the same day apart', () => {
    const result = cluster([...SELLOFF, ...STARGATE, ...ASML]);
    const ids = (stories: Fixture[]) => new Set(stories.map((s) => result.get(s.id)!.eventId));
    expect(ids(SELLOFF).size).toBe(1);
    expect(ids(STARGATE).size).toBe(1);
    expect(ids(ASML).size).toBe(1);
    const [selloff, stargate, asml] = [SELLOFF, STARGATE, ASML].map((s) => [...ids(s)][0]);
    expect(new Set([selloff, stargate, asml]).size).toBe(3);
  });

  it('does not merge two stories about the same company when the news differs', () => {
    const earnings: Fixture = {
      id: 'n1', source: 'Wire One', hours: 0,
      title: 'Nvidia revenue forecast tops estimates as Blackwell sales ramp',
      summary: 'Nvidia guided to about $43 billion in first-quarter sales after quarterly revenue rose 78% to $39.3 billion on data centre demand.',
    };
    const exportRule: Fixture = {
      id: 'n2', source: 'Daily Markets', hours: 3,
      title: 'US weighs new export curbs on Nvidia H20 chips sold to China',
      summary: 'Officials are discussing rules that would stop Nvidia shipping its China-specific H20 processor without a licence.',
    };
    const result = cluster([earnings, exportRule]);
    expect(result.get('n1')!.eventId).not.toBe(result.get('n2')!.eventId);
  });

  it('flags a near-verbatim syndicated copy with duplicateOf', () => {
    const original: Fixture = {
      id: 'o1', source: 'Wire One', hours: 0,
      title: 'DeepSeek app overtakes ChatGPT at the top of the App Store',
      summary: 'The Chinese assistant became the most downloaded free iPhone app in the United States.',
      content:
        'The assistant built by Hangzhou start-up DeepSeek has climbed to first place among free apps on Apple\u2019s US store, ' +
        'pushing OpenAI\u2019s ChatGPT into second. Downloads took off after the company published its R1 reasoning model, ' +
        'which it says matches leading American systems on maths and coding tests. The firm says the model was trained for ' +
        'a small fraction of what its rivals spend, a claim that has unsettled investors in chip makers. Analysts cautioned ' +
        'that chart positions can change quickly and that the app has faced outages as sign-ups surged. Several technology ' +
        'executives praised the engineering behind the model while questioning how many chips were really used to train it. ' +
        'The company has released the model weights under a permissive licence so developers can run it on their own servers.',
    };
    const copy: Fixture = {
      ...original,
      id: 'o2',
      source: 'Regional Herald',
      hours: 2,
      title: 'DeepSeek app overtakes ChatGPT at top of App Store',
      content: original.content!.replace('climbed to first place', 'risen to first place').replace('Analysts cautioned', 'Analysts warned'),
    };
    const result = cluster([original, copy]);
    expect(result.get('o2')).toMatchObject({ eventId: result.get('o1')!.eventId, duplicateOf: 'o1' });
    expect(result.get('o1')!.duplicateOf).toBeNull();
  });

  it('starts a new event when the same story comes back after the 48 h window', () => {
    const late = { ...SELLOFF[1], id: 'late', hours: SELLOFF[0].hours + 49 };
    const result = cluster([SELLOFF[0], late]);
    expect(result.get('late')!.eventId).not.toBe(result.get('s1')!.eventId);
  });

  it('gives a first report novelty 100 and later reports 75, 56, ...', () => {
    const result = cluster(SELLOFF.slice(0, 4));
    expect(['s1', 's2', 's3', 's4'].map((id) => result.get(id)!.novelty)).toEqual([100, 75, 56, 42]);
  });

  it('numbers events e1, e2, ... in order of creation', () => {
    const result = cluster([SELLOFF[0], ASML[0]]);
    expect([result.get('s1')!.eventId, result.get('a1')!.eventId]).toEqual(['e1', 'e2']);
  });
});

describe('decideEvent', () => {
  const f1 = features(SELLOFF[0]);
  const f2 = features(SELLOFF[1]);
  const fAsml = features(ASML[0]);

  it('returns null (start a new event) without candidates', () => {
    expect(decideEvent(f1, [])).toEqual({ eventId: null, duplicateOf: null, similarity: 0 });
  });

  it('joins the most similar candidate and leaves the candidates untouched', () => {
    const selloff = startEvent('x1', 's1', SELLOFF[0].title, 'Wire One', f1);
    const asml = startEvent('x2', 'a1', ASML[0].title, 'Wire One', { ...fAsml, at: f2.at });
    const before = JSON.stringify([selloff, asml]);
    const decision = decideEvent(f2, [asml, selloff]);
    expect(decision.eventId).toBe('x1');
    expect(decision.duplicateOf).toBeNull();
    expect(decision.similarity).toBeGreaterThanOrEqual(DEFAULT_EVENT_OPTIONS.joinThreshold);
    expect(JSON.stringify([selloff, asml])).toBe(before);
  });

  it('ignores candidates outside the window, and honours a custom window', () => {
    const selloff = startEvent('x1', 's1', SELLOFF[0].title, 'Wire One', f1);
    const inThreeHours = { ...f2, at: f1.at + 3 * HOUR };
    expect(decideEvent(inThreeHours, [selloff]).eventId).toBe('x1');
    expect(decideEvent(inThreeHours, [selloff], { windowMs: 2 * HOUR }).eventId).toBeNull();
  });

  it('does not join when the similarity is below the threshold', () => {
    const selloff = startEvent('x1', 's1', SELLOFF[0].title, 'Wire One', f1);
    expect(decideEvent(f2, [selloff], { joinThreshold: 0.99, recentJoinThreshold: 0.99 }).eventId).toBeNull();
  });

  it('asks less of a report within recentMs of the event\'s latest one than of a later report', () => {
    const selloff = startEvent('x1', 's1', SELLOFF[0].title, 'Wire One', f1);
    const { similarity } = decideEvent(f2, [selloff]);
    const opts = { joinThreshold: similarity + 0.01, recentJoinThreshold: similarity - 0.01, recentMs: 12 * HOUR };
    expect(decideEvent({ ...f2, at: f1.at + 11 * HOUR }, [selloff], opts).eventId).toBe('x1');
    expect(decideEvent({ ...f2, at: f1.at + 13 * HOUR }, [selloff], opts).eventId).toBeNull();
  });

  it('lowers the similarity of a later report that turns the event\'s tone around', () => {
    const negative: EventFeatures = { terms: { nvidia: 1, chip: 1, 's:negative': 1.5 }, entities: ['Nvidia'], simhash: '0000000000000000', at: T0 };
    const event = startEvent('x1', 'n1', 'Nvidia falls', 'Wire One', negative);
    const positive = { ...negative, terms: { nvidia: 1, chip: 1, 's:positive': 1.5 }, simhash: 'ffffffffffffffff' };
    const alike = { ...positive, terms: { nvidia: 1, chip: 1, 's:negative': 1.5 } };
    const at = (h: number) => T0 + h * HOUR;
    const sim = (f: EventFeatures) => decideEvent(f, [event], { joinThreshold: 0, recentJoinThreshold: 0 }).similarity;
    // the same cosine either way (one tone key each); the penalty applies only to the later, opposite report
    expect(sim({ ...positive, at: at(13) })).toBeCloseTo(sim({ ...positive, at: at(1) }) * (1 - DEFAULT_EVENT_OPTIONS.tonePenalty), 2);
    expect(sim({ ...alike, at: at(13) })).toBeGreaterThan(sim({ ...positive, at: at(13) }));
  });
});

describe('event state', () => {
  const f = (hours: number, simhash = '0123456789abcdef'): EventFeatures => ({
    terms: { nvidia: 1, [`w${hours}`]: 2 },
    entities: ['Nvidia'],
    simhash,
    at: T0 + hours * HOUR,
  });

  it('joinEvent returns a new, bounded state and does not modify the old one', () => {
    let e = startEvent('e1', 'st0', 'title', 'src0', f(0));
    const first = JSON.stringify(e);
    const opts = { maxMembers: 5, maxTerms: 8, maxSources: 3 };
    const e1 = joinEvent(e, 'st1', 'src1', f(1), opts);
    expect(JSON.stringify(e)).toBe(first);
    for (let i = 1; i <= 20; i++) e = joinEvent(e, `st${i}`, `src${i}`, f(i), opts);
    expect(e1.storyCount).toBe(2);
    expect(e.storyCount).toBe(21);
    expect(e.members).toHaveLength(5);
    expect(e.members.map((m) => m.storyId)).toEqual(['st16', 'st17', 'st18', 'st19', 'st20']);
    expect(Object.keys(e.terms).length).toBeLessThanOrEqual(8);
    expect(e.sources).toEqual(['src0', 'src1', 'src2']);
    expect(e.firstSeenAt).toBe(T0);
    expect(e.lastSeenAt).toBe(T0 + 20 * HOUR);
  });

  it('novelty counts only earlier reports of the previous 24 h', () => {
    let e = startEvent('e1', 'st0', 'title', 'src0', f(0));
    e = joinEvent(e, 'st1', 'src1', f(1));
    expect(noveltyFor(null, T0)).toBe(100);
    expect(noveltyFor(e, T0 + 2 * HOUR)).toBe(56);
    expect(noveltyFor(e, T0 + 24.5 * HOUR)).toBe(75);
    expect(noveltyFor(e, T0 + 30 * HOUR)).toBe(100);
  });

  it('velocity is distinct sources per hour over the recent period', () => {
    let e = startEvent('e1', 'st0', 'title', 'Wire One', f(0));
    e = joinEvent(e, 'st1', 'Daily Markets', f(0.25));
    e = joinEvent(e, 'st2', 'Wire One', f(0.5));
    e = joinEvent(e, 'st3', 'Tech Desk', f(0.75));
    // three distinct sources within the first hour (span floored at 1 h)
    expect(eventVelocity(e, T0 + HOUR)).toBe(3);
    // four hours later the same three sources are spread over 5 h
    expect(eventVelocity(e, T0 + 5 * HOUR)).toBe(0.6);
    // nothing in the last 6 h
    expect(eventVelocity(e, T0 + 12 * HOUR)).toBe(0);
  });
});

describe('joinEvent centroid', () => {
  /** The centroid as first written: a Map of the centroid plus the story's normalised terms, fully sorted. */
  function reference(centroid: Record<string, number>, story: Record<string, number>, n: number): string {
    const terms = new Map<string, number>(Object.entries(centroid));
    const norm = Math.sqrt(Object.values(story).reduce((sum, w) => sum + w * w, 0));
    if (norm > 0) for (const [t, w] of Object.entries(story)) terms.set(t, (terms.get(t) ?? 0) + w / norm);
    const top = [...terms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
    const out: Record<string, number> = {};
    for (const [t, w] of top) out[t] = Math.round(w * 1000) / 1000;
    return JSON.stringify(out);
  }

  it('is the sorted sum, key order included, over chained joins with ties, numeric words and a seeded centroid', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const words = ['rate', 'cut', 'fed', '2025', '17', 'bank', 'e:nvidia', 't:markets', 'f:pct:-17', 'z', 'a', 'constructor', 'toString'];
    const story = (k: number): EventFeatures => {
      const terms: Record<string, number> = {};
      // weights from a few values, so sums and their rounding tie
      for (const w of words) if (random() < 0.6) terms[w] = [0.5, 1, 1.5, 2][Math.floor(random() * 4)];
      terms[`only${k}`] = 1;
      return { terms, entities: [], simhash: '0123456789abcdef', at: T0 + k * HOUR };
    };
    // a centroid as loaded from storage: keys in an order of its own
    let e: EventState = { ...startEvent('e1', 's0', 't', 'src', story(0)), terms: { z: 0.2, '2025': 0.3, a: 0.2, bank: 0.7, rate: 0.3 } };
    for (let k = 1; k <= 40; k++) {
      const f = story(k);
      const n = k % 3 === 0 ? 6 : 60;
      const expected = reference(e.terms, f.terms, n);
      e = joinEvent(e, `s${k}`, 'src', f, { maxTerms: n });
      expect(JSON.stringify(e.terms)).toBe(expected);
    }
  });

  it('keeps the full sort order for a NaN weight', () => {
    const e = { ...startEvent('e1', 's0', 't', 'src', { terms: { a: 1 }, entities: [], simhash: '0123456789abcdef', at: T0 }), terms: { a: NaN, b: 1 } };
    const joined = joinEvent(e, 's1', 'src', { terms: { b: 1, c: 2 }, entities: [], simhash: '0123456789abcdef', at: T0 });
    expect(Object.keys(joined.terms)).toEqual(['a', 'b', 'c']);
    expect(joined.terms.b).toBe(1.447);
  });
});

describe('words named like Object.prototype properties', () => {
  it('count in the similarity and keep event centroids finite', () => {
    // a story with "constructor" used to get NaN similarity to everything, never join, and poison its event
    const a = { id: 'c1', source: 'Wire One', hours: 0, title: 'Bridge constructor wins $2bn contract', summary: 'The constructor will build the new bridge.' };
    const b = { id: 'c2', source: 'Daily Markets', hours: 1, title: 'Bridge constructor wins $2bn contract', summary: 'The constructor is to build the new bridge.' };
    const placed = cluster([a, b]);
    expect(placed.get('c2')!.eventId).toBe(placed.get('c1')!.eventId);
    const event = startEvent('e1', 'c1', a.title, a.source, features(a));
    expect(Object.values(event.terms).every(Number.isFinite)).toBe(true);
    expect(decideEvent(features(b), [event]).similarity).toBeGreaterThan(0.3);
  });
});

describe('candidateKeys', () => {
  it('holds the entity keys and a few strong words, and same-event stories share keys with the event', () => {
    const f1 = features(SELLOFF[0]);
    const keys = candidateKeys(f1);
    expect(keys).toEqual(expect.arrayContaining(['e:nvidia', 'e:deepseek']));
    expect(keys.length).toBeLessThanOrEqual(f1.entities.length + 5);
    const event = startEvent('e1', 's1', SELLOFF[0].title, 'Wire One', f1);
    for (const s of SELLOFF.slice(1)) {
      const shared = candidateKeys(features(s)).filter((k) => eventKeys(event).includes(k));
      expect(shared.length).toBeGreaterThan(0);
    }
  });
});
