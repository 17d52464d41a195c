import { bestF1Threshold, DEFAULT_SIGMOID, fitSigmoid, sigmoidScore } from './calibration';

describe('bestF1Threshold', () => {
  it('cuts midway below the margin that maximises F1', () => {
    // Sorted: 2.0+ 1.0- 0.5+ 0.2+ -0.3- -1- : predicting the top 4 gives tp 3, fp 1, fn 0 → F1 6/7, the best.
    const margins = [0.5, -1, 2, 0.2, 1, -0.3];
    const positive = [true, false, true, true, false, false];
    const best = bestF1Threshold(margins, positive);
    expect(best.threshold).toBeCloseTo(-0.05);
    expect(best.f1).toBeCloseTo(6 / 7);
  });

  it('never splits tied margins', () => {
    expect(bestF1Threshold([1, 1, 0], [true, false, false]).threshold).toBeCloseTo(0.5);
  });

  it('keeps the SVM boundary when there are no positives', () => {
    expect(bestF1Threshold([0.3, -0.2], [false, false])).toEqual({ threshold: 0, f1: 0 });
  });
});

describe('fitSigmoid', () => {
  it('maps margins to increasing probabilities that match the held-out rates', () => {
    // Positives mostly above 0, negatives mostly below, with overlap.
    const margins = [-2, -1.5, -1, -0.8, -0.5, -0.2, 0.1, 0.3, 0.6, 1, 1.2, 2, -0.4, 0.4];
    const positive = [false, false, false, false, false, false, true, true, true, true, true, true, true, false];
    const sigmoid = fitSigmoid(margins, positive);
    expect(sigmoid.scale).toBeGreaterThan(0);
    expect(sigmoidScore(sigmoid, 2)).toBeGreaterThan(0.85);
    expect(sigmoidScore(sigmoid, -2)).toBeLessThan(0.15);
    // Maximum likelihood: the mean predicted probability equals the (smoothed) positive rate.
    const mean = margins.reduce((total, m) => total + sigmoidScore(sigmoid, m), 0) / margins.length;
    const smoothed = (7 * (8 / 9) + 7 * (1 / 9)) / 14;
    expect(mean).toBeCloseTo(smoothed, 3);
  });

  it('stays finite on perfectly separated margins', () => {
    const sigmoid = fitSigmoid([-1, -0.5, 0.5, 1], [false, false, true, true]);
    expect(Number.isFinite(sigmoid.scale) && Number.isFinite(sigmoid.offset)).toBe(true);
    expect(sigmoidScore(sigmoid, 1)).toBeGreaterThan(0.6);
  });
});

describe('sigmoidScore', () => {
  it('is 0.5 at the default sigmoid boundary', () => {
    expect(sigmoidScore(DEFAULT_SIGMOID, 0)).toBe(0.5);
    expect(sigmoidScore(DEFAULT_SIGMOID, 1)).toBeCloseTo(0.881, 3);
  });
});
