import { gridSize, type TensorGrid } from './grid.ts';

/**
 * A scalar potential sampled on a rectilinear grid, for slicing and contouring in a viewer:
 * `values[(i·ny + j)·nz + k]` is the potential (V = eV/e) at (x[i], y[j], z[k]).
 *
 * @example
 * ```ts
 * const field = potentialField(grid, values);
 * const plane = field.slice(2, 10); // the z = grid.z[10] plane, ny·nx values
 * ```
 */
export interface PotentialField {
  readonly grid: TensorGrid;
  readonly values: Float64Array;
  /** The smallest and largest value (for colour maps and iso-levels). */
  readonly range: readonly [number, number];
  /** Shape [nx, ny, nz]. */
  readonly shape: readonly [number, number, number];
  /**
   * The plane normal to `axis` at node `index`, row-major over the two remaining axes in order
   * (axis 0 → [ny, nz], axis 1 → [nx, nz], axis 2 → [nx, ny]).
   */
  slice(axis: 0 | 1 | 2, index: number): { readonly rows: number; readonly cols: number; readonly values: Float64Array };
  /** Value at a grid node. */
  at(i: number, j: number, k: number): number;
}

/**
 * Wrap grid values (C order over the grid's x, y, z axes) as a {@link PotentialField}.
 *
 * @example
 * ```ts
 * import { directPotentialOnGrid, potentialField, uniformGrid } from '@equitensor/electrostatics';
 * const grid = uniformGrid([-5, -5, -5], [5, 5, 5], [21, 21, 21]);
 * const field = potentialField(grid, directPotentialOnGrid(positions, charges, grid));
 * field.range; // [min, max] in V
 * ```
 */
export function potentialField(grid: TensorGrid, values: Float64Array): PotentialField {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const nz = grid.z.length;
  if (values.length !== gridSize(grid)) throw new RangeError(`potentialField: ${values.length} values for a ${nx}×${ny}×${nz} grid`);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const shape: [number, number, number] = [nx, ny, nz];
  return {
    grid,
    values,
    range: [min, max],
    shape,
    at: (i, j, k) => values[(i * ny + j) * nz + k]!,
    slice(axis, index) {
      if (!Number.isInteger(index) || index < 0 || index >= shape[axis])
        throw new RangeError(`slice: index ${index} outside 0…${shape[axis] - 1} on axis ${axis}`);
      const [rows, cols] = axis === 0 ? [ny, nz] : axis === 1 ? [nx, nz] : [nx, ny];
      const out = new Float64Array(rows * cols);
      for (let a = 0; a < rows; a++) {
        for (let b = 0; b < cols; b++) {
          const [i, j, k] = axis === 0 ? [index, a, b] : axis === 1 ? [a, index, b] : [a, b, index];
          out[a * cols + b] = values[(i * ny + j) * nz + k]!;
        }
      }
      return { rows, cols, values: out };
    },
  };
}
