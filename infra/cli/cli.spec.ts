import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ANALYZER, parseTopicModel } from '@wirewatch/classification';
import { type CliError, type CliRecord, classifyLines, evaluateCommand, trainCommand } from './commands';

const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
const records = (out: (CliRecord | CliError)[]) => out.filter((r): r is CliRecord => !('error' in r));

/** Our own wording: three outlets on the DeepSeek selloff, one on a different event the same evening. */
const SELLOFF = [
  { id: 'late', source: 'Desk Daily', published: '2025-01-27T23:10:00Z',
    title: 'Chip stocks reel as Nvidia sheds $593 billion after DeepSeek model shock',
    summary: 'Nvidia ended the session down 17%, wiping about $593 billion off its market value as a cheap Chinese reasoning model unsettled investors.' },
  { id: 'first', source: 'Market Wire', published: '2025-01-27T21:05:00Z',
    title: 'Nvidia plunges 17% as DeepSeek rattles AI chip stocks',
    summary: 'Nvidia lost close to $593 billion in market value on Monday after Chinese start-up DeepSeek showed a low-cost reasoning model.' },
  { id: 7, source: 'Tech Ledger', published: '2025-01-27T22:00:00Z',
    title: 'DeepSeek shock sends Nvidia down 17% in record market-value loss',
    summary: 'The chipmaker lost roughly $593 billion of value in one day as investors questioned AI spending after DeepSeek released its R1 model.' },
];
const STARGATE = { id: 'sg', source: 'Capital Brief', published: '2025-01-27T22:30:00Z',
  title: 'SoftBank and OpenAI commit $500 billion to Stargate data-centre buildout',
  summary: 'The venture plans to build AI infrastructure across the US over four years, starting in Texas.' };

describe('wirewatch classify', () => {
  it('writes one line per input line, in input order, with the documented fields', () => {
    const out = classifyLines(jsonl([...SELLOFF, STARGATE]), DEFAULT_ANALYZER);
    expect(out.map((r) => r.id)).toEqual(['late', 'first', 7, 'sg']);
    const [late] = records(out);
    expect(Object.keys(late).sort()).toEqual(
      ['duplicateOf', 'entities', 'eventId', 'explanation', 'figures', 'id', 'novelty', 'relevance', 'sentiment', 'severity', 'topics'].sort(),
    );
    expect(late.topics.map((t) => t.id)).toContain('market-move');
    expect(late.entities.find((e) => e.ticker === 'NVDA')).toMatchObject({ name: 'Nvidia', exchange: 'NASDAQ', primary: true });
    expect(late.entities.find((e) => e.ticker === 'NVDA')!.sentiment).toBeLessThan(0);
    expect(late.sentiment.label).toBe('negative');
    expect(late.figures).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'percent', value: -17, unit: '%' })]));
    expect(late.explanation).toMatch(/severity \d+/);
  });

  it('clusters the batch into events in publication order: first report 100, later ones decaying', () => {
    const out = records(classifyLines(jsonl([...SELLOFF, STARGATE]), DEFAULT_ANALYZER));
    const byId = new Map(out.map((r) => [r.id, r]));
    expect(new Set(SELLOFF.map((s) => byId.get(s.id)!.eventId)).size).toBe(1);
    expect(byId.get('sg')!.eventId).not.toBe(byId.get('first')!.eventId);
    // Published first, listed second: still the first report.
    expect([byId.get('first')!.novelty, byId.get(7)!.novelty, byId.get('late')!.novelty]).toEqual([100, 75, 56]);
    expect(byId.get('sg')!.novelty).toBe(100);
    expect(byId.get('first')!.severity).toBeGreaterThan(byId.get('sg')!.severity);
  });

  it('flags a near-verbatim copy from another outlet with the id of the story it copies', () => {
    const copy = { ...SELLOFF[1], id: 'copy', source: 'Syndicator', published: '2025-01-27T21:40:00Z' };
    const out = records(classifyLines(jsonl([SELLOFF[1], copy]), DEFAULT_ANALYZER));
    expect(out.map((r) => r.duplicateOf)).toEqual([null, 'first']);
  });

  it('answers a bad line with an error line naming it and loses nothing else', () => {
    const out = classifyLines(jsonl([SELLOFF[1], 'not json', { id: 'x' }, { title: 'no id' }, { id: 'y', title: 'ok', url: 5 }, STARGATE]), DEFAULT_ANALYZER);
    expect(out).toEqual([
      expect.objectContaining({ id: 'first', eventId: 'e1' }),
      { id: null, error: expect.stringMatching(/^line 2: not JSON/) },
      { id: 'x', error: 'line 3: title must be a non-empty string' },
      { id: null, error: 'line 4: id must be a string or a number' },
      { id: 'y', error: 'line 5: url must be a string' },
      expect.objectContaining({ id: 'sg', eventId: 'e2' }),
    ]);
  });
});

describe('wirewatch train and evaluate', () => {
  const devSet = readFileSync(join(__dirname, '../../libs/classification/dev/topics/dev.jsonl'), 'utf8');

  it('trains a model file that evaluate reads back, and reports per-topic and averaged scores', () => {
    const { model, summary } = trainCommand(devSet);
    expect(summary).toMatch(/^trained on 200 stories .*ai-models \(\d+\)/);
    const parsed = parseTopicModel(model);
    const report = evaluateCommand(devSet, DEFAULT_ANALYZER, [parsed]);
    expect(report).toMatch(/^label\s+precision\s+recall\s+f1\s+support/);
    expect(report).toMatch(/^export-controls\s+/m);
    // On its own training data a working linear model is nearly perfect; the untrained rules are not.
    const micro = (text: string) => Number(/^micro\s+\S+\s+\S+\s+(\S+)/m.exec(text)![1]);
    expect(micro(report)).toBeGreaterThan(0.95);
    const rules = evaluateCommand(devSet, DEFAULT_ANALYZER, []);
    expect(micro(rules)).toBeGreaterThan(0.3);
    expect(micro(rules)).toBeLessThan(micro(report));
  });

  it('refuses labelled input that is not JSONL with the line number', () => {
    expect(() => trainCommand('{"id":"a","title":"x","labels":["ai-models"]}\n{oops')).toThrow(/line 2/);
  });
});
