import { fitFeatureSpace, vectorize, type FeatureSpace, type StoryFields } from './features';
import { seededRandom } from './svm';
import { DEFAULT_TOKENIZER, fieldTerms, tokenize, type TokenizerSettings } from './tokenize';

const STORIES: StoryFields[] = [
  { title: 'Export controls tighten', content: 'New export controls hit chip sales.' },
  { title: 'Chip stocks fall', content: 'Chip stocks fall on export fears.' },
  { title: 'Open model released', summary: 'A lab released an open model.', content: null },
  { title: 'Open model lifts chip stocks' },
];
const OPTIONS = { tokenizer: DEFAULT_TOKENIZER, titleWeight: 2, minDf: 2, maxFeatures: 100, bigrams: true };

describe('fitFeatureSpace', () => {
  it('keeps terms in at least minDf stories, most frequent first, with smoothed idf', () => {
    const space = fitFeatureSpace(STORIES, OPTIONS);
    // "chip" is in three stories; the others in two ("controls", "fall", "released", ... in only one).
    expect(space.vocabulary).toEqual(['chip', 'chip stocks', 'export', 'model', 'open', 'open model', 'stocks']);
    expect(space.idf[0]).toBeCloseTo(Math.log(5 / 4) + 1);
    expect(space.idf[1]).toBeCloseTo(Math.log(5 / 3) + 1);
  });

  it('caps the vocabulary and can leave bigrams out', () => {
    expect(fitFeatureSpace(STORIES, { ...OPTIONS, maxFeatures: 2 }).vocabulary).toEqual(['chip', 'chip stocks']);
    expect(fitFeatureSpace(STORIES, { ...OPTIONS, bigrams: false }).vocabulary).toEqual(['chip', 'export', 'model', 'open', 'stocks']);
  });
});

describe('vectorize', () => {
  const space = fitFeatureSpace(STORIES, OPTIONS);

  it('weights (1 + ln tf) × idf, counts title terms twice, and normalises to unit length', () => {
    const x = vectorize(space, { title: 'Chip', content: 'chip stocks' });
    const byTerm = new Map([...x.indices].map((f, k) => [space.vocabulary[f], x.values[k]]));
    const chip = (1 + Math.log(3)) * space.idf[space.vocabulary.indexOf('chip')];
    const stocks = space.idf[space.vocabulary.indexOf('stocks')];
    const bigram = space.idf[space.vocabulary.indexOf('chip stocks')];
    const norm = Math.hypot(chip, stocks, bigram);
    expect(byTerm.get('chip')).toBeCloseTo(chip / norm, 10);
    expect(byTerm.get('stocks')).toBeCloseTo(stocks / norm, 10);
    expect(byTerm.get('chip stocks')).toBeCloseTo(bigram / norm, 10);
    expect(byTerm.size).toBe(3);
  });

  it('gives the same numbers for whole and fractional counts', () => {
    const check = (titleWeight: number) => {
      const weighted = { ...space, titleWeight };
      const x = vectorize(weighted, { title: 'chip chip', content: 'chip stocks open' });
      const byTerm = new Map([...x.indices].map((f, k) => [space.vocabulary[f], x.values[k]]));
      const tf = { chip: 2 * titleWeight + 1, stocks: 1, 'chip stocks': 1, open: 1 };
      const raw = Object.entries(tf).map(([term, n]) => (1 + Math.log(n)) * space.idf[space.vocabulary.indexOf(term)]);
      const norm = 1 / Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0));
      expect([...byTerm.values()]).toEqual(raw.map((v) => v * norm));
    };
    check(2);
    check(1.5);
    check(40);
  });

  it('lists a term once per occurrence that leaves its count at zero, as it always has (titleWeight 0)', () => {
    const x = vectorize({ ...space, titleWeight: 0 }, { title: 'chip '.repeat(40), content: 'stocks' });
    expect(x.indices.length).toBe(41);
    expect(vectorize(space, { title: 'chip' }).indices.length).toBe(1);
  });

  it('is empty for a story with no known term', () => {
    expect(vectorize(space, { title: 'Weather today' }).indices.length).toBe(0);
  });

  // Texts with letters beyond ASCII take the general path; ASCII with curly quotes, dashes and no-break spaces the fast one.
  const general = ['U.S.', 'chip', 'the', 'Chip', '5.6bn', '1,000', 'a', 'e.g.', 'Ünïcode', 'x.y', '17%', ',', '.', 'of', '<b>', 'Münch'];
  const marks = ['’', '“', '—', '\u00a0'];
  const fast = ['U.S.', 'E.U', 'Chip', 'the', '5.6bn', '1,000.5', '9.', 'a', 'x.y', ',', '.', 'of', 'R1', '<b>', '<', '>', ...marks];
  it.each([
    ['default tokenizer', DEFAULT_TOKENIZER, general],
    ['stop words, raw numbers', { stopWords: true, normaliseNumbers: false }, general],
    ['default tokenizer, fast path', DEFAULT_TOKENIZER, fast],
    ['stop words, raw numbers, fast path', { stopWords: true, normaliseNumbers: false }, fast],
  ])('counts exactly the terms tokenize + fieldTerms produce (%s)', (_name, tokenizer: TokenizerSettings, pieces: string[]) => {
    // Random texts over a small alphabet of tricky pieces: the allocation-free scorer must agree with the string path.
    const random = seededRandom(7);
    const text = () => Array.from({ length: 30 }, () => pieces[Math.floor(random() * pieces.length)]).join(random() < 0.5 ? ' ' : '');
    const corpus = Array.from({ length: 40 }, () => ({ title: text(), content: text() }));
    const fitted: FeatureSpace = fitFeatureSpace(corpus, { ...OPTIONS, tokenizer, minDf: 1, maxFeatures: 1e6 });
    for (const story of corpus.slice(0, 10)) {
      const expected = new Map<string, number>();
      const add = (field: string, weight: number) => {
        for (const term of fieldTerms(tokenize(field, tokenizer), true)) expected.set(term, (expected.get(term) ?? 0) + weight);
      };
      add(story.title, 2);
      add(story.content, 1);
      const x = vectorize(fitted, story);
      const weights = new Map([...expected].map(([term, tf]) => [term, (1 + Math.log(tf)) * fitted.idf[fitted.vocabulary.indexOf(term)]]));
      const norm = Math.hypot(...weights.values());
      const actual = new Map([...x.indices].map((f, k) => [fitted.vocabulary[f], x.values[k]]));
      expect([...actual.keys()].sort()).toEqual([...weights.keys()].sort());
      for (const [term, weight] of weights) expect(actual.get(term)).toBeCloseTo(weight / norm, 12);
    }
  });
});
