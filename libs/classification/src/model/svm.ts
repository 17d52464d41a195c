import type { SparseVector } from './features';

export type SvmLoss = 'hinge' | 'squared-hinge';

export interface SvmOptions {
  /** Inverse regularisation strength (LIBLINEAR's C). */
  c: number;
  /** Multiplies C for positive examples: > 1 buys recall on rare labels. */
  positiveWeight: number;
  loss: SvmLoss;
  /** Stop when the projected-gradient spread falls below this (LIBLINEAR's default 0.1). */
  tolerance: number;
  maxEpochs: number;
  /** Value of the constant feature that carries the bias; the bias is regularised like LIBLINEAR's. */
  biasFeature: number;
}

export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

/** Small, fast, seedable PRNG (mulberry32) so training is reproducible without Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Binary L2-regularised linear SVM by dual coordinate descent with shrinking (Hsieh et al. 2008, as in LIBLINEAR).
 * Deterministic given `random`: it only decides the visiting order. Converges far faster and more reliably than
 * primal SGD, with no learning rate to tune.
 */
export function trainLinearSvm(
  vectors: SparseVector[],
  positive: boolean[],
  dimension: number,
  options: SvmOptions,
  random: () => number,
): LinearModel {
  const n = vectors.length;
  const w = new Float64Array(dimension);
  let bias = 0;
  const b = options.biasFeature;
  const alpha = new Float64Array(n);
  const y = positive.map((p) => (p ? 1 : -1));
  const squared = options.loss === 'squared-hinge';
  const upper = new Float64Array(n);
  const diagonal = new Float64Array(n);
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cost = options.c * (positive[i] ? options.positiveWeight : 1);
    upper[i] = squared ? Infinity : cost;
    diagonal[i] = squared ? 0.5 / cost : 0;
    qii[i] = squaredNorm(vectors[i]) + b * b + diagonal[i];
  }

  const order = Int32Array.from({ length: n }, (_, i) => i);
  let active = n;
  let maxOld = Infinity;
  let minOld = -Infinity;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    shuffle(order, active, random);
    let maxNew = -Infinity;
    let minNew = Infinity;
    for (let s = 0; s < active; s++) {
      const i = order[s];
      const x = vectors[i];
      const gradient = y[i] * (dot(w, x) + bias * b) - 1 + diagonal[i] * alpha[i];
      let projected = 0;
      if (alpha[i] === 0) {
        if (gradient > maxOld) {
          swap(order, s--, --active);
          continue;
        }
        if (gradient < 0) projected = gradient;
      } else if (alpha[i] === upper[i]) {
        if (gradient < minOld) {
          swap(order, s--, --active);
          continue;
        }
        if (gradient > 0) projected = gradient;
      } else {
        projected = gradient;
      }
      if (projected > maxNew) maxNew = projected;
      if (projected < minNew) minNew = projected;
      if (Math.abs(projected) > 1e-12) {
        const previous = alpha[i];
        alpha[i] = Math.min(Math.max(previous - gradient / qii[i], 0), upper[i]);
        const step = (alpha[i] - previous) * y[i];
        addScaled(w, x, step);
        bias += step * b;
      }
    }
    if (maxNew - minNew <= options.tolerance) {
      if (active === n) break;
      // Converged on the shrunk set: re-check every example once before stopping.
      active = n;
      maxOld = Infinity;
      minOld = -Infinity;
      continue;
    }
    maxOld = maxNew <= 0 ? Infinity : maxNew;
    minOld = minNew >= 0 ? -Infinity : minNew;
  }
  return { weights: w, bias: bias * b };
}

function squaredNorm(x: SparseVector): number {
  let total = 0;
  for (let k = 0; k < x.values.length; k++) total += x.values[k] * x.values[k];
  return total;
}

function dot(w: Float64Array, x: SparseVector): number {
  let total = 0;
  for (let k = 0; k < x.indices.length; k++) total += w[x.indices[k]] * x.values[k];
  return total;
}

function addScaled(w: Float64Array, x: SparseVector, scale: number): void {
  for (let k = 0; k < x.indices.length; k++) w[x.indices[k]] += scale * x.values[k];
}

function shuffle(order: Int32Array, length: number, random: () => number): void {
  for (let i = length - 1; i > 0; i--) swap(order, i, Math.floor(random() * (i + 1)));
}

function swap(order: Int32Array, i: number, j: number): void {
  const t = order[i];
  order[i] = order[j];
  order[j] = t;
}
