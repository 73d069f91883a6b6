import type { Structure } from '../structure.ts';
import { invertCell } from './cell.ts';

/**
 * Cartesian positions (Å, flat 3N) from fractional coordinates: r = s·cell (rows are lattice vectors).
 *
 * @example
 * ```ts
 * fractionalToCartesian(new Float64Array([0.5, 0.5, 0.5]), cell); // the cell centre
 * ```
 */
export function fractionalToCartesian(fractional: Float64Array, cell: Float64Array): Float64Array {
  const out = new Float64Array(fractional.length);
  for (let i = 0; i < fractional.length; i += 3) {
    const s0 = fractional[i]!;
    const s1 = fractional[i + 1]!;
    const s2 = fractional[i + 2]!;
    out[i] = s0 * cell[0]! + s1 * cell[3]! + s2 * cell[6]!;
    out[i + 1] = s0 * cell[1]! + s1 * cell[4]! + s2 * cell[7]!;
    out[i + 2] = s0 * cell[2]! + s1 * cell[5]! + s2 * cell[8]!;
  }
  return out;
}

/**
 * Fractional coordinates (flat 3N) from Cartesian positions: s = r·cell⁻¹. Throws for a singular cell.
 *
 * @example
 * ```ts
 * cartesianToFractional(structure.positions, structure.cell!);
 * ```
 */
export function cartesianToFractional(positions: Float64Array, cell: Float64Array): Float64Array {
  if (cell[1] === 0 && cell[2] === 0 && cell[5] === 0 && cell[0] !== 0 && cell[4] !== 0 && cell[8] !== 0) {
    // lower-triangular cell (ASE's and LAMMPS's orientation): back substitution, exact for diagonal cells
    const out = new Float64Array(positions.length);
    const [a0, b0, b1, c0, c1, c2] = [cell[0]!, cell[3]!, cell[4]!, cell[6]!, cell[7]!, cell[8]!];
    for (let i = 0; i < positions.length; i += 3) {
      const s2 = positions[i + 2]! / c2;
      const s1 = (positions[i + 1]! - s2 * c1) / b1;
      out[i] = (positions[i]! - s1 * b0 - s2 * c0) / a0;
      out[i + 1] = s1;
      out[i + 2] = s2;
    }
    return out;
  }
  return fractionalToCartesian(positions, invertCell(cell));
}

/**
 * Positions wrapped into the cell along periodic axes, as ASE's `wrap_positions`: each periodic
 * fractional coordinate s becomes ((s + eps) mod 1) − eps, so atoms a hair below a face stay put.
 * Non-periodic axes are left as they are. Returns new positions; the structure is not changed.
 *
 * @example
 * ```ts
 * const wrapped = wrapPositions(structure); // Float64Array(3N) inside the cell
 * ```
 */
export function wrapPositions(
  structure: Pick<Structure, 'positions' | 'cell' | 'pbc'>,
  options: { pbc?: readonly [boolean, boolean, boolean]; eps?: number } = {},
): Float64Array {
  const pbc = options.pbc ?? structure.pbc;
  const eps = options.eps ?? 1e-7;
  if (structure.cell === null) {
    if (pbc.some(Boolean)) throw new RangeError('cannot wrap along a periodic axis of a structure without a cell');
    return structure.positions.slice();
  }
  const frac = cartesianToFractional(structure.positions, structure.cell);
  for (let i = 0; i < frac.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      if (!pbc[k]) continue;
      const s = frac[i + k]! + eps;
      frac[i + k] = s - Math.floor(s) - eps;
    }
  }
  return fractionalToCartesian(frac, structure.cell);
}
