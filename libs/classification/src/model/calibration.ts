/** Maps an SVM margin to a probability: score = 1 / (1 + exp(-(scale × margin + offset))). */
export interface Sigmoid {
  scale: number;
  offset: number;
}

/** Used when a label has too few held-out positives to fit: margin 0 → 0.5, margin 1 → 0.88. */
export const DEFAULT_SIGMOID: Sigmoid = { scale: 2, offset: 0 };

export function sigmoidScore(sigmoid: Sigmoid, margin: number): number {
  return 1 / (1 + Math.exp(-(sigmoid.scale * margin + sigmoid.offset)));
}

/**
 * Platt scaling fitted on held-out margins by Newton's method with backtracking (Lin, Lin & Weng 2007), with
 * Platt's smoothed targets so a perfectly separated label does not get an infinite slope.
 */
export function fitSigmoid(margins: ArrayLike<number>, positive: boolean[]): Sigmoid {
  const n = margins.length;
  const positives = positive.filter(Boolean).length;
  const negatives = n - positives;
  const hiTarget = (positives + 1) / (positives + 2);
  const loTarget = 1 / (negatives + 2);
  const target = positive.map((p) => (p ? hiTarget : loTarget));
  // Platt's parameterisation: P(positive) = 1 / (1 + exp(a × margin + b)).
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  let value = plattLoss(margins, target, a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(margins[i] * a + b));
      const d2 = p * (1 - p);
      h11 += margins[i] * margins[i] * d2;
      h22 += d2;
      h21 += margins[i] * d2;
      g1 += margins[i] * (target[i] - p);
      g2 += target[i] - p;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(-h21 * g1 + h11 * g2) / det;
    const slope = g1 * da + g2 * db;
    let step = 1;
    while (step >= 1e-10) {
      const candidate = plattLoss(margins, target, a + step * da, b + step * db);
      if (candidate < value + 1e-4 * step * slope) {
        a += step * da;
        b += step * db;
        value = candidate;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { scale: -a, offset: -b };
}

/** Cross-entropy of Platt's model, written to avoid overflow of exp for large |a × margin + b|. */
function plattLoss(margins: ArrayLike<number>, target: number[], a: number, b: number): number {
  let total = 0;
  for (let i = 0; i < margins.length; i++) {
    const z = margins[i] * a + b;
    total += z >= 0 ? target[i] * z + Math.log1p(Math.exp(-z)) : (target[i] - 1) * z + Math.log1p(Math.exp(z));
  }
  return total;
}

/**
 * The margin threshold that maximises F1 on held-out margins (SCut), with that F1. Cuts fall midway between
 * distinct margins so ties are never split; with no held-out positives the SVM's own boundary (0) is kept.
 */
export function bestF1Threshold(margins: ArrayLike<number>, positive: boolean[]): { threshold: number; f1: number } {
  const total = positive.filter(Boolean).length;
  if (total === 0) return { threshold: 0, f1: 0 };
  const order = Array.from({ length: margins.length }, (_, i) => i).sort((i, j) => margins[j] - margins[i] || i - j);
  let bestF1 = 0;
  let bestThreshold = 0;
  let truePositives = 0;
  for (let k = 0; k < order.length; k++) {
    if (positive[order[k]]) truePositives++;
    const next = k + 1 < order.length ? margins[order[k + 1]] : -Infinity;
    if (next === margins[order[k]]) continue;
    const f1 = (2 * truePositives) / (k + 1 + total);
    if (f1 > bestF1) {
      bestF1 = f1;
      bestThreshold = next === -Infinity ? margins[order[k]] - 1 : (margins[order[k]] + next) / 2;
    }
  }
  return { threshold: bestThreshold, f1: bestF1 };
}
