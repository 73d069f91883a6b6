/**
 * Cell geometry for periodic sums (Ewald, particle-mesh Ewald, neighbour lists): volume, inverse and the distances
 * between lattice planes. The one home of this geometry; electrostatics and md import it. The cell is row-major
 * with rows the lattice vectors a, b, c (ASE's convention); fractional s and Cartesian r relate by r = s·cell.
 */

/**
 * Volume, inverse and interplanar widths of a cell, from {@link cellGeometry}.
 *
 * @example
 * ```ts
 * const { volume, widths } = cellGeometry(new Float64Array([5, 0, 0, 1, 5, 0, 0, 0, 5]));
 * ```
 */
export interface CellGeometry {
  readonly cell: Float64Array;
  /** inverse cell: s = r·inverse. */
  readonly inverse: Float64Array;
  readonly volume: number;
  /** Distances between neighbouring lattice planes spanned by (b, c), (c, a), (a, b): V/|b×c|, …. */
  readonly widths: [number, number, number];
}

/** The nine entries of a row-major 3×3 matrix (a cell or its inverse), in order m00, m01, m02, m10, …, m22. */
export type Matrix3Entries = [number, number, number, number, number, number, number, number, number];

/**
 * The nine entries of a row-major 3×3 matrix as a tuple, to unpack into locals before a loop over atoms (a cell or
 * its inverse, as {@link cellGeometry} gives them).
 *
 * @example
 * ```ts
 * const [c00, c01, c02, c10, c11, c12, c20, c21, c22] = matrix3Entries(geometry.cell);
 * ```
 */
export function matrix3Entries(m: Float64Array): Matrix3Entries {
  if (m.length !== 9) throw new RangeError(`matrix3Entries: a 3×3 matrix has 9 numbers, got ${m.length}`);
  return [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, m[8]!];
}

/** b×c, c×a, a×b (the rows of det · cell⁻ᵀ) and det = a·(b×c). */
function crossProducts(cell: Float64Array, what: string): { bc: number[]; ca: number[]; ab: number[]; det: number } {
  if (cell.length !== 9) throw new RangeError(`${what}: a cell has 9 numbers (3×3, rows = lattice vectors), got ${cell.length}`);
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = matrix3Entries(cell);
  const bc = [b1 * c2 - b2 * c1, b2 * c0 - b0 * c2, b0 * c1 - b1 * c0];
  const ca = [c1 * a2 - c2 * a1, c2 * a0 - c0 * a2, c0 * a1 - c1 * a0];
  const ab = [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
  return { bc, ca, ab, det: a0 * bc[0]! + a1 * bc[1]! + a2 * bc[2]! };
}

/**
 * Volume, inverse and interplanar widths of a (possibly triclinic) cell; throws a `RangeError` on a cell that is
 * not 3×3 or is singular.
 *
 * @example
 * ```ts
 * cellGeometry(new Float64Array([5, 0, 0, 0, 5, 0, 0, 0, 5])).volume; // 125
 * ```
 */
export function cellGeometry(cell: Float64Array): CellGeometry {
  const { bc, ca, ab, det } = crossProducts(cell, 'cellGeometry');
  const volume = Math.abs(det);
  const length = (i: number): number => Math.hypot(cell[3 * i]!, cell[3 * i + 1]!, cell[3 * i + 2]!);
  if (!(volume > 1e-12 * (length(0) * length(1) * length(2)))) {
    throw new RangeError('cellGeometry: the cell is singular (its lattice vectors are linearly dependent)');
  }
  // inverse[i][j] = cofactor(j, i)/det: column j of the inverse is (row j of the cofactor matrix)/det.
  const inverse = new Float64Array(9);
  const rows = [bc, ca, ab];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) inverse[3 * i + j] = rows[j]![i]! / det;
  const widths: [number, number, number] = [volume / Math.hypot(...bc), volume / Math.hypot(...ca), volume / Math.hypot(...ab)];
  return { cell, inverse, volume, widths };
}

/**
 * Distances between opposite faces of a cell along each lattice direction, d_k = V / |a_l × a_m| (the `widths` of
 * {@link cellGeometry}, without the inverse and without the singularity check). A sphere of radius r fits in the
 * cell when r ≤ d_k / 2 for every k, and a cutoff rc needs ⌈rc / d_k⌉ periodic images along k.
 *
 * @example
 * ```ts
 * planeSpacings(new Float64Array([2, 0, 0, 0, 3, 0, 0, 0, 4])); // [2, 3, 4]
 * ```
 */
export function planeSpacings(cell: Float64Array): [number, number, number] {
  const { bc, ca, ab, det } = crossProducts(cell, 'planeSpacings');
  const v = Math.abs(det);
  return [v / Math.hypot(...bc), v / Math.hypot(...ca), v / Math.hypot(...ab)];
}
