export interface LabelledIds {
  id: string;
  labels: string[];
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface LabelScores extends Scores {
  label: string;
  /** Gold stories carrying the label. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Evaluation {
  documents: number;
  /** Per label, sorted by label; covers every label seen in gold or predictions. */
  labels: LabelScores[];
  /** From the summed true/false positives and false negatives of all labels. */
  micro: Scores;
  /** Unweighted mean over labels with gold support (a label only ever predicted still costs micro precision). */
  macro: Scores;
}

/**
 * Multi-label precision/recall/F1 of predictions against gold, matched by id. A gold story with no prediction
 * counts as predicting nothing; a prediction for an unknown id or a repeated id is an error. Undefined ratios
 * (nothing predicted, nothing to find) are 0.
 */
export function evaluateTopics(gold: LabelledIds[], predicted: LabelledIds[]): Evaluation {
  const goldById = indexById(gold, 'gold');
  const predictedById = indexById(predicted, 'predicted');
  for (const id of predictedById.keys()) if (!goldById.has(id)) throw new Error(`evaluateTopics: predicted id "${id}" is not in gold`);

  const counts = new Map<string, { tp: number; fp: number; fn: number; support: number }>();
  const countsOf = (label: string) => {
    let entry = counts.get(label);
    if (!entry) counts.set(label, (entry = { tp: 0, fp: 0, fn: 0, support: 0 }));
    return entry;
  };
  for (const [id, goldLabels] of goldById) {
    const guessed = predictedById.get(id) ?? new Set<string>();
    for (const label of goldLabels) {
      const entry = countsOf(label);
      entry.support++;
      if (guessed.has(label)) entry.tp++;
      else entry.fn++;
    }
    for (const label of guessed) if (!goldLabels.has(label)) countsOf(label).fp++;
  }

  const labels = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, c]): LabelScores => ({
      label,
      support: c.support,
      truePositives: c.tp,
      falsePositives: c.fp,
      falseNegatives: c.fn,
      ...scores(c.tp, c.fp, c.fn),
    }));
  const sum = (pick: (l: LabelScores) => number, over: LabelScores[]) => over.reduce((total, l) => total + pick(l), 0);
  const supported = labels.filter((l) => l.support > 0);
  const mean = (pick: (l: LabelScores) => number) => (supported.length ? sum(pick, supported) / supported.length : 0);
  return {
    documents: goldById.size,
    labels,
    micro: scores(sum((l) => l.truePositives, labels), sum((l) => l.falsePositives, labels), sum((l) => l.falseNegatives, labels)),
    macro: { precision: mean((l) => l.precision), recall: mean((l) => l.recall), f1: mean((l) => l.f1) },
  };
}

function scores(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
  return { precision, recall, f1 };
}

function indexById(stories: LabelledIds[], side: string): Map<string, Set<string>> {
  const byId = new Map<string, Set<string>>();
  for (const story of stories) {
    if (byId.has(story.id)) throw new Error(`evaluateTopics: ${side} id "${story.id}" appears twice`);
    byId.set(story.id, new Set(story.labels));
  }
  return byId;
}

/** Fixed-width table for the CLI: one row per label, then the micro and macro averages. */
export function formatEvaluation(evaluation: Evaluation): string {
  const width = Math.max(5, ...evaluation.labels.map((l) => l.label.length));
  const row = (name: string, s: Scores, support: string) =>
    `${name.padEnd(width)}  ${fixed(s.precision)}  ${fixed(s.recall)}  ${fixed(s.f1)}  ${support.padStart(7)}`;
  const totalSupport = evaluation.labels.reduce((total, l) => total + l.support, 0);
  return [
    `${'label'.padEnd(width)}  ${'precision'.padStart(9)}  ${'recall'.padStart(9)}  ${'f1'.padStart(9)}  ${'support'.padStart(7)}`,
    ...evaluation.labels.map((l) => row(l.label, l, String(l.support))),
    '-'.repeat(width + 37),
    row('micro', evaluation.micro, String(totalSupport)),
    row('macro', evaluation.macro, String(totalSupport)),
    `${evaluation.documents} documents`,
  ].join('\n');
}

function fixed(value: number): string {
  return value.toFixed(4).padStart(9);
}
