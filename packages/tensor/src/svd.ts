import { type DenseTensor, unfoldingGram } from './dense.ts';
import { Gemm } from './gemm.ts';
import { type Mat, mat, matmul, qr, smallSvd, transpose } from './matrix.ts';
import { qrBlocked, qrBlockedR } from './qr-blocked.ts';
import { symmetricEigen } from './symmetric-eigen.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/**
 * How left singular vectors are computed.
 * - `'gram'`: eigen-decomposition of A Aᵀ (the hand-written symmetric eigensolver). Fastest for wide n × n² unfoldings; singular
 *   values below ≈ 1e-8 · σ_max are not resolved (squaring the condition number).
 * - `'qr'`: hand-written Householder QR of Aᵀ (or A, if tall), then ml-matrix SVD of the small triangular factor.
 *   Accurate to machine precision relative to σ_max; about twice the cost of `'gram'`.
 */
export type SvdMethod = 'gram' | 'qr';

/**
 * The default route for a relative accuracy ε: `'gram'` when ε ≥ 1e-6 (or ranks are fixed), `'qr'` below, where the
 * Gram matrix cannot resolve the discarded singular values.
 *
 * @example
 * ```ts
 * defaultSvdMethod(1e-10); // 'qr'
 * ```
 */
export function defaultSvdMethod(eps: number | undefined): SvdMethod {
  return eps === undefined || eps >= 1e-6 ? 'gram' : 'qr';
}

/**
 * Left singular vectors and singular values of A (m × N), k = min(m, N) of them, descending. Tall matrices always
 * take the QR route. The Gram matrix A Aᵀ and the QR of A (or Aᵀ) of more than 32 columns run on the blocked GEMM
 * ({@link qrBlocked}), on `pool` if given (bit-for-bit the one-thread result). Cost O(m N k).
 *
 * @example
 * ```ts
 * const { u, s } = leftSingular(unfold(x, 0), 'gram');
 * ```
 */
export function leftSingular(a: Mat, method: SvdMethod = 'gram', pool?: WorkerPool): { u: Mat; s: Float64Array } {
  const { rows: m, cols: n } = a;
  if (m === 0 || n === 0) return { u: mat(m, 0), s: new Float64Array(0) };
  const withPool = pool ? { pool } : {};
  if (m <= n) {
    if (method === 'gram') return gramToSingular(rowGram(a, pool));
    // Aᵀ = Q R  ⇒  A = Rᵀ Qᵀ, left vectors of A = left vectors of Rᵀ
    const r = m > QR_BLOCK ? qrBlockedR(transpose(a), withPool) : qr(transpose(a)).r;
    const { u, s } = smallSvd(transpose(r));
    return { u, s };
  }
  const { q, r } = n > QR_BLOCK ? qrBlocked(a, withPool) : qr(a);
  const { u, s } = smallSvd(r);
  return { u: matmul(q, u), s };
}

/** Panel width of {@link qrBlocked} here: narrower matrices take the unblocked {@link qr}, which is one panel. */
const QR_BLOCK = 32;

/** A Aᵀ by the blocked GEMM's symmetric rank-k update (rows at unit stride: the dot tile), on `pool` if given. */
function rowGram(a: Mat, pool: WorkerPool | undefined): Mat {
  const { rows: m, cols: n } = a;
  const g = pool ? Gemm.forPool(pool, m * n + m * m + 64) : new Gemm();
  const x = g.reach(a.data);
  const c = g.alloc(m * m);
  g.run({ a: x, b: x, c, aRow: n, aDep: 1, bDep: 1, bCol: n, cRow: m, m, n: m, k: n, lower: true });
  const out = mat(m, m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      const v = c[i * m + j]!;
      out.data[i * m + j] = v;
      out.data[j * m + i] = v;
    }
  return out;
}

/**
 * Left singular vectors of the mode-n unfolding of a dense tensor, by the Gram route without forming the
 * unfolding (`'gram'`), or by QR of the explicit unfolding (`'qr'`). Cost O(size · I_n) plus O(I_n³).
 *
 * @example
 * ```ts
 * const { u, s } = modeSingular(x, 1);
 * ```
 */
export function modeSingular(x: DenseTensor, mode: number, method: SvdMethod, unfolded?: () => Mat): { u: Mat; s: Float64Array } {
  const n = x.shape[mode]!;
  const rest = x.data.length / Math.max(n, 1);
  if (method === 'gram' && n <= rest) return gramToSingular(unfoldingGram(x, mode));
  if (unfolded === undefined) throw new Error('modeSingular: the QR route needs the unfolding');
  return leftSingular(unfolded(), method === 'gram' ? 'qr' : method);
}

/**
 * Left singular vectors and values of A from its Gram matrix A Aᵀ (symmetric eigensolver; eigenvalues clipped at 0,
 * square-rooted, descending). Cost O(n³).
 *
 * @example
 * ```ts
 * const { u, s } = gramToSingular(unfoldingGram(x, 0));
 * ```
 */
export function gramToSingular(g: Mat): { u: Mat; s: Float64Array } {
  // Eigenvalues come ascending: singular values and their vectors are taken in reverse (descending).
  const { values, vectors } = symmetricEigen(g);
  const n = values.length;
  const s = new Float64Array(n);
  const u = mat(n, n);
  for (let k = 0; k < n; k++) {
    s[k] = Math.sqrt(Math.max(values[n - 1 - k]!, 0));
    for (let i = 0; i < n; i++) u.data[i * n + k] = vectors.data[i * n + n - 1 - k]!;
  }
  return { u, s };
}

/**
 * Smallest rank r such that the discarded tail satisfies sqrt(Σ_{j ≥ r} s_j²) ≤ `tailTolerance` (singular values
 * descending). By Eckart–Young this is the minimal rank of a matrix approximation with error ≤ tailTolerance.
 * Returns at least `minRank` (default 1, if any values exist).
 *
 * @example
 * ```ts
 * rankForTolerance(Float64Array.of(3, 2, 1e-9), 1e-6); // 2
 * ```
 */
export function rankForTolerance(s: Float64Array, tailTolerance: number, minRank = 1): number {
  let tail = 0;
  let r = s.length;
  const tol2 = tailTolerance * tailTolerance;
  while (r > 0) {
    const next = tail + s[r - 1]! * s[r - 1]!;
    if (next > tol2) break;
    tail = next;
    r--;
  }
  return Math.min(Math.max(r, minRank), s.length);
}
