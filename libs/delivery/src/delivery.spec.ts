import { type Filter, hostOf, matches, validateFilter } from './index';

describe('matching', () => {
  const story = {
    topics: ['market-move', 'ai-compute'],
    tickers: ['NVDA', 'NDX'],
    severity: 70,
    relevance: 40,
    source: 'Reuters Business',
    url: 'https://www.reuters.com/technology/nvidia-falls-2025-01-27/',
    text: ["Nvidia's shares fall 17%", 'DeepSeek rattles investors as export controls loom'],
  };

  it('matches on any listed topic, and on any listed ticker (case-insensitive)', () => {
    expect(matches({ topics: ['ai-compute', 'regulation'] }, story)).toBe(true);
    expect(matches({ tickers: ['nvda'] }, story)).toBe(true);
    expect(matches({ tickers: ['Ndx'] }, { ...story, tickers: ['ndx'] })).toBe(true);
    expect(matches({ topics: ['regulation'] }, story)).toBe(false);
    expect(matches({ tickers: ['AAPL'] }, story)).toBe(false);
  });

  it('requires every given criterion (AND across lists)', () => {
    expect(matches({ topics: ['market-move'], tickers: ['NVDA'] }, story)).toBe(true);
    expect(matches({ topics: ['market-move'], tickers: ['AAPL'] }, story)).toBe(false);
    expect(matches({ topics: ['regulation'], tickers: ['NVDA'] }, story)).toBe(false);
    expect(matches({ tickers: ['NVDA'], query: 'deepseek', sources: ['reuters.com'], minSeverity: 70 }, story)).toBe(true);
    expect(matches({ tickers: ['NVDA'], query: 'deepseek', sources: ['reuters.com'], minSeverity: 71 }, story)).toBe(false);
    expect(matches({ tickers: ['NVDA'], query: 'amd', sources: ['reuters.com'] }, story)).toBe(false);
  });

  it('treats absent and empty lists as no restriction', () => {
    expect(matches({}, story)).toBe(true);
    expect(matches({ topics: [], tickers: [], sources: [] }, story)).toBe(true);
    expect(matches({}, { topics: [], tickers: [] })).toBe(true);
  });

  it('compares minimum severity and relevance inclusively, failing unknown values', () => {
    expect(matches({ minSeverity: 70 }, story)).toBe(true);
    expect(matches({ minSeverity: 71 }, story)).toBe(false);
    expect(matches({ minRelevance: 40 }, story)).toBe(true);
    expect(matches({ minRelevance: 41 }, story)).toBe(false);
    expect(matches({ minSeverity: 1 }, { ...story, severity: null })).toBe(false);
    expect(matches({ minSeverity: 0 }, { ...story, severity: null })).toBe(true);
  });

  it('matches sources by name (case-insensitive, exact) or by URL host and its parent domains', () => {
    expect(matches({ sources: ['reuters business'] }, story)).toBe(true);
    expect(matches({ sources: ['Reuters'] }, story)).toBe(false);
    expect(matches({ sources: ['reuters.com'] }, story)).toBe(true);
    expect(matches({ sources: ['www.reuters.com'] }, story)).toBe(true);
    expect(matches({ sources: ['reuters.com'] }, { ...story, url: 'https://feeds.reuters.com/x' })).toBe(true);
    expect(matches({ sources: ['REUTERS.COM'] }, { ...story, url: 'https://reuters.com/x' })).toBe(true);
    expect(matches({ sources: ['reuters.com'] }, { ...story, url: 'https://notreuters.com/x' })).toBe(false);
    expect(matches({ sources: ['reuters.com'] }, { ...story, url: 'https://reuters.com.evil.example/x' })).toBe(false);
    expect(matches({ sources: ['bloomberg.com', 'reuters.com'] }, story)).toBe(true);
    expect(matches({ sources: ['reuters.com'] }, { ...story, url: null, source: null })).toBe(false);
  });

  it('evaluates the query over all text fields', () => {
    expect(matches({ query: 'nvidia AND "export controls"' }, story)).toBe(true);
    expect(matches({ query: '"17 deepseek"' }, story)).toBe(false); // would span title and summary
    expect(matches({ query: 'NOT amd' }, { topics: [], tickers: [] })).toBe(true);
    expect(matches({ query: 'nvidia' }, { topics: [], tickers: [] })).toBe(false);
  });
});

describe('hostOf', () => {
  it('lower-cases, drops a trailing dot, and is null for non-URLs', () => {
    expect(hostOf('https://WWW.Reuters.com./a')).toBe('www.reuters.com');
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf(null)).toBeNull();
  });
});

describe('validateFilter', () => {
  const topicIds = ['market-move', 'ai-compute'];

  it('accepts and normalises a full filter', () => {
    const raw = {
      topics: ['market-move'],
      tickers: [' nvda ', 'BRK.B'],
      minSeverity: 50,
      minRelevance: 0,
      sources: ['Reuters.com', 'https://WWW.FT.com/markets', 'Reuters Business'],
      query: '  nvidia AND (export OR "chip ban") ',
    };
    expect(validateFilter(raw, { topicIds })).toEqual({
      filter: {
        topics: ['market-move'],
        tickers: ['NVDA', 'BRK.B'],
        minSeverity: 50,
        minRelevance: 0,
        sources: ['reuters.com', 'www.ft.com', 'reuters business'],
        query: 'nvidia AND (export OR "chip ban")',
      } satisfies Filter,
    });
  });

  it('accepts the empty filter and drops empty lists', () => {
    expect(validateFilter({})).toEqual({ filter: {} });
    expect(validateFilter({ topics: [], tickers: [] })).toEqual({ filter: {} });
  });

  it('refuses non-objects', () => {
    for (const raw of [null, [], 'x', 3]) expect(validateFilter(raw)).toEqual({ errors: ['filter must be an object such as {"topics": ["market-move"]}'] });
  });

  it('names every bad field', () => {
    const result = validateFilter(
      {
        topic: ['market-move'],
        topics: ['market-move', 'weather', 3],
        tickers: 'NVDA',
        minSeverity: 101,
        minRelevance: '50',
        sources: [''],
        query: 'nvidia NOT',
      },
      { topicIds },
    );
    expect(result).toEqual({
      errors: [
        'filter.topic is not a known field (allowed: topics, tickers, minSeverity, minRelevance, sources, query)',
        'filter.topics[1] is not a known topic (known: market-move, ai-compute)',
        'filter.topics[2] must be a non-empty string',
        'filter.tickers must be an array of strings',
        'filter.sources[0] must be a non-empty string',
        'filter.minSeverity must be a number from 0 to 100',
        'filter.minRelevance must be a number from 0 to 100',
        'filter.query: NOT needs a term at 7',
      ],
    });
  });

  it('checks ticker shapes, list lengths, query type and limits', () => {
    expect(validateFilter({ tickers: ['NVDA', 'NOT A TICKER'] })).toEqual({
      errors: ['filter.tickers[1] must be a ticker symbol such as NVDA (letters, digits, . or -, at most 12)'],
    });
    expect(validateFilter({ sources: Array.from({ length: 51 }, (_, i) => `s${i}.com`) })).toEqual({
      errors: ['filter.sources has 51 entries; at most 50 are allowed'],
    });
    expect(validateFilter({ query: 42 })).toEqual({ errors: ['filter.query must be a string such as "nvidia AND (export OR ban)"'] });
    expect(validateFilter({ query: 'x'.repeat(501) })).toEqual({ errors: ['filter.query: query is longer than 500 characters'] });
    expect(validateFilter({ minSeverity: Number.NaN })).toEqual({ errors: ['filter.minSeverity must be a number from 0 to 100'] });
  });

  it('accepts any topic when no topic list is given', () => {
    expect(validateFilter({ topics: ['anything'] })).toEqual({ filter: { topics: ['anything'] } });
  });
});
