/**
 * The pooled walk of `sumTabulatedPairs` (plain JavaScript source for a `WorkerPool` of `@equitensor/tensor`): the
 * ionic real-space pair sum through an `IonicPairTable`, one cubic-Hermite lookup per pair, the same arithmetic and
 * order per atom as the serial walk (zero-image entries `start[i] … mid[i]−1`, image entries after). Phase 0: worker w
 * walks atoms `ranges[w] … ranges[w+1]`, forces into its own slot `forces[w·3n …]`, and writes into
 * `partial[11w … 11w+10]` its energy, the nine Σ S ⊗ f image-shift sums (as `sumTabulatedPairs` passes to
 * `virialFromForces`) and a flag: 1 when a pair came closer than its species pair's `exactBelow` radius (then the
 * caller evaluates the step with the serial walk, which has the exact functions; such pairs never come in practice).
 * Phase 1: worker w adds the slots in the fixed order 0 … k−1 for components `reduce[w] … reduce[w+1]` into `out`.
 *
 * Deliberate hot-loop specialisation: mirrors `sumTabulatedPairs` (`potentials/ionic-table.ts`), because a pool
 * kernel is self-contained source text compiled in a worker (it can import nothing); its reduction phase is the same
 * text as {@link COULOMB_ERFC_KERNEL}'s and the other pool kernels'. Guarded by `test/parallel-coulomb-pme.test.ts`
 * (k = 1, 2, 3 equal the serial `CoulombPme` to 1e-12 and repeat bit for bit).
 *
 * @example
 * ```ts
 * pool.load({ source: IONIC_TABLE_KERNEL, buffers });
 * pool.run(0);
 * pool.run(1);
 * ```
 */
export const IONIC_TABLE_KERNEL = `(b, w, k, phase) => {
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
  const p = new Float64Array(b.parameters);
  const rc2 = p[0], r0 = p[1], inverseSpacing = p[2], typeCount = p[3];
  const c = new Float64Array(b.coefficients), rowOffset = new Int32Array(b.rowOffset), exactBelow2 = new Float64Array(b.exactBelow2);
  const types = new Int32Array(b.types);
  const f = new Float64Array(b.forces, 8 * w * n3, n3), part = new Float64Array(b.partial, 88 * w, 11);
  const start = new Int32Array(b.start), mid = new Int32Array(b.mid), nbr = new Int32Array(b.neighbors), img = new Int32Array(b.images);
  const S = new Float64Array(b.shifts), range = new Int32Array(b.ranges);
  f.fill(0);
  let energy = 0, sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0, exact = 0;
  for (let i = range[w], hi = range[w + 1]; i < hi; i++) {
    const i3 = 3 * i;
    const xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    let fxi = 0, fyi = 0, fzi = 0, ei = 0;
    const rowBase = types[i] * typeCount;
    const m = mid[i], end = start[i + 1];
    for (let e = start[i]; e < end; e++) {
      const j = nbr[e], j3 = 3 * j;
      let shx = 0, shy = 0, shz = 0;
      if (e >= m) {
        const s = 3 * img[e];
        shx = S[s]; shy = S[s + 1]; shz = S[s + 2];
      }
      const dx = x[j3] + shx - xi, dy = x[j3 + 1] + shy - yi, dz = x[j3 + 2] + shz - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const row = rowBase + types[j];
      if (r2 < exactBelow2[row]) { exact = 1; continue; }
      const u = (Math.sqrt(r2) - r0) * inverseSpacing;
      const slot = u | 0;
      const t = u - slot;
      const o = rowOffset[row] + 8 * slot;
      const pair = c[o] + t * (c[o + 1] + t * (c[o + 2] + t * c[o + 3]));
      const fpair = c[o + 4] + t * (c[o + 5] + t * (c[o + 6] + t * c[o + 7]));
      ei += pair;
      const fx = fpair * dx, fy = fpair * dy, fz = fpair * dz;
      fxi -= fx; fyi -= fy; fzi -= fz;
      f[j3] += fx; f[j3 + 1] += fy; f[j3 + 2] += fz;
      if (e >= m) {
        sxx += shx * fx; sxy += shx * fy; sxz += shx * fz;
        syx += shy * fx; syy += shy * fy; syz += shy * fz;
        szx += shz * fx; szy += shz * fy; szz += shz * fz;
      }
    }
    energy += ei;
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  part[0] = energy;
  part[1] = sxx; part[2] = sxy; part[3] = sxz; part[4] = syx; part[5] = syy; part[6] = syz; part[7] = szx; part[8] = szy; part[9] = szz;
  part[10] = exact;
}`;

/**
 * The pooled walk of `sumIonicPairs` for Coulomb alone (`coulomb:pme`, no short-range term): Σ k_e q_i q_j E(r) over
 * the half list below r_c with E and F from an `ErfcTable` (cubic Hermite, the same arithmetic as
 * `ErfcTable.valuesInto`), atoms with q = 0 skipped as in the serial walk. Buffers and phases as
 * {@link IONIC_TABLE_KERNEL}, with `charges` (Float64) in place of `types` and parameters [r_c², r₀, 1/h, r₀², k_e];
 * the flag is set by a pair closer than the table's r₀ (there the serial walk evaluates erfc exactly).
 *
 * Deliberate hot-loop specialisation: mirrors `sumIonicPairs` (`potentials/ionic-pairs.ts`) with
 * `ErfcTable.valuesInto` inlined, because a pool kernel can import nothing. Guarded by
 * `test/parallel-coulomb-pme.test.ts` (Coulomb alone on k = 1, 2, 3 equals the serial `CoulombPme` to 1e-12).
 *
 * @example
 * ```ts
 * pool.load({ source: COULOMB_ERFC_KERNEL, buffers });
 * ```
 */
export const COULOMB_ERFC_KERNEL = `(b, w, k, phase) => {
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
  const p = new Float64Array(b.parameters);
  const rc2 = p[0], r0 = p[1], inverseSpacing = p[2], start2 = p[3], scale = p[4];
  const c = new Float64Array(b.coefficients), charges = new Float64Array(b.charges);
  const f = new Float64Array(b.forces, 8 * w * n3, n3), part = new Float64Array(b.partial, 88 * w, 11);
  const start = new Int32Array(b.start), mid = new Int32Array(b.mid), nbr = new Int32Array(b.neighbors), img = new Int32Array(b.images);
  const S = new Float64Array(b.shifts), range = new Int32Array(b.ranges);
  f.fill(0);
  let energy = 0, sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0, exact = 0;
  for (let i = range[w], hi = range[w + 1]; i < hi; i++) {
    const qi = scale * charges[i];
    if (qi === 0) continue;
    const i3 = 3 * i;
    const xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    let fxi = 0, fyi = 0, fzi = 0, ei = 0;
    const m = mid[i], end = start[i + 1];
    for (let e = start[i]; e < end; e++) {
      const j = nbr[e], j3 = 3 * j;
      let shx = 0, shy = 0, shz = 0;
      if (e >= m) {
        const s = 3 * img[e];
        shx = S[s]; shy = S[s + 1]; shz = S[s + 2];
      }
      const dx = x[j3] + shx - xi, dy = x[j3 + 1] + shy - yi, dz = x[j3 + 2] + shz - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      if (r2 < start2) { exact = 1; continue; }
      const u = (Math.sqrt(r2) - r0) * inverseSpacing;
      const slot = u | 0;
      const t = u - slot;
      const o = 8 * slot;
      const qq = qi * charges[j];
      const pair = qq * (c[o] + t * (c[o + 1] + t * (c[o + 2] + t * c[o + 3])));
      const fpair = qq * (c[o + 4] + t * (c[o + 5] + t * (c[o + 6] + t * c[o + 7])));
      ei += pair;
      const fx = fpair * dx, fy = fpair * dy, fz = fpair * dz;
      fxi -= fx; fyi -= fy; fzi -= fz;
      f[j3] += fx; f[j3 + 1] += fy; f[j3 + 2] += fz;
      if (e >= m) {
        sxx += shx * fx; sxy += shx * fy; sxz += shx * fz;
        syx += shy * fx; syy += shy * fy; syz += shy * fz;
        szx += shz * fx; szy += shz * fy; szz += shz * fz;
      }
    }
    energy += ei;
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  part[0] = energy;
  part[1] = sxx; part[2] = sxy; part[3] = sxz; part[4] = syx; part[5] = syy; part[6] = syz; part[7] = szx; part[8] = szy; part[9] = szz;
  part[10] = exact;
}`;
