import { describe, expect, it } from 'vitest';
import { gaussianSum, longKernel, ShortRangeTable, shortKernel, sincQuadrature, sincTerms, splitQuadrature } from '../src/index.ts';

/** Worst relative error of the quadrature against 1/ρ on a dense log sample (independent of the tuner's 400 points). */
function worstError(q: { t: Float64Array; a: Float64Array }, rMin: number, rMax: number): number {
  let worst = 0;
  for (let s = 0; s <= 5000; s++) {
    const rho = rMin * (rMax / rMin) ** (s / 5000);
    worst = Math.max(worst, Math.abs(gaussianSum(q, rho) * rho - 1));
  }
  return worst;
}

describe('sinc quadrature of 1/ρ', () => {
  for (const [accuracy, rMin, rMax] of [
    [1e-5, 0.01, 3.5],
    [1e-8, 0.5, 60],
    [1e-10, 1, 100],
  ] as const) {
    it(`meets δ = ${accuracy} on [${rMin}, ${rMax}] and needs a tuned C₀`, () => {
      const q = sincQuadrature({ accuracy, rMin, rMax });
      expect(worstError(q, rMin, rMax)).toBeLessThan(1.5 * accuracy);
      // The same number of terms with C₀ = 1 misses the accuracy by orders of magnitude.
      const naive = sincTerms(q.steps, 1, rMax);
      expect(worstError(naive, rMin, rMax)).toBeGreaterThan(100 * accuracy);
      expect(q.c0).toBeGreaterThan(1.5);
      expect(q.maxRelativeError).toBeLessThanOrEqual(accuracy);
    });
  }

  it('rejects impossible ranges and accuracies', () => {
    expect(() => sincQuadrature({ rMin: 2, rMax: 1 })).toThrow(/rMin < rMax/);
    expect(() => sincQuadrature({ rMin: 1, rMax: 2, accuracy: 0 })).toThrow(/accuracy/);
  });
});

describe('range split and the short-range table', () => {
  it('drops at most δ beyond σ and tabulates p_s to 1e-10', () => {
    const q = sincQuadrature({ accuracy: 1e-7, rMin: 0.05, rMax: 40 });
    const split = splitQuadrature(q, 4, 1e-7);
    expect(split.longCount).toBeGreaterThan(0);
    expect(split.longCount).toBeLessThan(q.t.length);
    const [atSigma, slopeAtSigma] = shortKernel(split, 4);
    expect(atSigma).toBeLessThanOrEqual(1e-7 / 4);
    expect(Math.abs(slopeAtSigma)).toBeLessThanOrEqual(1e-7 / 16);
    // p_l + p_s is the whole quadrature.
    expect(Math.abs(longKernel(split, 1.3) + shortKernel(split, 1.3)[0] - gaussianSum(q, 1.3))).toBeLessThan(1e-14);
    const table = new ShortRangeTable(split);
    for (const r of [0.05, 0.3, 1, 2.5, 3.99]) {
      const [v, s] = shortKernel(split, r);
      const [tv, ts] = table.evaluate(r);
      expect(Math.abs(tv - v)).toBeLessThan(1e-10 / r);
      expect(Math.abs(ts - s)).toBeLessThan(1e-7 / (r * r));
    }
  });
});
