import { type DenseTensor, unfoldingGram } from './dense.ts';
import { type Mat, mat, matmul, qr, smallSvd, transpose } from './matrix.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

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
 * take the QR route. Cost O(m N k).
 *
 * @example
 * ```ts
 * const { u, s } = leftSingular(unfold(x, 0), 'gram');
 * ```
 */
export function leftSingular(a: Mat, method: SvdMethod = 'gram'): { u: Mat; s: Float64Array } {
  const { rows: m, cols: n } = a;
  if (m === 0 || n === 0) return { u: mat(m, 0), s: new Float64Array(0) };
  if (m <= n) {
    if (method === 'gram') return gramToSingular(matmul(a, a, false, true));
    const { r } = qr(transpose(a)); // Aᵀ = Q R  ⇒  A = Rᵀ Qᵀ, left vectors of A = left vectors of Rᵀ
    const { u, s } = smallSvd(transpose(r));
    return { u, s };
  }
  const { q, r } = qr(a);
  const { u, s } = smallSvd(r);
  return { u: matmul(q, u), s };
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
