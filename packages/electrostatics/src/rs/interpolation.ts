/** Stencil width of {@link lagrangeStencil}: degree-7 Lagrange interpolation on 8 uniform nodes. */
export const STENCIL = 8;

/**
 * Lagrange weights (and their derivatives with respect to x) of the 8 uniform nodes around x on the
 * grid lo + i·h, i = 0 … n − 1 (n ≥ 8); the window shifts inwards near the ends. Writes the weights into
 * `w` and `dw` and returns the first node index. Interpolation error O((h·f⁽⁸⁾)) — for Gaussians of
 * width w, about (h/w)⁸.
 *
 * @example
 * ```ts
 * const w = new Float64Array(8), dw = new Float64Array(8);
 * const first = lagrangeStencil(0, 0.1, 64, 1.234, w, dw);
 * ```
 */
export function lagrangeStencil(lo: number, h: number, n: number, x: number, w: Float64Array, dw: Float64Array): number {
  const u = (x - lo) / h;
  let first = Math.floor(u) - STENCIL / 2 + 1;
  if (first < 0) first = 0;
  if (first > n - STENCIL) first = n - STENCIL;
  const d = offsets;
  for (let m = 0; m < STENCIL; m++) d[m] = u - (first + m);
  for (let m = 0; m < STENCIL; m++) {
    let value = 1;
    let slope = 0;
    let denominator = 1;
    for (let q = 0; q < STENCIL; q++) {
      if (q === m) continue;
      denominator *= m - q;
      // Product rule: (value·d_q)' = value'·d_q + value.
      slope = slope * d[q]! + value;
      value *= d[q]!;
    }
    w[m] = value / denominator;
    dw[m] = slope / (denominator * h);
  }
  return first;
}

/** Scratch for the node offsets (single-threaded, never escapes). */
const offsets = new Float64Array(STENCIL);
