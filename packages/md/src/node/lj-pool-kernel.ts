/**
 * The pooled Lennard-Jones kernel (plain JavaScript source, compiled in each worker of a
 * `WorkerPool` from `@equitensor/tensor`).
 *
 * Phase 0: worker w walks atoms `ranges[w] … ranges[w+1]` of the half list in the serial
 * {@link LennardJones}' order and accumulates forces into its own slot `forces[w·3n … (w+1)·3n)` (forces on
 * neighbours outside its range land there too) and its energy and image virial into `partial[11w … 11w+9]` (`partial[11w+10]`: 1 when the WebAssembly kernel ran).
 * Phase 1: worker w adds the slots in the fixed order 0, 1, …, k−1 for the force components
 * `reduce[w] … reduce[w+1]` into `out`. No worker writes what another writes in the same phase, and every
 * sum has a fixed order, so the result does not depend on thread timing.
 *
 * With a `wasm` buffer (the bytes of `wasm/lj-kernel.ts`' WebAssembly SIMD kernel) phase 0 runs that kernel instead:
 * each worker compiles it once into its own memory, copies its part of the list in after each `load` (a rebuild) and
 * the positions and image shifts at each step, and copies its forces and partial sums out; the kernel does the
 * TypeScript loop's operations in the same order, so the numbers are the same as without it. Where the worker cannot
 * compile it (no WebAssembly SIMD) the JavaScript walk runs.
 *
 * Deliberate hot-loop specialisation: the neighbour walk mirrors `LennardJones.compute` (`potentials/lennard-jones.ts`)
 * and the WebAssembly driver mirrors `LjWasmKernel` (`wasm/lj-wasm.ts`), because a pool kernel is self-contained source
 * text compiled in a worker (it can import nothing). Guarded by `test/parallel.test.ts` (k = 1, 2, 3 equal the serial
 * potential to 1e-12 and repeat bit for bit, with and without WebAssembly).
 *
 * @example
 * ```ts
 * pool.load({ source: LJ_POOL_KERNEL, buffers });
 * pool.run(0);
 * pool.run(1);
 * ```
 */
export const LJ_POOL_KERNEL = `(() => {
const walk = (b, w, k, phase) => {
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
  const f = new Float64Array(b.forces, 8 * w * n3, n3), out = new Float64Array(b.partial, 88 * w, 11);
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
  out[0] = energy; out[1] = wxx; out[2] = wxy; out[3] = wxz; out[4] = wyx; out[5] = wyy; out[6] = wyz; out[7] = wzx; out[8] = wzy; out[9] = wzz; out[10] = 0;
};
let module;
let kernel = null;
const load = (b, w) => {
  const n3 = b.positions.byteLength / 8, n = n3 / 3;
  const start = new Int32Array(b.start), range = new Int32Array(b.ranges), S = new Float64Array(b.shifts);
  const lo = range[w], hi = range[w + 1], k0 = start[lo], size = start[hi] - k0;
  const f = 8 * n3, out = 2 * f, shifts = out + 80, st = shifts + 8 * S.length, mid = st + 4 * (n + 1), nbr = mid + 4 * n;
  const img = nbr + 4 * size, bytes = img + 4 * size;
  if (kernel === null) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 32768 });
    const lj = new WebAssembly.Instance(module, { env: { memory } }).exports.lj;
    kernel = { memory, lj };
  }
  const memory = kernel.memory;
  const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
  kernel.b = b;
  kernel.fits = false;
  try { if (pages > 0) memory.grow(pages); } catch { return; } // beyond 2 GiB: this worker walks in JavaScript
  kernel.fits = true;
  new Int32Array(memory.buffer, st, n + 1).set(start);
  new Int32Array(memory.buffer, mid, n).set(new Int32Array(b.mid, 0, n));
  new Int32Array(memory.buffer, nbr, size).set(new Int32Array(b.neighbors, 4 * k0, size));
  new Int32Array(memory.buffer, img, size).set(new Int32Array(b.images, 4 * k0, size));
  Object.assign(kernel, { b, n3, lo, hi, f, out, shifts, st, mid, nbr: nbr - 4 * k0, img: img - 4 * k0 });
};
return (b, w, k, phase) => {
  if (phase === 0 && b.wasm !== undefined && module === undefined) {
    try { module = new WebAssembly.Module(new Uint8Array(b.wasm).slice()); } catch { module = null; }
  }
  if (phase !== 0 || b.wasm === undefined || module === null) return walk(b, w, k, phase);
  if (kernel === null || kernel.b !== b) load(b, w);
  if (!kernel.fits) return walk(b, w, k, phase);
  const q = kernel, h = new Float64Array(q.memory.buffer), p = new Float64Array(b.parameters);
  h.set(new Float64Array(b.positions), 0);
  h.fill(0, q.f / 8, q.f / 8 + q.n3);
  h.set(new Float64Array(b.shifts), q.shifts / 8);
  q.lj(q.lo, q.hi, 0, q.f, q.st, q.mid, q.nbr, q.img, q.shifts, q.out, p[0], p[1], p[2], p[3], p[4]);
  new Float64Array(b.forces, 8 * w * q.n3, q.n3).set(h.subarray(q.f / 8, q.f / 8 + q.n3));
  const part = new Float64Array(b.partial, 88 * w, 11);
  part.set(h.subarray(q.out / 8, q.out / 8 + 10));
  part[10] = 1;
};
})()`;
