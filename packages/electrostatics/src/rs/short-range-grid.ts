import type { TensorGrid } from '../grid.ts';
import type { RangeSplit } from './split.ts';

/**
 * Add Σⱼ zⱼ p_s(|x − xⱼ|) (k_e = 1) over the charges within σ to `values`, a C-ordered array on the tensor grid
 * `axes` (z fastest). The short-range kernel p_s = Σ_{k≥R_l} a_k exp(−t_k² r²) is separable, so per charge each
 * axis gets a small table of 1D Gaussians over its nodes within σ of the charge, and each grid node within σ costs
 * R_s multiply-adds — no exponentials, no square roots. Cost O(N · nodes within σ · R_s); axes need not be sorted.
 *
 * @example
 * ```ts
 * const values = new Float64Array(nx * ny * nz);
 * addShortRangeOnGrid(values, grid, positions, charges, model.split);
 * ```
 */
export function addShortRangeOnGrid(
  values: Float64Array,
  axes: TensorGrid,
  positions: Float64Array,
  charges: Float64Array,
  split: RangeSplit,
): void {
  const { t, a } = split.quadrature;
  const first = split.longCount;
  const rs = t.length - first;
  if (rs === 0) return;
  const sigma = split.sigma;
  const sigma2 = sigma * sigma;
  const ny = axes.y.length;
  const nz = axes.z.length;
  const coordinates = [axes.x, axes.y, axes.z] as const;
  // Per axis: the node indices within σ of the charge, their squared offsets, and the Gaussians (rs per node).
  const near = coordinates.map((axis) => new Int32Array(axis.length));
  const offsets2 = coordinates.map((axis) => new Float64Array(axis.length));
  const gauss = coordinates.map((axis) => new Float64Array(axis.length * rs));
  const counts = [0, 0, 0];
  const weighted = new Float64Array(rs);
  for (let j = 0; j < charges.length; j++) {
    const zj = charges[j]!;
    if (zj === 0) continue;
    for (let d = 0; d < 3; d++) {
      const axis = coordinates[d]!;
      const centre = positions[3 * j + d]!;
      const idx = near[d]!;
      const o2 = offsets2[d]!;
      const g = gauss[d]!;
      let c = 0;
      for (let i = 0; i < axis.length; i++) {
        const off = axis[i]! - centre;
        if (off * off >= sigma2) continue;
        idx[c] = i;
        o2[c] = off * off;
        for (let k = 0; k < rs; k++) {
          const tk = t[first + k]!;
          g[c * rs + k] = Math.exp(-tk * tk * off * off);
        }
        c++;
      }
      counts[d] = c;
    }
    const [cx, cy, cz] = counts as [number, number, number];
    if (cx === 0 || cy === 0 || cz === 0) continue;
    const [ix, iy, iz] = near as [Int32Array, Int32Array, Int32Array];
    const [ox, oy, oz] = offsets2 as [Float64Array, Float64Array, Float64Array];
    const [gx, gy, gz] = gauss as [Float64Array, Float64Array, Float64Array];
    for (let p = 0; p < cx; p++) {
      const rowX = ix[p]! * ny;
      for (let q = 0; q < cy; q++) {
        const rxy = ox[p]! + oy[q]!;
        if (rxy >= sigma2) continue;
        for (let k = 0; k < rs; k++) weighted[k] = zj * a[first + k]! * gx[p * rs + k]! * gy[q * rs + k]!;
        const base = (rowX + iy[q]!) * nz;
        for (let s = 0; s < cz; s++) {
          if (rxy + oz[s]! >= sigma2) continue;
          let sum = 0;
          const gs = s * rs;
          for (let k = 0; k < rs; k++) sum += weighted[k]! * gz[gs + k]!;
          const index = base + iz[s]!;
          values[index] = values[index]! + sum;
        }
      }
    }
  }
}
