import { buildStoryAlert, isDelivered, matches, matchSubscriptions } from './index';

describe('matching', () => {
  const story = { topics: ['market-move', 'ai-compute'], tickers: ['NVDA', 'NDX'] };

  it('matches on any listed topic, and on any listed ticker (case-insensitive)', () => {
    expect(matches({ topics: ['ai-compute', 'regulation'] }, story)).toBe(true);
    expect(matches({ tickers: ['nvda'] }, story)).toBe(true);
    expect(matches({ topics: ['regulation'] }, story)).toBe(false);
    expect(matches({ tickers: ['AAPL'] }, story)).toBe(false);
  });

  it('requires both the topic and the ticker lists when both are given', () => {
    expect(matches({ topics: ['market-move'], tickers: ['NVDA'] }, story)).toBe(true);
    expect(matches({ topics: ['market-move'], tickers: ['AAPL'] }, story)).toBe(false);
    expect(matches({ topics: ['regulation'], tickers: ['NVDA'] }, story)).toBe(false);
  });

  it('treats an empty filter as everything and keeps subscription order', () => {
    const subs = [
      { id: 3, filter: {} },
      { id: 1, filter: { topics: ['regulation'] } },
      { id: 2, filter: { tickers: ['NDX'] } },
    ];
    expect(matchSubscriptions(subs, story).map((s) => s.id)).toEqual([3, 2]);
  });
});

describe('payload', () => {
  it('carries the story, its topics with evidence and its entities', () => {
    const p = buildStoryAlert({
      deliveryId: 7,
      subscription: { id: 2, name: 'desk' },
      story: {
        id: 5, feedId: 1, title: 'Nvidia falls 17%', url: 'https://x.example/a', summary: null,
        publishedAt: new Date('2025-01-27T20:00:00Z'), fetchedAt: new Date('2025-01-27T20:00:05Z'),
        sentiment: -0.8, sentimentLabel: 'negative',
        figures: [{ kind: 'percent', value: -17, unit: '%', text: 'falls 17%', subject: 'Nvidia', direction: 'down' }],
      },
      tags: [
        { kind: 'topic', key: 'market-move', label: 'Market moves', score: 0.8, evidence: ['falls 17%'], sentiment: null },
        { kind: 'entity', key: 'NVDA', label: 'Nvidia', score: 1, evidence: ['Nvidia'], sentiment: -0.8 },
        { kind: 'entity', key: 'DeepSeek', label: 'DeepSeek', score: 1, evidence: ['DeepSeek'], sentiment: 0 },
      ],
      now: new Date('2025-01-27T20:00:06Z'),
    });
    expect(p).toEqual({
      type: 'story.matched',
      timestamp: '2025-01-27T20:00:06.000Z',
      data: {
        deliveryId: 7,
        subscription: { id: 2, name: 'desk' },
        story: {
          id: 5, title: 'Nvidia falls 17%', url: 'https://x.example/a', summary: null, source: { feedId: 1 },
          publishedAt: '2025-01-27T20:00:00.000Z', fetchedAt: '2025-01-27T20:00:05.000Z',
          topics: [{ id: 'market-move', score: 0.8, evidence: ['falls 17%'] }],
          entities: [
            { name: 'Nvidia', ticker: 'NVDA', evidence: ['Nvidia'], sentiment: -0.8 },
            { name: 'DeepSeek', ticker: null, evidence: ['DeepSeek'], sentiment: 0 },
          ],
          sentiment: { score: -0.8, label: 'negative' },
          figures: [{ kind: 'percent', value: -17, unit: '%', text: 'falls 17%', subject: 'Nvidia', direction: 'down' }],
        },
      },
    });
  });

  it('counts only 2xx as delivered', () => {
    expect([199, 200, 204, 299, 301, 304, 410, 500].map(isDelivered)).toEqual([false, true, true, true, false, false, false, false]);
  });
});
