import type { ErfcTable } from '../pme/erfc-table.ts';
import { boundingBox } from './bounding-box.ts';

/** Bins per cutoff length: the rows of bins a charge meets span r_c on each side plus one bin. */
const BINS_PER_CUTOFF = 5;

/**
 * The short-range part of an open-boundary Ewald split with k_e = `scale`: Σ_{i<j, r_ij<r_c} q_i q_j erfc(αr_ij)/r_ij,
 * each pair once, forces added into `forces` and per-atom halves into `perAtom` when given. The charges are sorted by
 * Cartesian bins about r_c/5 wide over their bounding box (counting sort, coordinates copied contiguously, the last
 * axis fastest), so a run of bins along the last axis is one contiguous range of charges: each bin meets, per row
 * (o0, o1) of the half space of offsets whose closest points are nearer than r_c, one range covering the bins
 * b2 − m … b2 + m of that row (m the reach along the row), in one inner loop. The pair functions come from the
 * {@link ErfcTable}'s cubic pieces, read inline (below the table's start, `exactInto`). The virial Σ_pairs r_ij ⊗ F_ij
 * equals Σ_i (r_i − r̄) ⊗ F_i for pair forces without images (Newton's third law), so it is summed per charge
 * afterwards, not per pair. No periodic images: this is the sum for molecules and clusters in vacuum.
 *
 * @example
 * ```ts
 * const forces = new Float64Array(3 * n);
 * const { energy, virial } = openShortRange(positions, charges, new ErfcTable(0.3, 11, 1e-6), 14.399645478, forces);
 * ```
 */
export function openShortRange(
  positions: Float64Array,
  charges: Float64Array,
  table: ErfcTable,
  scale: number,
  forces: Float64Array,
  perAtom?: Float64Array,
): { energy: number; virial: Float64Array } {
  const n = charges.length;
  const cutoff = table.cutoff;
  const cutoff2 = cutoff * cutoff;
  const { min, max } = boundingBox(positions, n);
  // bins r_c/5 wide, but no more bins than about 4 per charge (sparse clusters)
  let width = cutoff / BINS_PER_CUTOFF;
  const binsFor = (w: number): [number, number, number] =>
    [0, 1, 2].map((d) => Math.max(1, Math.floor(((max[d] as number) - (min[d] as number)) / w) + 1)) as [number, number, number];
  let bins = binsFor(width);
  while (bins[0] * bins[1] * bins[2] > 4 * n + 8) {
    width *= 1.25;
    bins = binsFor(width);
  }
  const [nb0, nb1, nb2] = bins;
  const reach = Math.ceil(cutoff / width);
  const inverse = 1 / width;
  const binOf = new Int32Array(n);
  const start = new Int32Array(nb0 * nb1 * nb2 + 1);
  for (let i = 0; i < n; i++) {
    const b0 = Math.min(nb0 - 1, Math.floor(((positions[3 * i] as number) - (min[0] as number)) * inverse));
    const b1 = Math.min(nb1 - 1, Math.floor(((positions[3 * i + 1] as number) - (min[1] as number)) * inverse));
    const b2 = Math.min(nb2 - 1, Math.floor(((positions[3 * i + 2] as number) - (min[2] as number)) * inverse));
    const b = (b0 * nb1 + b1) * nb2 + b2;
    binOf[i] = b;
    start[b + 1] = (start[b + 1] as number) + 1;
  }
  for (let b = 0; b < nb0 * nb1 * nb2; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const fill = start.slice(0, nb0 * nb1 * nb2);
  const order = new Int32Array(n);
  const xs = new Float64Array(n),
    ys = new Float64Array(n),
    zs = new Float64Array(n),
    qs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const slot = fill[binOf[i] as number] as number;
    fill[binOf[i] as number] = slot + 1;
    order[slot] = i;
    xs[slot] = positions[3 * i] as number;
    ys[slot] = positions[3 * i + 1] as number;
    zs[slot] = positions[3 * i + 2] as number;
    qs[slot] = charges[i] as number;
  }
  // rows (o0, o1) of the half space o0 > 0, or o0 = 0 and o1 ≥ 0, whose nearest points are closer than r_c, each with
  // its reach m along the last axis (the row (0, 0) covers o2 = 0 … m only: the other half is the mirrored pairs)
  const rows: number[] = [];
  const gap = (o: number): number => Math.max(0, Math.abs(o) - 1) ** 2 * width * width;
  for (let o0 = 0; o0 <= reach; o0++) {
    for (let o1 = o0 === 0 ? 0 : -reach; o1 <= reach; o1++) {
      const g01 = gap(o0) + gap(o1);
      if (g01 >= cutoff2) continue;
      let m = 0;
      while (m < reach && g01 + gap(m + 1) < cutoff2) m++;
      rows.push(o0, o1, m);
    }
  }
  const fx = new Float64Array(n),
    fy = new Float64Array(n),
    fz = new Float64Array(n),
    ea = perAtom === undefined ? undefined : new Float64Array(n);
  const c = table.coefficients;
  const r0 = table.start;
  const r02 = r0 * r0;
  const invH = table.inverseSpacing;
  const kernel = new Float64Array(2);
  // Deliberate hot-loop specialisation: the pair walk of pme/real-space.ts's `pmeRealSpace` (and md's `sumIonicPairs`)
  // over Cartesian bin rows without periodic images, the ErfcTable's cubic pieces (`valuesInto`) inlined. Guarded by
  // test/mesh-coulomb.test.ts and the open-boundary references.
  let energy = 0;
  for (let b0 = 0; b0 < nb0; b0++) {
    for (let b1 = 0; b1 < nb1; b1++) {
      for (let b2 = 0; b2 < nb2; b2++) {
        const b = (b0 * nb1 + b1) * nb2 + b2;
        const iFrom = start[b] as number,
          iTo = start[b + 1] as number;
        if (iFrom === iTo) continue;
        for (let t = 0; t < rows.length; t += 3) {
          const c0 = b0 + (rows[t] as number),
            c1 = b1 + (rows[t + 1] as number);
          if (c0 >= nb0 || c1 < 0 || c1 >= nb1) continue;
          const m = rows[t + 2] as number;
          const self = c0 === b0 && c1 === b1;
          const row = (c0 * nb1 + c1) * nb2;
          const jFrom = start[row + (self ? b2 : Math.max(0, b2 - m))] as number;
          const jTo = start[row + Math.min(nb2 - 1, b2 + m) + 1] as number;
          if (jFrom === jTo) continue;
          for (let i = iFrom; i < iTo; i++) {
            const qi = scale * (qs[i] as number);
            if (qi === 0) continue;
            const xi = xs[i] as number,
              yi = ys[i] as number,
              zi = zs[i] as number;
            let fxi = 0,
              fyi = 0,
              fzi = 0,
              ei = 0;
            for (let j = self ? i + 1 : jFrom; j < jTo; j++) {
              const dx = (xs[j] as number) - xi,
                dy = (ys[j] as number) - yi,
                dz = (zs[j] as number) - zi;
              const r2 = dx * dx + dy * dy + dz * dz;
              if (r2 >= cutoff2) continue;
              const qq = qi * (qs[j] as number);
              let e: number;
              let f: number;
              if (r2 >= r02) {
                const u = (Math.sqrt(r2) - r0) * invH;
                const slot = u | 0;
                const s = u - slot;
                const o = 8 * slot;
                e = (c[o] as number) + s * ((c[o + 1] as number) + s * ((c[o + 2] as number) + s * (c[o + 3] as number)));
                f = (c[o + 4] as number) + s * ((c[o + 5] as number) + s * ((c[o + 6] as number) + s * (c[o + 7] as number)));
              } else {
                if (r2 === 0) throw new RangeError(`meshCoulomb: atoms ${order[i]} and ${order[j]} coincide`);
                table.exactInto(Math.sqrt(r2), kernel);
                e = kernel[0] as number;
                f = kernel[1] as number;
              }
              const pair = qq * e;
              const fp = qq * f;
              ei += pair;
              if (ea !== undefined) ea[j] = (ea[j] as number) + 0.5 * pair;
              const gx = fp * dx,
                gy = fp * dy,
                gz = fp * dz;
              fxi -= gx;
              fyi -= gy;
              fzi -= gz;
              fx[j] = (fx[j] as number) + gx;
              fy[j] = (fy[j] as number) + gy;
              fz[j] = (fz[j] as number) + gz;
            }
            energy += ei;
            if (ea !== undefined) ea[i] = (ea[i] as number) + 0.5 * ei;
            fx[i] = (fx[i] as number) + fxi;
            fy[i] = (fy[i] as number) + fyi;
            fz[i] = (fz[i] as number) + fzi;
          }
        }
      }
    }
  }
  // W = Σ_i (r_i − r̄) ⊗ F_i: the pair sum Σ r_ij ⊗ F_ij regrouped (Σ_i F_i = 0), about the centre against cancellation
  const centre = [0, 0, 0];
  for (let s = 0; s < n; s++) {
    centre[0] = (centre[0] as number) + (xs[s] as number) / n;
    centre[1] = (centre[1] as number) + (ys[s] as number) / n;
    centre[2] = (centre[2] as number) + (zs[s] as number) / n;
  }
  const virial = new Float64Array(9);
  for (let s = 0; s < n; s++) {
    const i = order[s] as number;
    const r = [
      (xs[s] as number) - (centre[0] as number),
      (ys[s] as number) - (centre[1] as number),
      (zs[s] as number) - (centre[2] as number),
    ];
    const f = [fx[s] as number, fy[s] as number, fz[s] as number];
    for (let a = 0; a < 3; a++)
      for (let d = 0; d < 3; d++) virial[3 * a + d] = (virial[3 * a + d] as number) + (r[a] as number) * (f[d] as number);
    forces[3 * i] = (forces[3 * i] as number) + (f[0] as number);
    forces[3 * i + 1] = (forces[3 * i + 1] as number) + (f[1] as number);
    forces[3 * i + 2] = (forces[3 * i + 2] as number) + (f[2] as number);
    if (perAtom !== undefined && ea !== undefined) perAtom[i] = (perAtom[i] as number) + (ea[s] as number);
  }
  // symmetric by construction of the pair sum (d ⊗ F with F ∥ d); symmetrise the regrouped sum's rounding
  for (const [a, d] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const) {
    const mean = 0.5 * ((virial[3 * a + d] as number) + (virial[3 * d + a] as number));
    virial[3 * a + d] = mean;
    virial[3 * d + a] = mean;
  }
  return { energy, virial };
}
