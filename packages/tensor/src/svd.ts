import { type DenseTensor, unfoldingGram } from './dense.ts';
import { Gemm } from './gemm.ts';
import { firstColumns, type Mat, mat, matmul, qr, smallSvd, transpose } from './matrix.ts';
import { qrBlocked, qrBlockedR } from './qr-blocked.ts';
import { Random } from './random.ts';
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
  // the arrays read once: property loads inside the loop made each first call's compiled loop deoptimise on exit
  const ud = u.data;
  const vd = vectors.data;
  for (let k = 0; k < n; k++) {
    s[k] = Math.sqrt(Math.max(values[n - 1 - k]!, 0));
    for (let i = 0; i < n; i++) ud[i * n + k] = vd[i * n + n - 1 - k]!;
  }
  return { u, s };
}

/** Extra columns of {@link gramToLeading}'s block beyond the r wanted. */
const LEADING_OVERSAMPLE = 8;
/** Subspace-iteration steps of {@link gramToLeading} before it falls back to the full eigensolver. */
const LEADING_MAX_STEPS = 8;

/**
 * The r leading left singular vectors and values of A from its Gram matrix G = A Aᵀ (n × n, symmetric positive
 * semi-definite), without the full eigen-decomposition when r is small: subspace iteration on a block of
 * b = r + 8 columns with Rayleigh–Ritz (Saad, "Numerical methods for large eigenvalue problems", §5.2; Stewart's
 * SRRIT): Q ← orth(G·W) from a start W (the columns of `start`, e.g. the previous HOOI factor, then seeded uniforms),
 * then repeatedly Z = G Q, the b × b matrix H = Qᵀ Z and its eigenpairs (θ_i, w_i), Ritz vectors u_i = Q w_i.
 * It stops when every wanted pair has ‖G u_i − θ_i u_i‖ ≤ n·ε·θ₁, i.e. a residual of the same order as the full
 * eigensolver's backward error (≈ ε‖G‖, a small multiple), so the vectors are as accurate as
 * {@link gramToSingular}'s; otherwise Q ← orth(Z) and again. The error of the leading subspace shrinks by
 * λ_{b+1}/λ_r per step; after 8 steps without convergence (a flat spectrum) it falls back to {@link gramToSingular}.
 * Deterministic (fixed seed); vectors orthonormal to rounding (Householder QR, orthogonal H eigenvectors). For
 * b > n/2 it is the full eigensolver. Cost per step O(n² b + n b²) against the full solver's ≈ 9 n³ and its long
 * first-call compilation (a 100 × 100 first eigensolve costs tens of ms in a fresh process).
 *
 * @example
 * ```ts
 * const { u, s } = gramToLeading(unfoldingGram(x, 0), 8); // u: n × 8, s: σ₁…σ₈
 * ```
 */
export function gramToLeading(g: Mat, r: number, start?: Mat): { u: Mat; s: Float64Array } {
  const n = g.rows;
  const b = Math.min(n, r + LEADING_OVERSAMPLE);
  if (r <= 0 || 2 * b > n) return truncated(gramToSingular(g), r);
  const gemm = new Gemm();
  const G = g.data;
  // start block W (n × b, row-major): the given vectors first, then seeded uniforms on [−1, 1) (any sub-Gaussian
  // test matrix serves the range finder; uniforms cost a fraction of Box–Muller normals in a fresh process)
  const w = new Float64Array(n * b);
  const given = start !== undefined && start.rows === n ? Math.min(start.cols, b) : 0;
  const noise = new Random(0x1eade).uniformArray(n * (b - given), -1, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < given; j++) w[i * b + j] = start!.data[i * start!.cols + j]!;
    for (let j = given; j < b; j++) w[i * b + j] = noise[i * (b - given) + j - given]!;
  }
  // G·M for an n × b row-major M
  const times = (m: Float64Array) => {
    const z = new Float64Array(n * b);
    gemm.run({ a: G, b: m, c: z, aRow: n, aDep: 1, bDep: b, bCol: 1, cRow: b, m: n, n: b, k: n });
    return z;
  };
  let q = qr(mat(n, b, times(w))).q.data;
  for (let step = 0; step < LEADING_MAX_STEPS; step++) {
    const z = times(q);
    // H = Qᵀ Z (b × b), symmetrised; its eigenvectors W, descending
    const h = new Float64Array(b * b);
    gemm.run({ a: q, b: z, c: h, aRow: 1, aDep: b, bDep: b, bCol: 1, cRow: b, m: b, n: b, k: n });
    for (let i = 0; i < b; i++)
      for (let j = 0; j < i; j++) {
        const v = 0.5 * (h[i * b + j]! + h[j * b + i]!);
        h[i * b + j] = v;
        h[j * b + i] = v;
      }
    const { values, vectors } = symmetricEigen(mat(b, b, h));
    const wd = new Float64Array(b * r);
    const theta = new Float64Array(r);
    for (let j = 0; j < r; j++) {
      theta[j] = values[b - 1 - j]!;
      for (let i = 0; i < b; i++) wd[i * r + j] = vectors.data[i * b + b - 1 - j]!;
    }
    // Ritz vectors U = Q W and G U = Z W (n × r)
    const u = new Float64Array(n * r);
    const gu = new Float64Array(n * r);
    gemm.run({ a: q, b: wd, c: u, aRow: b, aDep: 1, bDep: r, bCol: 1, cRow: r, m: n, n: r, k: b });
    gemm.run({ a: z, b: wd, c: gu, aRow: b, aDep: 1, bDep: r, bCol: 1, cRow: r, m: n, n: r, k: b });
    const tol = n * Number.EPSILON * Math.max(theta[0]!, 0);
    let converged = true;
    for (let j = 0; j < r && converged; j++) {
      let res = 0;
      for (let i = 0; i < n; i++) {
        const d = gu[i * r + j]! - theta[j]! * u[i * r + j]!;
        res += d * d;
      }
      converged = Math.sqrt(res) <= tol;
    }
    if (converged) {
      const s = new Float64Array(r);
      for (let j = 0; j < r; j++) s[j] = Math.sqrt(Math.max(theta[j]!, 0));
      return { u: reorthonormalised(mat(n, r, u)), s };
    }
    q = qr(mat(n, b, z)).q.data;
  }
  return truncated(gramToSingular(g), r);
}

/**
 * U with its columns made orthonormal to the Householder QR's rounding (Q of U = Q R, each column's sign that of
 * R's diagonal, so Q ≈ U): Q W from the block's QR and the small eigensolver is orthonormal to some 10 ε, and
 * HOOI's error estimate sqrt(‖X‖² − ‖G‖²) resolves the orthonormality of its factors to that level.
 */
function reorthonormalised(u: Mat): Mat {
  const { q, r } = qr(u);
  const { rows: n, cols: k } = u;
  for (let j = 0; j < k; j++) if (r.data[j * k + j]! < 0) for (let i = 0; i < n; i++) q.data[i * k + j] = -q.data[i * k + j]!;
  return q;
}

/** The first r vectors and values of a left-singular result. */
function truncated(full: { u: Mat; s: Float64Array }, r: number): { u: Mat; s: Float64Array } {
  return { u: firstColumns(full.u, Math.min(r, full.u.cols)), s: full.s.slice(0, Math.min(r, full.s.length)) };
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
