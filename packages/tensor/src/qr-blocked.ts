/**
 * Blocked Householder QR (LAPACK's dgeqrf / dorgqr scheme) on the blocked GEMM of gemm.ts, optionally on a
 * {@link WorkerPool}. The matrix is held transposed (column j of A is the contiguous row j of W), panels of `block`
 * columns are reduced by unblocked Householder steps (the same reflectors as {@link qr}: v₀ = 1, β = −sign(x₀)‖x‖),
 * and each panel's reflectors H₁⋯H_b = I − V T Vᵀ (compact WY, T upper triangular: dlarft) update the trailing
 * columns with two GEMMs, C ← C − V (Tᵀ (Vᵀ C)). Q is accumulated the same way, panel by panel in reverse. The
 * GEMMs split their output over the workers in whole tiles (gemm.ts), so the factors are bit-for-bit the same for
 * every worker count; the panels and T run on the calling thread.
 */
import { Gemm } from './gemm.ts';
import { householderColumns, type Mat, mat } from './matrix.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/** Options of {@link qrBlocked}. */
export interface QrBlockedOptions {
  /** Panel width (default 32). */
  readonly block?: number;
  /** Run the trailing and Q updates on this pool (bit-for-bit the one-thread factors). */
  readonly pool?: WorkerPool;
}

/**
 * Thin QR of a tall matrix (rows ≥ cols) by blocked Householder reflections: A = Q R with Q (rows × cols)
 * orthonormal columns and R (cols × cols) upper triangular, the same signs as {@link qr} and LAPACK (R's diagonal
 * is −sign(x₀)‖x‖ of each reduced column). Backward stable: ‖A − QR‖ and ‖QᵀQ − I‖ are small multiples of
 * n·ε·‖A‖ and n·ε. Cost 4 rows · cols² − 4/3 cols³ flops, most of it in GEMMs.
 *
 * @example
 * ```ts
 * const { q, r } = qrBlocked(a, { block: 32 }); // matmul(q, r) ≈ a
 * ```
 */
export function qrBlocked(a: Mat, options: QrBlockedOptions = {}): { q: Mat; r: Mat } {
  const f = factor(a, options, true);
  const { g, m, n, nb, w, tau, v, y } = f;
  // Q = H_0 ⋯ H_{n−1} I[:, :n], panel by panel from the last; a panel starting at k0 touches columns and rows ≥ k0
  const wq = g.alloc(n * m);
  for (let j = 0; j < n; j++) wq[j * m + j] = 1;
  for (let k0 = Math.floor((n - 1) / nb) * nb; k0 >= 0; k0 -= nb) {
    const kb = Math.min(nb, n - k0);
    const t = panelReflectors(w, m, k0, kb, tau, v);
    applyPanel(g, v, t, m - k0, kb, wq, k0 * m + k0, m, n - k0, y, false);
  }
  const q = mat(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q.data[i * n + j] = wq[j * m + i]!;
  return { q, r: f.r };
}

/**
 * The R factor alone of {@link qrBlocked} (half the work: Q is not formed), e.g. for the singular values and left
 * singular vectors of a wide A through Aᵀ = Q R.
 *
 * @example
 * ```ts
 * const r = qrBlockedR(transpose(a)); // A Aᵀ = Rᵀ R
 * ```
 */
export function qrBlockedR(a: Mat, options: QrBlockedOptions = {}): Mat {
  return factor(a, options, false).r;
}

/** The blocked reduction: R, and the reflectors left in `w` (with τ) and the GEMM buffers for forming Q. */
function factor(a: Mat, options: QrBlockedOptions, withQ: boolean) {
  const m = a.rows;
  const n = a.cols;
  if (m < n) throw new RangeError(`qrBlocked needs rows ≥ cols, got ${m} × ${n}`);
  const nb = options.block ?? 32;
  if (!Number.isInteger(nb) || nb < 1) throw new RangeError(`qrBlocked: block must be a positive integer, got ${nb}`);
  const g = options.pool ? Gemm.forPool(options.pool, (withQ ? 2 : 1) * n * m + nb * m + nb * n + 64) : new Gemm();
  const w = g.alloc(n * m, false);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a.data[i * n + j]!;
  const tau = new Float64Array(n);
  const v = g.alloc(nb * m, false);
  const y = g.alloc(nb * n, false);
  for (let k0 = 0; k0 < n; k0 += nb) {
    const kb = Math.min(nb, n - k0);
    householderColumns(w, m, k0, k0 + kb, tau);
    if (k0 + kb === n) break;
    const t = panelReflectors(w, m, k0, kb, tau, v);
    applyPanel(g, v, t, m - k0, kb, w, k0 * m + k0 + kb * m, m, n - k0 - kb, y, true);
  }
  const r = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r.data[i * n + j] = w[j * m + i]!;
  return { g, m, n, nb, w, tau, v, y, r };
}

/**
 * The panel's reflectors as explicit rows of `v` (kb × (m − k0): zeros before the unit entry) and the upper
 * triangular T (kb × kb, row-major) with H_{k0} ⋯ H_{k0+kb−1} = I − V T Vᵀ (LAPACK dlarft, forward, columnwise:
 * T[i][i] = τᵢ, T[0:i, i] = −τᵢ T[0:i, 0:i] (Vᵀ vᵢ)[0:i]).
 */
function panelReflectors(w: Float64Array, m: number, k0: number, kb: number, tau: Float64Array, v: Float64Array): Float64Array {
  const mm = m - k0;
  for (let t = 0; t < kb; t++) {
    const row = t * mm;
    const src = (k0 + t) * m + k0;
    for (let i = 0; i < t; i++) v[row + i] = 0;
    v[row + t] = 1;
    for (let i = t + 1; i < mm; i++) v[row + i] = w[src + i]!;
  }
  const T = new Float64Array(kb * kb);
  const dots = new Float64Array(kb);
  for (let i = 0; i < kb; i++) {
    const ti = tau[k0 + i]!;
    T[i * kb + i] = ti;
    if (ti === 0) continue;
    for (let l = 0; l < i; l++) {
      let s = 0;
      for (let p = i; p < mm; p++) s += v[l * mm + p]! * v[i * mm + p]!; // vᵢ is zero before p = i
      dots[l] = s;
    }
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let l = j; l < i; l++) s += T[j * kb + l]! * dots[l]!;
      T[j * kb + i] = -ti * s;
    }
  }
  return T;
}

/**
 * C ← (I − V T' Vᵀ) C for the nc columns of C stored as rows of `c` (offset `cOff`, row stride `cRow`, length mm),
 * with T' = Tᵀ (`transposeT`: Qᵀ applied to the trailing columns) or T (Q accumulated): Y = Vᵀ C and
 * C += (−T'Y)ᵀ-rows · V as two GEMMs on `g`; T'Y (kb × nc) in between on this thread.
 */
function applyPanel(
  g: Gemm,
  v: Float64Array,
  T: Float64Array,
  mm: number,
  kb: number,
  c: Float64Array,
  cOff: number,
  cRow: number,
  nc: number,
  y: Float64Array,
  transposeT: boolean,
): void {
  y.fill(0, 0, kb * nc);
  // Y (kb × nc) = V (kb rows of length mm) · Cᵀ (row j of c is column j of C)
  g.run({ a: v, b: c, c: y, aRow: mm, aDep: 1, bOff: cOff, bDep: 1, bCol: cRow, cRow: nc, m: kb, n: nc, k: mm });
  // Y ← −T'Y in place, rows in the order that leaves the rows still to be read untouched
  if (transposeT) {
    // (TᵀY)[i] = Σ_{l ≤ i} T[l][i] Y[l]: from the last row up
    for (let i = kb - 1; i >= 0; i--) {
      for (let j = 0; j < nc; j++) {
        let s = 0;
        for (let l = 0; l <= i; l++) s += T[l * kb + i]! * y[l * nc + j]!;
        y[i * nc + j] = -s;
      }
    }
  } else {
    // (TY)[i] = Σ_{l ≥ i} T[i][l] Y[l]: from the first row down
    for (let i = 0; i < kb; i++) {
      for (let j = 0; j < nc; j++) {
        let s = 0;
        for (let l = i; l < kb; l++) s += T[i * kb + l]! * y[l * nc + j]!;
        y[i * nc + j] = -s;
      }
    }
  }
  // C (as rows) += (−T'Y)ᵀ · V: entry (j, p) of the product is Σ_i Y[i][j] · V[i][p]
  g.run({ a: y, b: v, c, aRow: 1, aDep: nc, bDep: mm, bCol: 1, cOff, cRow, m: nc, n: mm, k: kb });
}
