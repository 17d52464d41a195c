/**
 * Dev tool: k-fold cross-validation of the topic model on dev.jsonl, comparing option sets and a naive Bayes
 * baseline. Not part of the library. Run from the repo root:
 *   npx swc libs/classification/src/model libs/classification/dev/topics -d /tmp/wwm --config-file .swcrc \
 *     && node /tmp/wwm/libs/classification/dev/topics/crossval.js [file.jsonl] [folds]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateTopics, parseLabelledJsonl, predictTopics, trainTopicModel, type LabelledStory, type TrainOptions } from '../../src/model';
import { seededRandom } from '../../src/model/svm';
import { tokenize, DEFAULT_TOKENIZER } from '../../src/model/tokenize';

type Predictor = (train: LabelledStory[]) => (story: LabelledStory) => string[];

const file = process.argv[2] ?? join(process.cwd(), 'libs/classification/dev/topics/dev.jsonl');
const folds = Number(process.argv[3] ?? 5);
const repeats = Number(process.argv[4] ?? 2);
const stories = parseLabelledJsonl(readFileSync(file, 'utf8'));

function svm(options: Partial<TrainOptions>): Predictor {
  return (train) => {
    const model = trainTopicModel(train, options);
    return (story) => predictTopics(model, story).map((t) => t.id);
  };
}

/** One-vs-rest multinomial naive Bayes over unigram counts, Laplace smoothing, best label when none is positive. */
const naiveBayes: Predictor = (train) => {
  const labels = [...new Set(train.flatMap((s) => s.labels))];
  const docs = train.map((s) => tokenize([s.title, s.summary, s.content].filter(Boolean).join(' '), DEFAULT_TOKENIZER));
  const vocabulary = new Set(docs.flat());
  const classes = labels.map((label) => {
    const counts = [new Map<string, number>(), new Map<string, number>()];
    const totals = [0, 0];
    const priors = [1, 1];
    docs.forEach((tokens, i) => {
      const c = train[i].labels.includes(label) ? 1 : 0;
      priors[c]++;
      for (const t of tokens) counts[c].set(t, (counts[c].get(t) ?? 0) + 1);
      totals[c] += tokens.length;
    });
    return { label, counts, totals, priors };
  });
  return (story) => {
    const tokens = tokenize([story.title, story.summary, story.content].filter(Boolean).join(' '), DEFAULT_TOKENIZER);
    const odds = classes.map(({ label, counts, totals, priors }) => {
      let logOdds = Math.log(priors[1] / priors[0]);
      for (const t of tokens) {
        if (!vocabulary.has(t)) continue;
        logOdds += Math.log(((counts[1].get(t) ?? 0) + 1) / (totals[1] + vocabulary.size));
        logOdds -= Math.log(((counts[0].get(t) ?? 0) + 1) / (totals[0] + vocabulary.size));
      }
      return { label, logOdds };
    });
    const chosen = odds.filter((o) => o.logOdds > 0).map((o) => o.label);
    return chosen.length ? chosen : [odds.reduce((a, b) => (b.logOdds > a.logOdds ? b : a)).label];
  };
};

function crossValidate(predictor: Predictor): { micro: number; macro: number; ms: number } {
  let micro = 0;
  let macro = 0;
  const started = Date.now();
  for (let r = 0; r < repeats; r++) {
    const random = seededRandom(1000 + r);
    const order = stories.map((_, i) => i).map((i) => ({ i, key: random() })).sort((a, b) => a.key - b.key).map((o) => o.i);
    const predicted: { id: string; labels: string[] }[] = [];
    for (let f = 0; f < folds; f++) {
      const test = order.filter((_, p) => p % folds === f).map((i) => stories[i]);
      const train = order.filter((_, p) => p % folds !== f).map((i) => stories[i]);
      const predict = predictor(train);
      for (const story of test) predicted.push({ id: story.id, labels: predict(story) });
    }
    const evaluation = evaluateTopics(stories, predicted);
    micro += evaluation.micro.f1 / repeats;
    macro += evaluation.macro.f1 / repeats;
  }
  return { micro, macro, ms: Date.now() - started };
}

const configs: [string, Predictor][] = [
  ['naive Bayes (unigrams)', naiveBayes],
  ['svm defaults', svm({})],
  ['svm no bigrams', svm({ bigrams: false })],
  ['svm threshold 0 (calibrated scores only)', svm({ thresholdShrink: 0 })],
  ['svm no calibration', svm({ calibrationFolds: 0 })],
  ['svm atLeastOne off', svm({ atLeastOne: false })],
  ['svm titleWeight 1', svm({ titleWeight: 1 })],
  ['svm titleWeight 3', svm({ titleWeight: 3 })],
  ['svm stop words', svm({ stopWords: true })],
  ['svm numbers kept', svm({ normaliseNumbers: false })],
  ['svm minDf 1', svm({ minDf: 1 })],
  ['svm C 0.3', svm({ c: 0.3 })],
  ['svm C 3', svm({ c: 3 })],
  ['svm hinge loss', svm({ loss: 'hinge' })],
  ['svm positiveWeight 2', svm({ positiveWeight: 2 })],
  ['svm calibrationFolds 5', svm({ calibrationFolds: 5 })],
  ['svm pruneBelow 1e-2', svm({ pruneBelow: 1e-2 })],
  ['svm thresholdShrink 0.5', svm({ thresholdShrink: 0.5 })],
  ['svm thresholdShrink 1 (full tuned cut)', svm({ thresholdShrink: 1 })],
  ['svm minHeldOutF1 0.5', svm({ minHeldOutF1: 0.5 })],
];
const only = process.env.CONFIGS?.split(',');
console.log(`${stories.length} stories, ${folds}-fold x ${repeats}`);
for (const [name, predictor] of configs) {
  if (only && !only.some((o) => name.includes(o))) continue;
  const { micro, macro, ms } = crossValidate(predictor);
  console.log(`${name.padEnd(42)} micro-F1 ${micro.toFixed(4)}  macro-F1 ${macro.toFixed(4)}  ${ms} ms`);
}
