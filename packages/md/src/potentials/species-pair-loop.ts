import type { NeighborList } from '../neighbor-list.ts';
import type { PotentialResult } from '../potential.ts';

/**
 * A pair interaction that depends on the two atoms' species: for parameter row `row` and squared distance r2 (below
 * that row's cutoff²) it writes φ into `out[0]` and −φ'(r)/r (LAMMPS' fpair) into `out[1]`.
 */
export type SpeciesPairKernel = (row: number, r2: number, out: Float64Array) => void;

/**
 * Energy, forces, virial (and per-atom energies, split half and half) of a species-dependent pair potential over a
 * half neighbour list: the pair (i, j) uses parameter row `pairIndex[type_i·types + type_j]` and its own cutoff².
 * The virial is W = Σ_pairs d ⊗ f with d = r_j − r_i (+ image shift) and f the force on j.
 *
 * @example
 * ```ts
 * const result = sumSpeciesPairs(list, atoms.positions, types, table.types, table.pairIndex, cutoff2, kernel, false);
 * ```
 */
export function sumSpeciesPairs(
  list: NeighborList,
  positions: Float64Array,
  types: Int32Array,
  typeCount: number,
  pairIndex: Int32Array,
  cutoff2: Float64Array,
  kernel: SpeciesPairKernel,
  perAtom: boolean,
): PotentialResult {
  if (list.kind !== 'half') throw new Error('sumSpeciesPairs needs a half neighbour list');
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
  // Deliberate hot-loop specialisation: pair-loop.ts' walk plus the per-type-pair row and cutoff; kept apart so one-species kernels take no row lookup.
  for (let i = 0; i < n; i++) {
    const xi = x[3 * i] as number,
      yi = x[3 * i + 1] as number,
      zi = x[3 * i + 2] as number;
    const rowBase = (types[i] as number) * typeCount;
    let fxi = 0,
      fyi = 0,
      fzi = 0,
      ei = 0;
    const end = start[i + 1] as number;
    for (let k = start[i] as number; k < end; k++) {
      const j = nbr[k] as number;
      const s = 3 * (img[k] as number);
      const dx = (x[3 * j] as number) + (S[s] as number) - xi;
      const dy = (x[3 * j + 1] as number) + (S[s + 1] as number) - yi;
      const dz = (x[3 * j + 2] as number) + (S[s + 2] as number) - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      const row = pairIndex[rowBase + (types[j] as number)] as number;
      if (r2 >= (cutoff2[row] as number)) continue;
      kernel(row, r2, out);
      const e = out[0] as number,
        fpair = out[1] as number;
      ei += e;
      if (eAtom !== null) eAtom[j] = (eAtom[j] as number) + 0.5 * e;
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
    energy += ei;
    if (eAtom !== null) eAtom[i] = (eAtom[i] as number) + 0.5 * ei;
    f[3 * i] = (f[3 * i] as number) + fxi;
    f[3 * i + 1] = (f[3 * i + 1] as number) + fyi;
    f[3 * i + 2] = (f[3 * i + 2] as number) + fzi;
  }
  const virial = new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]);
  return eAtom === null ? { energy, forces: f, virial } : { energy, forces: f, virial, perAtomEnergies: eAtom };
}
