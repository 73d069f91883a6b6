/**
 * Randomised range finder and SVD (Halko, Martinsson & Tropp, SIAM Review 53 (2011) 217–288): the products with the
 * matrix run on the blocked GEMM of gemm.ts, optionally on a {@link WorkerPool} (bit-for-bit the one-thread result
 * for every worker count, the Gaussian test matrix drawn from a seeded {@link Random}). For the SVD of wide or tall
 * unfoldings when only a few leading singular vectors are wanted and a full Gram matrix or QR would cost more.
 */
import { Gemm } from './gemm.ts';
import { firstColumns, type Mat, mat, matmul, qr, smallSvd, transpose } from './matrix.ts';
import { qrBlocked } from './qr-blocked.ts';
import { Random } from './random.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/** Options of {@link randomizedRange} and {@link randomizedSvd}. */
export interface RandomizedOptions {
  /** Extra columns p beyond the rank (default 8: failure probability of the bound ≤ 6·p⁻ᵖ ≈ 4e-7). */
  readonly oversample?: number;
  /** Subspace (power) iterations q, each re-orthonormalised (default 1). */
  readonly powerIterations?: number;
  /** Seed of the Gaussian test matrix (default 1). */
  readonly seed?: number;
  /** Run the products with A on this pool (A is copied once into shared memory). */
  readonly pool?: WorkerPool;
}

/**
 * An orthonormal basis Q (m × l, l = min(rank + oversample, m, n)) of the range of A Ω (Aᵀ A)^q-sampled
 * (HMT Alg. 4.4): with q = 0, ‖A − Q Qᵀ A‖ ≤ [1 + 11 √l √min(m, n)] σ_{rank+1} with probability ≥ 1 − 6 p⁻ᵖ
 * (HMT Eq. 1.9); each power iteration sharpens the bound by the factor σ_{rank+1}/σ_rank. Cost (2q + 1) · 2 m n l
 * flops in GEMMs plus QRs of m × l and n × l panels.
 *
 * @example
 * ```ts
 * const q = randomizedRange(unfold(x, 0), 8); // n × 16 orthonormal columns
 * ```
 */
export function randomizedRange(a: Mat, rank: number, options: RandomizedOptions = {}): Mat {
  return rangeOn(a, rank, options).q;
}

/**
 * Leading `rank` singular triplets of A by the randomised range finder: B = Qᵀ A (l × n), its SVD through the QR of
 * Bᵀ and ml-matrix's SVD of the l × l triangular factor, U = Q U_B (HMT Alg. 5.1). Singular values descending; accuracy as {@link randomizedRange}'s bound.
 *
 * @example
 * ```ts
 * const { u, s, v } = randomizedSvd(a, 10, { powerIterations: 2 });
 * ```
 */
export function randomizedSvd(a: Mat, rank: number, options: RandomizedOptions = {}): { u: Mat; s: Float64Array; v: Mat } {
  const { q, g, A } = rangeOn(a, rank, options);
  const { rows: m, cols: n } = a;
  const l = q.cols;
  const qa = g.reach(q.data);
  const b = g.alloc(l * n);
  // B (l × n) = Qᵀ A
  g.run({ a: qa, b: A, c: b, aRow: 1, aDep: l, bDep: n, bCol: 1, cRow: n, m: l, n, k: m });
  // B = (Q_b R_b)ᵀ from the QR of Bᵀ (n × l): the SVD of the l × l factor R_bᵀ = U_s S V_sᵀ gives B = U_s S (Q_b V_s)ᵀ
  const bt = transpose(mat(l, n, b.slice()));
  const { q: qb, r: rb } = l > 32 ? qrBlocked(bt) : qr(bt);
  const small = smallSvd(transpose(rb));
  const k = Math.min(rank, small.s.length);
  const ub = firstColumns(small.u, k);
  const u = mat(m, k);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < l; t++) s += q.data[i * l + t]! * ub.data[t * k + j]!;
      u.data[i * k + j] = s;
    }
  return { u, s: small.s.slice(0, k), v: matmul(qb, firstColumns(small.v, k)) };
}

function rangeOn(a: Mat, rank: number, options: RandomizedOptions): { q: Mat; g: Gemm; A: Float64Array } {
  const { rows: m, cols: n } = a;
  const p = options.oversample ?? 8;
  const iterations = options.powerIterations ?? 1;
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`randomized: rank must be a positive integer, got ${rank}`);
  if (!Number.isInteger(p) || p < 0) throw new RangeError(`randomized: oversample must be a non-negative integer, got ${p}`);
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new RangeError(`randomized: powerIterations must be a non-negative integer, got ${iterations}`);
  const l = Math.min(rank + p, m, n);
  const g = options.pool ? Gemm.forPool(options.pool, m * n + 4 * (m + n) * l + 64) : new Gemm();
  const A = g.reach(a.data);
  const rng = new Random(options.seed ?? 1);
  const omega = g.reach(rng.normalArray(n * l));
  // Y (m × l) = A Ω
  let y = g.alloc(m * l);
  g.run({ a: A, b: omega, c: y, aRow: n, aDep: 1, bDep: l, bCol: 1, cRow: l, m, n: l, k: n });
  let q = orthonormal(mat(m, l, y.slice()));
  for (let it = 0; it < iterations; it++) {
    // Z (n × l) = Aᵀ Q, orthonormalised; Y = A Z, orthonormalised (the iteration's arrays freed after it)
    const mark = g.mark();
    const z = g.alloc(n * l);
    g.run({ a: A, b: g.reach(q.data), c: z, aRow: 1, aDep: n, bDep: l, bCol: 1, cRow: l, m: n, n: l, k: m });
    const zq = g.reach(orthonormal(mat(n, l, z.slice())).data);
    y = g.alloc(m * l);
    g.run({ a: A, b: zq, c: y, aRow: n, aDep: 1, bDep: l, bCol: 1, cRow: l, m, n: l, k: n });
    q = orthonormal(mat(m, l, y.slice()));
    g.release(mark);
  }
  return { q, g, A };
}

/** Q of a thin QR on this thread (the pool's arena holds A: a pooled QR would reuse it). */
function orthonormal(y: Mat): Mat {
  return y.cols > 32 ? qrBlocked(y).q : qr(y).q;
}
