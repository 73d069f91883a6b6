/**
 * The pooled Gram-update kernel of the fit's normal equations (plain JavaScript source, compiled in each worker of a
 * `WorkerPool` from `@equitensor/tensor`; see {@link GramPool}). Buffers: `gram` (P×P, upper triangle), `params`
 * (Int32: P, C, R), `scalars` (Float64: w²), `row` (P values), `t` (C·R values), `active` (C column indices).
 *
 * Phase 0, one row (`NormalEquations.addRow`): worker w updates the Gram rows a ≡ w (mod k),
 * `G[a, b] += (w²·row[a])·row[b]` for b ≥ a.
 * Phase 1, a block (`NormalEquations.addRows`): worker w takes the 4-row tile rows i = 4w, 4(w + k), … of the C active
 * columns (and the last < 4 rows when ⌊C/4⌋ ≡ w) and adds `Σ_r T[i·R + r]·T[j·R + r]` into G[active[i], active[j]],
 * j ≥ i, in the 4×4 register tiles of `dotTile4x4`.
 *
 * Every Gram entry is written by exactly one worker per phase and gets the same single addition, of a sum formed in the
 * same order, as the one-thread `addRow` / `addRows`: the result is bit-for-bit that of one thread, for any k.
 *
 * Deliberate hot-loop specialisation: phase 1's register tiles repeat `dotTile4x4` (as tensor's `CHOLESKY_POOL_KERNEL`
 * does), because a pool kernel is self-contained source text compiled in a worker (it can import nothing). Guarded by
 * `test/gram-pool.test.ts` (bit-for-bit the one-thread assembly for every worker count).
 *
 * @example
 * ```ts
 * pool.load({ source: GRAM_POOL_KERNEL, buffers: { gram, params, scalars, row, t, active } });
 * pool.run(1);
 * ```
 */
export const GRAM_POOL_KERNEL = `(b, w, k, phase) => {
  const G = new Float64Array(b.gram), q = new Int32Array(b.params);
  const P = q[0];
  if (phase === 0) {
    const row = new Float64Array(b.row), w2 = new Float64Array(b.scalars)[0];
    for (let a = w; a < P; a += k) {
      const ra = row[a];
      if (ra === 0) continue;
      const s = w2 * ra, base = a * P;
      for (let c = a; c < P; c++) G[base + c] = G[base + c] + s * row[c];
    }
    return;
  }
  const T = new Float64Array(b.t), act = new Int32Array(b.active);
  const C = q[1], R = q[2];
  const C4 = C - (C % 4);
  const add = (i, j, v) => {
    const a = act[i], c = act[j];
    const x = a <= c ? a * P + c : c * P + a;
    G[x] = G[x] + v;
  };
  const dot = (i, j) => {
    let s = 0;
    const oi = i * R, oj = j * R;
    for (let r = 0; r < R; r++) s += T[oi + r] * T[oj + r];
    return s;
  };
  const tile = new Float64Array(16);
  for (let i = 4 * w; i < C4; i += 4 * k) {
    const o0 = i * R, o1 = o0 + R, o2 = o1 + R, o3 = o2 + R;
    for (let j = i; j < C4; j += 4) {
      const p0 = j * R, p1 = p0 + R, p2 = p1 + R, p3 = p2 + R;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let t = 0; t < R; t++) {
        const x0 = T[o0 + t], x1 = T[o1 + t], x2 = T[o2 + t], x3 = T[o3 + t];
        const y0 = T[p0 + t], y1 = T[p1 + t], y2 = T[p2 + t], y3 = T[p3 + t];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      tile[0] = s00; tile[1] = s01; tile[2] = s02; tile[3] = s03;
      tile[4] = s10; tile[5] = s11; tile[6] = s12; tile[7] = s13;
      tile[8] = s20; tile[9] = s21; tile[10] = s22; tile[11] = s23;
      tile[12] = s30; tile[13] = s31; tile[14] = s32; tile[15] = s33;
      for (let u = 0; u < 4; u++) for (let v = 0; v < 4; v++) if (j + v >= i + u) add(i + u, j + v, tile[4 * u + v]);
    }
    for (let j = C4; j < C; j++) for (let u = 0; u < 4; u++) add(i + u, j, dot(i + u, j));
  }
  if ((C4 / 4) % k === w) for (let i = C4; i < C; i++) for (let j = i; j < C; j++) add(i, j, dot(i, j));
}`;
