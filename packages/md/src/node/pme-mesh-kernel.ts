/**
 * PME spreading and gathering of B-spline order `order` on a `WorkerPool` of `@equitensor/tensor` (plain JavaScript
 * source), the arithmetic of electrostatics' `bsplineStencils` / `bsplineWeights`, `spreadCharges` and `gatherForces`
 * (the innermost p points unrolled with their weights and offsets in locals, as there: the same operations in the
 * same order). Parameters
 * `meshParameters` = [p, K0, K1, K2, cell⁻¹ (9, row-major), k_e]. Phase 0: worker w computes the stencils
 * (`offsets`, `weights`, `derivs`, shared with the calling thread's `MeshStencils`) of atoms `atomRanges[w] …
 * atomRanges[w+1]` and spreads their charges into its own mesh `meshes[w·K³ …]`. Phase 1: worker w adds the k meshes
 * in the fixed order 0 … k−1 into `grid` for points `gridRanges[w] … gridRanges[w+1]`. Phase 2: worker w
 * interpolates φ (`grid`) at its atoms and writes F_i into `meshForces` (0 for uncharged atoms).
 *
 * Deliberate hot-loop specialisation: mirrors electrostatics' `spreadCharges` and `gatherForces` (a pool kernel can
 * import nothing). Guarded by `test/parallel-coulomb-pme.test.ts` (PME spreading and gathering on k = 1, 2, 3 equal
 * the serial `CoulombPme` to 1e-12 and repeat bit for bit).
 *
 * @example
 * ```ts
 * pool.load({ source: pmeMeshKernel(5), buffers });
 * pool.run(0); pool.run(1); // Q in grid
 * pool.run(2); // after the FFTs: forces in meshForces
 * ```
 */
export function pmeMeshKernel(order: number): string {
  if (!Number.isInteger(order) || order < 4 || order > 8) throw new RangeError(`pmeMeshKernel: order must be 4…8, got ${order}`);
  const js = Array.from({ length: order }, (_, c) => c);
  const locals = `const ${js.map((c) => `z${c} = wt[o2 + ${c}], c${c} = offsets[o2 + ${c}]`).join(', ')};`;
  const derivLocals = `const ${js.map((c) => `e${c} = d[o2 + ${c}]`).join(', ')};`;
  const spreadRow = js.map((c) => `mesh[r + c${c}] += v * z${c};`).join(' ');
  const gatherRow = [
    `const ${js.map((c) => `v${c} = grid[r + c${c}]`).join(', ')};`,
    `const sv = ${js.map((c) => `v${c} * z${c}`).join(' + ')};`,
    `const sd = ${js.map((c) => `v${c} * e${c}`).join(' + ')};`,
  ].join('\n          ');
  return `(b, w, k, phase) => {
  const mp = new Float64Array(b.meshParameters);
  const p = mp[0], k0 = mp[1], k1 = mp[2], k2 = mp[3], size = k0 * k1 * k2;
  const grid = new Float64Array(b.grid);
  if (phase === 1) {
    const all = new Float64Array(b.meshes), red = new Int32Array(b.gridRanges);
    for (let c = red[w], hi = red[w + 1]; c < hi; c++) {
      let s = 0;
      for (let v = 0; v < k; v++) s += all[v * size + c];
      grid[c] = s;
    }
    return;
  }
  const i00 = mp[4], i01 = mp[5], i02 = mp[6], i10 = mp[7], i11 = mp[8], i12 = mp[9], i20 = mp[10], i21 = mp[11], i22 = mp[12];
  const ke = mp[13];
  const x = new Float64Array(b.meshPositions), charges = new Float64Array(b.meshCharges);
  const wt = new Float64Array(b.weights), d = new Float64Array(b.derivs), offsets = new Int32Array(b.offsets);
  const range = new Int32Array(b.atomRanges);
  const from = range[w], to = range[w + 1];
  if (phase === 2) {
    const out = new Float64Array(b.meshForces);
    for (let i = from; i < to; i++) {
      const q = charges[i];
      if (q === 0) { out[3 * i] = 0; out[3 * i + 1] = 0; out[3 * i + 2] = 0; continue; }
      const o = 3 * i * p, o1 = o + p, o2 = o1 + p;
      ${locals}
      ${derivLocals}
      let g0 = 0, g1 = 0, g2 = 0;
      for (let a = 0; a < p; a++) {
        const wa = wt[o + a], da = d[o + a], ra = offsets[o + a];
        let rowV = 0, rowD1 = 0, rowD2 = 0;
        for (let bb = 0; bb < p; bb++) {
          const r = ra + offsets[o1 + bb];
          ${gatherRow}
          const wb = wt[o1 + bb];
          rowV += wb * sv;
          rowD1 += d[o1 + bb] * sv;
          rowD2 += wb * sd;
        }
        g0 += da * rowV;
        g1 += wa * rowD1;
        g2 += wa * rowD2;
      }
      const s = -ke * q;
      const h0 = g0 * k0, h1 = g1 * k1, h2 = g2 * k2;
      out[3 * i] = s * (h0 * i00 + h1 * i01 + h2 * i02);
      out[3 * i + 1] = s * (h0 * i10 + h1 * i11 + h2 * i12);
      out[3 * i + 2] = s * (h0 * i20 + h1 * i21 + h2 * i22);
    }
    return;
  }
  // phase 0: stencils (bsplineStencils, bsplineWeights) and spreading into this worker's mesh
  const wraps = [new Int32Array(b.wrap0), new Int32Array(b.wrap1), new Int32Array(b.wrap2)];
  const raise = (o, u, n) => {
    const div = 1 / (n - 1);
    wt[o + n - 1] = div * (n - (u + n - 1)) * wt[o + n - 2];
    for (let j = n - 2; j >= 1; j--) {
      const y = u + j;
      wt[o + j] = div * (y * wt[o + j] + (n - y) * wt[o + j - 1]);
    }
    wt[o] = div * u * wt[o];
  };
  const weights = (u, o) => {
    wt[o] = u;
    wt[o + 1] = 1 - u;
    for (let n = 3; n < p; n++) raise(o, u, n);
    d[o] = wt[o];
    for (let j = 1; j < p - 1; j++) d[o + j] = wt[o + j] - wt[o + j - 1];
    d[o + p - 1] = -wt[o + p - 2];
    raise(o, u, p);
  };
  const mesh = new Float64Array(b.meshes, 8 * w * size, size);
  mesh.fill(0);
  for (let i = from; i < to; i++) {
    const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
    const s0 = xi * i00 + yi * i10 + zi * i20;
    const s1 = xi * i01 + yi * i11 + zi * i21;
    const s2 = xi * i02 + yi * i12 + zi * i22;
    const u0 = (s0 - Math.floor(s0)) * k0, u1 = (s1 - Math.floor(s1)) * k1, u2 = (s2 - Math.floor(s2)) * k2;
    const f0 = Math.floor(u0), f1 = Math.floor(u1), f2 = Math.floor(u2);
    const o = 3 * i * p;
    weights(u0 - f0, o);
    weights(u1 - f1, o + p);
    weights(u2 - f2, o + 2 * p);
    for (let j = 0; j < p; j++) {
      offsets[o + j] = wraps[0][f0 - j + p - 1];
      offsets[o + p + j] = wraps[1][f1 - j + p - 1];
      offsets[o + 2 * p + j] = wraps[2][f2 - j + p - 1];
    }
    const q = charges[i];
    if (q === 0) continue;
    const o1 = o + p, o2 = o1 + p;
    ${locals}
    for (let a = 0; a < p; a++) {
      const qa = q * wt[o + a];
      const ra = offsets[o + a];
      for (let bb = 0; bb < p; bb++) {
        const v = qa * wt[o1 + bb];
        const r = ra + offsets[o1 + bb];
        ${spreadRow}
      }
    }
  }
}`;
}
