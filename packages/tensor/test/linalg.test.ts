import { SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cp,
  cpAls,
  cpToDense,
  leftSingular,
  mat,
  matmul,
  norm2,
  qr,
  qrBlocked,
  randomizedRange,
  randomizedSvd,
  relativeDistance,
  tensorFromFunction,
  transpose,
  ttSvd,
} from '../src/index.ts';
import { NodeWorkerPool } from '../src/node/index.ts';

const eps = Number.EPSILON;

describe('norm2', () => {
  it('exact Pythagorean values on the plain sum and on the scaled path (squares under- or overflow)', () => {
    expect(norm2(Float64Array.of(3, 4))).toBe(5);
    expect(norm2(new Float64Array(7))).toBe(0);
    expect(norm2(Float64Array.of(1, Number.NaN))).toBeNaN();
    expect(norm2(Float64Array.of(3, Number.POSITIVE_INFINITY))).toBe(Number.POSITIVE_INFINITY);
    // 3e-200² underflows to 0 and 3e200² overflows: only the scaled sum gets 5e∓200 (a few ε: the scaling divides)
    for (const s of [1e-200, 1e200, 1e-300]) expect(Math.abs(norm2(Float64Array.of(3 * s, 4 * s)) / (5 * s) - 1)).toBeLessThan(4 * eps);
  });

  it('agrees with Math.hypot on random vectors to the summation bound n·ε', () => {
    const rng = new SeededRng(5);
    for (const n of [1, 10, 1000]) {
      const v = rng.normalArray(n);
      expect(Math.abs(norm2(v) / Math.hypot(...v) - 1)).toBeLessThanOrEqual(n * eps);
    }
  });
});

describe('qrBlocked', () => {
  const rng = new SeededRng(3);
  const fro = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));
  /** m × n Gaussian with column j scaled by 10^(−8j/n): condition number ≈ 1e8, so Q must come from the reflectors, not from A. */
  const graded = (m: number, n: number) => {
    const a = mat(m, n, rng.normalArray(m * n));
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) a.data[i * n + j]! *= 10 ** ((-8 * j) / n);
    return a;
  };
  const pools = [1, 2].map((workers) => new NodeWorkerPool({ workers }));
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('A = QR and QᵀQ = I to the Householder bounds, R upper triangular and equal to the unblocked qr', () => {
    // rows, columns, panel width: several panels, a width not dividing the columns, one panel, one column
    const shapes = [200, 60, 8, 300, 100, 32, 100, 100, 7, 57, 13, 64, 40, 1, 1];
    for (let c = 0; c < shapes.length; c += 3) {
      const [m, n, block] = [shapes[c]!, shapes[c + 1]!, shapes[c + 2]!];
      const a = graded(m, n);
      const { q, r } = qrBlocked(a, { block });
      expect([q.rows, q.cols, r.rows, r.cols]).toEqual([m, n, n, n]);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(r.data[i * n + j]).toBe(0);
      // Householder QR is backward stable (Higham, Accuracy and Stability, Thm 19.4): ‖A − QR‖_F ≤ n·ε·‖A‖_F here
      const qr1 = matmul(q, r);
      expect(fro(qr1.data.map((v, i) => v - a.data[i]!))).toBeLessThanOrEqual(n * eps * fro(a.data));
      // ‖QᵀQ − I‖_F: Thm 19.4's √n·γ̃_{cm} for Q, taken at √m·n·ε (errors adding in squares over m entries)
      const qtq = matmul(q, q, true);
      for (let i = 0; i < n; i++) qtq.data[i * n + i]! -= 1;
      expect(fro(qtq.data)).toBeLessThanOrEqual(Math.sqrt(m) * n * eps);
      // the same reflectors as the unblocked qr (same signs): R agrees to the backward error, n·ε·‖A‖_F
      const u = qr(a);
      expect(fro(r.data.map((v, i) => v - u.r.data[i]!))).toBeLessThanOrEqual(n * eps * fro(a.data));
    }
  });

  it('a zero column (no reflection) and a rank-deficient matrix still give orthonormal Q and A = QR', () => {
    const a = graded(30, 6);
    for (let i = 0; i < 30; i++) {
      a.data[i * 6 + 2] = 0;
      a.data[i * 6 + 4] = a.data[i * 6]! + a.data[i * 6 + 1]!;
    }
    const { q, r } = qrBlocked(a, { block: 4 });
    expect(fro(matmul(q, r).data.map((v, i) => v - a.data[i]!))).toBeLessThanOrEqual(6 * eps * fro(a.data));
    const qtq = matmul(q, q, true);
    for (let i = 0; i < 6; i++) qtq.data[i * 6 + i]! -= 1;
    expect(fro(qtq.data)).toBeLessThanOrEqual(Math.sqrt(30) * 6 * eps);
  });

  it('on a pool of 1 or 2 workers: bit for bit the one-thread factors', () => {
    const a = graded(260, 90);
    const one = qrBlocked(a, { block: 16 });
    for (const pool of pools) {
      const p = qrBlocked(a, { block: 16, pool });
      expect(Array.from(p.q.data)).toEqual(Array.from(one.q.data));
      expect(Array.from(p.r.data)).toEqual(Array.from(one.r.data));
    }
  });

  it('leftSingular and TT-SVD (Gram and QR routes) on a pool of 1 or 2 workers: bit for bit the one-thread result', () => {
    const x = tensorFromFunction([40, 36, 34], ([i, j, k]) => 1 / (1 + i! + 2 * j! + 3 * k!));
    const wide = mat(40, 36 * 34, x.data);
    for (const method of ['gram', 'qr'] as const) {
      const one = leftSingular(wide, method);
      const tall = leftSingular(transpose(wide), 'qr');
      const tt1 = ttSvd(x, { eps: method === 'qr' ? 1e-10 : 1e-5, svd: method });
      for (const pool of pools) {
        expect(Array.from(leftSingular(wide, method, pool).u.data)).toEqual(Array.from(one.u.data));
        expect(Array.from(leftSingular(transpose(wide), 'qr', pool).s)).toEqual(Array.from(tall.s));
        const tt = ttSvd(x, { eps: method === 'qr' ? 1e-10 : 1e-5, svd: method, pool });
        tt.tt.cores.forEach((c, k) => {
          expect(Array.from(c.data)).toEqual(Array.from(tt1.tt.cores[k]!.data));
        });
      }
    }
  });

  it('CP-ALS on the GEMM path (≥ 2¹⁶ entries): exact recovery, and bit for bit the same on 1 or 2 workers', () => {
    // an exact CP tensor of rank 3 with Gaussian factors, 50 × 40 × 36 = 72,000 entries (the GEMM path on one thread)
    const factors = [50, 40, 36].map((n) => mat(n, 3, rng.normalArray(3 * n)));
    const x = cpToDense(cp(factors));
    const one = cpAls(x, { rank: 3, init: 'svd', tolerance: 1e-13, maxIterations: 300 });
    // as the direct-loop test in cp-tt.test.ts: rounding of the reconstruction, a few hundred ε
    expect(relativeDistance(cpToDense(one.cp), x)).toBeLessThan(1e-12);
    expect(one.relativeError).toBeLessThan(1e-12);
    for (const pool of pools) {
      const r = cpAls(x, { rank: 3, init: 'svd', tolerance: 1e-13, maxIterations: 300, pool });
      expect(r.errors).toEqual(one.errors);
      r.cp.factors.forEach((f, k) => {
        expect(Array.from(f.data)).toEqual(Array.from(one.cp.factors[k]!.data));
      });
    }
  });

  it('refuses wide matrices and bad block sizes', () => {
    expect(() => qrBlocked(mat(2, 3))).toThrow(RangeError);
    expect(() => qrBlocked(mat(3, 2), { block: 0 })).toThrow(/block/);
  });
});

describe('randomized range finder and SVD (Halko, Martinsson & Tropp 2011)', () => {
  const rng = new SeededRng(8);
  const pools = [1, 2].map((workers) => new NodeWorkerPool({ workers }));
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });
  /** U diag(σ) Vᵀ with orthonormal U (m × k), V (n × k) from the QR of Gaussians. */
  const withSpectrum = (m: number, n: number, sigma: number[]) => {
    const k = sigma.length;
    const u = qr(mat(m, k, rng.normalArray(m * k))).q;
    const v = qr(mat(n, k, rng.normalArray(n * k))).q;
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) u.data[i * k + j]! *= sigma[j]!;
    return matmul(u, v, false, true);
  };
  const fro = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));

  it('recovers an exactly rank-5 matrix: U S Vᵀ = A to the rounding of its products', () => {
    const a = withSpectrum(300, 200, [5, 4, 3, 2, 1]);
    const { u, s, v } = randomizedSvd(a, 5, { powerIterations: 0 });
    for (let i = 0; i < 300; i++) for (let j = 0; j < 5; j++) u.data[i * 5 + j]! *= s[j]!;
    const back = matmul(u, v, false, true);
    // products and QRs of length ≤ 300 with entries O(1): 10·m·ε relative (condition of the factors σ₁/σ₅ = 5)
    expect(fro(back.data.map((x, i) => x - a.data[i]!))).toBeLessThanOrEqual(10 * 300 * eps * fro(a.data));
    for (let j = 0; j < 5; j++) expect(Math.abs(s[j]! - (5 - j)) / 5).toBeLessThan(10 * 300 * eps);
  });

  it('meets the bound ‖A − QQᵀA‖ ≤ [1 + 11√l·√min(m, n)] σ_{k+1} (HMT Eq. 1.9) without power iterations', () => {
    const sigma = Array.from({ length: 60 }, (_, j) => 2 ** -j);
    const a = withSpectrum(200, 150, sigma);
    const k = 10;
    for (const powerIterations of [0, 1]) {
      const q = randomizedRange(a, k, { powerIterations });
      expect(q.cols).toBe(k + 8);
      const residual = matmul(q, matmul(q, a, true, false));
      const r = fro(residual.data.map((x, i) => a.data[i]! - x)); // Frobenius ≥ spectral norm
      const bound = (1 + 11 * Math.sqrt(k + 8) * Math.sqrt(150)) * sigma[k]!;
      expect(r).toBeLessThanOrEqual(bound);
      // and Q has orthonormal columns (the QR of the sample): ‖QᵀQ − I‖ at the Householder level √m·l·ε
      const qtq = matmul(q, q, true);
      for (let i = 0; i < q.cols; i++) qtq.data[i * q.cols + i]! -= 1;
      expect(fro(qtq.data)).toBeLessThanOrEqual(Math.sqrt(200) * q.cols * eps);
    }
  });

  it('on a pool of 1 or 2 workers: bit for bit the one-thread result', () => {
    const a = withSpectrum(
      180,
      160,
      Array.from({ length: 40 }, (_, j) => 1 / (1 + j)),
    );
    const one = randomizedSvd(a, 6, { powerIterations: 2, seed: 3 });
    for (const pool of pools) {
      const r = randomizedSvd(a, 6, { powerIterations: 2, seed: 3, pool });
      expect(Array.from(r.u.data)).toEqual(Array.from(one.u.data));
      expect(Array.from(r.s)).toEqual(Array.from(one.s));
    }
    expect(() => randomizedRange(a, 0)).toThrow(/rank/);
  });
});
