import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * A dense real matrix stored row-major: entry (i, j) is `data[i * cols + j]`.
 *
 * @example
 * ```ts
 * const a: Mat = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) };
 * ```
 */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * A zero matrix (or one wrapping `data`, which must have `rows * cols` entries).
 *
 * @example
 * ```ts
 * const a = mat(2, 3); // 2 × 3 zeros
 * ```
 */
export function mat(rows: number, cols: number, data?: Float64Array): Mat {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix size must be non-negative integers, got ${rows} × ${cols}`);
  }
  if (data !== undefined && data.length !== rows * cols) {
    throw new RangeError(`matrix data has ${data.length} entries, expected ${rows} × ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/**
 * Matrix from nested arrays (rows).
 *
 * @example
 * ```ts
 * const a = matFromRows([[1, 2], [3, 4]]);
 * ```
 */
export function matFromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const out = mat(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) out.data[i * c + j] = row[j]!;
  }
  return out;
}

/**
 * The identity matrix of order n.
 *
 * @example
 * ```ts
 * identity(3).data; // 1 0 0 0 1 0 0 0 1
 * ```
 */
export function identity(n: number): Mat {
  const out = mat(n, n);
  for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
  return out;
}

/**
 * Transpose. Cost O(rows · cols).
 *
 * @example
 * ```ts
 * transpose(mat(2, 3)).rows; // 3
 * ```
 */
export function transpose(a: Mat): Mat {
  const out = mat(a.cols, a.rows);
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.data[j * rows + i] = data[i * cols + j]!;
  return out;
}

/**
 * Product C = op(A) · op(B) with optional transposes. Cost O(m · n · k).
 *
 * @example
 * ```ts
 * const g = matmul(a, a, true); // Aᵀ A
 * ```
 */
export function matmul(a: Mat, b: Mat, transA = false, transB = false): Mat {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb) throw new RangeError(`matmul: inner dimensions differ (${k} vs ${kb})`);
  const out = new Float64Array(m * n);
  const A = a.data;
  const B = b.data;
  if (!transB) {
    // i-p-j loop order: streams rows of B.
    for (let i = 0; i < m; i++) {
      const oi = i * n;
      for (let p = 0; p < k; p++) {
        const aip = transA ? A[p * a.cols + i]! : A[i * a.cols + p]!;
        if (aip === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) out[oi + j]! += aip * B[bp + j]!;
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bj = j * b.cols;
        if (transA) for (let p = 0; p < k; p++) s += A[p * a.cols + i]! * B[bj + p]!;
        else {
          const ai = i * a.cols;
          for (let p = 0; p < k; p++) s += A[ai + p]! * B[bj + p]!;
        }
        out[i * n + j] = s;
      }
    }
  }
  return mat(m, n, out);
}

/**
 * Columns `start … start + count − 1` of a matrix.
 *
 * @example
 * ```ts
 * firstColumns(u, 3) === columnSlice(u, 0, 3);
 * ```
 */
export function columnSlice(a: Mat, start: number, count: number): Mat {
  if (start < 0 || count < 0 || start + count > a.cols) throw new RangeError(`column slice ${start}+${count} outside ${a.cols} columns`);
  const out = mat(a.rows, count);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < count; j++) out.data[i * count + j] = a.data[i * a.cols + start + j]!;
  return out;
}

/**
 * The first `count` columns of a matrix.
 *
 * @example
 * ```ts
 * firstColumns(identity(3), 2).cols; // 2
 * ```
 */
export function firstColumns(a: Mat, count: number): Mat {
  return columnSlice(a, 0, count);
}

/**
 * Frobenius norm of a matrix (scaled sum of squares, no overflow).
 *
 * @example
 * ```ts
 * matNorm(identity(4)); // 2
 * ```
 */
export function matNorm(a: Mat): number {
  return norm2(a.data);
}

/**
 * Euclidean norm of a vector without overflow or underflow. The plain sum of squares when it lies in [1e-280, ∞)
 * (then no square overflowed and those that underflowed, each < 2⁻¹⁰²², change it by less than n·2⁻¹⁰²² ≪ ε·1e-280:
 * the same rounding as LAPACK dnrm2's scaled sum, without its division per entry); otherwise dnrm2's scaling.
 *
 * @example
 * ```ts
 * norm2(Float64Array.of(3, 4)); // 5
 * ```
 */
export function norm2(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    sum += v * v;
  }
  if (sum >= 1e-280 && sum < Number.POSITIVE_INFINITY) return Math.sqrt(sum);
  if (Number.isNaN(sum)) return sum; // a NaN entry (the scaled sum gives NaN too)
  return scaledNorm2(x); // all zero, tiny (squares underflowed) or huge (overflowed) entries
}

/** LAPACK dnrm2's scaled sum of squares: no overflow or underflow for any finite entries. */
function scaledNorm2(x: ArrayLike<number>): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        ssq = 1 + ssq * (scale / a) * (scale / a);
        scale = a;
      } else ssq += (a / scale) * (a / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Convert to an ml-matrix Matrix (copy). */
function toMlMatrix(a: Mat): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) m.set(i, j, a.data[i * a.cols + j]!);
  return m;
}

/** Convert from an ml-matrix Matrix (copy). */
function fromMlMatrix(m: Matrix): Mat {
  const out = mat(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out.data[i * m.columns + j] = m.get(i, j);
  return out;
}

/**
 * Thin Householder QR of a tall matrix (rows ≥ cols): A = Q R with Q (rows × cols) orthonormal columns and
 * R (cols × cols) upper triangular. Hand-written. Cost O(2 rows · cols²).
 *
 * @example
 * ```ts
 * const { q, r } = qr(a); // matmul(q, r) ≈ a
 * ```
 */
export function qr(a: Mat): { q: Mat; r: Mat } {
  const m = a.rows;
  const n = a.cols;
  if (m < n) throw new RangeError(`qr needs rows ≥ cols, got ${m} × ${n}`);
  // Work column-major for cache-friendly Householder updates.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a.data[i * n + j]!;
  const tau = new Float64Array(n);
  householderColumns(w, m, 0, n, tau);
  const r = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r.data[i * n + j] = w[j * m + i]!;
  // Accumulate Q = H_0 … H_{n−1} applied to the first n columns of the identity (column-major).
  const qc = new Float64Array(m * n);
  for (let j = 0; j < n; j++) qc[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const t = tau[k]!;
    if (t === 0) continue;
    const ck = k * m;
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let s = qc[cj + k]!;
      for (let i = k + 1; i < m; i++) s += w[ck + i]! * qc[cj + i]!;
      s *= t;
      qc[cj + k]! -= s;
      for (let i = k + 1; i < m; i++) qc[cj + i]! -= s * w[ck + i]!;
    }
  }
  const q = mat(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q.data[i * n + j] = qc[j * m + i]!;
  return { q, r };
}

/**
 * Unblocked Householder steps on columns k0 … k1−1 of an m-row matrix held column-major in `w` (column j at j·m),
 * each applied to the later columns up to k1 only: reflector k maps column k's entries k … m−1 onto β e_k with
 * β = −sign(x₀)‖x‖ (LAPACK's sign), leaves β on the diagonal and v (v₀ = 1 implied) below it, H = I − τ v vᵀ.
 * The panel of {@link qrBlocked} (k1 = the panel's end) and the whole of {@link qr} (k0 = 0, k1 = cols).
 */
export function householderColumns(w: Float64Array, m: number, k0: number, k1: number, tau: Float64Array): void {
  for (let k = k0; k < k1; k++) {
    const ck = k * m;
    const alpha = norm2(w.subarray(ck + k, ck + m));
    if (alpha === 0) {
      tau[k] = 0;
      continue;
    }
    const x0 = w[ck + k]!;
    const beta = x0 >= 0 ? -alpha : alpha;
    // v = x − beta e1, normalised so that v[0] = 1.
    const v0 = x0 - beta;
    for (let i = k + 1; i < m; i++) w[ck + i]! /= v0;
    tau[k] = (beta - x0) / beta;
    w[ck + k] = beta;
    for (let j = k + 1; j < k1; j++) {
      const cj = j * m;
      let s = w[cj + k]!;
      for (let i = k + 1; i < m; i++) s += w[ck + i]! * w[cj + i]!;
      s *= tau[k]!;
      w[cj + k]! -= s;
      for (let i = k + 1; i < m; i++) w[cj + i]! -= s * w[ck + i]!;
    }
  }
}

/**
 * Full SVD of a small matrix through ml-matrix (`SingularValueDecomposition`, Golub–Kahan, with
 * `autoTranspose` so wide inputs are handled). Singular values descending. Cost O(m n min(m, n)).
 *
 * @example
 * ```ts
 * const { u, s, v } = smallSvd(matFromRows([[3, 0], [0, 4]])); // s = [4, 3]
 * ```
 */
export function smallSvd(a: Mat): { u: Mat; s: Float64Array; v: Mat } {
  if (a.rows === 0 || a.cols === 0) return { u: mat(a.rows, 0), s: new Float64Array(0), v: mat(a.cols, 0) };
  const svd = new SingularValueDecomposition(toMlMatrix(a), { autoTranspose: true });
  const k = Math.min(a.rows, a.cols);
  const s = Float64Array.from(svd.diagonal.slice(0, k));
  const u = firstColumns(fromMlMatrix(svd.leftSingularVectors), k);
  const v = firstColumns(fromMlMatrix(svd.rightSingularVectors), k);
  return { u, s, v };
}
