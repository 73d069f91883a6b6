/**
 * A scalar field sampled on a regular, axis-aligned grid — e.g. the electrostatic potential (V or eV/e)
 * of a protein. Point (i, j, k) sits at `origin + (i·spacing[0], j·spacing[1], k·spacing[2])` and its value is
 * `values[(i * ny + j) * nz + k]` (C order, k fastest, as a NumPy array of shape (nx, ny, nz)).
 *
 * @example
 * ```ts
 * const grid: ScalarGrid = { shape: [2, 2, 2], origin: [0, 0, 0], spacing: [1, 1, 1], values: new Float64Array(8) };
 * ```
 */
export interface ScalarGrid {
  /** Number of points along x, y, z. */
  readonly shape: readonly [number, number, number];
  /** Position of point (0, 0, 0), Å. */
  readonly origin: readonly [number, number, number];
  /** Distance between neighbouring points along x, y, z, Å. */
  readonly spacing: readonly [number, number, number];
  /** Values in C order (k fastest), length nx·ny·nz. */
  readonly values: ArrayLike<number>;
  /** Unit of the values, shown on the colour bar (e.g. "V"). */
  readonly unit?: string;
}

/**
 * Check that a grid's `values` length matches its shape; throws a RangeError naming both otherwise.
 *
 * @example
 * ```ts
 * validateGrid({ shape: [2, 2, 2], origin: [0, 0, 0], spacing: [1, 1, 1], values: new Float64Array(8) });
 * ```
 */
export function validateGrid(grid: ScalarGrid): void {
  const [nx, ny, nz] = grid.shape;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 2)) {
    throw new RangeError(`scalar grid: shape must be three integers ≥ 2, got [${grid.shape.join(', ')}]`);
  }
  if (grid.values.length !== nx * ny * nz) {
    throw new RangeError(`scalar grid: ${grid.values.length} values for shape [${nx}, ${ny}, ${nz}] (expected ${nx * ny * nz})`);
  }
  if (!grid.spacing.every((h) => h > 0)) throw new RangeError(`scalar grid: spacing must be positive, got [${grid.spacing.join(', ')}]`);
}

/**
 * Sample a grid function `f(x, y, z)` on a grid (handy for tests and demos).
 *
 * @example
 * ```ts
 * const sphere = sampleGrid([16, 16, 16], [-1, -1, -1], [2 / 15, 2 / 15, 2 / 15], (x, y, z) => Math.hypot(x, y, z));
 * ```
 */
export function sampleGrid(
  shape: readonly [number, number, number],
  origin: readonly [number, number, number],
  spacing: readonly [number, number, number],
  f: (x: number, y: number, z: number) => number,
): ScalarGrid {
  const [nx, ny, nz] = shape;
  const values = new Float64Array(nx * ny * nz);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++)
      for (let k = 0; k < nz; k++)
        values[(i * ny + j) * nz + k] = f(origin[0] + i * spacing[0], origin[1] + j * spacing[1], origin[2] + k * spacing[2]);
  return { shape, origin, spacing, values };
}
