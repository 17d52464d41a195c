import { bestF1Threshold, DEFAULT_SIGMOID, fitSigmoid, sigmoidScore, type Sigmoid } from './calibration';
import { TopN } from '../top-n';
import {
  fitFeatureSpace,
  vectorize,
  vectorizeInScratch,
  type FeatureSpace,
  type ScratchVector,
  type SparseVector,
  type StoryFields,
} from './features';
import { seededRandom, trainLinearSvm, type SvmLoss, type SvmOptions } from './svm';
import { isReadableTerm } from './tokenize';

export const TOPIC_MODEL_FORMAT = 'wirewatch-topic-model';
export const TOPIC_MODEL_VERSION = 1;

export interface LabelledStory extends StoryFields {
  id: string;
  labels: string[];
}

export interface TrainOptions {
  stopWords: boolean;
  normaliseNumbers: boolean;
  bigrams: boolean;
  titleWeight: number;
  minDf: number;
  maxFeatures: number;
  /** SVM inverse regularisation. */
  c: number;
  loss: SvmLoss;
  /** Multiplies C on positive examples of every label. */
  positiveWeight: number;
  tolerance: number;
  maxEpochs: number;
  /**
   * Folds of internal cross-validation whose held-out margins fit each label's threshold and probability scale.
   * 0 or 1 disables it: threshold 0 and a fixed sigmoid.
   */
  calibrationFolds: number;
  /** Labels with fewer held-out positives keep threshold 0 and the default sigmoid: too few to fit reliably. */
  minPositivesToCalibrate: number;
  /**
   * A label whose best held-out F1 is below this keeps threshold 0 (SCutFBR): for a label the model cannot
   * recognise, the F1-optimal cut is "predict everything", which floods other stories with false positives.
   */
  minHeldOutF1: number;
  /**
   * Each label's threshold is this fraction of the way from the SVM boundary (0) to the cut with the best held-out
   * F1. Fold models see less data than the final model, so the whole cut over-corrects (measured: 0.75 beat 0.5
   * and 1 on the dev set and on a synthetic benchmark with many rare labels); 0 keeps the SVM boundary.
   */
  thresholdShrink: number;
  /** Report the best label when none passes its threshold. 'auto': when every training story has a label. */
  atLeastOne: boolean | 'auto';
  /** Weights smaller than this in magnitude are dropped from the model file; they cannot move a decision. */
  pruneBelow: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  stopWords: false,
  normaliseNumbers: true,
  bigrams: true,
  titleWeight: 2,
  minDf: 2,
  maxFeatures: 200_000,
  c: 1,
  loss: 'squared-hinge',
  positiveWeight: 1,
  tolerance: 0.1,
  maxEpochs: 300,
  calibrationFolds: 3,
  minPositivesToCalibrate: 3,
  minHeldOutF1: 0.3,
  thresholdShrink: 0.75,
  atLeastOne: 'auto',
  pruneBelow: 1e-3,
  seed: 1,
};

/** One label's linear decision: margin = bias + Σ weights[k] × x[indices[k]]; the topic is reported at margin ≥ threshold. */
export interface LabelModel {
  id: string;
  /** Training stories carrying the label. */
  support: number;
  bias: number;
  threshold: number;
  sigmoid: Sigmoid;
  /** Feature indices, ascending, with their weights. */
  indices: number[];
  weights: number[];
}

/** A trained model, plain JSON data (see serializeTopicModel / parseTopicModel). */
export interface TopicModel {
  format: typeof TOPIC_MODEL_FORMAT;
  version: typeof TOPIC_MODEL_VERSION;
  features: FeatureSpace;
  labels: LabelModel[];
  atLeastOne: boolean;
  trainedOn: number;
}

export interface PredictedTopic {
  id: string;
  /** Calibrated probability-like score 0–1. */
  score: number;
  /** Terms present in the story that pushed hardest towards this topic. */
  evidence: string[];
}

export interface PredictOptions {
  maxEvidence: number;
}

/** Learns one linear SVM per label (one-vs-rest) over sublinear TF-IDF unigrams and bigrams. Deterministic. */
export function trainTopicModel(examples: LabelledStory[], options: Partial<TrainOptions> = {}): TopicModel {
  const settings: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  if (examples.length === 0) throw new Error('trainTopicModel: no training examples');
  const labelIds = [...new Set(examples.flatMap((e) => e.labels))].sort();
  if (labelIds.length === 0) throw new Error('trainTopicModel: no example carries a label');

  const features = fitFeatureSpace(examples, {
    tokenizer: { stopWords: settings.stopWords, normaliseNumbers: settings.normaliseNumbers },
    titleWeight: settings.titleWeight,
    minDf: settings.minDf,
    maxFeatures: settings.maxFeatures,
    bigrams: settings.bigrams,
  });
  const vectors = examples.map((e) => vectorize(features, e));
  const targets = labelIds.map((id) => examples.map((e) => e.labels.includes(id)));
  const dimension = features.vocabulary.length;
  const svm: SvmOptions = {
    c: settings.c,
    positiveWeight: settings.positiveWeight,
    loss: settings.loss,
    tolerance: settings.tolerance,
    maxEpochs: settings.maxEpochs,
    biasFeature: 1,
  };
  const heldOut = heldOutMargins(vectors, targets, dimension, svm, settings);

  const labels = labelIds.map((id, l): LabelModel => {
    const model = trainLinearSvm(vectors, targets[l], dimension, svm, seededRandom(settings.seed * 7919 + l));
    const { threshold, sigmoid } = calibrate(heldOut?.[l], targets[l], settings);
    return {
      id,
      support: targets[l].filter(Boolean).length,
      bias: roundWeight(model.bias),
      threshold: roundWeight(threshold),
      sigmoid: { scale: roundWeight(sigmoid.scale), offset: roundWeight(sigmoid.offset) },
      ...sparseWeights(model.weights, settings.pruneBelow),
    };
  });
  const atLeastOne = settings.atLeastOne === 'auto' ? examples.every((e) => e.labels.length > 0) : settings.atLeastOne;
  return { format: TOPIC_MODEL_FORMAT, version: TOPIC_MODEL_VERSION, features, labels, atLeastOne, trainedOn: examples.length };
}

/**
 * Margins of every story from models that did not see it (k-fold), per label; null when calibration is off or
 * there are too few stories to split.
 */
function heldOutMargins(
  vectors: SparseVector[],
  targets: boolean[][],
  dimension: number,
  svm: SvmOptions,
  settings: TrainOptions,
): Float64Array[] | null {
  const folds = settings.calibrationFolds;
  if (folds < 2 || vectors.length < 2 * folds) return null;
  const random = seededRandom(settings.seed);
  const order = Array.from({ length: vectors.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const foldOf = new Int32Array(vectors.length);
  order.forEach((story, position) => (foldOf[story] = position % folds));

  const margins = targets.map(() => new Float64Array(vectors.length));
  for (let fold = 0; fold < folds; fold++) {
    const train = order.filter((i) => foldOf[i] !== fold);
    const test = order.filter((i) => foldOf[i] === fold);
    const trainVectors = train.map((i) => vectors[i]);
    targets.forEach((target, l) => {
      const random = seededRandom(settings.seed * 104729 + fold * 7919 + l);
      const model = trainLinearSvm(trainVectors, train.map((i) => target[i]), dimension, svm, random);
      for (const i of test) margins[l][i] = margin(model.weights, model.bias, vectors[i]);
    });
  }
  return margins;
}

function calibrate(
  margins: Float64Array | undefined,
  target: boolean[],
  settings: TrainOptions,
): { threshold: number; sigmoid: Sigmoid } {
  const positives = target.filter(Boolean).length;
  if (!margins || positives < settings.minPositivesToCalibrate) return { threshold: 0, sigmoid: DEFAULT_SIGMOID };
  const best = bestF1Threshold(margins, target);
  const sigmoid = fitSigmoid(margins, target);
  return {
    threshold: best.f1 >= settings.minHeldOutF1 ? best.threshold * settings.thresholdShrink : 0,
    // A non-increasing fit means the held-out margins carry no signal for the label.
    sigmoid: sigmoid.scale > 0 ? sigmoid : DEFAULT_SIGMOID,
  };
}

function margin(weights: Float64Array, bias: number, x: SparseVector): number {
  let total = bias;
  for (let k = 0; k < x.indices.length; k++) total += weights[x.indices[k]] * x.values[k];
  return total;
}

/** Six significant digits: the model file stays compact and parsing it gives back exactly the trained numbers. */
function roundWeight(value: number): number {
  return Number(value.toPrecision(6));
}

function sparseWeights(weights: Float64Array, pruneBelow: number): { indices: number[]; weights: number[] } {
  const indices: number[] = [];
  const kept: number[] = [];
  weights.forEach((w, i) => {
    if (Math.abs(w) < pruneBelow) return;
    indices.push(i);
    kept.push(roundWeight(w));
  });
  return { indices, weights: kept };
}

/**
 * Feature-major dense weights (weights[feature × stride + label]): a story's terms are a few rows, read for every
 * label. Rows are padded with zero weights to whole blocks of four labels (see predictTopics).
 */
interface CompiledModel {
  stride: number;
  weights: Float32Array;
  /** Per feature, isReadableTerm of its term once asked: 0 not yet, 1 readable, 2 not (for readableNumbers). */
  readable: Uint8Array;
  /** The tokenizer's normaliseNumbers the readable cache was filled for. */
  readableNumbers: boolean;
  /** No term twice in the vocabulary: evidence order is then a total order (see evidence). */
  distinctTerms: boolean;
}

const compiledModels = new WeakMap<TopicModel, CompiledModel>();

function compileModel(model: TopicModel): CompiledModel {
  const cached = compiledModels.get(model);
  if (cached) return cached;
  const stride = 4 * Math.ceil(model.labels.length / 4);
  const weights = new Float32Array(model.features.vocabulary.length * stride);
  model.labels.forEach((label, l) => {
    label.indices.forEach((feature, k) => (weights[feature * stride + l] = label.weights[k]));
  });
  const vocabulary = model.features.vocabulary;
  const compiled: CompiledModel = {
    stride,
    weights,
    readable: new Uint8Array(vocabulary.length),
    readableNumbers: model.features.tokenizer.normaliseNumbers,
    distinctTerms: new Set(vocabulary).size === vocabulary.length,
  };
  compiledModels.set(model, compiled);
  return compiled;
}

/**
 * Topics of one story, best first. A topic is reported when its margin reaches the label's threshold; when none
 * does and the model was trained on always-labelled stories, the single most probable topic is reported.
 */
export function predictTopics(
  model: TopicModel,
  story: StoryFields,
  options: Partial<PredictOptions> = {},
): PredictedTopic[] {
  const maxEvidence = options.maxEvidence ?? 3;
  const compiled = compileModel(model);
  const { stride, weights } = compiled;
  const x = vectorizeInScratch(model.features, story);
  if (x.length === 0) return [];
  // Label by label, each margin summed in a register in story order after its bias (the same floating-point sums
  // as ever), four labels per pass over the story's features so each index and value is read once per four.
  // Padding labels (past the last) sum zeros and are never read.
  const { indices, values } = x;
  const n = x.length;
  const labels = model.labels;
  const margins = new Float64Array(stride);
  for (let l = 0; l < stride; l += 4) {
    let m0 = labels[l].bias;
    let m1 = l + 1 < labels.length ? labels[l + 1].bias : 0;
    let m2 = l + 2 < labels.length ? labels[l + 2].bias : 0;
    let m3 = l + 3 < labels.length ? labels[l + 3].bias : 0;
    for (let k = 0; k < n; k++) {
      const row = indices[k] * stride + l;
      const value = values[k];
      m0 += weights[row] * value;
      m1 += weights[row + 1] * value;
      m2 += weights[row + 2] * value;
      m3 += weights[row + 3] * value;
    }
    margins[l] = m0;
    margins[l + 1] = m1;
    margins[l + 2] = m2;
    margins[l + 3] = m3;
  }

  let chosen = model.labels.map((_, l) => l).filter((l) => margins[l] >= model.labels[l].threshold);
  // scores of the reported labels only, unless the best of all is needed
  const scoreOf = (l: number) => sigmoidScore(model.labels[l].sigmoid, margins[l]);
  if (chosen.length === 0 && model.atLeastOne) {
    const scores = model.labels.map((_, l) => scoreOf(l));
    chosen = [scores.reduce((best, score, l) => (score > scores[best] ? l : best), 0)];
  }
  return chosen
    .map((l) => ({
      id: model.labels[l].id,
      score: Math.round(scoreOf(l) * 1000) / 1000,
      evidence: evidence(model, compiled, l, x, maxEvidence),
    }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Terms with the largest positive contribution (value × weight) to one label's margin, largest first (ties by
 * term). Readability is looked up once per feature and model; the first `limit` are kept in a small sorted
 * array while scanning rather than sorting every contribution (the same list: with distinct terms the order is
 * total), except for an unusual limit or a vocabulary holding a term twice, which keep the sort.
 */
function evidence(model: TopicModel, compiled: CompiledModel, label: number, x: ScratchVector, limit: number): string[] {
  const { weights, stride, readable } = compiled;
  const vocabulary = model.features.vocabulary;
  const settings = model.features.tokenizer;
  if (compiled.readableNumbers !== settings.normaliseNumbers) {
    readable.fill(0);
    compiled.readableNumbers = settings.normaliseNumbers;
  }
  const bounded = compiled.distinctTerms && Number.isInteger(limit) && limit >= 0;
  const top = new TopN(bounded ? limit : 0);
  const contributions: { term: string; amount: number }[] = [];
  // Only an amount at least this can enter: any positive one (MIN_VALUE is the least), then once the top is full
  // its last. After the first few features almost none pass, a branch the CPU predicts well (unlike "positive").
  let floor = Number.MIN_VALUE;
  for (let k = 0; k < x.length; k++) {
    const feature = x.indices[k];
    const amount = x.values[k] * weights[feature * stride + label];
    if (!(amount >= floor)) continue;
    let known = readable[feature];
    if (known === 0) {
      known = isReadableTerm(vocabulary[feature], settings) ? 1 : 2;
      readable[feature] = known;
    }
    if (known !== 1) continue;
    const term = vocabulary[feature];
    if (!bounded) {
      contributions.push({ term, amount });
      continue;
    }
    top.offer(amount, term);
    if (limit > 0 && top.keys.length === limit) floor = top.weights[limit - 1];
  }
  if (bounded) return top.keys;
  contributions.sort((a, b) => b.amount - a.amount || (a.term < b.term ? -1 : 1));
  return contributions.slice(0, limit).map((c) => c.term);
}

