import { type CellGeometry, matrix3Entries } from '@equitensor/io';
import { erfc } from '../special.ts';
import { binCharges, fractionalCoordinates } from './bins.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Raw (k_e = 1) real-space Ewald sums: energy, forces (3N) and virial (9). */
export interface EwaldPart {
  energy: number;
  forces: Float64Array;
  virial: Float64Array;
  /** Per-atom shares of the energy (summing to it). */
  perAtom: Float64Array;
}

/**
 * Real-space Ewald sum ½ Σᵢ Σ_{j,n}' qᵢqⱼ erfc(α|rⱼ + n·cell − rᵢ|)/|…| over every periodic image
 * within r_c, with k_e = 1. Atoms are binned on a fractional grid whose bins are about r_c/3 thick
 * ({@link binCharges}). Each interaction is visited once (a half neighbour search): the pair (i, j in image n)
 * is seen from i's bin at the bin offset o = bin(j) + n·bins − bin(i) and from j's at −o, so only offsets
 * lexicographically positive are searched, and at o = 0 (same bin, same image) only j > i. Forces are applied to
 * both partners (Newton's third law). Small cells (r_c larger than the cell) need no special case: every image
 * has its own offset. Cost O(N · ρ r_c³ / 2).
 */
export function ewaldRealSpace(
  positions: Float64Array,
  charges: Float64Array,
  geometry: CellGeometry,
  alpha: number,
  cutoff: number,
): EwaldPart {
  const n = charges.length;
  const { cell } = geometry;
  const frac = fractionalCoordinates(positions, geometry);
  const { bins, reach, head, next, binOf } = binCharges(frac, geometry, cutoff);
  const cutoff2 = cutoff * cutoff;
  const alpha2 = alpha * alpha;
  const forces = new Float64Array(3 * n);
  const perAtom = new Float64Array(n);
  // Deliberate hot-loop specialisation: the local accumulators of direct.ts and the cell-bin walk of
  // pme/real-space.ts (here with erfc evaluated exactly) and ewald/potential.ts (there at points, not charges).
  let energy = 0;
  let wxx = 0;
  let wyy = 0;
  let wzz = 0;
  let wxy = 0;
  let wxz = 0;
  let wyz = 0;
  const [c00, c01, c02, c10, c11, c12, c20, c21, c22] = matrix3Entries(cell);
  for (let i = 0; i < n; i++) {
    const qi = charges[i]!;
    if (qi === 0) continue;
    const si0 = frac[3 * i]!;
    const si1 = frac[3 * i + 1]!;
    const si2 = frac[3 * i + 2]!;
    const bi = binOf[i]!;
    const bi2 = bi % bins[2];
    const bi1 = ((bi - bi2) / bins[2]) % bins[1];
    const bi0 = (bi - bi2 - bi1 * bins[2]) / (bins[1] * bins[2]);
    let fxi = 0;
    let fyi = 0;
    let fzi = 0;
    let ei = 0;
    // The half space of offsets: o0 > 0, or o0 = 0 and o1 > 0, or o0 = o1 = 0 and o2 ≥ 0.
    for (let o0 = 0; o0 <= reach[0]; o0++) {
      const nb0 = bi0 + o0;
      const image0 = Math.floor(nb0 / bins[0]);
      const w0 = nb0 - image0 * bins[0];
      for (let o1 = o0 === 0 ? 0 : -reach[1]; o1 <= reach[1]; o1++) {
        const nb1 = bi1 + o1;
        const image1 = Math.floor(nb1 / bins[1]);
        const w1 = nb1 - image1 * bins[1];
        for (let o2 = o0 === 0 && o1 === 0 ? 0 : -reach[2]; o2 <= reach[2]; o2++) {
          const nb2 = bi2 + o2;
          const image2 = Math.floor(nb2 / bins[2]);
          const w2 = nb2 - image2 * bins[2];
          // Offset zero: the same bin in the same image, whose list is in increasing index order; take j > i.
          const first = o0 === 0 && o1 === 0 && o2 === 0 ? next[i]! : head[(w0 * bins[1] + w1) * bins[2] + w2]!;
          for (let j = first; j >= 0; j = next[j]!) {
            const d0 = frac[3 * j]! + image0 - si0;
            const d1 = frac[3 * j + 1]! + image1 - si1;
            const d2 = frac[3 * j + 2]! + image2 - si2;
            const dx = d0 * c00 + d1 * c10 + d2 * c20;
            const dy = d0 * c01 + d1 * c11 + d2 * c21;
            const dz = d0 * c02 + d1 * c12 + d2 * c22;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= cutoff2) continue;
            if (r2 === 0) throw new RangeError(`ewaldCoulomb: atom ${i} coincides with a periodic image of atom ${j}`);
            const qj = charges[j]!;
            if (qj === 0) continue;
            const r = Math.sqrt(r2);
            const qq = qi * qj;
            const pair = (qq * erfc(alpha * r)) / r;
            energy += pair;
            ei += 0.5 * pair;
            perAtom[j] = perAtom[j]! + 0.5 * pair;
            // −φ'(r)/r: the force on j along r_ij divided by r.
            const s = (pair + qq * TWO_OVER_SQRT_PI * alpha * Math.exp(-alpha2 * r2)) / r2;
            const fx = s * dx;
            const fy = s * dy;
            const fz = s * dz;
            fxi -= fx;
            fyi -= fy;
            fzi -= fz;
            forces[3 * j] = forces[3 * j]! + fx;
            forces[3 * j + 1] = forces[3 * j + 1]! + fy;
            forces[3 * j + 2] = forces[3 * j + 2]! + fz;
            wxx += fx * dx;
            wyy += fy * dy;
            wzz += fz * dz;
            wxy += fx * dy;
            wxz += fx * dz;
            wyz += fy * dz;
          }
        }
      }
    }
    perAtom[i] = perAtom[i]! + ei;
    forces[3 * i] = forces[3 * i]! + fxi;
    forces[3 * i + 1] = forces[3 * i + 1]! + fyi;
    forces[3 * i + 2] = forces[3 * i + 2]! + fzi;
  }
  return { energy, forces, virial: new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]), perAtom };
}
