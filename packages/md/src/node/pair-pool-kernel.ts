/**
 * The pooled half-list pair walk of `sumPairs` (plain JavaScript source for a `WorkerPool` of `@equitensor/tensor`),
 * around a pair function given as source: `(r2, p, out) => void` writes the pair energy to `out[0]` and F/r to
 * `out[1]` from r² and the shared parameters `p` (a Float64Array), with the same arithmetic as the serial potential's
 * kernel. Phase 0: worker w walks atoms `ranges[w] … ranges[w+1]` in the serial order, forces into its own slot
 * `forces[w·3n …]`, energy and virial (Σ r ⊗ f over the pairs, as `sumPairs`) into `partial[7w … 7w+6]`. Phase 1:
 * worker w adds the slots in the fixed order 0 … k−1 for components `reduce[w] … reduce[w+1]` into `out`.
 *
 * Deliberate hot-loop specialisation: the walk mirrors `sumPairs` (`potentials/pair-loop.ts`), because a pool kernel
 * is self-contained source text compiled in a worker (it can import nothing). Guarded by `test/parallel-morse.test.ts`
 * (k = 1, 2, 3 equal the serial `Morse` to 1e-12 and repeat bit for bit).
 *
 * @example
 * ```ts
 * pool.load({ source: pairPoolKernel(MORSE_PAIR), buffers });
 * pool.run(0);
 * pool.run(1);
 * ```
 */
export function pairPoolKernel(pairSource: string): string {
  return `(b, w, k, phase) => {
  const x = new Float64Array(b.positions);
  const n3 = x.length;
  if (phase === 1) {
    const out = new Float64Array(b.out), all = new Float64Array(b.forces), red = new Int32Array(b.reduce);
    for (let c = red[w], hi = red[w + 1]; c < hi; c++) {
      let s = 0;
      for (let v = 0; v < k; v++) s += all[v * n3 + c];
      out[c] = s;
    }
    return;
  }
  const pair = (${pairSource});
  const p = new Float64Array(b.parameters);
  const cutoff2 = p[0];
  const f = new Float64Array(b.forces, 8 * w * n3, n3), part = new Float64Array(b.partial, 56 * w, 7);
  const start = new Int32Array(b.start), nbr = new Int32Array(b.neighbors), img = new Int32Array(b.images);
  const S = new Float64Array(b.shifts), range = new Int32Array(b.ranges);
  const o = new Float64Array(2);
  f.fill(0);
  let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
  for (let i = range[w], hi = range[w + 1]; i < hi; i++) {
    const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
    let fxi = 0, fyi = 0, fzi = 0;
    const end = start[i + 1];
    for (let q = start[i]; q < end; q++) {
      const j = nbr[q], s = 3 * img[q];
      const dx = x[3 * j] + S[s] - xi, dy = x[3 * j + 1] + S[s + 1] - yi, dz = x[3 * j + 2] + S[s + 2] - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= cutoff2) continue;
      pair(r2, p, o);
      const e = o[0], fpair = o[1];
      energy += e;
      const fx = fpair * dx, fy = fpair * dy, fz = fpair * dz;
      fxi -= fx; fyi -= fy; fzi -= fz;
      f[3 * j] += fx; f[3 * j + 1] += fy; f[3 * j + 2] += fz;
      wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
    }
    f[3 * i] += fxi; f[3 * i + 1] += fyi; f[3 * i + 2] += fzi;
  }
  part[0] = energy; part[1] = wxx; part[2] = wyy; part[3] = wzz; part[4] = wxy; part[5] = wxz; part[6] = wyz;
}`;
}

/**
 * Morse's pair function for {@link pairPoolKernel}, the arithmetic of `Morse.compute`; parameters
 * [r_c², D, α, r₀, energy shift].
 *
 * @example
 * ```ts
 * const source = pairPoolKernel(MORSE_PAIR);
 * ```
 */
export const MORSE_PAIR = `(r2, p, out) => {
  const r = Math.sqrt(r2);
  const e = Math.exp(-p[2] * (r - p[3]));
  out[0] = p[1] * (e * e - 2 * e) - p[4];
  out[1] = (2 * p[1] * p[2] * (e * e - e)) / r;
}`;
