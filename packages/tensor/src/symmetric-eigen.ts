/**
 * Eigendecomposition of a dense real symmetric matrix on flat `Float64Array` storage, hand-written for speed in
 * JavaScript (ml-matrix's `EigenvalueDecomposition` does the same mathematics through `Matrix.get/set`).
 *
 * Three phases, each with contiguous inner loops over row-major rows and several rows per pass (so that loads
 * of shared vectors are amortised and independent dependency chains hide the floating-point latency):
 *
 * 1. Householder tridiagonalisation from the last row upwards, on the lower triangle: step i reflects row i's
 *    entries 0…i−1 onto entry i−1 with H = I − u uᵀ / h and updates the leading i×i block by the symmetric
 *    rank-2 update B ← B − u qᵀ − q uᵀ (q = p − (uᵀp / 2h) u, p = B u / h). The update of step i and the
 *    matrix–vector product p of step i−1 run in the same pass over the block (two rows at a time), so the block
 *    is streamed once per step instead of twice (LAPACK's dsytrd blocks this further; we do not).
 * 2. Explicit accumulation of Q = H_{n−1} ⋯ H_1 (so that A = Q T Qᵀ) through Qᵀ, whose rows are independent:
 *    eight rows at a time take all reflectors in turn while they stay in cache; then one tiled transpose.
 * 3. Implicit QL iterations with Wilkinson shifts on the tridiagonal T, with deflation when |e_m| ≤ ε‖T‖ or
 *    |e_m| ≤ ε(|d_m| + |d_{m+1}|). The Givens rotations of several QL sweeps are recorded and then applied row by
 *    row of Q (as LAPACK's dsteqr/dlasr apply one sweep), carrying the rotated entry in a register, eight rows
 *    at a time and two sweeps per pass: each row segment is loaded once per batch of sweeps and rotated in cache.
 *
 * Cost ≈ 4/3 n³ + 4/3 n³ + ~6 n³ flops (the QL vector updates: ~2 sweeps per eigenvalue measured); memory ≈ 3 n²
 * doubles at peak. 4.5–6× faster than ml-matrix's `EigenvalueDecomposition` for n ≥ 755 (packages/mlip/bench/eigen.ts,
 * docs/benchmarks/mlip.md), which is why it replaced it as the repository's one symmetric eigensolver.
 */
import { type Mat, mat } from './matrix.ts';

/**
 * Eigenvalues in ASCENDING order (the one ordering of the repository, as LAPACK's dsyev and NumPy's `eigh`) and
 * orthonormal eigenvectors of a real symmetric matrix: `vectors` is n×n with the eigenvectors as COLUMNS, so
 * component k of the eigenvector of `values[j]` is `vectors.data[k * n + j]` and A V = V diag(values).
 */
export interface SymmetricEigenResult {
  readonly values: Float64Array;
  readonly vectors: Mat;
}

/**
 * Eigendecomposition A = V Λ Vᵀ of a symmetric n×n matrix, eigenvalues ascending (see {@link SymmetricEigenResult}).
 * Only the upper triangle (`a.data[i * n + j]` with j ≥ i) is read, so a full symmetric matrix or one holding just
 * its upper triangle both work (the flat `Float64Array` of a hot loop is wrapped without a copy by `mat(n, n, data)`).
 * The input is not modified; a non-square matrix or a non-finite entry throws a `RangeError`. Accuracy is norm-wise
 * backward stable: ‖A V − V Λ‖ and the eigenvalue errors are a small multiple of ε‖A‖. Cost ≈ 9 n³ flops.
 *
 * @example
 * ```ts
 * // 3×3 tridiagonal Toeplitz (2 on the diagonal, −1 off it): λ_k = 2 − 2 cos(kπ/4)
 * const { values, vectors } = symmetricEigen(matFromRows([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]));
 * values; // [2 − √2, 2, 2 + √2]
 * vectors.data[0 * 3 + 2]; // first component of the eigenvector of 2 + √2: ±1/2
 * ```
 */
export function symmetricEigen(matrix: Mat): SymmetricEigenResult {
  if (matrix.rows !== matrix.cols) throw new RangeError(`symmetricEigen needs a square matrix, got ${matrix.rows} × ${matrix.cols}`);
  const n = matrix.rows;
  const a = matrix.data;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: mat(0, 0) };
  // Lower-triangle working copy: work[j·n + k] = a[k·n + j] for k ≤ j.
  const work = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = k * n;
    for (let j = k; j < n; j++) {
      const v = a[src + j] as number;
      if (!Number.isFinite(v)) throw new RangeError(`symmetricEigen: entry (${k}, ${j}) is ${v}, expected a finite number`);
      work[j * n + k] = v;
    }
  }
  const h = new Float64Array(n);
  tridiagonalise(work, n, d, e, h);
  const q = accumulateReflectors(work, n, h);
  tridiagonalQL(d, e, q, n);
  return sortAscending(d, q, n);
}

/**
 * Householder reduction of the lower triangle of `A` (in place) to tridiagonal form: on return `d` is the
 * diagonal, `e[i]` the entry between rows i and i+1, and row i of `A` (entries 0…i−1) holds the reflector u_i
 * with `h[i]` = uᵢᵀuᵢ / 2 (0 when step i needed no reflection).
 */
function tridiagonalise(A: Float64Array, n: number, d: Float64Array, e: Float64Array, h: Float64Array): void {
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  // Step n−1 is prepared here; every later step's reflector and matrix–vector product come from the fused pass.
  let i = n - 1;
  let hi = i >= 1 ? makeReflector(A, n, i, e) : 0;
  if (hi !== 0) symmetricMatVec(A, n, i, i * n, p);
  for (; i >= 1; i--) {
    const ui = i * n; // offset of u_i (row i)
    h[i] = hi;
    if (hi === 0) {
      // Nothing to reflect: go straight to the next row's reflector and product on the unchanged block.
      if (i - 1 >= 1) {
        hi = makeReflector(A, n, i - 1, e);
        if (hi !== 0) symmetricMatVec(A, n, i - 1, (i - 1) * n, p);
      }
      continue;
    }
    // p ← B u / h, K = uᵀp / 2h, q = p − K u.
    let upSum = 0;
    for (let k = 0; k < i; k++) {
      const pk = (p[k] as number) / hi;
      p[k] = pk;
      upSum += (A[ui + k] as number) * pk;
    }
    const K = upSum / (2 * hi);
    for (let k = 0; k < i; k++) q[k] = (p[k] as number) - K * (A[ui + k] as number);
    // Update the last row of the block first (it defines the next reflector), then fuse the update of rows
    // 0…i−2 with the product p' = B' u' of the next step.
    const last = (i - 1) * n;
    {
      const ul = A[ui + i - 1] as number;
      const ql = q[i - 1] as number;
      for (let k = 0; k < i; k++) A[last + k] = (A[last + k] as number) - ul * (q[k] as number) - ql * (A[ui + k] as number);
    }
    const next = i - 1;
    hi = next >= 1 ? makeReflector(A, n, next, e) : 0;
    if (hi !== 0) fusedUpdate(A, n, ui, last, next, q, p);
    else rank2Update(A, n, ui, next, q);
  }
  h[0] = 0;
  for (let k = 0; k < n; k++) d[k] = A[k * n + k] as number;
  e[n - 1] = 0;
}

/**
 * Step i's symmetric rank-2 update of rows 0…next−1 (B ← B − u qᵀ − q uᵀ, u = row `ui`) fused with the next step's
 * product p = B u' (u' = row `last`), two rows at a time. A function of its own (called once per step, n times per
 * eigensolve) so that V8 optimises it after a few steps of the first call instead of running it in the interpreter
 * until on-stack replacement of the whole reduction: same operations in the same order.
 */
function fusedUpdate(A: Float64Array, n: number, ui: number, last: number, next: number, q: Float64Array, p: Float64Array): void {
  p.fill(0, 0, next);
  // Two rows at a time share the loads of q, u, u' and p.
  let j = 0;
  for (; j + 1 < next; j += 2) {
    const row0 = j * n;
    const row1 = row0 + n;
    const uj0 = A[ui + j] as number;
    const qj0 = q[j] as number;
    const vj0 = A[last + j] as number;
    const uj1 = A[ui + j + 1] as number;
    const qj1 = q[j + 1] as number;
    const vj1 = A[last + j + 1] as number;
    let acc0 = 0;
    let acc1 = 0;
    for (let k = 0; k < j; k++) {
      const qk = q[k] as number;
      const uk = A[ui + k] as number;
      const vk = A[last + k] as number;
      const a0 = (A[row0 + k] as number) - uj0 * qk - qj0 * uk;
      const a1 = (A[row1 + k] as number) - uj1 * qk - qj1 * uk;
      A[row0 + k] = a0;
      A[row1 + k] = a1;
      acc0 += a0 * vk;
      acc1 += a1 * vk;
      p[k] = (p[k] as number) + a0 * vj0 + a1 * vj1;
    }
    const diag0 = (A[row0 + j] as number) - 2 * uj0 * qj0;
    A[row0 + j] = diag0;
    const off = (A[row1 + j] as number) - uj1 * qj0 - qj1 * uj0;
    A[row1 + j] = off;
    const diag1 = (A[row1 + j + 1] as number) - 2 * uj1 * qj1;
    A[row1 + j + 1] = diag1;
    p[j] = (p[j] as number) + acc0 + diag0 * vj0 + off * vj1;
    p[j + 1] = (p[j + 1] as number) + acc1 + off * vj0 + diag1 * vj1;
  }
  for (; j < next; j++) {
    const row = j * n;
    const uj = A[ui + j] as number;
    const qj = q[j] as number;
    const vj = A[last + j] as number; // u'_j
    let acc = 0;
    for (let k = 0; k < j; k++) {
      const v = (A[row + k] as number) - uj * (q[k] as number) - qj * (A[ui + k] as number);
      A[row + k] = v;
      acc += v * (A[last + k] as number);
      p[k] = (p[k] as number) + v * vj;
    }
    const diag = (A[row + j] as number) - 2 * uj * qj;
    A[row + j] = diag;
    p[j] = (p[j] as number) + acc + diag * vj;
  }
}

/** Step i's rank-2 update alone (the next step needs no product: its row is already reduced). */
function rank2Update(A: Float64Array, n: number, ui: number, next: number, q: Float64Array): void {
  for (let j = 0; j < next; j++) {
    const row = j * n;
    const uj = A[ui + j] as number;
    const qj = q[j] as number;
    for (let k = 0; k <= j; k++) A[row + k] = (A[row + k] as number) - uj * (q[k] as number) - qj * (A[ui + k] as number);
  }
}

/**
 * Turns row i's entries 0…i−1 into the Householder vector u (in place) that maps them onto a multiple of
 * e_{i−1}; sets `e[i−1]` to that multiple and returns h = uᵀu / 2 (0 when the row is already reduced).
 */
function makeReflector(A: Float64Array, n: number, i: number, e: Float64Array): number {
  const row = i * n;
  let scale = 0;
  for (let k = 0; k < i - 1; k++) scale = Math.max(scale, Math.abs(A[row + k] as number));
  const alpha = A[row + i - 1] as number;
  if (scale === 0) {
    e[i - 1] = alpha;
    return 0;
  }
  scale = Math.max(scale, Math.abs(alpha));
  let sigma2 = 0;
  for (let k = 0; k < i; k++) {
    const x = (A[row + k] as number) / scale;
    A[row + k] = x;
    sigma2 += x * x;
  }
  const a = alpha / scale;
  const sigma = a >= 0 ? -Math.sqrt(sigma2) : Math.sqrt(sigma2);
  A[row + i - 1] = a - sigma;
  e[i - 1] = scale * sigma;
  return sigma2 - a * sigma;
}

/** p[0…m−1] = B u for the leading m×m block B of the lower triangle of A and u at offset `uOffset` of A. */
function symmetricMatVec(A: Float64Array, n: number, m: number, uOffset: number, p: Float64Array): void {
  p.fill(0, 0, m);
  for (let j = 0; j < m; j++) {
    const row = j * n;
    const uj = A[uOffset + j] as number;
    let acc = 0;
    for (let k = 0; k < j; k++) {
      const v = A[row + k] as number;
      acc += v * (A[uOffset + k] as number);
      p[k] = (p[k] as number) + v * uj;
    }
    p[j] = (p[j] as number) + acc + (A[row + j] as number) * uj;
  }
}

/**
 * Q = H_{n−1} ⋯ H_1 from the reflectors left in A by {@link tridiagonalise} (row-major, so that A = Q T Qᵀ).
 *
 * Built through its transpose, whose rows are independent: row r of Qᵀ is e_rᵀ H_1 H_2 ⋯ H_{n−1}, and H_k (which
 * acts on entries 0…k−1) leaves e_r alone for k ≤ r, so row r starts at H_{r+1}. Each step x ← x − (x·u_k / h_k) u_kᵀ
 * is fused with the dot product x·u_{k'} of the next reflector, eight rows at a time: the rows stay in cache while
 * the reflectors stream past, instead of the whole of Q being streamed once per reflector.
 */
function accumulateReflectors(A: Float64Array, n: number, h: Float64Array): Float64Array {
  const active: number[] = [];
  for (let k = 1; k < n; k++) if ((h[k] as number) !== 0) active.push(k);
  // Rows n… up to a multiple of 8 are zero padding (they stay zero), so the loops below always take 8 rows.
  const QT = new Float64Array(8 * Math.ceil(n / 8) * n);
  for (let k = 0; k < n; k++) QT[k * n + k] = 1;
  let first = 0; // index in `active` of the first reflector with k > r
  for (let r = 0; r < n; r += 8) {
    while (first < active.length && (active[first] as number) <= r) first++;
    if (first >= active.length) break;
    reflectEightRows(A, QT, n, h, active, first, r * n);
  }
  return transposeSquare(QT, n);
}

/**
 * Rows x0/n … x0/n + 7 of Qᵀ (offset `x0`) through the reflectors `active[first…]` in turn, each step fused with the
 * next reflector's dot products ({@link accumulateReflectors}). A function of its own, called n/8 times per
 * eigensolve, so that V8 optimises it early in the first call instead of waiting for on-stack replacement of the
 * whole accumulation: same operations in the same order. Deliberate hot-loop specialisation: the eight rows'
 * accumulators d0…d7 and their updates are written out (an array of them would leave the registers), like the 4×4
 * register tiles `tile4x4` (gemm.ts) and `dotTile4x4` (dot-tile.ts).
 */
function reflectEightRows(
  A: Float64Array,
  QT: Float64Array,
  n: number,
  h: Float64Array,
  active: readonly number[],
  first: number,
  x0: number,
): void {
  const x1 = x0 + n;
  const x2 = x1 + n;
  const x3 = x2 + n;
  const x4 = x3 + n;
  const x5 = x4 + n;
  const x6 = x5 + n;
  const x7 = x6 + n;
  let k = active[first] as number;
  let uk = k * n;
  let d0: number, d1: number, d2: number, d3: number, d4: number, d5: number, d6: number, d7: number;
  d0 = d1 = d2 = d3 = d4 = d5 = d6 = d7 = 0;
  for (let c = 0; c < k; c++) {
    const u = A[uk + c] as number;
    d0 += (QT[x0 + c] as number) * u;
    d1 += (QT[x1 + c] as number) * u;
    d2 += (QT[x2 + c] as number) * u;
    d3 += (QT[x3 + c] as number) * u;
    d4 += (QT[x4 + c] as number) * u;
    d5 += (QT[x5 + c] as number) * u;
    d6 += (QT[x6 + c] as number) * u;
    d7 += (QT[x7 + c] as number) * u;
  }
  for (let t = first; t < active.length; t++) {
    const hk = h[k] as number;
    const f0 = d0 / hk;
    const f1 = d1 / hk;
    const f2 = d2 / hk;
    const f3 = d3 / hk;
    const f4 = d4 / hk;
    const f5 = d5 / hk;
    const f6 = d6 / hk;
    const f7 = d7 / hk;
    d0 = d1 = d2 = d3 = d4 = d5 = d6 = d7 = 0;
    if (t + 1 < active.length) {
      const next = active[t + 1] as number;
      const un = next * n;
      for (let c = 0; c < k; c++) {
        const u = A[uk + c] as number;
        const v = A[un + c] as number;
        const y0 = (QT[x0 + c] as number) - f0 * u;
        QT[x0 + c] = y0;
        d0 += y0 * v;
        const y1 = (QT[x1 + c] as number) - f1 * u;
        QT[x1 + c] = y1;
        d1 += y1 * v;
        const y2 = (QT[x2 + c] as number) - f2 * u;
        QT[x2 + c] = y2;
        d2 += y2 * v;
        const y3 = (QT[x3 + c] as number) - f3 * u;
        QT[x3 + c] = y3;
        d3 += y3 * v;
        const y4 = (QT[x4 + c] as number) - f4 * u;
        QT[x4 + c] = y4;
        d4 += y4 * v;
        const y5 = (QT[x5 + c] as number) - f5 * u;
        QT[x5 + c] = y5;
        d5 += y5 * v;
        const y6 = (QT[x6 + c] as number) - f6 * u;
        QT[x6 + c] = y6;
        d6 += y6 * v;
        const y7 = (QT[x7 + c] as number) - f7 * u;
        QT[x7 + c] = y7;
        d7 += y7 * v;
      }
      for (let c = k; c < next; c++) {
        const v = A[un + c] as number;
        d0 += (QT[x0 + c] as number) * v;
        d1 += (QT[x1 + c] as number) * v;
        d2 += (QT[x2 + c] as number) * v;
        d3 += (QT[x3 + c] as number) * v;
        d4 += (QT[x4 + c] as number) * v;
        d5 += (QT[x5 + c] as number) * v;
        d6 += (QT[x6 + c] as number) * v;
        d7 += (QT[x7 + c] as number) * v;
      }
      k = next;
      uk = un;
    } else {
      for (let c = 0; c < k; c++) {
        const u = A[uk + c] as number;
        QT[x0 + c] = (QT[x0 + c] as number) - f0 * u;
        QT[x1 + c] = (QT[x1 + c] as number) - f1 * u;
        QT[x2 + c] = (QT[x2 + c] as number) - f2 * u;
        QT[x3 + c] = (QT[x3 + c] as number) - f3 * u;
        QT[x4 + c] = (QT[x4 + c] as number) - f4 * u;
        QT[x5 + c] = (QT[x5 + c] as number) - f5 * u;
        QT[x6 + c] = (QT[x6 + c] as number) - f6 * u;
        QT[x7 + c] = (QT[x7 + c] as number) - f7 * u;
      }
    }
  }
}

/** The transpose of a row-major n×n matrix, in 32×32 tiles. */
function transposeSquare(M: Float64Array, n: number): Float64Array {
  const T = new Float64Array(n * n);
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) T[j * n + i] = M[i * n + j] as number;
    }
  }
  return T;
}

const EPS = 2 ** -52;
const MAX_SWEEPS_PER_EIGENVALUE = 60;
/** Rotations of up to this many bytes are buffered before they are applied to Z (kept within a typical L2). */
const ROTATION_BUFFER_BYTES = 1 << 19;

/**
 * Givens rotations of several QL sweeps, recorded in order and applied to Z together: every row of Z is rotated
 * independently by the same sequence, so each row (segment) is loaded once per batch and then rotated by all
 * buffered sweeps while it sits in the L1 cache, instead of being streamed from memory once per sweep.
 */
class RotationBatch {
  readonly capacity: number;
  /** Sweep j's rotation i (acting on columns i, i+1) is (cos, sin) = (cs[j·n + i], sn[j·n + i]). */
  readonly cs: Float64Array;
  readonly sn: Float64Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  count = 0;

  constructor(readonly n: number) {
    // At most 64 sweeps, within the byte budget, and no more than the ~2 sweeps per eigenvalue a small matrix needs
    // (so that a tiny matrix does not allocate and clear buffers it never fills).
    this.capacity = Math.max(2, Math.min(64, 2 * n, Math.floor(ROTATION_BUFFER_BYTES / (16 * Math.max(n, 1)))));
    this.cs = new Float64Array(this.capacity * n);
    this.sn = new Float64Array(this.capacity * n);
    this.lo = new Int32Array(this.capacity);
    this.hi = new Int32Array(this.capacity);
  }

  /** Offset of the next sweep's rotations in `cs`/`sn`. */
  get offset(): number {
    return this.count * this.n;
  }

  /** Closes the current sweep (rotations lo…hi−1, applied from hi−1 down to lo); flushes when full. */
  push(lo: number, hi: number, Z: Float64Array): void {
    if (lo >= hi) return;
    this.lo[this.count] = lo;
    this.hi[this.count] = hi;
    this.count++;
    if (this.count === this.capacity) this.flush(Z);
  }

  flush(Z: Float64Array): void {
    if (this.count > 0) applyRotations(Z, this.n, this.count, this.lo, this.hi, this.cs, this.sn);
    this.count = 0;
  }
}

/**
 * Implicit QL with Wilkinson shifts on the tridiagonal (d, e) (e[i] couples i and i+1), rotating the columns of
 * the row-major n×n `Z` along; on return d holds the eigenvalues (unsorted) and Z's columns the eigenvectors.
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, Z: Float64Array, n: number): void {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = Math.max(norm, Math.abs(d[i] as number) + Math.abs(e[i] as number) + (i > 0 ? Math.abs(e[i - 1] as number) : 0));
  }
  const tolerance = EPS * norm;
  const batch = new RotationBatch(n);
  const { cs, sn } = batch;
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      while (m < n - 1) {
        const em = Math.abs(e[m] as number);
        if (em <= tolerance || em <= EPS * (Math.abs(d[m] as number) + Math.abs(d[m + 1] as number))) break;
        m++;
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS_PER_EIGENVALUE) throw new Error(`symmetricEigen: QL did not converge for eigenvalue ${l}`);
      // Wilkinson shift: the eigenvalue of the leading 2×2 of the block (l, l+1) closer to d[l].
      const el = e[l] as number;
      let g = ((d[l + 1] as number) - (d[l] as number)) / (2 * el);
      let r = Math.hypot(g, 1);
      g = (d[m] as number) - (d[l] as number) + el / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let lowest = l; // the last rotation index applied (larger when the sweep stops early)
      let stoppedEarly = false;
      const offset = batch.offset;
      for (let i = m - 1; i >= l; i--) {
        const f = s * (e[i] as number);
        const b = c * (e[i] as number);
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The block splits at i: undo the shift of this sweep on d[i+1] and restart.
          d[i + 1] = (d[i + 1] as number) - p;
          e[m] = 0;
          stoppedEarly = true;
          lowest = i + 1;
          break;
        }
        s = f / r;
        c = g / r;
        g = (d[i + 1] as number) - p;
        r = ((d[i] as number) - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[offset + i] = c;
        sn[offset + i] = s;
      }
      batch.push(lowest, m, Z);
      if (stoppedEarly) continue;
      d[l] = (d[l] as number) - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  batch.flush(Z);
}

/**
 * For every row of Z and every buffered sweep j (in order), applies the rotations i = hi_j−1 … lo_j (in that
 * order) to the column pair (i, i+1): (z_i, z_{i+1}) ← (c z_i − s z_{i+1}, s z_i + c z_{i+1}). The running
 * z_{i+1} stays in a register; eight rows at a time, so that eight independent dependency chains hide the
 * multiply–add latency and each (c, s) is loaded once per eight rows. Two consecutive sweeps over the same range
 * (~80 % of the rotation work) go in one pass: entry i+1 is final for sweep j once sweep j has rotated (i, i+1),
 * so sweep j+1's rotation (i+1, i+2) takes it from the register, and each entry is loaded and stored once per pair.
 * (Straight-line code per row: generated by hand-unrolling; keep the eight copies in step when editing.)
 * Deliberate hot-loop specialisation: the eight row copies (and the single-sweep and remainder variants below) repeat
 * one rotation on purpose — a loop over rows or a shared helper would put the running entries back in memory, and
 * the register tile of `dot-tile.ts` is unrolled the same way for the same reason.
 */
function applyRotations(
  Z: Float64Array,
  n: number,
  count: number,
  los: Int32Array,
  his: Int32Array,
  cs: Float64Array,
  sn: Float64Array,
): void {
  let r = 0;
  for (; r + 7 < n; r += 8) {
    const o0 = r * n;
    const o1 = (r + 1) * n;
    const o2 = (r + 2) * n;
    const o3 = (r + 3) * n;
    const o4 = (r + 4) * n;
    const o5 = (r + 5) * n;
    const o6 = (r + 6) * n;
    const o7 = (r + 7) * n;
    for (let j = 0; j < count; j++) {
      const lo = los[j] as number;
      const hi = his[j] as number;
      const o = j * n;
      if (j + 1 < count && los[j + 1] === lo && his[j + 1] === hi) {
        // Two sweeps over the same range in one pass: sweep j's output entry feeds sweep j+1 directly.
        const p = o + n;
        let ca = cs[o + hi - 1] as number;
        let sa = sn[o + hi - 1] as number;
        let a0 = Z[o0 + hi] as number;
        const y0 = Z[o0 + hi - 1] as number;
        let b0 = sa * y0 + ca * a0;
        a0 = ca * y0 - sa * a0;
        let a1 = Z[o1 + hi] as number;
        const y1 = Z[o1 + hi - 1] as number;
        let b1 = sa * y1 + ca * a1;
        a1 = ca * y1 - sa * a1;
        let a2 = Z[o2 + hi] as number;
        const y2 = Z[o2 + hi - 1] as number;
        let b2 = sa * y2 + ca * a2;
        a2 = ca * y2 - sa * a2;
        let a3 = Z[o3 + hi] as number;
        const y3 = Z[o3 + hi - 1] as number;
        let b3 = sa * y3 + ca * a3;
        a3 = ca * y3 - sa * a3;
        let a4 = Z[o4 + hi] as number;
        const y4 = Z[o4 + hi - 1] as number;
        let b4 = sa * y4 + ca * a4;
        a4 = ca * y4 - sa * a4;
        let a5 = Z[o5 + hi] as number;
        const y5 = Z[o5 + hi - 1] as number;
        let b5 = sa * y5 + ca * a5;
        a5 = ca * y5 - sa * a5;
        let a6 = Z[o6 + hi] as number;
        const y6 = Z[o6 + hi - 1] as number;
        let b6 = sa * y6 + ca * a6;
        a6 = ca * y6 - sa * a6;
        let a7 = Z[o7 + hi] as number;
        const y7 = Z[o7 + hi - 1] as number;
        let b7 = sa * y7 + ca * a7;
        a7 = ca * y7 - sa * a7;
        for (let i = hi - 2; i >= lo; i--) {
          ca = cs[o + i] as number;
          sa = sn[o + i] as number;
          const cb = cs[p + i + 1] as number;
          const sb = sn[p + i + 1] as number;
          const z0 = Z[o0 + i] as number;
          const w0 = sa * z0 + ca * a0;
          a0 = ca * z0 - sa * a0;
          Z[o0 + i + 2] = sb * w0 + cb * b0;
          b0 = cb * w0 - sb * b0;
          const z1 = Z[o1 + i] as number;
          const w1 = sa * z1 + ca * a1;
          a1 = ca * z1 - sa * a1;
          Z[o1 + i + 2] = sb * w1 + cb * b1;
          b1 = cb * w1 - sb * b1;
          const z2 = Z[o2 + i] as number;
          const w2 = sa * z2 + ca * a2;
          a2 = ca * z2 - sa * a2;
          Z[o2 + i + 2] = sb * w2 + cb * b2;
          b2 = cb * w2 - sb * b2;
          const z3 = Z[o3 + i] as number;
          const w3 = sa * z3 + ca * a3;
          a3 = ca * z3 - sa * a3;
          Z[o3 + i + 2] = sb * w3 + cb * b3;
          b3 = cb * w3 - sb * b3;
          const z4 = Z[o4 + i] as number;
          const w4 = sa * z4 + ca * a4;
          a4 = ca * z4 - sa * a4;
          Z[o4 + i + 2] = sb * w4 + cb * b4;
          b4 = cb * w4 - sb * b4;
          const z5 = Z[o5 + i] as number;
          const w5 = sa * z5 + ca * a5;
          a5 = ca * z5 - sa * a5;
          Z[o5 + i + 2] = sb * w5 + cb * b5;
          b5 = cb * w5 - sb * b5;
          const z6 = Z[o6 + i] as number;
          const w6 = sa * z6 + ca * a6;
          a6 = ca * z6 - sa * a6;
          Z[o6 + i + 2] = sb * w6 + cb * b6;
          b6 = cb * w6 - sb * b6;
          const z7 = Z[o7 + i] as number;
          const w7 = sa * z7 + ca * a7;
          a7 = ca * z7 - sa * a7;
          Z[o7 + i + 2] = sb * w7 + cb * b7;
          b7 = cb * w7 - sb * b7;
        }
        const cl = cs[p + lo] as number;
        const sl = sn[p + lo] as number;
        Z[o0 + lo + 1] = sl * a0 + cl * b0;
        Z[o0 + lo] = cl * a0 - sl * b0;
        Z[o1 + lo + 1] = sl * a1 + cl * b1;
        Z[o1 + lo] = cl * a1 - sl * b1;
        Z[o2 + lo + 1] = sl * a2 + cl * b2;
        Z[o2 + lo] = cl * a2 - sl * b2;
        Z[o3 + lo + 1] = sl * a3 + cl * b3;
        Z[o3 + lo] = cl * a3 - sl * b3;
        Z[o4 + lo + 1] = sl * a4 + cl * b4;
        Z[o4 + lo] = cl * a4 - sl * b4;
        Z[o5 + lo + 1] = sl * a5 + cl * b5;
        Z[o5 + lo] = cl * a5 - sl * b5;
        Z[o6 + lo + 1] = sl * a6 + cl * b6;
        Z[o6 + lo] = cl * a6 - sl * b6;
        Z[o7 + lo + 1] = sl * a7 + cl * b7;
        Z[o7 + lo] = cl * a7 - sl * b7;
        j++;
        continue;
      }
      let t0 = Z[o0 + hi] as number;
      let t1 = Z[o1 + hi] as number;
      let t2 = Z[o2 + hi] as number;
      let t3 = Z[o3 + hi] as number;
      let t4 = Z[o4 + hi] as number;
      let t5 = Z[o5 + hi] as number;
      let t6 = Z[o6 + hi] as number;
      let t7 = Z[o7 + hi] as number;
      for (let i = hi - 1; i >= lo; i--) {
        const c = cs[o + i] as number;
        const s = sn[o + i] as number;
        const z0 = Z[o0 + i] as number;
        Z[o0 + i + 1] = s * z0 + c * t0;
        t0 = c * z0 - s * t0;
        const z1 = Z[o1 + i] as number;
        Z[o1 + i + 1] = s * z1 + c * t1;
        t1 = c * z1 - s * t1;
        const z2 = Z[o2 + i] as number;
        Z[o2 + i + 1] = s * z2 + c * t2;
        t2 = c * z2 - s * t2;
        const z3 = Z[o3 + i] as number;
        Z[o3 + i + 1] = s * z3 + c * t3;
        t3 = c * z3 - s * t3;
        const z4 = Z[o4 + i] as number;
        Z[o4 + i + 1] = s * z4 + c * t4;
        t4 = c * z4 - s * t4;
        const z5 = Z[o5 + i] as number;
        Z[o5 + i + 1] = s * z5 + c * t5;
        t5 = c * z5 - s * t5;
        const z6 = Z[o6 + i] as number;
        Z[o6 + i + 1] = s * z6 + c * t6;
        t6 = c * z6 - s * t6;
        const z7 = Z[o7 + i] as number;
        Z[o7 + i + 1] = s * z7 + c * t7;
        t7 = c * z7 - s * t7;
      }
      Z[o0 + lo] = t0;
      Z[o1 + lo] = t1;
      Z[o2 + lo] = t2;
      Z[o3 + lo] = t3;
      Z[o4 + lo] = t4;
      Z[o5 + lo] = t5;
      Z[o6 + lo] = t6;
      Z[o7 + lo] = t7;
    }
  }
  for (; r < n; r++) {
    const a = r * n;
    for (let j = 0; j < count; j++) {
      const lo = los[j] as number;
      const hi = his[j] as number;
      const o = j * n;
      let ta = Z[a + hi] as number;
      for (let i = hi - 1; i >= lo; i--) {
        const c = cs[o + i] as number;
        const s = sn[o + i] as number;
        const za = Z[a + i] as number;
        Z[a + i + 1] = s * za + c * ta;
        ta = c * za - s * ta;
      }
      Z[a + lo] = ta;
    }
  }
}

/** Sorts eigenvalues ascending and permutes the eigenvector columns to match. */
function sortAscending(d: Float64Array, Z: Float64Array, n: number): SymmetricEigenResult {
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => (d[x] as number) - (d[y] as number));
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = d[order[k] as number] as number;
  if (order.every((o, k) => o === k)) return { values, vectors: mat(n, n, Z) };
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const row = r * n;
    for (let k = 0; k < n; k++) vectors[row + k] = Z[row + (order[k] as number)] as number;
  }
  return { values, vectors: mat(n, n, vectors) };
}
