import { classifyStory, type Classification, type EntityTag } from '../classify';
import type { Figure } from '../figures';
import { assessStory, type EventSignals } from './assess';

const NEUTRAL = { score: 0, label: 'neutral' as const, evidence: [] };
const QUIET: EventSignals = { sourceCount: 1, velocity: 0, novelty: 0 };

function entity(name: string, extra: Partial<EntityTag> = {}): EntityTag {
  return { name, ticker: null, exchange: null, evidence: [name], sentiment: NEUTRAL, relevance: 100, primary: false, ...extra };
}

function figure(kind: Figure['kind'], value: number, text: string, subject: string | null = null): Figure {
  const direction = kind === 'percent' || kind === 'index-move' || kind === 'market-cap' ? (value < 0 ? 'down' : 'up') : null;
  return { kind, value, unit: kind === 'percent' || kind === 'index-move' ? '%' : 'USD', text, subject, direction };
}

function classification(parts: Partial<Classification> = {}): Classification {
  return { topics: [], entities: [], sentiment: NEUTRAL, figures: [], ...parts };
}

describe('assessStory', () => {
  it('scores nothing for a story with no signal', () => {
    const a = assessStory(classification(), QUIET);
    expect(a).toMatchObject({ relevance: 0, severity: 0 });
    expect(a.explanation.summary).toBe('relevance 0 (no signal); severity 0 (no signal)');
  });

  it('rates the DeepSeek selloff as highly relevant and severe, and explains why', () => {
    const story = {
      title: 'Nvidia plunges 17% as DeepSeek reasoning model sparks AI chip selloff',
      summary:
        'Nvidia shares fell 17% on Monday, wiping about $593 billion off its market value, the biggest one-day loss for a US company. ' +
        'The Nasdaq dropped 3.1% as investors questioned AI data centre spending after DeepSeek said its model cost $5.6 million to train.',
    };
    const a = assessStory(classifyStory(story), { sourceCount: 8, velocity: 4, novelty: 100 });
    expect(a.relevance).toBeGreaterThanOrEqual(60);
    expect(a.severity).toBeGreaterThanOrEqual(70);
    const relevance = a.explanation.relevance.join('\n');
    expect(relevance).toMatch(/topic ai-/);
    expect(relevance).toMatch(/company Nvidia/);
    expect(relevance).toMatch(/company DeepSeek/);
    expect(relevance).toMatch(/\$593 billion/);
    const severity = a.explanation.severity.join('\n');
    expect(severity).toMatch(/down 17%/);
    expect(severity).toMatch(/\$593 billion/);
    expect(severity).toMatch(/4 sources\/hour/);
    expect(severity).toMatch(/8 source\(s\)/);
    expect(severity).toMatch(/novelty 100/);
    expect(a.explanation.summary).toMatch(/^relevance \d+ \(.+\); severity \d+ \(.+\)$/);
  });

  it('rates a non-AI story as barely relevant', () => {
    const story = {
      title: 'Regional bank lifts dividend after steady quarter',
      summary: 'The lender reported higher deposits and said loan demand from small businesses held up.',
    };
    expect(assessStory(classifyStory(story), QUIET).relevance).toBeLessThan(15);
  });

  it('explanation points add up to the score', () => {
    const c = classification({
      topics: [{ topic: 'ai-compute', score: 0.8, evidence: ['chips'] }],
      entities: [entity('Nvidia'), entity('TSMC')],
      figures: [figure('percent', -9, '9%', 'Nvidia'), figure('market-cap', -2.6e11, '$260bn', 'Nvidia')],
      sentiment: { score: -0.6, label: 'negative', evidence: ['slump'] },
    });
    const a = assessStory(c, { sourceCount: 4, velocity: 2, novelty: 75 });
    const sum = (parts: { points: number }[]) => parts.reduce((s, p) => s + p.points, 0);
    expect(Math.abs(sum(a.contributions.relevance) - a.relevance)).toBeLessThanOrEqual(1);
    expect(Math.abs(sum(a.contributions.severity) - a.severity)).toBeLessThanOrEqual(1);
  });

  describe('is monotone', () => {
    const base = classification({
      topics: [{ topic: 'ai-models', score: 0.5, evidence: ['model'] }],
      entities: [entity('DeepSeek')],
      figures: [figure('percent', -5, '5%', 'Nvidia')],
      sentiment: { score: -0.3, label: 'negative', evidence: ['fell'] },
    });
    const event: EventSignals = { sourceCount: 3, velocity: 1, novelty: 56 };

    it('in event signals: more sources, faster, newer never lower severity', () => {
      const s = (e: EventSignals) => assessStory(base, e).severity;
      expect(s({ ...event, sourceCount: 10 })).toBeGreaterThan(s(event));
      expect(s({ ...event, velocity: 6 })).toBeGreaterThan(s(event));
      expect(s({ ...event, novelty: 100 })).toBeGreaterThan(s(event));
      expect(assessStory(base, { ...event, sourceCount: 10 }).relevance).toBe(assessStory(base, event).relevance);
    });

    it('in the size of market moves and amounts', () => {
      const s = (figures: Figure[]) => assessStory({ ...base, figures }, event).severity;
      expect(s([figure('percent', -17, '17%')])).toBeGreaterThan(s([figure('percent', -5, '5%')]));
      expect(s([figure('market-cap', -5.93e11, '$593bn')])).toBeGreaterThan(s([figure('market-cap', -2e10, '$20bn')]));
      expect(s([figure('market-cap', -2e10, '$20bn')])).toBeGreaterThan(s([figure('money', -2e10, '$20bn')]));
      expect(s([figure('index-move', -3, '3%')])).toBeGreaterThan(s([figure('percent', -3, '3%')]));
    });

    it('in sentiment strength', () => {
      const s = (score: number) => assessStory({ ...base, sentiment: { score, label: 'neutral', evidence: [] } }, event).severity;
      expect(s(-0.9)).toBeGreaterThan(s(-0.3));
      expect(s(0.9)).toBeGreaterThan(s(0.3));
      expect(s(-0.9)).toBeGreaterThan(s(0.9));
    });

    it('in companies, topics and figures for relevance', () => {
      const r = (c: Classification) => assessStory(c, event).relevance;
      expect(r({ ...base, entities: [...base.entities, entity('Nvidia')] })).toBeGreaterThan(r(base));
      expect(r({ ...base, topics: [...base.topics, { topic: 'ai-compute', score: 0.6, evidence: [] }] })).toBeGreaterThan(r(base));
      expect(r({ ...base, figures: [...base.figures, figure('money', 5.6e6, '$5.6 million')] })).toBeGreaterThan(r(base));
      expect(r({ ...base, entities: [entity('Nvidia')] })).toBeGreaterThan(r({ ...base, entities: [entity('Tesla')] }));
    });

    it('in how prominent a company is in the story', () => {
      const r = (e: EntityTag) => assessStory({ ...base, entities: [e] }, event).relevance;
      expect(r(entity('Nvidia', { relevance: 90 }))).toBeGreaterThan(r(entity('Nvidia', { relevance: 20 })));
      expect(r(entity('Nvidia', { relevance: 20, primary: true }))).toBeGreaterThan(r(entity('Nvidia', { relevance: 20 })));
    });

    it('counts a company fully when a stored classification predates per-entity relevance', () => {
      const { relevance: _r, primary: _p, ...old } = entity('Nvidia');
      const legacy = { ...base, entities: [old as EntityTag] };
      expect(assessStory(legacy, event).relevance).toBe(assessStory({ ...base, entities: [entity('Nvidia', { relevance: 100 })] }, event).relevance);
    });
  });

  it('stays within 0..100 for extreme inputs', () => {
    const c = classification({
      topics: ['ai-models', 'ai-compute', 'ai-pricing', 'open-source', 'ai-investment'].map((topic) => ({ topic, score: 1, evidence: [] })),
      entities: ['Nvidia', 'Microsoft', 'Alphabet', 'OpenAI', 'DeepSeek', 'TSMC'].map((n) => entity(n)),
      figures: [figure('index-move', -30, '30%'), figure('market-cap', -9e12, '$9tn'), figure('money', 9e12, '$9tn')],
      sentiment: { score: -1, label: 'negative', evidence: [] },
    });
    const a = assessStory(c, { sourceCount: 500, velocity: 100, novelty: 100 });
    expect(a.relevance).toBeLessThanOrEqual(100);
    expect(a.severity).toBeLessThanOrEqual(100);
    expect(a.severity).toBeGreaterThanOrEqual(95);
    const low = assessStory(classification(), { sourceCount: 0, velocity: -1, novelty: -5 });
    expect(low).toMatchObject({ relevance: 0, severity: 0 });
  });
});
