/**
 * The 4×4 register tile of row dot products that two dense kernels share (the Gram update of mlip's
 * `NormalEquations.addRows` and the trailing update of {@link choleskyInPlace}): for rows stored `stride` apart in `x`,
 * `out[4u + v] = Σ_{t < length} x[a + u·stride + t] · x[b + v·stride + t]` for u, v in 0…3. Sixteen independent
 * accumulators over one pass of eight contiguous rows keep the loop in registers; each sum runs in t order, so the
 * result does not depend on which kernel calls it. Deliberate hot-loop specialisation: the sixteen accumulators and
 * their loads are written out (as the symmetric eigensolver's eight-row rotations, `symmetric-eigen.ts`), since an
 * array of accumulators would leave the registers. gemm.ts's `tile4x4` repeats these sums for general strides, on purpose.
 *
 * @example
 * ```ts
 * const out = new Float64Array(16);
 * dotTile4x4(rows, 0, 4 * width, width, width, out); // rows 0–3 against rows 4–7
 * ```
 */
export function dotTile4x4(x: Float64Array, a: number, b: number, stride: number, length: number, out: Float64Array): void {
  const o0 = a;
  const o1 = o0 + stride;
  const o2 = o1 + stride;
  const o3 = o2 + stride;
  const p0 = b;
  const p1 = p0 + stride;
  const p2 = p1 + stride;
  const p3 = p2 + stride;
  let s00: number, s01: number, s02: number, s03: number, s10: number, s11: number, s12: number, s13: number;
  let s20: number, s21: number, s22: number, s23: number, s30: number, s31: number, s32: number, s33: number;
  s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = 0;
  for (let t = 0; t < length; t++) {
    const x0 = x[o0 + t] as number;
    const x1 = x[o1 + t] as number;
    const x2 = x[o2 + t] as number;
    const x3 = x[o3 + t] as number;
    const y0 = x[p0 + t] as number;
    const y1 = x[p1 + t] as number;
    const y2 = x[p2 + t] as number;
    const y3 = x[p3 + t] as number;
    s00 += x0 * y0;
    s01 += x0 * y1;
    s02 += x0 * y2;
    s03 += x0 * y3;
    s10 += x1 * y0;
    s11 += x1 * y1;
    s12 += x1 * y2;
    s13 += x1 * y3;
    s20 += x2 * y0;
    s21 += x2 * y1;
    s22 += x2 * y2;
    s23 += x2 * y3;
    s30 += x3 * y0;
    s31 += x3 * y1;
    s32 += x3 * y2;
    s33 += x3 * y3;
  }
  out[0] = s00;
  out[1] = s01;
  out[2] = s02;
  out[3] = s03;
  out[4] = s10;
  out[5] = s11;
  out[6] = s12;
  out[7] = s13;
  out[8] = s20;
  out[9] = s21;
  out[10] = s22;
  out[11] = s23;
  out[12] = s30;
  out[13] = s31;
  out[14] = s32;
  out[15] = s33;
}
