/**
 * The pooled Lennard-Jones kernel (plain JavaScript source, compiled in each worker of a
 * `WorkerPool` from `@equitensor/tensor`).
 *
 * Phase 0: worker w walks atoms `ranges[w] … ranges[w+1]` of the half list in the serial
 * {@link LennardJones}' order and accumulates forces into its own slot `forces[w·3n … (w+1)·3n)` (forces on
 * neighbours outside its range land there too) and its energy and image virial into `partial[10w … 10w+9]`.
 * Phase 1: worker w adds the slots in the fixed order 0, 1, …, k−1 for the force components
 * `reduce[w] … reduce[w+1]` into `out`. No worker writes what another writes in the same phase, and every
 * sum has a fixed order, so the result does not depend on thread timing.
 *
 * Deliberate hot-loop specialisation: the neighbour walk mirrors `LennardJones.compute` (`potentials/lennard-jones.ts`),
 * because a pool kernel is self-contained source text compiled in a worker (it can import nothing). Guarded by
 * `test/parallel.test.ts` (k = 1, 2, 3 equal the serial potential to 1e-12 and repeat bit for bit).
 *
 * @example
 * ```ts
 * pool.load({ source: LJ_POOL_KERNEL, buffers });
 * pool.run(0);
 * pool.run(1);
 * ```
 */
export const LJ_POOL_KERNEL = `(b, w, k, phase) => {
  const x = new Float64Array(b.positions);
  const n3 = x.length;
  if (phase === 1) {
    const out = new Float64Array(b.out), all = new Float64Array(b.forces), red = new Int32Array(b.reduce);
    const lo = red[w], hi = red[w + 1];
    for (let c = lo; c < hi; c++) {
      let s = 0;
      for (let v = 0; v < k; v++) s += all[v * n3 + c];
      out[c] = s;
    }
    return;
  }
  const f = new Float64Array(b.forces, 8 * w * n3, n3), out = new Float64Array(b.partial, 80 * w, 10);
  const start = new Int32Array(b.start), mid = new Int32Array(b.mid), nbr = new Int32Array(b.neighbors);
  const img = new Int32Array(b.images), S = new Float64Array(b.shifts), range = new Int32Array(b.ranges);
  const p = new Float64Array(b.parameters);
  const rc2 = p[0], s2 = p[1], e4 = p[2], e24 = p[3], eShift = p[4];
  f.fill(0);
  let energy = 0, wxx = 0, wxy = 0, wxz = 0, wyx = 0, wyy = 0, wyz = 0, wzx = 0, wzy = 0, wzz = 0;
  const lo = range[w], hi = range[w + 1];
  for (let i = lo; i < hi; i++) {
    const i3 = 3 * i, xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    let fxi = 0, fyi = 0, fzi = 0, ei = 0;
    const m = mid[i], end = start[i + 1];
    for (let q = start[i]; q < m; q++) {
      const j3 = 3 * nbr[q];
      const dx = x[j3] - xi, dy = x[j3 + 1] - yi, dz = x[j3 + 2] - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const ir2 = 1 / r2, sr2 = s2 * ir2, sr6 = sr2 * sr2 * sr2;
      const fpair = e24 * sr6 * (2 * sr6 - 1) * ir2;
      ei += e4 * sr6 * (sr6 - 1) - eShift;
      const fx = fpair * dx, fy = fpair * dy, fz = fpair * dz;
      fxi -= fx; fyi -= fy; fzi -= fz;
      f[j3] += fx; f[j3 + 1] += fy; f[j3 + 2] += fz;
    }
    for (let q = m; q < end; q++) {
      const j3 = 3 * nbr[q], s = 3 * img[q];
      const sx = S[s], sy = S[s + 1], sz = S[s + 2];
      const dx = x[j3] + sx - xi, dy = x[j3 + 1] + sy - yi, dz = x[j3 + 2] + sz - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const ir2 = 1 / r2, sr2 = s2 * ir2, sr6 = sr2 * sr2 * sr2;
      const fpair = e24 * sr6 * (2 * sr6 - 1) * ir2;
      ei += e4 * sr6 * (sr6 - 1) - eShift;
      const fx = fpair * dx, fy = fpair * dy, fz = fpair * dz;
      fxi -= fx; fyi -= fy; fzi -= fz;
      f[j3] += fx; f[j3 + 1] += fy; f[j3 + 2] += fz;
      wxx += sx * fx; wyy += sy * fy; wzz += sz * fz;
      wxy += sx * fy; wxz += sx * fz; wyz += sy * fz;
      wyx += sy * fx; wzx += sz * fx; wzy += sz * fy;
    }
    energy += ei;
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  out[0] = energy; out[1] = wxx; out[2] = wxy; out[3] = wxz; out[4] = wyx; out[5] = wyy; out[6] = wyz; out[7] = wzx; out[8] = wzy; out[9] = wzz;
}`;
