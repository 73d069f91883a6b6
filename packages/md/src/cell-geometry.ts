import { volume } from '@equitensor/io';

/**
 * Distances between opposite faces of a cell (row-major, rows are the lattice vectors) along each lattice
 * direction: d_k = V / |a_l × a_m|. A sphere of radius r fits in the cell when r ≤ d_k / 2 for every k, and
 * a cutoff rc needs ⌈rc / d_k⌉ periodic images along k.
 *
 * @example
 * ```ts
 * planeSpacings(new Float64Array([2, 0, 0, 0, 3, 0, 0, 0, 4])); // [2, 3, 4]
 * ```
 */
export function planeSpacings(cell: Float64Array): [number, number, number] {
  const v = volume(cell);
  const out: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    const l = (k + 1) % 3;
    const n = (k + 2) % 3;
    const lx = cell[3 * l] as number,
      ly = cell[3 * l + 1] as number,
      lz = cell[3 * l + 2] as number;
    const nx = cell[3 * n] as number,
      ny = cell[3 * n + 1] as number,
      nz = cell[3 * n + 2] as number;
    out[k] = v / Math.hypot(ly * nz - lz * ny, lz * nx - lx * nz, lx * ny - ly * nx);
  }
  return out;
}
