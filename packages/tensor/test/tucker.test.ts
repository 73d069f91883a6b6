import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  cp,
  cpToDense,
  frobeniusNorm,
  hooi,
  hosvd,
  innerProduct,
  relativeDistance,
  rhosvd,
  tensor,
  tensorAt,
  tuckerAt,
  tuckerInner,
  tuckerNorm,
  tuckerRanks,
  tuckerToDense,
} from '../src/index.ts';
import { gaussian, orthonormal } from './helpers.ts';

const rng = new SeededRng(11);

function randomTucker(shape: number[], ranks: number[]) {
  const core = tensor(ranks, rng.normalArray(ranks.reduce((a, b) => a * b, 1)));
  return { core, factors: shape.map((n, k) => gaussian(rng, n, ranks[k]!)) };
}

describe('Tucker format', () => {
  it('norm, inner product and entries in format agree with the dense tensor', () => {
    const a = randomTucker([7, 8, 9], [2, 3, 4]);
    const b = randomTucker([7, 8, 9], [3, 2, 2]);
    const da = tuckerToDense(a);
    const db = tuckerToDense(b);
    expect(tuckerInner(a, b)).toBeCloseTo(innerProduct(da, db), 9);
    expect(tuckerNorm(a) / frobeniusNorm(da)).toBeCloseTo(1, 13);
    const idx = [
      [0, 0, 0],
      [6, 7, 8],
      [3, 1, 5],
    ];
    assertClose(
      tuckerAt(a, idx),
      idx.map((i) => tensorAt(da, i)),
      { rtol: 1e-12, atol: 1e-12 },
      'entries',
    );
  });
});

describe('HOSVD', () => {
  it('recovers an exact low-rank Tucker tensor to 1e-12 with the exact ranks', () => {
    const x = tuckerToDense(randomTucker([10, 11, 12], [3, 4, 2]));
    for (const [svd, eps] of [
      ['gram', 1e-6],
      ['qr', 1e-10],
    ] as const) {
      const r = hosvd(x, { eps, svd });
      expect(tuckerRanks(r.tucker)).toEqual([3, 4, 2]);
      expect(relativeDistance(tuckerToDense(r.tucker), x)).toBeLessThan(1e-12);
      expect(tuckerNorm(r.tucker, true) / frobeniusNorm(x)).toBeCloseTo(1, 12);
    }
  });

  it('ε-ranks are the smallest meeting the per-mode budget and the error meets ε', () => {
    // Diagonal core with σ_j = 2^{-j}: every mode has exactly these singular values.
    const n = 9;
    const R = 8;
    const core = tensor([R, R, R]);
    const sigma = Array.from({ length: R }, (_, j) => 2 ** -j);
    sigma.forEach((s, j) => {
      core.data[j * (R * R + R + 1)] = s;
    });
    const x = tuckerToDense({ core, factors: [0, 1, 2].map(() => orthonormal(rng, n, R)) });
    const norm = frobeniusNorm(x);
    for (const eps of [1e-1, 1e-2, 1e-3]) {
      const r = hosvd(x, { eps });
      const budget = (eps * norm) / Math.sqrt(3);
      const err = relativeDistance(tuckerToDense(r.tucker), x);
      expect(err).toBeLessThanOrEqual(eps);
      r.tucker.factors.forEach((u, k) => {
        const s = r.singularValues[k]!;
        const tail = (from: number) => Math.sqrt(Array.from(s.slice(from)).reduce((a, v) => a + v * v, 0));
        expect(tail(u.cols)).toBeLessThanOrEqual(budget);
        expect(tail(u.cols - 1)).toBeGreaterThan(budget);
        assertClose(s.slice(0, R), sigma, { rtol: 1e-10, atol: 1e-12 }, 'mode singular values');
      });
    }
  });
});

describe('HOOI', () => {
  it('never increases the error and matches the true error', () => {
    const x = tensor([12, 10, 9], rng.normalArray(1080));
    const lowRank = tuckerToDense(randomTucker([12, 10, 9], [3, 3, 3]));
    for (let i = 0; i < x.data.length; i++) x.data[i] = lowRank.data[i]! + 0.3 * x.data[i]!;
    const start = hosvd(x, { ranks: [3, 3, 3] });
    const r = hooi(x, { ranks: [3, 3, 3], maxIterations: 15, tolerance: 0 });
    expect(r.errors[0]).toBeCloseTo(start.relativeError, 13);
    // Monotone up to the rounding of sqrt(‖X‖² − ‖G‖²) (≈ 1e-13 relative here).
    for (let k = 1; k < r.errors.length; k++) expect(r.errors[k]!).toBeLessThanOrEqual(r.errors[k - 1]! * (1 + 1e-12));
    expect(r.errors[r.errors.length - 1]!).toBeLessThan(r.errors[0]!);
    expect(relativeDistance(tuckerToDense(r.tucker), x)).toBeCloseTo(r.relativeError, 12);
  });
});

describe('HOOI from the sequentially truncated HOSVD', () => {
  it('recovers an exact low-rank Tucker tensor to 1e-12 before any sweep', () => {
    const x = tuckerToDense(randomTucker([10, 11, 12], [3, 4, 2]));
    const r = hooi(x, { ranks: [3, 4, 2], init: 'sthosvd', maxIterations: 0 });
    // rounding of a 1320-entry reconstruction: a few hundred ε
    expect(relativeDistance(tuckerToDense(r.tucker), x)).toBeLessThan(1e-12);
    const e = hooi(x, { eps: 1e-6, init: 'sthosvd', maxIterations: 0 });
    expect(tuckerRanks(e.tucker)).toEqual([3, 4, 2]);
  });

  it('meets ‖X − X̂‖ ≤ ε‖X‖ with ε-ranks (Vannieuwenhoven et al. 2012, Thm 6.5), and HOOI keeps the ranks', () => {
    const x = tensor([12, 10, 9], rng.normalArray(1080));
    const lowRank = tuckerToDense(randomTucker([12, 10, 9], [3, 3, 3]));
    for (let i = 0; i < x.data.length; i++) x.data[i] = lowRank.data[i]! + 0.05 * x.data[i]!;
    for (const eps of [0.3, 0.1, 0.03]) {
      const start = hooi(x, { eps, init: 'sthosvd', maxIterations: 0 });
      expect(relativeDistance(tuckerToDense(start.tucker), x)).toBeLessThanOrEqual(eps);
      const r = hooi(x, { eps, init: 'sthosvd', maxIterations: 5 });
      expect(tuckerRanks(r.tucker)).toEqual(tuckerRanks(start.tucker));
      expect(r.relativeError).toBeLessThanOrEqual(start.relativeError * (1 + 1e-12));
    }
  });
});

describe('RHOSVD', () => {
  it('reduces a CP tensor without forming it, exactly at full rank', () => {
    const x = cp([gaussian(rng, 20, 5), gaussian(rng, 21, 5), gaussian(rng, 22, 5)], Float64Array.of(1, 2, 3, 4, 5));
    const { tucker } = rhosvd(x, { eps: 1e-12 });
    expect(tuckerRanks(tucker)).toEqual([5, 5, 5]);
    expect(relativeDistance(tuckerToDense(tucker), cpToDense(x))).toBeLessThan(1e-13);
    const fixed = rhosvd(x, { ranks: [2, 3, 4] });
    expect(tuckerRanks(fixed.tucker)).toEqual([2, 3, 4]);
  });

  it('matches HOSVD of the dense tensor when the factors are orthogonal', () => {
    // Factors Q_k diag(s) with orthonormal Q_k: each factor has singular values s and the dense tensor has mode
    // singular values s³ with the same vectors, so RHOSVD and HOSVD keep the same subspaces.
    const s = [1, 0.1, 0.01, 1e-3, 1e-4];
    const scaled = (q: ReturnType<typeof orthonormal>) => {
      for (let i = 0; i < q.rows; i++) for (let r = 0; r < 5; r++) q.data[i * 5 + r]! *= s[r]!;
      return q;
    };
    const x = cp([scaled(orthonormal(rng, 15, 5)), scaled(orthonormal(rng, 16, 5)), scaled(orthonormal(rng, 17, 5))]);
    const r = rhosvd(x, { tol: 3 * 2e-3 }); // per-mode tail ≤ 2e-3 keeps three terms (tail of two: 1.0e-2)
    expect(tuckerRanks(r.tucker)).toEqual([3, 3, 3]);
    const dense = cpToDense(x);
    const h = hosvd(dense, { ranks: [3, 3, 3] });
    expect(relativeDistance(tuckerToDense(r.tucker), dense)).toBeCloseTo(h.relativeError, 8);
  });
});
