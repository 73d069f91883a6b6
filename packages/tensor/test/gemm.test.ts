/**
 * The blocked GEMM behind the mode products, Gram matrices and HOOI (issue 16): against naive float64 triple loops,
 * on one thread and on the worker pool (bit-for-bit the same for 1, 2 and 3 workers), and HOOI on the issue's
 * 100³ tensor against the numpy peer (bench/reference/hooi_peer.py, tensorly 0.9's algorithm).
 */
import { SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type DenseTensor, modeProductOn, unfoldingGramOn } from '../src/dense.ts';
import { Gemm, splitOutput } from '../src/gemm.ts';
import { hooi, hosvd, mat, modeProduct, relativeDistance, tensor, tensorFromFunction, tuckerToDense, unfoldingGram } from '../src/index.ts';
import { NodeWorkerPool } from '../src/node/index.ts';

const rng = new SeededRng(16);
const pools = [1, 2, 3].map((workers) => new NodeWorkerPool({ workers }));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** Naive X ×_n M (M: J × I_n, or I_n × J when transposed) by the definition, and Σ|M||X| for the error bound. */
function naiveModeProduct(x: DenseTensor, m: { rows: number; cols: number; data: Float64Array }, mode: number, t: boolean) {
  const L = x.shape.slice(0, mode).reduce((a, b) => a * b, 1);
  const I = x.shape[mode]!;
  const R = x.shape.slice(mode + 1).reduce((a, b) => a * b, 1);
  const J = t ? m.cols : m.rows;
  const y = new Float64Array(L * J * R);
  const abs = new Float64Array(L * J * R);
  for (let l = 0; l < L; l++)
    for (let j = 0; j < J; j++)
      for (let r = 0; r < R; r++) {
        let s = 0;
        let a = 0;
        for (let i = 0; i < I; i++) {
          const w = t ? m.data[i * J + j]! : m.data[j * I + i]!;
          s += w * x.data[(l * I + i) * R + r]!;
          a += Math.abs(w * x.data[(l * I + i) * R + r]!);
        }
        y[(l * J + j) * R + r] = s;
        abs[(l * J + j) * R + r] = a;
      }
  return { y, abs, k: I };
}

/** Naive Gram of the mode-n unfolding: G[i, j] = Σ_{l, r} X[l, i, r] X[l, j, r], and Σ|·|. */
function naiveGram(x: DenseTensor, mode: number) {
  const L = x.shape.slice(0, mode).reduce((a, b) => a * b, 1);
  const I = x.shape[mode]!;
  const R = x.shape.slice(mode + 1).reduce((a, b) => a * b, 1);
  const g = new Float64Array(I * I);
  const abs = new Float64Array(I * I);
  for (let i = 0; i < I; i++)
    for (let j = 0; j < I; j++)
      for (let l = 0; l < L; l++)
        for (let r = 0; r < R; r++) {
          const p = x.data[(l * I + i) * R + r]! * x.data[(l * I + j) * R + r]!;
          g[i * I + j]! += p;
          abs[i * I + j]! += Math.abs(p);
        }
  return { g, abs, k: L * R };
}

/**
 * |computed − exact| ≤ γ_k Σ|a||b| with γ_k = kε/(1 − kε) (Higham, Accuracy and Stability, eq. 3.5), for both the
 * kernel and the naive loop (both sum k products in some order), so twice the bound between them.
 */
function expectWithinGemmBound(got: Float64Array, ref: Float64Array, abs: Float64Array, k: number, what: string) {
  const gamma = (k * Number.EPSILON) / (1 - k * Number.EPSILON);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!) - 2 * gamma * abs[i]!);
  expect(got.length, what).toBe(ref.length);
  expect(worst, what).toBeLessThanOrEqual(0);
}

// shapes with sizes of every residue mod 4 (the 4×4 tiles' edges) and a long last mode (the cache chunks)
const shapes = [
  [7, 9, 6],
  [5, 13, 301],
  [33, 2, 10],
  [4, 3, 2, 5],
];

describe('blocked GEMM: mode products and Gram matrices against the naive definition', () => {
  it('modeProduct, with M and with Mᵀ, in every mode', () => {
    for (const shape of shapes) {
      const x = tensor(shape, rng.normalArray(shape.reduce((a, b) => a * b, 1)));
      shape.forEach((n, mode) => {
        for (const t of [false, true]) {
          const J = 1 + ((n + mode) % 6);
          const m = t ? mat(n, J, rng.normalArray(n * J)) : mat(J, n, rng.normalArray(n * J));
          const ref = naiveModeProduct(x, m, mode, t);
          const y = modeProduct(x, m, mode, t);
          expect(y.shape[mode]).toBe(J);
          expectWithinGemmBound(y.data, ref.y, ref.abs, ref.k, `[${shape}] mode ${mode} transposed ${t}`);
        }
      });
    }
  });

  it('unfoldingGram in every mode (symmetric)', () => {
    for (const shape of shapes) {
      const x = tensor(shape, rng.normalArray(shape.reduce((a, b) => a * b, 1)));
      shape.forEach((n, mode) => {
        const ref = naiveGram(x, mode);
        const g = unfoldingGram(x, mode);
        expectWithinGemmBound(g.data, ref.g, ref.abs, ref.k, `[${shape}] Gram of mode ${mode}`);
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(g.data[i * n + j]).toBe(g.data[j * n + i]);
      });
    }
  });

  it('a plain strided product C += A·Bᵀ with batches accumulates into C', () => {
    // C (b × 6 × 5) starts at 1; A_t (6 × 11), B_t (5 × 11) row-major per batch t
    const nb = 3;
    const a = rng.normalArray(nb * 66);
    const b = rng.normalArray(nb * 55);
    const c = new Float64Array(nb * 30).fill(1);
    new Gemm().run({ a, b, c, aRow: 11, aDep: 1, aBat: 66, bDep: 1, bCol: 11, bBat: 55, cRow: 5, cBat: 30, nb, m: 6, n: 5, k: 11, kc: 4 });
    for (let t = 0; t < nb; t++)
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 5; j++) {
          let s = 1;
          let abs = 1;
          for (let p = 0; p < 11; p++) {
            s += a[t * 66 + i * 11 + p]! * b[t * 55 + j * 11 + p]!;
            abs += Math.abs(a[t * 66 + i * 11 + p]! * b[t * 55 + j * 11 + p]!);
          }
          // 11 products plus the initial 1 and three chunk additions: γ_15 Σ|·| each side
          expect(Math.abs(c[t * 30 + i * 5 + j]! - s)).toBeLessThanOrEqual(2 * 15 * Number.EPSILON * abs);
        }
  });

  it('splitOutput covers the output once, in whole tiles', () => {
    for (const [m, n, lower, parts] of [
      [100, 100, true, 3],
      [8, 10000, false, 2],
      [10000, 8, false, 5],
      [3, 3, false, 4],
    ] as const) {
      const hit = new Int32Array(m * n);
      for (const [i0, i1, j0, j1] of splitOutput(m, n, lower, parts)) {
        expect(i0 % 4).toBe(0);
        expect(j0 % 4).toBe(0);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) hit[i * n + j]!++;
      }
      expect(hit.every((h) => h === 1)).toBe(true);
    }
  });
});

describe('GEMM on the worker pool: the one-thread result bit for bit', () => {
  const shape = [24, 37, 30];
  const x = tensor(shape, rng.normalArray(24 * 37 * 30));
  const serial = new Gemm();

  it('mode products and Gram matrices for 1, 2 and 3 workers', () => {
    for (const pool of pools) {
      const g = new Gemm(pool, x.data.length + 200_000);
      const gx = tensor(shape, g.alloc(x.data.length));
      gx.data.set(x.data);
      shape.forEach((n, mode) => {
        const u = mat(n, 8, rng.normalArray(n * 8));
        const gu = mat(n, 8, g.alloc(n * 8));
        gu.data.set(u.data);
        const mark = g.mark();
        expect(Array.from(modeProductOn(g, gx, gu, mode, true).data), `mode ${mode}, ${pool.size} workers`).toEqual(
          Array.from(modeProductOn(serial, x, u, mode, true).data),
        );
        expect(Array.from(unfoldingGramOn(g, gx, mode).data)).toEqual(Array.from(unfoldingGramOn(serial, x, mode).data));
        g.release(mark);
      });
    }
  });

  it('hosvd and hooi with a pool equal the one-thread decomposition for 1, 2 and 3 workers', () => {
    const y = tensorFromFunction([30, 28, 26], ([i, j, k]) => 1 / (1 + i! + 2 * j! + 3 * k!));
    const one = hooi(y, { ranks: [4, 5, 3], maxIterations: 3, tolerance: 0 });
    const h1 = hosvd(y, { eps: 1e-6 });
    const st1 = hooi(y, { ranks: [4, 5, 3], maxIterations: 2, tolerance: 0, init: 'sthosvd' });
    const stEps1 = hooi(y, { eps: 1e-6, maxIterations: 2, init: 'sthosvd' });
    for (const pool of pools) {
      const stEps = hooi(y, { eps: 1e-6, maxIterations: 2, init: 'sthosvd', pool });
      expect(Array.from(stEps.tucker.core.data)).toEqual(Array.from(stEps1.tucker.core.data));
      const st = hooi(y, { ranks: [4, 5, 3], maxIterations: 2, tolerance: 0, init: 'sthosvd', pool });
      expect(Array.from(st.tucker.core.data)).toEqual(Array.from(st1.tucker.core.data));
      expect(st.errors).toEqual(st1.errors);
      const r = hooi(y, { ranks: [4, 5, 3], maxIterations: 3, tolerance: 0, pool });
      expect(Array.from(r.tucker.core.data)).toEqual(Array.from(one.tucker.core.data));
      r.tucker.factors.forEach((u, k) => {
        expect(Array.from(u.data)).toEqual(Array.from(one.tucker.factors[k]!.data));
      });
      expect(r.errors).toEqual(one.errors);
      const h = hosvd(y, { eps: 1e-6, pool });
      expect(Array.from(h.tucker.core.data)).toEqual(Array.from(h1.tucker.core.data));
    }
  });
});

describe("HOOI on the issue's tensor", () => {
  it('rank 8 of 1/√(x² + y² + z²) on 100³ points of [0.1, 1]³: the numpy peer’s error', () => {
    const n = 100;
    const grid = (i: number) => 0.1 + (0.9 * i) / (n - 1);
    const x = tensorFromFunction([n, n, n], ([i, j, k]) => 1 / Math.sqrt(grid(i!) ** 2 + grid(j!) ** 2 + grid(k!) ** 2));
    const r = hooi(x, { ranks: [8, 8, 8] });
    const err = relativeDistance(tuckerToDense(r.tucker), x);
    // numpy peer (tensorly 0.9's algorithm, bench/reference/hooi_peer.py): 5.733391095e-7 after 3 sweeps; its sweep 1
    // gives 5.733393e-7 (4e-7 relative above) and the HOSVD start 5.736085e-7 (4.7e-4 above), so 1e-4 relative
    // tells a HOOI sweep from the HOSVD start.
    expect(Math.abs(err - 5.733391095e-7) / 5.733391095e-7).toBeLessThan(1e-4);
    // the compensated estimate sqrt(‖X‖² − ‖G‖²)/‖X‖ is good to a few ε in e² (8ε/e² ≈ 5e-3 relative here)
    expect(Math.abs(r.relativeError - err) / err).toBeLessThan(5e-3);
    // from the sequentially truncated HOSVD (the CLI's start): the same optimum, the peer's error to the same 1e-4
    const st = hooi(x, { ranks: [8, 8, 8], init: 'sthosvd' });
    expect(st.iterations).toBeGreaterThanOrEqual(1);
    const stErr = relativeDistance(tuckerToDense(st.tucker), x);
    expect(Math.abs(stErr - 5.733391095e-7) / 5.733391095e-7).toBeLessThan(1e-4);
  });
});
