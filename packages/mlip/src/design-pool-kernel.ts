/**
 * The pooled design-row kernel of the `krylov` solver's Lanczos step (plain JavaScript source, compiled in each worker
 * of a `WorkerPool` from `@equitensor/tensor`; see {@link SharedDesignRows}). Buffers: `data` (the design values, one
 * `SharedArrayBuffer` for every row), `segments` (Float64 triples: first value's index in `data`, rows, weight),
 * `params` (Int32: P, segment count, total rows; indices are int32, so at most 2³¹ − 1 values), `u` (P values), `partial` (k·P values), `out` (P values), `rowOut`
 * (one value per row).
 *
 * Every worker w owns the fixed contiguous block of rows ⌊n·w/k⌋ … ⌊n·(w+1)/k⌋ − 1 (n rows in all, in segment order).
 * Phase 0 (`gramTimes`): worker w writes Σ_{its rows} w²(aᵀu) a into its own slot `partial[w·P …]`, four rows of a
 * segment at a time as the one-thread `gramTimes` does (its groups start at the first row it owns in each segment).
 * Phase 1 (the reduction): worker w owns the columns ⌊P·w/k⌋ … and sets `out[c] = out[c] + partial₀[c] + … +
 * partial_{k−1}[c]`, always in worker order. Phase 2 (`weightedRowTimes`): worker w writes `rowOut[i] = wᵢ aᵢᵀu` for its
 * rows, the same dot product in the same order as on one thread.
 *
 * Determinism: each phase's every output is written by one worker, from sums in an order fixed by k alone, so a run
 * with k workers gives the same numbers every time. With k = 1 and `out` zero, phase 0 + 1 is bit-for-bit the
 * one-thread `gramTimes`; other k regroup the row sums (k − 1 more 4-row group boundaries, k partial sums), which moves
 * each entry by at most ≈ n·ε·Σ|terms|. Phase 2 is bit-for-bit the one-thread products for every k.
 *
 * Deliberate hot-loop specialisation: phase 0 repeats `gramTimes`' 4-row loop, because a pool kernel is
 * self-contained source text compiled in a worker (it can import nothing). Guarded by `test/design-pool.test.ts`.
 *
 * @example
 * ```ts
 * pool.load({ source: DESIGN_POOL_KERNEL, buffers: { data, segments, params, u, partial, out, rowOut } });
 * pool.run(0);
 * pool.run(1);
 * ```
 */
export const DESIGN_POOL_KERNEL = `(b, w, k, phase) => {
  const q = new Int32Array(b.params);
  const P = q[0], S = q[1], n = q[2];
  if (phase === 1) {
    const out = new Float64Array(b.out), part = new Float64Array(b.partial);
    const c1 = Math.floor((P * (w + 1)) / k);
    for (let c = Math.floor((P * w) / k); c < c1; c++) {
      let s = out[c];
      for (let j = 0; j < k; j++) s += part[j * P + c];
      out[c] = s;
    }
    return;
  }
  const d = new Float64Array(b.data), seg = new Float64Array(b.segments), u = new Float64Array(b.u);
  const r0 = Math.floor((n * w) / k) | 0, r1 = Math.floor((n * (w + 1)) / k) | 0;
  if (phase === 2) {
    const rowOut = new Float64Array(b.rowOut);
    let first = 0;
    for (let g = 0; g < S && first < r1; g++) {
      const start = seg[3 * g] | 0, rows = seg[3 * g + 1] | 0, wt = seg[3 * g + 2];
      const lo = Math.max(r0, first) | 0, hi = Math.min(r1, first + rows) | 0;
      for (let r = lo; r < hi; r++) {
        const base = start + (r - first) * P;
        let t = 0;
        for (let c = 0; c < P; c++) t += d[base + c] * u[c];
        rowOut[r] = wt * t;
      }
      first += rows;
    }
    return;
  }
  const out = new Float64Array(b.partial, 8 * w * P, P);
  out.fill(0);
  let first = 0;
  for (let g = 0; g < S && first < r1; g++) {
    const start = seg[3 * g] | 0, rows = seg[3 * g + 1] | 0, wt = seg[3 * g + 2];
    const w2 = wt * wt;
    const lo = Math.max(r0, first) | 0, hi = Math.min(r1, first + rows) | 0;
    let i = lo;
    for (; i + 4 <= hi; i += 4) {
      const b0 = start + (i - first) * P, b1 = b0 + P, b2 = b1 + P, b3 = b2 + P;
      let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let c = 0; c < P; c++) {
        const uc = u[c];
        t0 += d[b0 + c] * uc;
        t1 += d[b1 + c] * uc;
        t2 += d[b2 + c] * uc;
        t3 += d[b3 + c] * uc;
      }
      t0 *= w2; t1 *= w2; t2 *= w2; t3 *= w2;
      for (let c = 0; c < P; c++) out[c] = out[c] + t0 * d[b0 + c] + t1 * d[b1 + c] + t2 * d[b2 + c] + t3 * d[b3 + c];
    }
    for (; i < hi; i++) {
      const base = start + (i - first) * P;
      let t = 0;
      for (let c = 0; c < P; c++) t += d[base + c] * u[c];
      t *= w2;
      if (t === 0) continue;
      for (let c = 0; c < P; c++) out[c] = out[c] + t * d[base + c];
    }
    first += rows;
  }
}`;
