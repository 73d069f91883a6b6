import type { Structure } from '../structure.ts';

/** Cell lengths (Å) and angles (degrees): α between b and c, β between a and c, γ between a and b. */
export interface CellParameters {
  a: number;
  b: number;
  c: number;
  alpha: number;
  beta: number;
  gamma: number;
}

function cellOf(cellOrStructure: Float64Array | Structure): Float64Array {
  if (cellOrStructure instanceof Float64Array) {
    if (cellOrStructure.length !== 9) throw new RangeError(`a cell has 9 entries, got ${cellOrStructure.length}`);
    return cellOrStructure;
  }
  if (cellOrStructure.cell === null) throw new RangeError('the structure has no cell');
  return cellOf(cellOrStructure.cell);
}

/**
 * Signed determinant of a row-major 3×3 matrix.
 *
 * @example
 * ```ts
 * determinant3(new Float64Array([2, 0, 0, 0, 3, 0, 0, 0, 4])); // 24
 * ```
 */
export function determinant3(m: Float64Array): number {
  return m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
}

/**
 * Cell volume (Å³): |det(cell)| of a cell matrix or of a structure's cell (throws when it has none).
 *
 * @example
 * ```ts
 * volume(cellFromParameters({ a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90 })); // 179.406144
 * ```
 */
export function volume(cellOrStructure: Float64Array | Structure): number {
  return Math.abs(determinant3(cellOf(cellOrStructure)));
}

/**
 * Inverse of a row-major 3×3 matrix; throws a RangeError for a singular (zero-volume) cell.
 *
 * @example
 * ```ts
 * invertCell(new Float64Array([2, 0, 0, 0, 4, 0, 0, 0, 5])); // diag(0.5, 0.25, 0.2)
 * ```
 */
export function invertCell(m: Float64Array): Float64Array {
  const det = determinant3(m);
  const scale = Math.max(...Array.from(m, Math.abs));
  if (!(Math.abs(det) > 1e-12 * scale ** 3)) throw new RangeError('the cell is singular (zero volume)');
  const inv = new Float64Array(9);
  inv[0] = (m[4]! * m[8]! - m[5]! * m[7]!) / det;
  inv[1] = (m[2]! * m[7]! - m[1]! * m[8]!) / det;
  inv[2] = (m[1]! * m[5]! - m[2]! * m[4]!) / det;
  inv[3] = (m[5]! * m[6]! - m[3]! * m[8]!) / det;
  inv[4] = (m[0]! * m[8]! - m[2]! * m[6]!) / det;
  inv[5] = (m[2]! * m[3]! - m[0]! * m[5]!) / det;
  inv[6] = (m[3]! * m[7]! - m[4]! * m[6]!) / det;
  inv[7] = (m[1]! * m[6]! - m[0]! * m[7]!) / det;
  inv[8] = (m[0]! * m[4]! - m[1]! * m[3]!) / det;
  return inv;
}

/**
 * Lengths of the three lattice vectors (Å).
 *
 * @example
 * ```ts
 * cellLengths(new Float64Array([3, 0, 0, 0, 4, 0, 0, 0, 5])); // [3, 4, 5]
 * ```
 */
export function cellLengths(cellOrStructure: Float64Array | Structure): [number, number, number] {
  const m = cellOf(cellOrStructure);
  return [Math.hypot(m[0]!, m[1]!, m[2]!), Math.hypot(m[3]!, m[4]!, m[5]!), Math.hypot(m[6]!, m[7]!, m[8]!)];
}

function angleDegrees(m: Float64Array, i: number, j: number, li: number, lj: number): number {
  const dot = m[3 * i]! * m[3 * j]! + m[3 * i + 1]! * m[3 * j + 1]! + m[3 * i + 2]! * m[3 * j + 2]!;
  const cos = Math.min(1, Math.max(-1, dot / (li * lj)));
  return (Math.acos(cos) * 180) / Math.PI;
}

/**
 * Lengths and angles of a cell (ASE's `cell.cellpar()`).
 *
 * @example
 * ```ts
 * cellParameters(new Float64Array([3, 0, 0, 0, 4, 0, 0, 0, 5])); // { a: 3, b: 4, c: 5, alpha: 90, beta: 90, gamma: 90 }
 * ```
 */
export function cellParameters(cellOrStructure: Float64Array | Structure): CellParameters {
  const m = cellOf(cellOrStructure);
  const [a, b, c] = cellLengths(m);
  return { a, b, c, alpha: angleDegrees(m, 1, 2, b, c), beta: angleDegrees(m, 0, 2, a, c), gamma: angleDegrees(m, 0, 1, a, b) };
}

/** cos of an angle in degrees, exactly 0 / ±1 at multiples of 90° (as ASE's `cellpar_to_cell`). */
function cosDegrees(angle: number): number {
  const eps = 2 * Number.EPSILON * 90;
  if (Math.abs(Math.abs(angle) - 90) < eps) return 0;
  if (Math.abs(angle - 180) < eps) return -1;
  if (Math.abs(angle) < eps) return 1;
  return Math.cos((angle * Math.PI) / 180);
}

/**
 * A cell matrix from lengths and angles in ASE's standard orientation (`cellpar_to_cell`): a along x,
 * b in the xy plane, c completing a right-handed cell. Throws a RangeError for impossible angles.
 *
 * @example
 * ```ts
 * const hex = cellFromParameters({ a: 3.2, b: 3.2, c: 5.2, alpha: 90, beta: 90, gamma: 120 });
 * ```
 */
export function cellFromParameters(p: CellParameters): Float64Array {
  const { a, b, c } = p;
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError(`cell lengths must be positive, got ${a}, ${b}, ${c}`);
  const cosA = cosDegrees(p.alpha);
  const cosB = cosDegrees(p.beta);
  const cosG = cosDegrees(p.gamma);
  const sinG = Math.abs(cosG) === 0 ? 1 : Math.sqrt(1 - cosG * cosG);
  const cx = cosB;
  const cy = (cosA - cosB * cosG) / sinG;
  const cz2 = 1 - cx * cx - cy * cy;
  if (!(cz2 > 0) || !(sinG > 0)) {
    throw new RangeError(`the angles α=${p.alpha}°, β=${p.beta}°, γ=${p.gamma}° do not form a cell`);
  }
  return new Float64Array([a, 0, 0, b * cosG, b * sinG, 0, c * cx, c * cy, c * Math.sqrt(cz2)]);
}
