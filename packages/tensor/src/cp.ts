import { type DenseTensor, frobeniusNorm, tensor } from './dense.ts';
import { type Mat, mat, matmul, norm2 } from './matrix.ts';

/**
 * A canonical (CP / CANDECOMP-PARAFAC) tensor X = Σ_r w_r a⁽⁰⁾_r ∘ a⁽¹⁾_r ∘ … : weights w (length R) and factors
 * A_k (n_k × R, row-major, column r is the r-th vector of mode k).
 *
 * @example
 * ```ts
 * const x: CpTensor = { weights: Float64Array.of(1), factors: [a0, a1, a2] };
 * ```
 */
export interface CpTensor {
  readonly weights: Float64Array;
  readonly factors: readonly Mat[];
}

/**
 * Validate a CP tensor and return its shape.
 *
 * @example
 * ```ts
 * cpShape(x); // [n0, n1, n2]
 * ```
 */
export function cpShape(x: CpTensor): number[] {
  const R = x.weights.length;
  return x.factors.map((a, k) => {
    if (a.cols !== R) throw new RangeError(`CP factor ${k} has ${a.cols} columns, expected rank ${R}`);
    return a.rows;
  });
}

/**
 * CP rank R (number of terms).
 *
 * @example
 * ```ts
 * cpRank(x); // R
 * ```
 */
export function cpRank(x: CpTensor): number {
  return x.weights.length;
}

/**
 * A CP tensor with unit weights from its factors.
 *
 * @example
 * ```ts
 * const x = cp([a0, a1, a2]);
 * ```
 */
export function cp(factors: readonly Mat[], weights?: Float64Array): CpTensor {
  const R = factors[0]?.cols ?? 0;
  const x = { weights: weights ?? new Float64Array(R).fill(1), factors: [...factors] };
  cpShape(x);
  return x;
}

/**
 * Khatri–Rao rows in C order over the given factors: row p (multi-index over the modes, last fastest) holds
 * Π_k A_k[i_k, r]. Size (Π n_k) × R. Cost O(Π n_k · R).
 *
 * @example
 * ```ts
 * const kr = khatriRaoRows([a1, a2], R); // (n1 n2) × R, row i1 · n2 + i2
 * ```
 */
export function khatriRaoRows(factors: readonly Mat[], R: number): Float64Array {
  let rows = 1;
  let out = new Float64Array(R).fill(1);
  for (const a of factors) {
    const next = new Float64Array(rows * a.rows * R);
    for (let p = 0; p < rows; p++) {
      for (let i = 0; i < a.rows; i++) {
        const o = (p * a.rows + i) * R;
        for (let r = 0; r < R; r++) next[o + r] = out[p * R + r]! * a.data[i * R + r]!;
      }
    }
    out = next;
    rows *= a.rows;
  }
  return out;
}

/**
 * Reconstruct the dense tensor. Cost O(N · R), N = Π n_k.
 *
 * @example
 * ```ts
 * const dense = cpToDense(x);
 * ```
 */
export function cpToDense(x: CpTensor): DenseTensor {
  const shape = cpShape(x);
  const R = x.weights.length;
  const d = shape.length;
  const out = tensor(shape);
  if (d === 0) {
    out.data[0] = x.weights.reduce((a, b) => a + b, 0);
    return out;
  }
  const last = x.factors[d - 1]!;
  const left = khatriRaoRows(x.factors.slice(0, d - 1), R);
  const nl = last.rows;
  const L = left.length / Math.max(R, 1);
  const w = new Float64Array(R);
  for (let p = 0; p < L; p++) {
    for (let r = 0; r < R; r++) w[r] = left[p * R + r]! * x.weights[r]!;
    for (let i = 0; i < nl; i++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += w[r]! * last.data[i * R + r]!;
      out.data[p * nl + i] = s;
    }
  }
  return out;
}

/**
 * Inner product of two CP tensors in format: Σ_{r,s} w_r v_s Π_k (A_kᵀ B_k)[r, s]. Cost O(Σ n_k R R').
 *
 * @example
 * ```ts
 * cpInner(x, y);
 * ```
 */
export function cpInner(x: CpTensor, y: CpTensor): number {
  const sx = cpShape(x);
  const sy = cpShape(y);
  if (sx.length !== sy.length || sx.some((n, i) => n !== sy[i])) throw new RangeError(`CP shapes differ: [${sx}] vs [${sy}]`);
  const R = x.weights.length;
  const S = y.weights.length;
  const h = new Float64Array(R * S);
  for (let r = 0; r < R; r++) for (let s = 0; s < S; s++) h[r * S + s] = x.weights[r]! * y.weights[s]!;
  x.factors.forEach((a, k) => {
    const g = matmul(a, y.factors[k]!, true, false);
    for (let p = 0; p < h.length; p++) h[p]! *= g.data[p]!;
  });
  let sum = 0;
  for (const v of h) sum += v;
  return sum;
}

/**
 * Frobenius norm in format, sqrt(⟨X, X⟩). Cost O(Σ n_k R²). Accurate to about 1e-8 relative when terms cancel.
 *
 * @example
 * ```ts
 * cpNorm(x);
 * ```
 */
export function cpNorm(x: CpTensor): number {
  return Math.sqrt(Math.max(cpInner(x, x), 0));
}

/**
 * Entries at multi-indices, Σ_r w_r Π_k A_k[i_k, r]. Cost O(d R) per index.
 *
 * @example
 * ```ts
 * cpAt(x, [[0, 0, 0]]);
 * ```
 */
export function cpAt(x: CpTensor, indices: readonly (readonly number[])[]): Float64Array {
  const shape = cpShape(x);
  const R = x.weights.length;
  return Float64Array.from(indices, (idx) => {
    if (idx.length !== shape.length) throw new RangeError(`index has ${idx.length} entries, tensor has order ${shape.length}`);
    let s = 0;
    for (let r = 0; r < R; r++) {
      let p = x.weights[r]!;
      for (let k = 0; k < shape.length; k++) {
        const i = idx[k]!;
        if (!Number.isInteger(i) || i < 0 || i >= shape[k]!) throw new RangeError(`index ${i} out of range [0, ${shape[k]}) in mode ${k}`);
        p *= x.factors[k]!.data[i * R + r]!;
      }
      s += p;
    }
    return s;
  });
}

/**
 * Move column norms of the factors into the weights (columns of unit length; zero columns stay zero).
 *
 * @example
 * ```ts
 * const y = cpNormalize(x);
 * ```
 */
export function cpNormalize(x: CpTensor): CpTensor {
  const R = x.weights.length;
  const weights = Float64Array.from(x.weights);
  const factors = x.factors.map((a) => {
    const b = mat(a.rows, a.cols, Float64Array.from(a.data));
    for (let r = 0; r < R; r++) {
      const col = new Float64Array(a.rows);
      for (let i = 0; i < a.rows; i++) col[i] = a.data[i * R + r]!;
      const n = norm2(col);
      if (n > 0) {
        for (let i = 0; i < a.rows; i++) b.data[i * R + r]! /= n;
        weights[r]! *= n;
      }
    }
    return b;
  });
  return { weights, factors };
}

/**
 * ‖X − Y‖ / ‖X‖ with X dense and Y in CP form, by reconstruction (the true error, not the in-format expansion
 * that loses accuracy below ~1e-8). Cost O(N · R).
 *
 * @example
 * ```ts
 * cpRelativeError(x, approx);
 * ```
 */
export function cpRelativeError(x: DenseTensor, y: CpTensor): number {
  const yd = cpToDense(y);
  const diff = new Float64Array(x.data.length);
  for (let i = 0; i < diff.length; i++) diff[i] = x.data[i]! - yd.data[i]!;
  const nx = frobeniusNorm(x);
  return nx === 0 ? norm2(diff) : norm2(diff) / nx;
}
