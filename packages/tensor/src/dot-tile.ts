import { tile4x4 } from './gemm.ts';

/**
 * The 4×4 register tile of row dot products that two dense kernels share (the Gram update of mlip's
 * `NormalEquations.addRows` and the trailing update of {@link choleskyInPlace}): for rows stored `stride` apart in `x`,
 * `out[4u + v] = Σ_{t < length} x[a + u·stride + t] · x[b + v·stride + t]` for u, v in 0…3. Sixteen independent
 * accumulators over one pass of eight contiguous rows keep the loop in registers; each sum runs in t order, so the
 * result does not depend on which kernel calls it. The tile is the GEMM's ({@link tile4x4}, strides 1 along t).
 *
 * @example
 * ```ts
 * const out = new Float64Array(16);
 * dotTile4x4(rows, 0, 4 * width, width, width, out); // rows 0–3 against rows 4–7
 * ```
 */
export function dotTile4x4(x: Float64Array, a: number, b: number, stride: number, length: number, out: Float64Array): void {
  tile4x4(x, a, stride, 1, x, b, 1, stride, length, out);
}
