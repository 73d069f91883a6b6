/**
 * A rectilinear 3D grid given by its three coordinate axes (Å): the grid points are every
 * (x[i], y[j], z[k]), stored in C order, index (i·ny + j)·nz + k, z fastest,
 * matching NumPy's C order for an array of shape [nx, ny, nz].
 *
 * @example
 * ```ts
 * import { uniformGrid } from '@equitensor/electrostatics';
 * const grid = uniformGrid([-10, -10, -10], [10, 10, 10], [33, 33, 33]);
 * grid.x.length; // 33
 * ```
 */
export interface TensorGrid {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
}

/**
 * A uniform grid of `n[d]` nodes from `lo[d]` to `hi[d]` inclusive along each axis (n[d] ≥ 2).
 *
 * @example
 * ```ts
 * const grid = uniformGrid([0, 0, 0], [1, 1, 1], [3, 3, 3]); // nodes 0, 0.5, 1 on each axis
 * ```
 */
export function uniformGrid(
  lo: readonly [number, number, number],
  hi: readonly [number, number, number],
  n: readonly [number, number, number],
): TensorGrid {
  const axis = (d: 0 | 1 | 2): Float64Array => {
    const count = n[d];
    if (!Number.isInteger(count) || count < 2) throw new RangeError(`uniformGrid: n[${d}] must be an integer ≥ 2, got ${count}`);
    if (!(hi[d] > lo[d])) throw new RangeError(`uniformGrid: hi[${d}] must exceed lo[${d}], got [${lo[d]}, ${hi[d]}]`);
    const out = new Float64Array(count);
    const step = (hi[d] - lo[d]) / (count - 1);
    for (let i = 0; i < count; i++) out[i] = lo[d] + i * step;
    return out;
  };
  return { x: axis(0), y: axis(1), z: axis(2) };
}

/**
 * The number of points of a tensor grid.
 *
 * @example
 * ```ts
 * gridSize(uniformGrid([0, 0, 0], [1, 1, 1], [2, 3, 4])); // 24
 * ```
 */
export function gridSize(grid: TensorGrid): number {
  return grid.x.length * grid.y.length * grid.z.length;
}
