import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  cp,
  cpAls,
  cpAt,
  cpInner,
  cpNorm,
  cpToDense,
  cpToTt,
  cpToTucker,
  frobeniusNorm,
  innerProduct,
  relativeDistance,
  tensor,
  tensorAt,
  ttAt,
  ttInner,
  ttNorm,
  ttRanks,
  ttRound,
  ttSvd,
  ttToDense,
  tuckerToCp,
  tuckerToDense,
  tuckerToTt,
} from '../src/index.ts';
import { gaussian } from './helpers.ts';

const rng = new SeededRng(23);

function gaussianCp(shape: number[], R: number) {
  return cp(
    shape.map((n) => gaussian(rng, n, R)),
    rng.uniformArray(R, 0.5, 2),
  );
}

function randomTt(shape: number[], ranks: number[]) {
  const rs = [1, ...ranks, 1];
  return { cores: shape.map((n, k) => tensor([rs[k]!, n, rs[k + 1]!], rng.normalArray(rs[k]! * n * rs[k + 1]!))) };
}

describe('CP format and CP-ALS', () => {
  it('in-format inner product, norm and entries agree with the dense tensor', () => {
    const a = gaussianCp([6, 7, 8], 3);
    const b = gaussianCp([6, 7, 8], 2);
    expect(cpInner(a, b)).toBeCloseTo(innerProduct(cpToDense(a), cpToDense(b)), 10);
    expect(cpNorm(a) / frobeniusNorm(cpToDense(a))).toBeCloseTo(1, 12);
    assertClose(cpAt(a, [[5, 6, 7]]), [tensorAt(cpToDense(a), [5, 6, 7])], { rtol: 1e-12 }, 'entry');
  });

  it('recovers an exact CP tensor with Gaussian factors to 1e-12 (SVD and random init)', () => {
    const x = cpToDense(gaussianCp([8, 9, 10], 3));
    for (const init of ['svd', 'random'] as const) {
      const r = cpAls(x, { rank: 3, init, tolerance: 1e-13, maxIterations: 1000 });
      expect(r.relativeError).toBeLessThan(1e-12);
      expect(relativeDistance(cpToDense(r.cp), x)).toBeLessThan(1e-12);
      expect(r.converged).toBe(true);
    }
  });
});

describe('TT format, TT-SVD and rounding', () => {
  it('in-format inner product, norm and entries agree with the dense tensor', () => {
    const a = randomTt([4, 5, 6, 3], [2, 3, 2]);
    const b = randomTt([4, 5, 6, 3], [3, 2, 1]);
    expect(ttInner(a, b)).toBeCloseTo(innerProduct(ttToDense(a), ttToDense(b)), 9);
    expect(ttNorm(a) / frobeniusNorm(ttToDense(a))).toBeCloseTo(1, 12);
    assertClose(ttAt(a, [[3, 4, 5, 2]]), [tensorAt(ttToDense(a), [3, 4, 5, 2])], { rtol: 1e-12 }, 'entry');
  });

  it('recovers an exact TT tensor to 1e-12 with the exact ranks', () => {
    const x = ttToDense(randomTt([5, 6, 7, 4], [2, 3, 2]));
    for (const [svd, eps] of [
      ['gram', 1e-6],
      ['qr', 1e-10],
    ] as const) {
      const { tt } = ttSvd(x, { eps, svd });
      expect(ttRanks(tt)).toEqual([2, 3, 2]);
      expect(relativeDistance(ttToDense(tt), x)).toBeLessThan(1e-12);
    }
  });

  it('ε-ranks are minimal: for a matrix one rank less misses ε (Eckart–Young)', () => {
    const u = gaussian(rng, 30, 8);
    const v = gaussian(rng, 8, 25);
    const m = tensor([30, 25]);
    for (let i = 0; i < 30; i++)
      for (let j = 0; j < 25; j++) {
        let s = 0;
        for (let k = 0; k < 8; k++) s += u.data[i * 8 + k]! * v.data[k * 25 + j]! * 3 ** -k;
        m.data[i * 25 + j] = s;
      }
    for (const eps of [1e-1, 1e-2, 1e-3]) {
      const { tt } = ttSvd(m, { eps, svd: 'qr' });
      const r = ttRanks(tt)[0]!;
      expect(relativeDistance(ttToDense(tt), m)).toBeLessThanOrEqual(eps);
      const smaller = ttSvd(m, { ranks: [r - 1], svd: 'qr' }).tt;
      expect(relativeDistance(ttToDense(smaller), m)).toBeGreaterThan(eps);
    }
  });

  it('rounding compresses a sum X + X back to the ranks of X', () => {
    const a = randomTt([4, 5, 6, 3], [2, 3, 2]);
    const sum = {
      cores: a.cores.map((g, k) => {
        const [r0, n, r1] = g.shape as [number, number, number];
        const first = k === 0;
        const last = k === a.cores.length - 1;
        const R0 = first ? 1 : 2 * r0;
        const R1 = last ? 1 : 2 * r1;
        const out = tensor([R0, n, R1]);
        for (let copy = 0; copy < 2; copy++)
          for (let p = 0; p < r0; p++)
            for (let i = 0; i < n; i++)
              for (let q = 0; q < r1; q++) {
                const pp = first ? p : p + copy * r0;
                const qq = last ? q : q + copy * r1;
                out.data[(pp * n + i) * R1 + qq]! += first && last ? 2 * g.data[(p * n + i) * r1 + q]! : g.data[(p * n + i) * r1 + q]!;
              }
        return out;
      }),
    }; // first core: columns concatenated; last core: rows stacked; middle cores: block diagonal
    const dense = ttToDense(a);
    const twice = ttToDense(sum);
    for (let i = 0; i < dense.data.length; i++) expect(twice.data[i]).toBeCloseTo(2 * dense.data[i]!, 10);
    const { tt } = ttRound(sum, { eps: 1e-12 });
    expect(ttRanks(tt)).toEqual([2, 3, 2]);
    expect(relativeDistance(ttToDense(tt), twice)).toBeLessThan(1e-12);
  });
});

describe('conversions', () => {
  it('CP → Tucker, CP → TT, Tucker → TT, Tucker → CP are exact', () => {
    const x = gaussianCp([5, 6, 7], 3);
    const dense = cpToDense(x);
    expect(relativeDistance(tuckerToDense(cpToTucker(x)), dense)).toBeLessThan(1e-14);
    expect(relativeDistance(ttToDense(cpToTt(x)), dense)).toBeLessThan(1e-14);
    const t = cpToTucker(x);
    expect(relativeDistance(ttToDense(tuckerToTt(t)), dense)).toBeLessThan(1e-13);
    expect(relativeDistance(cpToDense(tuckerToCp(t)), dense)).toBeLessThan(1e-14);
  });
});
