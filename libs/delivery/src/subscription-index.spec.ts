import { type Filter, PreparedStory, type TaggedStory, compileFilter, matches, matchesCompiled } from './match';
import { SubscriptionIndex } from './subscription-index';

/** Small deterministic PRNG (mulberry32) so the generated corpus is the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ['ai-models', 'ai-compute', 'export-controls', 'market-move', 'ai-investment', 'open-source', 'ai-pricing'];
const TICKERS = Array.from({ length: 300 }, (_, i) => `T${i.toString(36).toUpperCase()}`);
const HOSTS = ['reuters.com', 'www.reuters.com', 'feeds.reuters.com', 'ft.com', 'www.ft.com', 'bloomberg.com', 'cnbc.com', 'theverge.com'];
const NAMES = ['Reuters', 'Financial Times', 'Bloomberg', 'CNBC', 'The Verge'];
const WORDS = Array.from({ length: 400 }, (_, i) => `w${i}`).concat(['nvidia', 'deepseek', 'export', 'controls', 'chips', 'ban', 'shares', 'fall']);

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const some = <T>(xs: readonly T[], max: number): T[] => Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(xs));
  const word = () => (r() < 0.3 ? pick(WORDS.slice(-8)) : pick(WORDS));
  const term = (depth: number): string => {
    const x = r();
    if (depth < 3 && x < 0.15) return `(${query(depth + 1)})`;
    if (x < 0.25) return `NOT ${term(depth + 1)}`;
    if (x < 0.35) return `"${word()} ${word()}"`;
    if (x < 0.42) return `${word().slice(0, 2)}*`;
    return word();
  };
  const query = (depth: number): string => {
    const parts = some([0, 1, 2], 3).map(() => term(depth));
    return parts.join(r() < 0.5 ? ' OR ' : ' ');
  };
  const filter = (): Filter => {
    const f: Filter = {};
    if (r() < 0.4) f.topics = some(TOPICS, 2);
    if (r() < 0.4) f.tickers = some(TICKERS, 3).map((t) => (r() < 0.5 ? t.toLowerCase() : t));
    if (r() < 0.15) f.sources = some([...HOSTS, ...NAMES.map((n) => n.toLowerCase())], 2);
    if (r() < 0.2) f.minSeverity = Math.floor(r() * 100);
    if (r() < 0.2) f.minRelevance = Math.floor(r() * 100);
    if (r() < 0.4) f.query = query(0);
    return f;
  };
  const story = (): TaggedStory => ({
    topics: r() < 0.1 ? [] : some(TOPICS, 3),
    tickers: r() < 0.3 ? [] : some(TICKERS, 4),
    severity: r() < 0.1 ? null : Math.floor(r() * 101),
    relevance: r() < 0.1 ? null : Math.floor(r() * 101),
    source: r() < 0.1 ? null : pick(NAMES),
    url: r() < 0.1 ? null : `https://${pick(HOSTS)}/a/${Math.floor(r() * 1e6)}`,
    text: [some(WORDS, 12).join(' '), some(WORDS, 60).join(' ')],
  });
  return { filter, story };
}

describe('SubscriptionIndex', () => {
  it('returns exactly what a brute-force check of every subscription returns, in id order', () => {
    const gen = generator(42);
    const subs = Array.from({ length: 10_000 }, (_, i) => ({ id: (i * 7919) % 10_007, filter: gen.filter() }));
    const index = new SubscriptionIndex(subs);
    // Brute force: every filter against every story. Compiled once, as `matches` would recompile and re-tokenise
    // per pair; the predicate is the one `matches` uses (spot-checked against `matches` itself below).
    const byId = [...subs].sort((a, b) => a.id - b.id).map((s) => ({ id: s.id, filter: s.filter, compiled: compileFilter(s.filter) }));
    let total = 0;
    for (let i = 0; i < 300; i++) {
      const story = gen.story();
      const prepared = new PreparedStory(story);
      const expected = byId.filter((s) => matchesCompiled(s.compiled, prepared)).map((s) => s.id);
      if (i % 50 === 0) expect(byId.filter((s) => matches(s.filter, story)).map((s) => s.id)).toEqual(expected);
      expect(index.match(story).map((s) => s.id)).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(300); // the corpus does produce matches, not just empty results
    const stats = index.stats();
    expect(stats.byTicker + stats.byQueryWord + stats.bySource + stats.byTopic + stats.unindexed).toBe(10_000);
  });

  it('matches each subscription once even when several of its keys hit', () => {
    const index = new SubscriptionIndex([{ id: 1, filter: { tickers: ['NVDA', 'AMD'], topics: ['market-move'] } }]);
    expect(index.match({ topics: ['market-move'], tickers: ['NVDA', 'amd'] }).map((s) => s.id)).toEqual([1]);
  });

  it('files by the most selective list and still checks the rest of the filter', () => {
    const index = new SubscriptionIndex([
      { id: 4, filter: { topics: ['market-move'], query: 'nvidia' } },
      { id: 3, filter: { sources: ['reuters.com'] } },
      { id: 2, filter: { query: 'NOT amd' } },
      { id: 1, filter: { minSeverity: 50 } },
    ]);
    expect(index.stats()).toEqual({ subscriptions: 4, byTicker: 0, byQueryWord: 1, bySource: 1, byTopic: 0, unindexed: 2, rejected: 0 });
    const story = { topics: ['market-move'], tickers: [], severity: 60, source: null, url: 'https://www.reuters.com/x', text: 'Nvidia falls' };
    expect(index.match(story).map((s) => s.id)).toEqual([1, 2, 3, 4]);
    expect(index.match({ ...story, topics: [], severity: 10, text: 'AMD rises' }).map((s) => s.id)).toEqual([3]);
  });

  it('sets aside subscriptions whose stored filter no longer compiles', () => {
    const index = new SubscriptionIndex([
      { id: 1, filter: { query: '(broken' } },
      { id: 2, filter: {} },
    ]);
    expect(index.rejected).toEqual([{ subscription: { id: 1, filter: { query: '(broken' } }, error: 'unbalanced parenthesis at 0: no matching )' }]);
    expect(index.match({ topics: [], tickers: [], text: 'broken' }).map((s) => s.id)).toEqual([2]);
  });
});
