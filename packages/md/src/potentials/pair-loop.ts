import type { NeighborList } from '../neighbor-list.ts';
import type { PotentialResult } from '../potential.ts';

/**
 * A radial pair interaction φ(r) evaluated for r² < cutoff²: writes φ (energy) into `out[0]` and
 * −φ'(r)/r (the "fpair" of LAMMPS: force on j is fpair · (r_j − r_i)) into `out[1]`.
 */
export type PairKernel = (r2: number, out: Float64Array) => void;

/**
 * Energy, forces, virial (and per-atom energies) of a pair potential over a half neighbour list.
 * Per-atom energies split each pair half and half (LAMMPS' `compute pe/atom` convention).
 *
 * @example
 * ```ts
 * const result = sumPairs(list, atoms.positions, 2.5 ** 2, (r2, out) => { out[0] = 1 / r2; out[1] = 2 / (r2 * r2); }, false);
 * ```
 */
export function sumPairs(
  list: NeighborList,
  positions: Float64Array,
  cutoff2: number,
  kernel: PairKernel,
  perAtom: boolean,
): PotentialResult {
  if (list.kind !== 'half') throw new Error('sumPairs needs a half neighbour list');
  const n = positions.length / 3;
  const x = positions;
  const f = new Float64Array(3 * n);
  const eAtom = perAtom ? new Float64Array(n) : null;
  const start = list.start,
    nbr = list.neighbors,
    img = list.images,
    S = list.shifts;
  const out = new Float64Array(2);
  let energy = 0,
    wxx = 0,
    wyy = 0,
    wzz = 0,
    wxy = 0,
    wxz = 0,
    wyz = 0;
  // Deliberate hot-loop specialisation: ionic-pairs.ts (Born, Buckingham, PME real space) walks the list with a parameter row per type pair and the zero-image pairs apart; kept apart so one-species kernels take no row lookup.
  for (let i = 0; i < n; i++) {
    const xi = x[3 * i] as number,
      yi = x[3 * i + 1] as number,
      zi = x[3 * i + 2] as number;
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    const end = start[i + 1] as number;
    for (let k = start[i] as number; k < end; k++) {
      const j = nbr[k] as number;
      const s = 3 * (img[k] as number);
      const dx = (x[3 * j] as number) + (S[s] as number) - xi;
      const dy = (x[3 * j + 1] as number) + (S[s + 1] as number) - yi;
      const dz = (x[3 * j + 2] as number) + (S[s + 2] as number) - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= cutoff2) continue;
      kernel(r2, out);
      const e = out[0] as number,
        fpair = out[1] as number;
      energy += e;
      if (eAtom !== null) {
        eAtom[i] = (eAtom[i] as number) + 0.5 * e;
        eAtom[j] = (eAtom[j] as number) + 0.5 * e;
      }
      const fx = fpair * dx,
        fy = fpair * dy,
        fz = fpair * dz;
      fxi -= fx;
      fyi -= fy;
      fzi -= fz;
      f[3 * j] = (f[3 * j] as number) + fx;
      f[3 * j + 1] = (f[3 * j + 1] as number) + fy;
      f[3 * j + 2] = (f[3 * j + 2] as number) + fz;
      wxx += dx * fx;
      wyy += dy * fy;
      wzz += dz * fz;
      wxy += dx * fy;
      wxz += dx * fz;
      wyz += dy * fz;
    }
    f[3 * i] = (f[3 * i] as number) + fxi;
    f[3 * i + 1] = (f[3 * i + 1] as number) + fyi;
    f[3 * i + 2] = (f[3 * i + 2] as number) + fzi;
  }
  const virial = new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]);
  return eAtom === null ? { energy, forces: f, virial } : { energy, forces: f, virial, perAtomEnergies: eAtom };
}
