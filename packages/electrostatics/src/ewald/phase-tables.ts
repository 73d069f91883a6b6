/** cos/sin(2π m s_j) of every charge j for m = 0 … kmax along one reciprocal axis, index m·n + j. */
export interface PhaseTable {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

/**
 * Per-charge phase tables e^{2πi m s_j} along the three reciprocal axes (s = fractional coordinate of the charge,
 * from the row-major `inverse` cell), m = 0 … kmax[d], shared by the Ewald energy and the Ewald potential. Built by
 * the angle-addition recurrence, with a direct cos/sin every 16 steps so that its rounding does not grow.
 *
 * @example
 * ```ts
 * const [t0] = phaseTables(positions, geometry.inverse, [7, 7, 7]);
 * t0.cos[3 * n + j]; // cos(2π·3·s₀ of charge j)
 * ```
 */
export function phaseTables(
  positions: Float64Array,
  inverse: ArrayLike<number>,
  kmax: readonly [number, number, number],
): [PhaseTable, PhaseTable, PhaseTable] {
  const n = positions.length / 3;
  return kmax.map((m, d) => {
    const cos = new Float64Array((m + 1) * n);
    const sin = new Float64Array((m + 1) * n);
    for (let j = 0; j < n; j++) {
      const s = positions[3 * j]! * inverse[d]! + positions[3 * j + 1]! * inverse[3 + d]! + positions[3 * j + 2]! * inverse[6 + d]!;
      const c1 = Math.cos(2 * Math.PI * s);
      const s1 = Math.sin(2 * Math.PI * s);
      cos[j] = 1;
      sin[j] = 0;
      for (let k = 1; k <= m; k++) {
        if (k % 16 === 0) {
          cos[k * n + j] = Math.cos(2 * Math.PI * k * s);
          sin[k * n + j] = Math.sin(2 * Math.PI * k * s);
        } else {
          const pc = cos[(k - 1) * n + j]!;
          const ps = sin[(k - 1) * n + j]!;
          cos[k * n + j] = pc * c1 - ps * s1;
          sin[k * n + j] = pc * s1 + ps * c1;
        }
      }
    }
    return { cos, sin };
  }) as [PhaseTable, PhaseTable, PhaseTable];
}
