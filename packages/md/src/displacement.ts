import { invertCell, planeSpacings } from '@equitensor/io';
import type { AtomsState } from './potential.ts';

/**
 * The shortest displacement r_j − r_i over all periodic images (minimum image convention), correct
 * for any triclinic cell: the fractional difference is wrapped into [−½, ½) and the 27 neighbouring
 * images are compared, so skewed cells are handled too.
 *
 * @example
 * ```ts
 * const d = minimumImageDisplacement(system, 0, 1); // Float64Array(3), Å
 * Math.hypot(d[0]!, d[1]!, d[2]!); // the minimum-image distance
 * ```
 */
export function minimumImageDisplacement(atoms: AtomsState, i: number, j: number): Float64Array {
  const x = atoms.positions;
  const d = new Float64Array(3);
  for (let k = 0; k < 3; k++) d[k] = (x[3 * j + k] as number) - (x[3 * i + k] as number);
  const cell = atoms.cell;
  if (cell === null || !(atoms.pbc[0] || atoms.pbc[1] || atoms.pbc[2])) return d;
  const inv = invertCell(cell);
  const s = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    s[k] = (d[0] as number) * (inv[k] as number) + (d[1] as number) * (inv[3 + k] as number) + (d[2] as number) * (inv[6 + k] as number);
    if (atoms.pbc[k]) s[k] = (s[k] as number) - Math.round(s[k] as number);
  }
  let best = Number.POSITIVE_INFINITY;
  const out = new Float64Array(3);
  const range = (k: number) => (atoms.pbc[k] ? [-1, 0, 1] : [0]);
  for (const a of range(0))
    for (const b of range(1))
      for (const c of range(2)) {
        const f0 = (s[0] as number) + a,
          f1 = (s[1] as number) + b,
          f2 = (s[2] as number) + c;
        const vx = f0 * (cell[0] as number) + f1 * (cell[3] as number) + f2 * (cell[6] as number);
        const vy = f0 * (cell[1] as number) + f1 * (cell[4] as number) + f2 * (cell[7] as number);
        const vz = f0 * (cell[2] as number) + f1 * (cell[5] as number) + f2 * (cell[8] as number);
        const r2 = vx * vx + vy * vy + vz * vz;
        if (r2 < best) {
          best = r2;
          out[0] = vx;
          out[1] = vy;
          out[2] = vz;
        }
      }
  return out;
}

/**
 * Every displacement r_j + n·cell − r_i shorter than `cutoff` over all periodic images n (cutoffs larger
 * than half the box give several images; with i = j the atom's own images, excluding n = 0).
 * Returns a flat Float64Array, 3 numbers per image.
 *
 * @example
 * ```ts
 * const images = displacementsWithinCutoff(system, 0, 1, 6.0);
 * images.length / 3; // how many images of atom 1 lie within 6 Å of atom 0
 * ```
 */
export function displacementsWithinCutoff(atoms: AtomsState, i: number, j: number, cutoff: number): Float64Array {
  const d0 = minimumImageDisplacement(atoms, i, j);
  const cell = atoms.cell;
  const out: number[] = [];
  const cut2 = cutoff * cutoff;
  if (cell === null || !(atoms.pbc[0] || atoms.pbc[1] || atoms.pbc[2])) {
    const r2 = (d0[0] as number) ** 2 + (d0[1] as number) ** 2 + (d0[2] as number) ** 2;
    return new Float64Array(r2 < cut2 && i !== j ? [...d0] : []);
  }
  const spacings = planeSpacings(cell);
  const reach = [0, 1, 2].map((k) => (atoms.pbc[k] ? Math.ceil(cutoff / spacings[k]!) + 1 : 0)) as [number, number, number];
  for (let a = -reach[0]; a <= reach[0]; a++)
    for (let b = -reach[1]; b <= reach[1]; b++)
      for (let c = -reach[2]; c <= reach[2]; c++) {
        const vx = (d0[0] as number) + a * (cell[0] as number) + b * (cell[3] as number) + c * (cell[6] as number);
        const vy = (d0[1] as number) + a * (cell[1] as number) + b * (cell[4] as number) + c * (cell[7] as number);
        const vz = (d0[2] as number) + a * (cell[2] as number) + b * (cell[5] as number) + c * (cell[8] as number);
        const r2 = vx * vx + vy * vy + vz * vz;
        if (r2 < cut2 && r2 > 0) out.push(vx, vy, vz);
      }
  return Float64Array.from(out);
}
