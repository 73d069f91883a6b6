import { type CpTensor, cpNormalize, cpRelativeError, khatriRaoRows } from './cp.ts';
import { type DenseTensor, sizeOf, tensor, unfold } from './dense.ts';
import { Gemm } from './gemm.ts';
import { type Mat, mat, matmul, norm2 } from './matrix.ts';
import { Random } from './random.ts';
import { leftSingular } from './svd.ts';
import { symmetricEigen } from './symmetric-eigen.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/** Options of {@link cpAls}. */
export interface CpAlsOptions {
  /** CP rank R. */
  readonly rank: number;
  /** `'svd'`: leading left singular vectors of each unfolding (random columns beyond n_k); `'random'`: Gaussian. */
  readonly init?: 'svd' | 'random' | CpTensor;
  /** Stop when the true relative error ‖X − X̂‖/‖X‖ is at most this (default 1e-13). */
  readonly tolerance?: number;
  /** Stop when the true relative error decreases by less than this fraction between sweeps (default 1e-10). */
  readonly stallTolerance?: number;
  /** Maximum number of sweeps (default 500). */
  readonly maxIterations?: number;
  /** Seed for the random parts of the initialisation. */
  readonly seed?: number;
  /**
   * Run the MTTKRPs and the error's reconstruction as blocked GEMMs on this worker pool (bit-for-bit the one-thread
   * result for every worker count; the tensor is copied once into shared memory). Tensors of at least 2¹⁶ entries
   * take these GEMMs (on this thread without a pool); smaller ones the direct loops on this thread either way.
   */
  readonly pool?: WorkerPool;
}

/** Result of {@link cpAls}. */
export interface CpAlsResult {
  /** Weights hold the column norms; factor columns have unit length. */
  readonly cp: CpTensor;
  /** True relative error after each sweep. */
  readonly errors: readonly number[];
  readonly iterations: number;
  readonly relativeError: number;
  readonly converged: boolean;
}

/**
 * CP alternating least squares (Carroll & Chang; Harshman 1970; Kolda & Bader 2009 §3.4). Mode update
 * A_n ← X₍ₙ₎ (⊙_{k≠n} A_k) (∗_{k≠n} A_kᵀA_k)⁺ with the MTTKRP computed without forming the Khatri–Rao product and the
 * pseudo-inverse from a symmetric eigendecomposition. After each sweep the TRUE relative error is computed by
 * reconstruction, and iteration stops on `tolerance` (error small enough) or `stallTolerance` (no more progress).
 * Cost per sweep O(d · N · R) for the MTTKRPs + O(N · R) for the error + O(d R³), N = Π n_k.
 *
 * @example
 * ```ts
 * const { cp, relativeError } = cpAls(x, { rank: 3, init: 'svd' });
 * ```
 */
export function cpAls(x: DenseTensor, options: CpAlsOptions): CpAlsResult {
  const R = options.rank;
  if (!Number.isInteger(R) || R < 1) throw new RangeError(`CP rank must be a positive integer, got ${R}`);
  const d = x.shape.length;
  if (d < 2) throw new RangeError('CP-ALS needs a tensor of order at least 2');
  if (x.shape.includes(0)) throw new RangeError(`CP-ALS needs a non-empty tensor, got shape (${x.shape.join(', ')})`);
  const tol = options.tolerance ?? 1e-13;
  const stall = options.stallTolerance ?? 1e-10;
  const maxIt = options.maxIterations ?? 500;
  // mulberry32: the stream every published CP-ALS figure was drawn with.
  const rng = Random.mulberry32(options.seed ?? 12345);
  const factors: Mat[] = initFactors(x, R, options.init ?? 'svd', rng, options.pool);
  const weights = new Float64Array(R).fill(1);
  const run = x.data.length >= GEMM_ENTRIES ? gemmRunner(x, R, options.pool) : undefined;
  const errors: number[] = [];
  let converged = false;
  let it = 0;
  while (it < maxIt) {
    it++;
    for (let n = 0; n < d; n++) {
      const m = run ? mttkrpOn(run.g, run.x, factors, n, R) : mttkrp(x, factors, n, R);
      const v = new Float64Array(R * R).fill(1);
      factors.forEach((a, k) => {
        if (k === n) return;
        const g = matmul(a, a, true, false);
        for (let p = 0; p < v.length; p++) v[p]! *= g.data[p]!;
      });
      factors[n] = matmul(m, pseudoInverse(mat(R, R, v)));
    }
    const normalized = cpNormalize({ weights, factors });
    normalized.factors.forEach((a, k) => {
      factors[k] = a;
    });
    weights.set(normalized.weights);
    const err = run ? cpErrorOn(run.g, run.x, weights, factors) : cpRelativeError(x, { weights, factors });
    const prev = errors[errors.length - 1];
    errors.push(err);
    if (err <= tol) {
      converged = true;
      break;
    }
    if (prev !== undefined && Math.abs(prev - err) <= stall * prev) {
      converged = true;
      break;
    }
    // Keep the weights in the first factor during the sweeps.
    if (it < maxIt) absorbWeights(factors[0]!, weights);
  }
  return { cp: { weights, factors }, errors, iterations: it, relativeError: errors[errors.length - 1]!, converged };
}

function absorbWeights(a: Mat, weights: Float64Array): void {
  const R = weights.length;
  for (let i = 0; i < a.rows; i++) for (let r = 0; r < R; r++) a.data[i * R + r]! *= weights[r]!;
  weights.fill(1);
}

function initFactors(x: DenseTensor, R: number, init: 'svd' | 'random' | CpTensor, rng: Random, pool: WorkerPool | undefined): Mat[] {
  const d = x.shape.length;
  if (typeof init === 'object') {
    if (init.factors.length !== d || init.weights.length !== R)
      throw new RangeError('CP-ALS init does not match the tensor order and rank');
    const fs = init.factors.map((a) => mat(a.rows, a.cols, Float64Array.from(a.data)));
    absorbWeights(fs[0]!, Float64Array.from(init.weights));
    return fs;
  }
  return x.shape.map((n, k) => {
    const a = mat(n, R);
    for (let p = 0; p < a.data.length; p++) a.data[p] = rng.normal();
    if (init === 'svd') {
      const { u } = leftSingular(unfold(x, k), 'gram', pool);
      const c = Math.min(R, u.cols);
      for (let i = 0; i < n; i++) for (let r = 0; r < c; r++) a.data[i * R + r] = u.data[i * u.cols + r]!;
    }
    return a;
  });
}

/**
 * Matricised tensor times Khatri–Rao product, M = X₍ₙ₎ (⊙_{k≠n} A_k) (n_n × R), in the C-order unfolding of
 * {@link unfold}, without forming the Khatri–Rao product. Cost O(N · R).
 *
 * @example
 * ```ts
 * const m = mttkrp(x, factors, 1, R);
 * ```
 */
export function mttkrp(x: DenseTensor, factors: readonly Mat[], n: number, R: number): Mat {
  const shape = x.shape;
  const left = khatriRaoRows(factors.slice(0, n), R);
  const right = khatriRaoRows(factors.slice(n + 1), R);
  const L = left.length / R;
  const Rr = right.length / R;
  const I = shape[n]!;
  const out = mat(I, R);
  const z = new Float64Array(R);
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < I; i++) {
      z.fill(0);
      const base = (l * I + i) * Rr;
      for (let q = 0; q < Rr; q++) {
        const xv = x.data[base + q]!;
        if (xv === 0) continue;
        const ro = q * R;
        for (let r = 0; r < R; r++) z[r]! += xv * right[ro + r]!;
      }
      const o = i * R;
      const lo = l * R;
      for (let r = 0; r < R; r++) out.data[o + r]! += z[r]! * left[lo + r]!;
    }
  }
  return out;
}

/** Tensors of at least this many entries take the GEMM path on one thread too. */
const GEMM_ENTRIES = 65536;

/** The GEMM runner of a CP-ALS (on the pool's arena if given, sized for the largest MTTKRP and the error) and X on it. */
function gemmRunner(x: DenseTensor, R: number, pool: WorkerPool | undefined): { g: Gemm; x: DenseTensor } {
  if (!pool) return { g: new Gemm(), x };
  const N = x.data.length;
  const nl = x.shape[x.shape.length - 1]!;
  let extra = N + (N / nl + nl) * R + 64; // the error: the reconstruction, the Khatri–Rao rows, the scaled last factor
  x.shape.forEach((I, n) => {
    const L = sizeOf(x.shape.slice(0, n));
    const Rr = sizeOf(x.shape.slice(n + 1));
    extra = Math.max(extra, (Rr >= L ? L * I + Rr : I * Rr + L) * R + 64);
  });
  extra += x.shape.reduce((a, n) => a + n, 0) * R;
  const g = Gemm.forPool(pool, N + extra);
  const data = g.alloc(N, false);
  data.set(x.data);
  return { g, x: tensor(x.shape, data) };
}

/**
 * {@link mttkrp} as one GEMM over the larger of the two Khatri–Rao sides (X viewed as L × I × Rr, C order) and a
 * weighted sum over the smaller: M[i, r] = Σ_l left[l, r] Σ_q X[l, i, q] right[q, r]. Cost N·R + (I · min(L, Rr) · R).
 */
function mttkrpOn(g: Gemm, x: DenseTensor, factors: readonly Mat[], n: number, R: number): Mat {
  const shape = x.shape;
  const I = shape[n]!;
  const L = sizeOf(shape.slice(0, n));
  const Rr = sizeOf(shape.slice(n + 1));
  const mark = g.mark();
  const out = mat(I, R);
  const o = out.data;
  if (Rr >= L) {
    // T[l, i, r] = Σ_q X[l, i, q] right[q, r]: (L·I × Rr) · (Rr × R)
    const right = g.reach(khatriRaoRows(factors.slice(n + 1), R));
    const t = g.alloc(L * I * R);
    g.run({ a: x.data, b: right, c: t, aRow: Rr, aDep: 1, bDep: R, bCol: 1, cRow: R, m: L * I, n: R, k: Rr });
    const left = khatriRaoRows(factors.slice(0, n), R);
    for (let l = 0; l < L; l++)
      for (let i = 0; i < I; i++) for (let r = 0; r < R; r++) o[i * R + r]! += t[(l * I + i) * R + r]! * left[l * R + r]!;
  } else {
    // S[i, q, r] = Σ_l X[l, i, q] left[l, r]: (I·Rr × L) · (L × R), X read at depth stride I·Rr
    const left = g.reach(khatriRaoRows(factors.slice(0, n), R));
    const t = g.alloc(I * Rr * R);
    g.run({ a: x.data, b: left, c: t, aRow: 1, aDep: I * Rr, bDep: R, bCol: 1, cRow: R, m: I * Rr, n: R, k: L });
    const right = khatriRaoRows(factors.slice(n + 1), R);
    for (let i = 0; i < I; i++)
      for (let q = 0; q < Rr; q++) for (let r = 0; r < R; r++) o[i * R + r]! += t[(i * Rr + q) * R + r]! * right[q * R + r]!;
  }
  g.release(mark);
  return out;
}

/**
 * ‖X − Y‖/‖X‖ by reconstruction as {@link cpRelativeError}, Y = (⊙_{k<d−1} A_k) · (A_{d−1} diag(w))ᵀ as one GEMM
 * ((N/n_{d−1}) × R · R × n_{d−1}). Cost N·R.
 */
function cpErrorOn(g: Gemm, x: DenseTensor, weights: Float64Array, factors: readonly Mat[]): number {
  const R = weights.length;
  const d = factors.length;
  const last = factors[d - 1]!;
  const nl = last.rows;
  const mark = g.mark();
  const left = g.reach(khatriRaoRows(factors.slice(0, d - 1), R));
  const scaled = g.alloc(nl * R, false);
  for (let i = 0; i < nl; i++) for (let r = 0; r < R; r++) scaled[i * R + r] = last.data[i * R + r]! * weights[r]!;
  const y = g.alloc(x.data.length);
  g.run({ a: left, b: scaled, c: y, aRow: R, aDep: 1, bDep: 1, bCol: R, cRow: nl, m: left.length / R, n: nl, k: R });
  for (let i = 0; i < y.length; i++) y[i] = x.data[i]! - y[i]!;
  const nx = norm2(x.data);
  const err = nx === 0 ? norm2(y) : norm2(y) / nx;
  g.release(mark);
  return err;
}

/** Moore–Penrose pseudo-inverse of a symmetric positive semi-definite matrix (eigenvalues below 1e-14 λ_max dropped). */
function pseudoInverse(v: Mat): Mat {
  const n = v.rows;
  const { values, vectors } = symmetricEigen(v);
  const cut = Math.max(values[n - 1] ?? 0, 0) * 1e-14; // eigenvalues ascending: the last is λ_max
  const out = mat(n, n);
  for (let k = 0; k < n; k++) {
    const lam = values[k]!;
    if (!(lam > cut)) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors.data[i * n + k]! / lam;
      for (let j = 0; j < n; j++) out.data[i * n + j]! += vi * vectors.data[j * n + k]!;
    }
  }
  return out;
}
