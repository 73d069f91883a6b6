/**
 * The pooled Lennard-Jones kernel (plain JavaScript source, compiled in each worker of a
 * `WorkerPool` from `@equitensor/tensor`).
 *
 * Phase 0: worker w walks atoms `ranges[w] … ranges[w+1]` of the half list in the serial
 * {@link LennardJones}' order and accumulates forces into its own slot of 3n values (forces on neighbours outside its
 * range land there too) and its energy and image virial into its 11 partial sums (the last: 1 when the WebAssembly
 * kernel ran). Phase 1: worker w adds the slots in the fixed order 0, 1, …, k−1 for the force components
 * `reduce[w] … reduce[w+1]` into `out`. No worker writes what another writes in the same phase, and every
 * sum has a fixed order, so the result does not depend on thread timing.
 *
 * Two layouts of the same arrays:
 * - separate buffers (`positions`, `forces`: the k slots, `partial`, `out`, the list's `start`, `mid`, `neighbors`,
 *   `images`, `shifts`): the JavaScript walk (the `typescript` kernel);
 * - one shared `memory` (a `WebAssembly.Memory({ shared: true })`, its byte offsets in `layout`: see
 *   `LJ_LAYOUT` in `parallel-lennard-jones.ts`) with `wasm`, the bytes of `wasm/lj-kernel.ts`' shared-memory variant:
 *   the calling thread writes the positions, start, mid and shifts there, the pooled list build writes the entries
 *   there (else each worker copies its part of them in once after a `load`, a rebuild) and then, each step, runs the
 *   WebAssembly SIMD kernel on the memory itself: it reads the positions and writes its slot and partial sums in place,
 *   the reduction reads the slots there, no copies in or out. A worker that cannot compile the kernel (no WebAssembly SIMD) runs the JavaScript walk on
 *   views of the same memory.
 * The WebAssembly kernel does the JavaScript walk's operations in the same order, so the numbers are the same either way.
 *
 * Deliberate hot-loop specialisation: the neighbour walk mirrors `LennardJones.compute` (`potentials/lennard-jones.ts`)
 * because a pool kernel is self-contained source text compiled in a worker (it can import nothing). Guarded by
 * `test/parallel.test.ts` (k = 1, 2, 3 equal the serial potential to 1e-12 and repeat bit for bit, with and without
 * WebAssembly).
 *
 * @example
 * ```ts
 * pool.load({ source: LJ_POOL_KERNEL, buffers });
 * pool.run(0);
 * pool.run(1);
 * ```
 */
export const LJ_POOL_KERNEL = `(() => {
const walk = (v, p) => {
  const x = v.x, f = v.f, start = v.start, mid = v.mid, nbr = v.nbr, img = v.img, S = v.S, out = v.part;
  const rc2 = p[0], s2 = p[1], e4 = p[2], e24 = p[3], eShift = p[4];
  f.fill(0);
  let energy = 0, wxx = 0, wxy = 0, wxz = 0, wyx = 0, wyy = 0, wyz = 0, wzx = 0, wzy = 0, wzz = 0;
  const lo = v.lo, hi = v.hi;
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
const reduce = (v, k) => {
  const out = v.out, all = v.all, n3 = v.n3;
  for (let c = v.rlo; c < v.rhi; c++) {
    let s = 0;
    for (let u = 0; u < k; u++) s += all[u * n3 + c];
    out[c] = s;
  }
};
let module;
let instance = null;
let views = null;
// the views of this load's buffers (and, with a shared memory and a list built elsewhere, this worker's part of the
// list copied into it)
const prepare = (b, w, k) => {
  const range = new Int32Array(b.ranges), red = new Int32Array(b.reduce);
  const v = { b, lo: range[w], hi: range[w + 1], rlo: red[w], rhi: red[w + 1], p: new Float64Array(b.parameters), lj: null };
  if (b.memory === undefined) {
    const n3 = b.positions.byteLength / 8;
    Object.assign(v, {
      n3, x: new Float64Array(b.positions), f: new Float64Array(b.forces, 8 * w * n3, n3), all: new Float64Array(b.forces),
      out: new Float64Array(b.out), part: new Float64Array(b.partial, 88 * w, 11), start: new Int32Array(b.start),
      mid: new Int32Array(b.mid), nbr: new Int32Array(b.neighbors), img: new Int32Array(b.images), S: new Float64Array(b.shifts),
    });
    views = v;
    return;
  }
  // layout: n, x, out, part, slots, shifts, shift count, start, mid, nbr, img (byte offsets), list size, copy flag
  const L = new Int32Array(b.layout), buffer = b.memory.buffer;
  const n = L[0], n3 = 3 * n, size = L[11], slot = L[4] + 8 * w * n3, part = L[3] + 88 * w;
  Object.assign(v, {
    n3, x: new Float64Array(buffer, L[1], n3), f: new Float64Array(buffer, slot, n3), all: new Float64Array(buffer, L[4], k * n3),
    out: new Float64Array(buffer, L[2], n3), part: new Float64Array(buffer, part, 11), start: new Int32Array(buffer, L[7], n + 1),
    mid: new Int32Array(buffer, L[8], n), nbr: new Int32Array(buffer, L[9], size), img: new Int32Array(buffer, L[10], size),
    S: new Float64Array(buffer, L[5], L[6]),
  });
  if (L[12] === 1) {
    // a list built elsewhere: this worker's part of its entries into the memory
    const k0 = v.start[v.lo], k1 = v.start[v.hi];
    v.nbr.set(new Int32Array(b.neighbors, 4 * k0, k1 - k0), k0);
    v.img.set(new Int32Array(b.images, 4 * k0, k1 - k0), k0);
  }
  if (module === undefined) {
    try { module = new WebAssembly.Module(new Uint8Array(b.wasm).slice()); } catch { module = null; }
  }
  if (module !== null) {
    if (instance === null || instance.memory !== b.memory) {
      try {
        instance = { memory: b.memory, lj: new WebAssembly.Instance(module, { env: { memory: b.memory } }).exports.lj };
      } catch { instance = null; }
    }
    if (instance !== null) {
      v.lj = instance.lj;
      v.args = [v.lo, v.hi, L[1], slot, L[7], L[8], L[9], L[10], L[5], part, v.p[0], v.p[1], v.p[2], v.p[3], v.p[4]];
    }
  }
  views = v;
};
return (b, w, k, phase) => {
  if (views === null || views.b !== b) prepare(b, w, k);
  const v = views;
  if (phase === 1) return reduce(v, k);
  if (v.lj === null) return walk(v, v.p);
  v.f.fill(0);
  v.lj(...v.args);
  v.part[10] = 1;
};
})()`;
