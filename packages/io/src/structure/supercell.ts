import type { AtomArray, InfoValue, Structure } from '../structure.ts';
import { determinant3 } from './cell.ts';
import { cartesianToFractional } from './fractional.ts';

function pick(array: AtomArray, atoms: readonly number[]): AtomArray {
  const w = array.width;
  if (array.type === 'S') {
    const data: string[] = [];
    for (const a of atoms) for (let k = 0; k < w; k++) data.push(array.data[a * w + k]!);
    return { type: 'S', width: w, data };
  }
  const data = new (array.data.constructor as new (n: number) => Float64Array | Int32Array | Uint8Array)(atoms.length * w);
  atoms.forEach((a, i) => {
    for (let k = 0; k < w; k++) data[i * w + k] = array.data[a * w + k]!;
  });
  return { ...array, data } as AtomArray;
}

/**
 * A supercell given by an integer matrix P (row-major 3×3, as ASE's `make_supercell`): the new cell is P·cell
 * (row i of the new cell is Σ_j P[i][j]·a_j) and holds |det P| copies of every atom, wrapped into the new cell.
 * Atoms are ordered by lattice translation, then by original index; per-atom arrays follow their atoms, info is
 * copied. `repeat(s, [a, b, c])` is the diagonal case. Throws a RangeError for a singular or non-integer P.
 *
 * @example
 * ```ts
 * // the conventional cubic cell of an fcc primitive cell
 * const cubic = supercell(primitive, [-1, 1, 1, 1, -1, 1, 1, 1, -1]);
 * ```
 */
export function supercell(structure: Structure, matrix: readonly number[]): Structure {
  if (matrix.length !== 9 || !matrix.every(Number.isInteger)) throw new RangeError('the supercell matrix must hold 9 integers');
  const cell = structure.cell;
  if (cell === null) throw new RangeError('cannot build a supercell of a structure without a cell');
  const P = Float64Array.from(matrix);
  const det = Math.round(determinant3(P));
  if (det === 0) throw new RangeError('the supercell matrix is singular');
  const newCell = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) newCell[3 * r + c]! += P[3 * r + k]! * cell[3 * k + c]!;
  // lattice translations: the integer points inside the parallelepiped spanned by the rows of P
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  for (let corner = 0; corner < 8; corner++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let r = 0; r < 3; r++) if (corner & (1 << r)) v += P[3 * r + c]!;
      lo[c] = Math.min(lo[c]!, v);
      hi[c] = Math.max(hi[c]!, v);
    }
  }
  const n = structure.numbers.length;
  const eps = 1e-9;
  const sources: number[] = [];
  const positions: number[] = [];
  const frac = cartesianToFractional(structure.positions, cell);
  for (let i = lo[0]!; i <= hi[0]!; i++) {
    for (let j = lo[1]!; j <= hi[1]!; j++) {
      for (let k = lo[2]!; k <= hi[2]!; k++) {
        for (let a = 0; a < n; a++) {
          const s = [frac[3 * a]! + i, frac[3 * a + 1]! + j, frac[3 * a + 2]! + k];
          const x = [0, 1, 2].map((c) => s[0]! * cell[c]! + s[1]! * cell[3 + c]! + s[2]! * cell[6 + c]!);
          const t = cartesianToFractional(Float64Array.from(x), newCell);
          if (t.every((v) => v >= -eps && v < 1 - eps)) {
            sources.push(a);
            positions.push(...x);
          }
        }
      }
    }
  }
  if (sources.length !== Math.abs(det) * n) {
    throw new RangeError(
      `found ${sources.length} atoms for a supercell of ${Math.abs(det)} × ${n}; atoms on the cell faces are ambiguous, wrap them first`,
    );
  }
  const arrays: Record<string, AtomArray> = {};
  for (const [name, array] of Object.entries(structure.arrays)) arrays[name] = pick(array, sources);
  const info: Record<string, InfoValue> = {};
  for (const [key, value] of Object.entries(structure.info)) info[key] = Array.isArray(value) ? (value.slice() as InfoValue) : value;
  return {
    numbers: Int32Array.from(sources, (a) => structure.numbers[a]!),
    positions: Float64Array.from(positions),
    cell: newCell,
    pbc: [structure.pbc[0], structure.pbc[1], structure.pbc[2]],
    arrays,
    info,
  };
}
