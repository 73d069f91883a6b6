import { type DenseTensor, frobeniusNorm, innerProduct, multiModeProduct, tensor } from './dense.ts';
import { type Mat, matmul } from './matrix.ts';

/**
 * A Tucker tensor X = G ×₀ U₀ ×₁ U₁ … ×_{d−1} U_{d−1}: core G (r₀ × … × r_{d−1}) and factors U_k (n_k × r_k,
 * row-major). Factors need not be orthonormal unless a function says so.
 *
 * @example
 * ```ts
 * const t: TuckerTensor = { core: tensor([1, 1], Float64Array.of(2)), factors: [u0, u1] };
 * ```
 */
export interface TuckerTensor {
  readonly core: DenseTensor;
  readonly factors: readonly Mat[];
}

/**
 * Validate a Tucker tensor (core order = number of factors, factor columns = core sizes) and return its shape.
 *
 * @example
 * ```ts
 * tuckerShape(t); // [n0, n1, n2]
 * ```
 */
export function tuckerShape(t: TuckerTensor): number[] {
  if (t.core.shape.length !== t.factors.length)
    throw new RangeError(`Tucker core has order ${t.core.shape.length} but ${t.factors.length} factors`);
  return t.factors.map((u, k) => {
    if (u.cols !== t.core.shape[k])
      throw new RangeError(`Tucker factor ${k} has ${u.cols} columns, core mode ${k} has size ${t.core.shape[k]}`);
    return u.rows;
  });
}

/**
 * Tucker ranks (the core's shape).
 *
 * @example
 * ```ts
 * tuckerRanks(t); // [r0, r1, r2]
 * ```
 */
export function tuckerRanks(t: TuckerTensor): number[] {
  return [...t.core.shape];
}

/**
 * Reconstruct the dense tensor. Cost O(Π n_k · r_0) for the first mode product (the others are cheaper when ranks
 * are small).
 *
 * @example
 * ```ts
 * const x = tuckerToDense(hosvd(y, { eps: 1e-8 }).tucker);
 * ```
 */
export function tuckerToDense(t: TuckerTensor): DenseTensor {
  tuckerShape(t);
  return multiModeProduct(t.core, t.factors);
}

/**
 * Inner product ⟨A, B⟩ of two Tucker tensors of the same shape, in format: ⟨G_A, G_B ×ₖ (U_Aₖᵀ U_Bₖ)⟩.
 * Cost O(Σ n_k r_k r'_k + core products), never the full size.
 *
 * @example
 * ```ts
 * tuckerInner(a, b);
 * ```
 */
export function tuckerInner(a: TuckerTensor, b: TuckerTensor): number {
  const sa = tuckerShape(a);
  const sb = tuckerShape(b);
  if (sa.some((n, i) => n !== sb[i])) throw new RangeError(`Tucker shapes differ: [${sa}] vs [${sb}]`);
  const ms = a.factors.map((u, k) => matmul(u, b.factors[k]!, true, false)); // r_A × r_B
  return innerProduct(a.core, multiModeProduct(b.core, ms));
}

/**
 * Frobenius norm in format (‖G‖ directly when every factor has orthonormal columns, pass `orthonormal: true`).
 * Cost as {@link tuckerInner}, or O(size of core) when orthonormal.
 *
 * @example
 * ```ts
 * tuckerNorm(hosvdResult.tucker, true);
 * ```
 */
export function tuckerNorm(t: TuckerTensor, orthonormal = false): number {
  if (orthonormal) return frobeniusNorm(t.core);
  return Math.sqrt(Math.max(tuckerInner(t, t), 0));
}

/**
 * Entries at multi-indices: X[i] = Σ G[a] Π_k U_k[i_k, a_k], contracting the core one mode at a time.
 * Cost O(Π r_k) per index.
 *
 * @example
 * ```ts
 * tuckerAt(t, [[0, 1, 2], [3, 3, 3]]); // Float64Array of 2 values
 * ```
 */
export function tuckerAt(t: TuckerTensor, indices: readonly (readonly number[])[]): Float64Array {
  const shape = tuckerShape(t);
  const out = new Float64Array(indices.length);
  const d = shape.length;
  indices.forEach((idx, p) => {
    if (idx.length !== d) throw new RangeError(`index ${p} has ${idx.length} entries, tensor has order ${d}`);
    let cur = t.core.data;
    let size = cur.length;
    for (let k = d - 1; k >= 0; k--) {
      const i = idx[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= shape[k]!) throw new RangeError(`index ${i} out of range [0, ${shape[k]}) in mode ${k}`);
      const u = t.factors[k]!;
      const r = u.cols;
      const rowOff = i * r;
      const outer = size / r;
      const next = new Float64Array(outer);
      for (let o = 0; o < outer; o++) {
        let s = 0;
        const base = o * r;
        for (let a = 0; a < r; a++) s += cur[base + a]! * u.data[rowOff + a]!;
        next[o] = s;
      }
      cur = next;
      size = outer;
    }
    out[p] = cur[0]!;
  });
  return out;
}

/**
 * A Tucker tensor with explicit core and factors (validated).
 *
 * @example
 * ```ts
 * const t = tucker(tensor([2, 2, 2]), [u0, u1, u2]);
 * ```
 */
export function tucker(core: DenseTensor, factors: readonly Mat[]): TuckerTensor {
  const t = { core: tensor(core.shape, core.data), factors: [...factors] };
  tuckerShape(t);
  return t;
}
