import { evaluateTopics, formatEvaluation } from './metrics';

describe('evaluateTopics', () => {
  // Hand-checked: a — tp 2 (s1, s2), fp 1 (s3), fn 1 (s4); b — tp 1 (s3), fp 0, fn 1 (s1); c — fp 1 (s4), no support.
  const gold = [
    { id: 's1', labels: ['a', 'b'] },
    { id: 's2', labels: ['a'] },
    { id: 's3', labels: ['b'] },
    { id: 's4', labels: ['a'] },
  ];
  const predicted = [
    { id: 's1', labels: ['a'] },
    { id: 's2', labels: ['a'] },
    { id: 's3', labels: ['a', 'b'] },
    { id: 's4', labels: ['c'] },
  ];

  it('computes per-label counts and scores', () => {
    const result = evaluateTopics(gold, predicted);
    const [a, b, c] = result.labels;
    expect(a).toMatchObject({ label: 'a', support: 3, truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(a.precision).toBeCloseTo(2 / 3);
    expect(a.recall).toBeCloseTo(2 / 3);
    expect(a.f1).toBeCloseTo(2 / 3);
    expect(b).toMatchObject({ label: 'b', support: 2, truePositives: 1, falsePositives: 0, falseNegatives: 1, precision: 1, recall: 0.5 });
    expect(b.f1).toBeCloseTo(2 / 3);
    expect(c).toMatchObject({ label: 'c', support: 0, truePositives: 0, falsePositives: 1, precision: 0, recall: 0, f1: 0 });
  });

  it('micro-averages the summed counts and macro-averages labels with support', () => {
    const result = evaluateTopics(gold, predicted);
    // tp 3, fp 2, fn 2 in total.
    expect(result.micro.precision).toBeCloseTo(3 / 5);
    expect(result.micro.recall).toBeCloseTo(3 / 5);
    expect(result.micro.f1).toBeCloseTo(3 / 5);
    expect(result.macro.precision).toBeCloseTo((2 / 3 + 1) / 2);
    expect(result.macro.recall).toBeCloseTo((2 / 3 + 0.5) / 2);
    expect(result.macro.f1).toBeCloseTo(2 / 3);
    expect(result.documents).toBe(4);
  });

  it('treats a gold story without prediction as predicting nothing', () => {
    const result = evaluateTopics(gold, predicted.slice(0, 1));
    expect(result.micro.recall).toBeCloseTo(1 / 5);
    expect(result.micro.precision).toBe(1);
  });

  it('is perfect when predictions equal gold', () => {
    expect(evaluateTopics(gold, gold).micro).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('rejects unknown and repeated ids', () => {
    expect(() => evaluateTopics(gold, [{ id: 'zz', labels: [] }])).toThrow('predicted id "zz" is not in gold');
    expect(() => evaluateTopics([...gold, gold[0]], [])).toThrow('gold id "s1" appears twice');
  });
});

describe('formatEvaluation', () => {
  it('prints one aligned row per label and the averages', () => {
    const text = formatEvaluation(
      evaluateTopics([{ id: '1', labels: ['market-move'] }, { id: '2', labels: ['ai'] }], [{ id: '1', labels: ['market-move'] }]),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('label        precision     recall         f1  support');
    expect(lines[1]).toBe('ai              0.0000     0.0000     0.0000        1');
    expect(lines[2]).toBe('market-move     1.0000     1.0000     1.0000        1');
    expect(lines[4]).toBe('micro           1.0000     0.5000     0.6667        2');
    expect(lines[5]).toBe('macro           0.5000     0.5000     0.5000        2');
    expect(lines[6]).toBe('2 documents');
    expect(new Set(lines.slice(0, 6).filter((l) => !l.startsWith('-')).map((l) => l.length)).size).toBe(1);
  });
});
