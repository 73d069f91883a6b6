/**
 * The axis-aligned bounding box of the first n points of `positions` (x y z per point): per axis the smallest and the
 * largest coordinate; ±Infinity on every axis for n = 0.
 *
 * @example
 * ```ts
 * const { min, max } = boundingBox(new Float64Array([0, 1, 2, 3, -1, 5]), 2);
 * // min = [0, -1, 2], max = [3, 1, 5]
 * ```
 */
export function boundingBox(positions: Float64Array, n: number): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      const x = positions[3 * i + d] as number;
      if (x < (min[d] as number)) min[d] = x;
      if (x > (max[d] as number)) max[d] = x;
    }
  }
  return { min, max };
}
