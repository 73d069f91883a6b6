import { cellFromParameters, cellParameters } from '../../structure/cell.ts';
import { cartesianToFractional, fractionalToCartesian } from '../../structure/fractional.ts';
import type { Structure } from '../../structure.ts';

/** A LAMMPS box: bounds and tilt factors (xy, xz, yz; zero for an orthogonal box). @internal */
export interface LammpsBox {
  lo: [number, number, number];
  hi: [number, number, number];
  tilt: [number, number, number];
}

/** The cell (rows a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz)) of a LAMMPS box. @internal */
export function cellOfBox(box: LammpsBox): Float64Array {
  const [xy, xz, yz] = box.tilt;
  return new Float64Array([box.hi[0] - box.lo[0], 0, 0, xy, box.hi[1] - box.lo[1], 0, xz, yz, box.hi[2] - box.lo[2]]);
}

/**
 * The LAMMPS box of a structure, and its positions in that box's frame. A cell already in LAMMPS form
 * (a along x, b in the xy plane) is used as it is; any other cell is rotated into that form (ASE's
 * orientation), its positions with it, so per-atom vectors (forces, velocities) would need the same
 * rotation: they are refused then (`rotated` true and vectors present → RangeError).
 * @internal
 */
export function boxOfStructure(s: Structure): { box: LammpsBox; positions: Float64Array; rotated: boolean } {
  if (s.cell === null) throw new RangeError('LAMMPS needs a cell');
  const c = s.cell;
  const origin =
    Array.isArray(s.info.origin) && s.info.origin.length === 3 && typeof s.info.origin[0] === 'number'
      ? (s.info.origin as number[])
      : [0, 0, 0];
  let cell = c;
  let positions = s.positions;
  let rotated = false;
  if (c[1] !== 0 || c[2] !== 0 || c[5] !== 0 || c[0]! <= 0 || c[4]! <= 0 || c[8]! <= 0) {
    cell = cellFromParameters(cellParameters(c));
    const frac = cartesianToFractional(
      s.positions.map((x, i) => x - origin[i % 3]!),
      c,
    );
    positions = fractionalToCartesian(frac, cell).map((x, i) => x + origin[i % 3]!);
    rotated = true;
  }
  const lo: [number, number, number] = [origin[0]!, origin[1]!, origin[2]!];
  return {
    box: { lo, hi: [lo[0] + cell[0]!, lo[1] + cell[4]!, lo[2] + cell[8]!], tilt: [cell[3]!, cell[6]!, cell[7]!] },
    positions,
    rotated,
  };
}
