import { type CellGeometry, matrix3Entries } from '@equitensor/io';
import { binCharges, fractionalCoordinates } from '../ewald/bins.ts';
import type { ErfcTable } from './erfc-table.ts';

/**
 * Real-space part of PME with k_e = 1: Σ over pairs (i, j, image n) within r_c of qᵢqⱼ erfc(αr)/r, each pair once,
 * by the same fractional cell binning and half-offset search as the Ewald real space (`ewald/real-space.ts`), but
 * with the pair functions read from an {@link ErfcTable} (`valuesInto`: no erfc or exp per pair). Forces are added into `forces`
 * (scaled by `scale`, i.e. k_e); per-atom halves into `perAtom` when given.
 *
 * @example
 * ```ts
 * const { energy, virial } = pmeRealSpace(positions, charges, cellGeometry(cell), new ErfcTable(α, r_c, δ), 14.4, forces);
 * ```
 */
export function pmeRealSpace(
  positions: Float64Array,
  charges: Float64Array,
  geometry: CellGeometry,
  table: ErfcTable,
  scale: number,
  forces: Float64Array,
  perAtom?: Float64Array,
): { energy: number; virial: Float64Array } {
  const n = charges.length;
  const cutoff = table.cutoff;
  const { cell } = geometry;
  const frac = fractionalCoordinates(positions, geometry);
  const { bins, reach, head, next, binOf } = binCharges(frac, geometry, cutoff);
  const [nb0, nb1, nb2] = bins;
  const cutoff2 = cutoff * cutoff;
  const kernel = new Float64Array(2);
  const [c00, c01, c02, c10, c11, c12, c20, c21, c22] = matrix3Entries(cell);
  let energy = 0,
    wxx = 0,
    wyy = 0,
    wzz = 0,
    wxy = 0,
    wxz = 0,
    wyz = 0;
  // Deliberate hot-loop specialisation: md's neighbour-list pair walk written over cell bins with the erfc table inlined (a one-shot call builds no list).
  for (let i = 0; i < n; i++) {
    const qi = scale * (charges[i] as number);
    if (qi === 0) continue;
    const si0 = frac[3 * i] as number,
      si1 = frac[3 * i + 1] as number,
      si2 = frac[3 * i + 2] as number;
    const bi = binOf[i] as number;
    const bi2 = bi % nb2;
    const bi1 = ((bi - bi2) / nb2) % nb1;
    const bi0 = (bi - bi2 - bi1 * nb2) / (nb1 * nb2);
    let fxi = 0,
      fyi = 0,
      fzi = 0,
      ei = 0;
    // the half space of bin offsets: o0 > 0, or o0 = 0 and o1 > 0, or o0 = o1 = 0 and o2 ≥ 0 (at 0, only j > i)
    for (let o0 = 0; o0 <= reach[0]; o0++) {
      const b0 = bi0 + o0;
      const image0 = Math.floor(b0 / nb0);
      const w0 = b0 - image0 * nb0;
      for (let o1 = o0 === 0 ? 0 : -reach[1]; o1 <= reach[1]; o1++) {
        const b1 = bi1 + o1;
        const image1 = Math.floor(b1 / nb1);
        const w1 = b1 - image1 * nb1;
        for (let o2 = o0 === 0 && o1 === 0 ? 0 : -reach[2]; o2 <= reach[2]; o2++) {
          const b2 = bi2 + o2;
          const image2 = Math.floor(b2 / nb2);
          const w2 = b2 - image2 * nb2;
          const first = o0 === 0 && o1 === 0 && o2 === 0 ? (next[i] as number) : (head[(w0 * nb1 + w1) * nb2 + w2] as number);
          const t0 = image0 - si0,
            t1 = image1 - si1,
            t2 = image2 - si2;
          for (let j = first; j >= 0; j = next[j] as number) {
            const d0 = (frac[3 * j] as number) + t0;
            const d1 = (frac[3 * j + 1] as number) + t1;
            const d2 = (frac[3 * j + 2] as number) + t2;
            const dx = d0 * c00 + d1 * c10 + d2 * c20;
            const dy = d0 * c01 + d1 * c11 + d2 * c21;
            const dz = d0 * c02 + d1 * c12 + d2 * c22;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= cutoff2) continue;
            if (r2 === 0) throw new RangeError(`pmeCoulomb: atom ${i} coincides with a periodic image of atom ${j}`);
            const qq = qi * (charges[j] as number);
            table.valuesInto(Math.sqrt(r2), r2, kernel);
            const pair = qq * (kernel[0] as number);
            const fpair = qq * (kernel[1] as number);
            ei += pair;
            if (perAtom !== undefined) perAtom[j] = (perAtom[j] as number) + 0.5 * pair;
            const fx = fpair * dx,
              fy = fpair * dy,
              fz = fpair * dz;
            fxi -= fx;
            fyi -= fy;
            fzi -= fz;
            forces[3 * j] = (forces[3 * j] as number) + fx;
            forces[3 * j + 1] = (forces[3 * j + 1] as number) + fy;
            forces[3 * j + 2] = (forces[3 * j + 2] as number) + fz;
            wxx += dx * fx;
            wyy += dy * fy;
            wzz += dz * fz;
            wxy += dx * fy;
            wxz += dx * fz;
            wyz += dy * fz;
          }
        }
      }
    }
    energy += ei;
    if (perAtom !== undefined) perAtom[i] = (perAtom[i] as number) + 0.5 * ei;
    forces[3 * i] = (forces[3 * i] as number) + fxi;
    forces[3 * i + 1] = (forces[3 * i + 1] as number) + fyi;
    forces[3 * i + 2] = (forces[3 * i + 2] as number) + fzi;
  }
  return { energy, virial: new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]) };
}
