import type { ErfcTable } from '../pme/erfc-table.ts';
import { boundingBox } from './bounding-box.ts';

/**
 * The short-range part of an open-boundary Ewald split with k_e = `scale`: Σ_{i<j, r_ij<r_c} q_i q_j erfc(αr_ij)/r_ij,
 * each pair once, forces added into `forces` and per-atom halves into `perAtom` when given. The charges are sorted by
 * Cartesian bins r_c/3 wide over their bounding box (counting sort, coordinates copied contiguously), and each bin
 * meets the bins of the half space of offsets within reach whose closest points are nearer than r_c; the pair
 * functions come from the {@link ErfcTable}'s cubic pieces, read inline (below the table's start, `exactInto`).
 * No periodic images: this is the sum for molecules and clusters in vacuum.
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
  // bins r_c/3 wide, but no more bins than about 2 per charge (sparse clusters)
  let width = cutoff / 3;
  const binsFor = (w: number): [number, number, number] =>
    [0, 1, 2].map((d) => Math.max(1, Math.floor(((max[d] as number) - (min[d] as number)) / w) + 1)) as [number, number, number];
  let bins = binsFor(width);
  while (bins[0] * bins[1] * bins[2] > 2 * n + 8) {
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
  // the half space of bin offsets within reach whose nearest points are closer than r_c
  const offsets: number[] = [];
  for (let o0 = 0; o0 <= reach; o0++) {
    for (let o1 = o0 === 0 ? 0 : -reach; o1 <= reach; o1++) {
      for (let o2 = o0 === 0 && o1 === 0 ? 0 : -reach; o2 <= reach; o2++) {
        const gap = Math.max(0, o0 - 1) ** 2 + Math.max(0, Math.abs(o1) - 1) ** 2 + Math.max(0, Math.abs(o2) - 1) ** 2;
        if (gap * width * width < cutoff2) offsets.push(o0, o1, o2);
      }
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
  // over Cartesian bins without periodic images, the ErfcTable's cubic pieces (`valuesInto`) inlined. Guarded by
  // test/mesh-coulomb.test.ts and the open-boundary references.
  let energy = 0,
    wxx = 0,
    wyy = 0,
    wzz = 0,
    wxy = 0,
    wxz = 0,
    wyz = 0;
  for (let b0 = 0; b0 < nb0; b0++) {
    for (let b1 = 0; b1 < nb1; b1++) {
      for (let b2 = 0; b2 < nb2; b2++) {
        const b = (b0 * nb1 + b1) * nb2 + b2;
        const iFrom = start[b] as number,
          iTo = start[b + 1] as number;
        if (iFrom === iTo) continue;
        for (let t = 0; t < offsets.length; t += 3) {
          const c0 = b0 + (offsets[t] as number),
            c1 = b1 + (offsets[t + 1] as number),
            c2 = b2 + (offsets[t + 2] as number);
          if (c0 >= nb0 || c1 < 0 || c1 >= nb1 || c2 < 0 || c2 >= nb2) continue;
          const nb = (c0 * nb1 + c1) * nb2 + c2;
          const jTo = start[nb + 1] as number;
          const same = nb === b;
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
            for (let j = same ? i + 1 : (start[nb] as number); j < jTo; j++) {
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
              wxx += dx * gx;
              wyy += dy * gy;
              wzz += dz * gz;
              wxy += dx * gy;
              wxz += dx * gz;
              wyz += dy * gz;
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
  for (let s = 0; s < n; s++) {
    const i = order[s] as number;
    forces[3 * i] = (forces[3 * i] as number) + (fx[s] as number);
    forces[3 * i + 1] = (forces[3 * i + 1] as number) + (fy[s] as number);
    forces[3 * i + 2] = (forces[3 * i + 2] as number) + (fz[s] as number);
    if (perAtom !== undefined && ea !== undefined) perAtom[i] = (perAtom[i] as number) + (ea[s] as number);
  }
  return { energy, virial: new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]) };
}
