import type { SparseVector } from './features';
import { seededRandom, trainLinearSvm, type SvmOptions } from './svm';

const OPTIONS: SvmOptions = { c: 1, positiveWeight: 1, loss: 'squared-hinge', tolerance: 0.01, maxEpochs: 500, biasFeature: 1 };

/** Unit vectors over 4 features: positives lean on feature 0, negatives on feature 1, features 2-3 are noise. */
function dataset(n: number, seed: number): { vectors: SparseVector[]; positive: boolean[] } {
  const random = seededRandom(seed);
  const vectors: SparseVector[] = [];
  const positive: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const isPositive = i % 3 === 0;
    const raw = [isPositive ? 1 + random() : random() * 0.2, isPositive ? random() * 0.2 : 1 + random(), random(), random()];
    const norm = Math.hypot(...raw);
    vectors.push({ indices: Int32Array.from([0, 1, 2, 3]), values: Float64Array.from(raw.map((v) => v / norm)) });
    positive.push(isPositive);
  }
  return { vectors, positive };
}

function margin(model: { weights: Float64Array; bias: number }, x: SparseVector): number {
  return x.indices.reduce((total, f, k) => total + model.weights[f] * x.values[k], model.bias);
}

describe('seededRandom', () => {
  it('repeats for a seed, differs across seeds and stays in [0, 1)', () => {
    const a = Array.from({ length: 5 }, seededRandom(3));
    expect(Array.from({ length: 5 }, seededRandom(3))).toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(4))).not.toEqual(a);
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('trainLinearSvm', () => {
  it.each(['squared-hinge', 'hinge'] as const)('separates a linearly separable problem (%s loss)', (loss) => {
    const train = dataset(90, 1);
    const model = trainLinearSvm(train.vectors, train.positive, 4, { ...OPTIONS, loss }, seededRandom(1));
    expect(model.weights[0]).toBeGreaterThan(0.5);
    expect(model.weights[1]).toBeLessThan(-0.5);
    const test = dataset(60, 2);
    test.vectors.forEach((x, i) => expect(margin(model, x) > 0).toBe(test.positive[i]));
  });

  it('reaches the SVM optimum: support vectors sit on or inside the margin, the rest outside', () => {
    const train = dataset(60, 5);
    const model = trainLinearSvm(train.vectors, train.positive, 4, { ...OPTIONS, loss: 'hinge', c: 100, tolerance: 1e-4 }, seededRandom(1));
    const functional = train.vectors.map((x, i) => margin(model, x) * (train.positive[i] ? 1 : -1));
    // Separable data with a large C: a hard margin, every example at functional margin >= 1 (up to tolerance).
    expect(Math.min(...functional)).toBeGreaterThan(0.99);
    expect(Math.min(...functional)).toBeLessThan(1.01);
  });

  it('is deterministic for a seed', () => {
    const train = dataset(50, 3);
    const first = trainLinearSvm(train.vectors, train.positive, 4, OPTIONS, seededRandom(9));
    const second = trainLinearSvm(train.vectors, train.positive, 4, OPTIONS, seededRandom(9));
    expect(second).toEqual(first);
  });

  it('moves the boundary towards negatives when positives weigh more', () => {
    const train = dataset(90, 4);
    const plain = trainLinearSvm(train.vectors, train.positive, 4, { ...OPTIONS, c: 0.05 }, seededRandom(1));
    const weighted = trainLinearSvm(train.vectors, train.positive, 4, { ...OPTIONS, c: 0.05, positiveWeight: 5 }, seededRandom(1));
    expect(weighted.bias).toBeGreaterThan(plain.bias);
  });
});
