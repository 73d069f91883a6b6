/**
 * 3×3 cell geometry for Ewald sums: volume, inverse, interplanar widths. The cell is row-major with
 * rows the lattice vectors a, b, c (ASE's convention); fractional s and Cartesian r relate by r = s·cell.
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

/**
 * Volume, inverse and interplanar widths of a (possibly triclinic) cell; throws on a singular or
 * left-handed-degenerate cell.
 *
 * @example
 * ```ts
 * cellGeometry(new Float64Array([5, 0, 0, 0, 5, 0, 0, 0, 5])).volume; // 125
 * ```
 */
export function cellGeometry(cell: Float64Array): CellGeometry {
  if (cell.length !== 9) throw new RangeError(`cellGeometry: a cell has 9 numbers (3×3, rows = lattice vectors), got ${cell.length}`);
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = Array.from(cell) as [number, number, number, number, number, number, number, number, number];
  // Cofactors: rows of the inverse transpose are the cross products.
  const bc = [b1 * c2 - b2 * c1, b2 * c0 - b0 * c2, b0 * c1 - b1 * c0];
  const ca = [c1 * a2 - c2 * a1, c2 * a0 - c0 * a2, c0 * a1 - c1 * a0];
  const ab = [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
  const det = a0 * bc[0]! + a1 * bc[1]! + a2 * bc[2]!;
  const volume = Math.abs(det);
  if (!(volume > 1e-12 * (Math.hypot(a0, a1, a2) * Math.hypot(b0, b1, b2) * Math.hypot(c0, c1, c2)))) {
    throw new RangeError('cellGeometry: the cell is singular (its lattice vectors are linearly dependent)');
  }
  // inverse[i][j] = cofactor(j, i)/det: column j of the inverse is (row j of the cofactor matrix)/det.
  const inverse = new Float64Array(9);
  const rows = [bc, ca, ab];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) inverse[3 * i + j] = rows[j]![i]! / det;
  const widths: [number, number, number] = [volume / Math.hypot(...bc), volume / Math.hypot(...ca), volume / Math.hypot(...ab)];
  return { cell, inverse, volume, widths };
}
