/**
 * The pooled trailing update of the blocked Cholesky factorisation (`choleskyInPlace` with a `WorkerPool`; plain
 * JavaScript source compiled in each worker). Buffers: `a` (the n×n matrix), `W` (the packed panel, rows padded to a
 * multiple of 4), `params` (Int32: m, w, n, k1). Worker w of k takes the 4-row tile rows I = 4w, 4(w + k), … of the
 * m×m trailing block and subtracts `Σ_t W[i·w + t]·W[j·w + t]` from A[k1 + i, k1 + j], j ≤ i, in the 4×4 register
 * tiles of `dotTile4x4`: every entry gets the one-thread subtraction of the same sum, so the factor is bit-for-bit
 * that of one thread for any k.
 *
 * Deliberate hot-loop specialisation: the tiles repeat `dotTile4x4` and `choleskyInPlace`'s trailing update, because a
 * pool kernel is self-contained source text compiled in a worker (it can import nothing). Guarded by
 * `test/cholesky-pool.test.ts` (the one-thread factor bit for bit for every worker count).
 *
 * @example
 * ```ts
 * pool.load({ source: CHOLESKY_POOL_KERNEL, buffers: { a, W, params } });
 * pool.run();
 * ```
 */
export const CHOLESKY_POOL_KERNEL = `(b, wk, k) => {
  const a = new Float64Array(b.a), W = new Float64Array(b.W), q = new Int32Array(b.params);
  const m = q[0], w = q[1], n = q[2], k1 = q[3];
  const tile = new Float64Array(16);
  for (let I = 4 * wk; I < m; I += 4 * k) {
    const o0 = I * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
    for (let J = 0; J <= I; J += 4) {
      const p0 = J * w, p1 = p0 + w, p2 = p1 + w, p3 = p2 + w;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let t = 0; t < w; t++) {
        const x0 = W[o0 + t], x1 = W[o1 + t], x2 = W[o2 + t], x3 = W[o3 + t];
        const y0 = W[p0 + t], y1 = W[p1 + t], y2 = W[p2 + t], y3 = W[p3 + t];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      tile[0] = s00; tile[1] = s01; tile[2] = s02; tile[3] = s03;
      tile[4] = s10; tile[5] = s11; tile[6] = s12; tile[7] = s13;
      tile[8] = s20; tile[9] = s21; tile[10] = s22; tile[11] = s23;
      tile[12] = s30; tile[13] = s31; tile[14] = s32; tile[15] = s33;
      if (J + 4 <= I && I + 4 <= m) {
        let r = (k1 + I) * n + k1 + J;
        for (let u = 0; u < 4; u++, r += n) {
          a[r] = a[r] - tile[4 * u];
          a[r + 1] = a[r + 1] - tile[4 * u + 1];
          a[r + 2] = a[r + 2] - tile[4 * u + 2];
          a[r + 3] = a[r + 3] - tile[4 * u + 3];
        }
      } else {
        for (let u = 0; u < 4; u++) {
          const i = I + u;
          if (i >= m) break;
          for (let v = 0; v < 4; v++) {
            const j = J + v;
            if (j > i) break;
            const r = (k1 + i) * n + k1 + j;
            a[r] = a[r] - tile[4 * u + v];
          }
        }
      }
    }
  }
}`;
