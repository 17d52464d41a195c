import { classifyStory } from '../classify';
import type { Figure } from '../figures';
import { eventFeatures, figureKey } from './features';
import { contentTokens, isTitleCase, stem } from './text';

const AT = Date.parse('2025-01-27T14:00:00Z');

function featuresOf(story: { title: string; summary?: string; content?: string }) {
  return eventFeatures(story, classifyStory(story), AT);
}

describe('eventFeatures', () => {
  const story = {
    title: 'Nvidia plunges 17% as DeepSeek rattles chip investors',
    summary: 'Nvidia lost about $593 billion of market value on Monday. The Chinese startup DeepSeek says its model cost $5.6 million to train. Analysts expect more volatility.',
  };

  it('carries entities, time, a 64-bit SimHash and weighted terms', () => {
    const f = featuresOf(story);
    expect(f.at).toBe(AT);
    expect(f.entities).toEqual(expect.arrayContaining(['Nvidia', 'DeepSeek']));
    expect(f.simhash).toMatch(/^[0-9a-f]{16}$/);
    expect(f.terms['e:nvidia']).toBeGreaterThan(0);
    expect(f.terms['f:%-17']).toBeGreaterThan(0);
    expect(Object.keys(f.terms).some((k) => k.startsWith('t:'))).toBe(true);
  });

  it('carries the story\'s tone as a key, and none for a neutral story', () => {
    expect(featuresOf(story).terms['s:negative']).toBeGreaterThan(0);
    expect(featuresOf(story).terms['s:positive']).toBeUndefined();
    const neutral = eventFeatures(story, { ...classifyStory(story), sentiment: { score: 0, label: 'neutral', evidence: [] } }, AT);
    expect(Object.keys(neutral.terms).some((k) => k.startsWith('s:'))).toBe(false);
  });

  it('gives a story the same terms, in the same order, after the memoised terms are trimmed', () => {
    const before = featuresOf(story);
    // 60,000 new words overflow the memos, trimmed between stories
    for (let s = 0; s < 60; s++) {
      const words = Array.from({ length: 1000 }, (_, k) => `w${(s * 1000 + k).toString(36)}x`);
      eventFeatures({ title: words.join(' ') }, { entities: [], topics: [], figures: [] }, AT);
    }
    const after = featuresOf(story);
    expect(Object.entries(after.terms)).toEqual(Object.entries(before.terms));
  });

  it('counts a company through its entity key only, not again as a word', () => {
    const f = featuresOf(story);
    expect(f.terms.nvidia).toBeUndefined();
    expect(f.terms.deepseek).toBeUndefined();
  });

  it('weighs a headline word above a lead word and a common news word below both', () => {
    const f = featuresOf(story);
    expect(f.terms.rattl).toBeGreaterThan(f.terms.train);
    expect(f.terms.monday).toBeLessThan(f.terms.train);
  });

  it('uses only the title and the first two sentences of the lead for terms', () => {
    const f = featuresOf(story);
    expect(f.terms.volatility).toBeUndefined();
  });

  it('maps paraphrases to the same term', () => {
    const a = featuresOf({ title: 'Chipmakers plunged after the report' });
    const b = featuresOf({ title: 'Semiconductor stocks tumble after the report' });
    const shared = Object.keys(a.terms).filter((k) => k in b.terms && !k.includes(':'));
    expect(shared).toEqual(expect.arrayContaining(['chip', 'fall']));
  });

  it('drops HTML tags and entities from terms', () => {
    const f = featuresOf({ title: 'Stargate <b>data centres</b> &amp; power deals' });
    expect(Object.keys(f.terms).some((k) => k === 'b' || k === 'amp')).toBe(false);
  });

  it('is deterministic', () => {
    expect(featuresOf(story)).toEqual(featuresOf(story));
  });

  it('weighs words that are also names of Object.prototype properties like any other word', () => {
    // "constructor" used to read Object's inherited function: its weight, and the story's norm, became NaN
    const f = featuresOf({ title: 'Bridge constructor wins contract', summary: 'The constructor said profits rose.' });
    expect(f.terms.constructor).toBe(3);
    expect(Object.values(f.terms).every(Number.isFinite)).toBe(true);
  });
});

describe('figureKey', () => {
  const figure = (kind: Figure['kind'], value: number, unit: string): Figure => ({ kind, value, unit, text: '', subject: null, direction: null });

  it('lets differently rounded versions of one figure meet, and keeps the sign', () => {
    expect(figureKey(figure('percent', -16.9, '%'))).toBe(figureKey(figure('percent', -17, '%')));
    expect(figureKey(figure('market-cap', -593e9, 'USD'))).toBe(figureKey(figure('market-cap', -589e9, 'USD')));
    expect(figureKey(figure('percent', 17, '%'))).not.toBe(figureKey(figure('percent', -17, '%')));
    expect(figureKey(figure('money', 5.6e6, 'USD'))).not.toBe(figureKey(figure('money', 500e9, 'USD')));
  });

  it('skips zero values and unit prices', () => {
    expect(figureKey(figure('percent', 0, '%'))).toBeNull();
    expect(figureKey(figure('price-per-unit', 2.19, 'USD per million tokens'))).toBeNull();
  });
});

describe('text helpers', () => {
  it('stems inflections together', () => {
    expect(stem('plunged')).toBe(stem('plunge'));
    expect(stem('plunging')).toBe(stem('plunges'));
    expect(stem('chips')).toBe('chip');
    expect(stem('rallies')).toBe('rally');
    expect(stem('dropped')).toBe('drop');
    expect(stem('sells')).toBe('sell');
    expect(stem('analysis')).toBe('analysis');
  });

  it('marks capitalised words as names except at a sentence start or in Title Case headlines', () => {
    const tokens = contentTokens('Shares of Stargate partner Oracle rose. Traders cheered.', true);
    const names = tokens.filter((t) => t.name).map((t) => t.stem);
    expect(names).toEqual(['stargat', 'oracl']);
    expect(contentTokens('Oracle Shares Rise On Stargate Hopes', false).some((t) => t.name)).toBe(false);
  });

  it('finds the words a Unicode regex finds, joined by single dots and apostrophes', () => {
    const words = (text: string) => contentTokens(text, false).map((t) => t.stem);
    const byRegex = (text: string) => (text.match(/[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu) ?? []).flatMap(words);
    for (const text of ["U.S. officials' it’s e.g.. x..y 𝐀𝐁c \ud800ab Ünïcode 3.5bn — naïve", 'a’b’’c 中国芯片 rock’n’roll.']) {
      expect(words(text)).toEqual(byRegex(text));
    }
    expect(words('it’s U.S.')).toEqual(['u.s']);
  });

  it('recognises Title Case headlines', () => {
    expect(isTitleCase('Nvidia Shares Plunge As DeepSeek Rattles Investors')).toBe(true);
    expect(isTitleCase('Nvidia shares plunge as DeepSeek rattles investors')).toBe(false);
  });
});
