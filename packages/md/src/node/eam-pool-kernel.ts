/** The spline cell of distance `r` (< r_c): index `c` into a 7-coefficient table and the fraction `p`, as `EmbeddedAtom`. */
function splineCell(r: string): string {
  return `
        let p = ${r} * rdr + 1.0;
        let m = Math.trunc(p);
        if (m > nr - 1) m = nr - 1;
        p -= m;
        if (p > 1.0) p = 1.0;
        const c = 7 * m;`;
}

/** The displacement of list entry kk from atom i: without an image shift, or with the shift S of entry kk. */
function displacement(shifted: boolean, image = 'img[kk]'): string {
  return shifted
    ? `const s = 3 * ${image}, sx = S[s], sy = S[s + 1], sz = S[s + 2];
        const dx = xi - (x[j3] + sx), dy = yi - (x[j3 + 1] + sy), dz = zi - (x[j3 + 2] + sz);`
    : 'const dx = xi - x[j3], dy = yi - x[j3 + 1], dz = zi - x[j3 + 2];';
}

/**
 * Phase 0's filter over list entries `a … b` of atom i, with or without image shifts: every entry is written at the
 * compact cursor `nq` (j, or for an entry with an image shift its list index kk; and r²), which advances only for
 * entries within the cutoff (`+(r² < r_c²)`: a flag, not a jump, so no mispredicted branch on the 44 % of in.eam's
 * entries that lie in the skin).
 */
function filterWalk(a: string, b: string, shifted: boolean): string {
  return `for (let kk = ${a}; kk < ${b}; kk++) {
        const j = nbr[kk], j3 = 3 * j;
        ${displacement(shifted)}
        const r2 = dx * dx + dy * dy + dz * dz;
        cj[nq] = ${shifted ? 'kk' : 'j'}; cr[nq] = r2;
        nq += +(r2 < cut2);
      }`;
}

/** Phase 0's densities from atom i's compact entries `a … b` (one element, or several); r replaces r² for phase 2. */
function densityWalk(a: string, b: string, shifted: boolean, single: boolean): string {
  const add = single
    ? `const v = ((rhor[c + 3] * p + rhor[c + 4]) * p + rhor[c + 5]) * p + rhor[c + 6];
        rhoi += v;
        rho[j] += v;`
    : `const a = species[j] * LR + c, bb = si * LR + c;
        rhoi += ((rhor[a + 3] * p + rhor[a + 4]) * p + rhor[a + 5]) * p + rhor[a + 6];
        rho[j] += ((rhor[bb + 3] * p + rhor[bb + 4]) * p + rhor[bb + 5]) * p + rhor[bb + 6];`;
  return `for (let q = ${a}; q < ${b}; q++) {
        const j = ${shifted ? 'nbr[cj[q]]' : 'cj[q]'};
        const r = Math.sqrt(cr[q]);
        cr[q] = r;${splineCell('r')}
        ${add}
      }`;
}

/** Phase 2's walk over phase 0's compact entries up to `b` (the pairs within the cutoff); the image virial only when shifted. */
function forceWalk(b: string, shifted: boolean, single: boolean): string {
  const splines = single
    ? `const rhoip = (rhor[c] * p + rhor[c + 1]) * p + rhor[c + 2];
        const rhojp = rhoip;
        const z2p = (z2r[c] * p + z2r[c + 1]) * p + z2r[c + 2];
        const z2 = ((z2r[c + 3] * p + z2r[c + 4]) * p + z2r[c + 5]) * p + z2r[c + 6];`
    : `const sj = species[j];
        const a = si * LR + c;
        const rhoip = (rhor[a] * p + rhor[a + 1]) * p + rhor[a + 2];
        const bb = sj * LR + c;
        const rhojp = (rhor[bb] * p + rhor[bb + 1]) * p + rhor[bb + 2];
        const h = Math.max(si, sj), l = Math.min(si, sj);
        const z = ((h * (h + 1)) / 2 + l) * LR + c;
        const z2p = (z2r[z] * p + z2r[z + 1]) * p + z2r[z + 2];
        const z2 = ((z2r[z + 3] * p + z2r[z + 4]) * p + z2r[z + 5]) * p + z2r[z + 6];`;
  const virial = shifted
    ? `
        wxx -= sx * fx; wxy -= sx * fy; wxz -= sx * fz;
        wyx -= sy * fx; wyy -= sy * fy; wyz -= sy * fz;
        wzx -= sz * fx; wzy -= sz * fy; wzz -= sz * fz;`
    : '';
  return `for (; nq < ${b}; nq++) {
        const ${shifted ? 'kk = cj[nq], j = nbr[kk]' : 'j = cj[nq]'}, j3 = 3 * j;
        ${displacement(shifted)}
        const r = cr[nq];${splineCell('r')}
        ${splines}
        const recip = 1.0 / r;
        const phi = z2 * recip;
        const phip = z2p * recip - phi * recip;
        const psip = fpi * rhojp + fp[j] * rhoip + phip;
        const fpair = -psip * recip;
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx; fyi += fy; fzi += fz;
        f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
        ei += phi;${virial}
      }`;
}

/** Phase 0 (densities) over atoms lo … hi, for one element or several. */
function densityPass(single: boolean): string {
  return `for (let i = lo; i < hi; i++) {
      const i3 = 3 * i, xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
      const si = species[i];
      const q0 = nq, zeroEnd = mid[i];
      ${filterWalk('start[i]', 'zeroEnd', false)}
      const qz = nq;
      cmid[i] = qz;
      ${filterWalk('zeroEnd', 'start[i + 1]', true)}
      cend[i] = nq;
      let rhoi = 0;
      ${densityWalk('q0', 'qz', false, single)}
      ${densityWalk('qz', 'nq', true, single)}
      rho[i] += rhoi;
    }`;
}

/** Phase 2 (forces) over atoms lo … hi, for one element or several. */
function forcePass(single: boolean): string {
  return `for (let i = lo; i < hi; i++) {
      const i3 = 3 * i, xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
      const si = species[i], fpi = fp[i];
      let fxi = 0, fyi = 0, fzi = 0, ei = 0;
      const zeroEnd = cmid[i], end = cend[i];
      ${forceWalk('zeroEnd', false, single)}
      ${forceWalk('end', true, single)}
      energy += ei;
      // the running sums stored per atom, inside the loop: code after an optimised loop that has never run deoptimises
      // the function at its first call's end (and the next call starts cold again)
      out[1] = energy; out[2] = wxx; out[3] = wxy; out[4] = wxz; out[5] = wyx; out[6] = wyy; out[7] = wyz; out[8] = wzx; out[9] = wzy; out[10] = wzz;
      f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
    }`;
}

/** The views and parameters both pair walks (phases 0 and 2) read, and the compact cursor at worker w's first entry. */
const PAIR_VIEWS = `
    const x = new Float64Array(b.positions), n = x.length / 3, n3 = x.length;
    const q = new Float64Array(b.parameters);
    const rdr = q[0], nr = q[2], cut2 = q[5], LR = q[8];
    const species = new Int32Array(b.species), rhor = new Float64Array(b.rhor);
    const start = new Int32Array(b.start), mid = new Int32Array(b.mid), nbr = new Int32Array(b.neighbors);
    const img = new Int32Array(b.images), S = new Float64Array(b.shifts), range = new Int32Array(b.ranges);
    const lo = range[w], hi = range[w + 1];
    // the entries within the cutoff as phase 0 finds them (j, or kk with an image shift; r), in list order from start[lo]
    const cj = new Int32Array(b.compactNeighbors), cr = new Float64Array(b.compactR);
    const cmid = new Int32Array(b.compactMid), cend = new Int32Array(b.compactEnd);
    let nq = start[lo];`;

/** Phase 0 as a function of (buffers, worker), for one element or several. */
function densityFunction(single: boolean): string {
  return `(b, w) => {${PAIR_VIEWS}
    const rho = new Float64Array(b.rhoSlots, 8 * w * n, n);
    rho.fill(0);
    ${densityPass(single)}
  }`;
}

/** Phase 2 as a function of (buffers, worker), for one element or several. */
function forceFunction(single: boolean): string {
  return `(b, w) => {${PAIR_VIEWS}
    const f = new Float64Array(b.forces, 8 * w * n3, n3), out = new Float64Array(b.partial, 88 * w, 11);
    const fp = new Float64Array(b.fp), z2r = new Float64Array(b.z2r);
    f.fill(0);
    let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0, wyx = 0, wzx = 0, wzy = 0;
    out.fill(0, 1);
    ${forcePass(single)}
  }`;
}

/**
 * The pooled embedded-atom kernel (plain JavaScript source, compiled in each worker of a `WorkerPool` from
 * `@equitensor/tensor`), the two passes of {@link EmbeddedAtom} split over four barriers:
 *
 * - phase 0, densities: worker w walks atoms `ranges[w] … ranges[w+1]` of the half list in the serial order and adds
 *   ρ contributions (to i and to its neighbours j) into its own slot `rhoSlots[w·n … (w+1)·n)`; first each atom's
 *   entries within the cutoff (56 % of in.eam's entries; selected without a branch) go in list order into the compact
 *   arrays `compactNeighbors` (j; for entries with an image shift the list index) and `compactR` (r) from
 *   `start[ranges[w]]` on, with per-atom bounds `compactMid` (end of the entries without an image shift) and `compactEnd`;
 * - phase 1, embedding: worker w sums the k slots in the fixed order 0, 1, …, k−1 for atoms `atoms[w] … atoms[w+1]`,
 *   evaluates F(ρᵢ) and F′(ρᵢ) (into the shared `fp`) and puts its F sum in `partial[11w]`;
 * - phase 2, forces: worker w walks its compact entries of phase 0 (no cutoff test, no second square root), forces
 *   into its own slot `forces[w·3n …]`, pair energy and image virial into `partial[11w + 1 … 11w + 10]`;
 * - phase 3: worker w adds the force slots in the fixed order for components `reduce[w] … reduce[w+1]` into `out`.
 *
 * No worker writes what another writes in the same phase and every sum has a fixed order, so the result does not
 * depend on thread timing. Tables: `rhor`, `z2r` (stride `params[8]`), `frho` (stride `params[9]`), 7 spline
 * coefficients per grid point as in `EamSplines`; `params` = [1/dr, 1/dρ, nr, nρ, ρ_max, r_c², elements, single, …].
 *
 * Deliberate hot-loop specialisation: the neighbour walk and the spline evaluations mirror `EmbeddedAtom.compute`
 * (`potentials/eam.ts`), with the same floating-point operations per pair (so each term is bit for bit the serial one),
 * because a pool kernel is self-contained source text compiled in a worker (it can import nothing). The source is
 * generated from the helpers above so that each walk is its own loop: one element or several, entries without and with
 * an image shift (no per-entry branch on either), and each phase its own function. Guarded by
 * `test/parallel-eam.test.ts` (k = 1, 2, 3 equal the serial EAM to 1e-12 and repeat bit for bit).
 *
 * @example
 * ```ts
 * pool.load({ source: EAM_POOL_KERNEL, buffers });
 * for (let phase = 0; phase < 4; phase++) pool.run(phase);
 * ```
 */
export const EAM_POOL_KERNEL = `(() => {
  // each phase and element case its own function, optimised on its own type feedback (one function for all four
  // phases was compiled while phase 0 ran and deoptimised at the first phase 2: slow first steps)
  const densitySingle = ${densityFunction(true)};
  const densityMulti = ${densityFunction(false)};
  const forcesSingle = ${forceFunction(true)};
  const forcesMulti = ${forceFunction(false)};
  const embedding = (b, w, k) => {
    const q = new Float64Array(b.parameters);
    const rdrho = q[1], nrho = q[3], rhomax = q[4], LF = q[9];
    const species = new Int32Array(b.species), n = species.length;
    const slots = new Float64Array(b.rhoSlots), fp = new Float64Array(b.fp), F = new Float64Array(b.frho);
    const at = new Int32Array(b.atoms), out = new Float64Array(b.partial, 88 * w, 11);
    let energy = 0;
    out[0] = 0;
    for (let i = at[w], hi = at[w + 1]; i < hi; i++) {
      let r = 0;
      for (let v = 0; v < k; v++) r += slots[v * n + i];
      let p = r * rdrho + 1.0;
      let m = Math.trunc(p);
      m = Math.max(1, Math.min(m, nrho - 1));
      p -= m;
      if (p > 1.0) p = 1.0;
      const c = species[i] * LF + 7 * m;
      const d = (F[c] * p + F[c + 1]) * p + F[c + 2];
      fp[i] = d;
      let phi = ((F[c + 3] * p + F[c + 4]) * p + F[c + 5]) * p + F[c + 6];
      if (r > rhomax) phi += d * (r - rhomax);
      energy += phi;
      out[0] = energy; // inside the loop, as in the force pass
    }
  };
  const reduce = (b, w, k) => {
    const out = new Float64Array(b.out), all = new Float64Array(b.forces), red = new Int32Array(b.reduce);
    const n3 = out.length;
    for (let c = red[w], hi = red[w + 1]; c < hi; c++) {
      let s = 0;
      for (let v = 0; v < k; v++) s += all[v * n3 + c];
      out[c] = s;
    }
  };
  return (b, w, k, phase) => {
    const single = new Float64Array(b.parameters)[7] === 1;
    if (phase === 0) {
      if (single) densitySingle(b, w);
      else densityMulti(b, w);
    } else if (phase === 1) embedding(b, w, k);
    else if (phase === 2) {
      if (single) forcesSingle(b, w);
      else forcesMulti(b, w);
    } else reduce(b, w, k);
  };
})()`;
