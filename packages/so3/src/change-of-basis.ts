/**
 * e3nn's change of basis between real and complex spherical harmonics (`change_basis_real_to_complex`),
 * including its (−i)^l factor that makes the real Clebsch-Gordan coefficients real. Sparse: each
 * row and column has at most two entries.
 */

/** A sparse complex matrix entry Q[row, col] = re + i·im. */
export interface ComplexEntry {
  readonly row: number;
  readonly col: number;
  readonly re: number;
  readonly im: number;
}

const cache = new Map<number, ComplexEntry[]>();

/**
 * Non-zero entries of e3nn's Q^l (rows: complex m index l+m, … as e3nn builds it).
 *
 * @example
 * ```ts
 * realToComplexBasis(0); // [{ row: 0, col: 0, re: 1, im: 0 }]
 * ```
 */
export function realToComplexBasis(l: number): readonly ComplexEntry[] {
  const hit = cache.get(l);
  if (hit) return hit;
  const s = Math.SQRT1_2;
  const raw: { row: number; col: number; re: number; im: number }[] = [];
  for (let m = -l; m < 0; m++) {
    raw.push({ row: l + m, col: l - m, re: s, im: 0 });
    raw.push({ row: l + m, col: l + m, re: 0, im: -s });
  }
  raw.push({ row: l, col: l, re: 1, im: 0 });
  for (let m = 1; m <= l; m++) {
    const sign = m % 2 === 0 ? 1 : -1;
    raw.push({ row: l + m, col: l + m, re: sign * s, im: 0 });
    raw.push({ row: l + m, col: l - m, re: 0, im: sign * s });
  }
  // multiply by (−i)^l
  const k = l % 4;
  const [fr, fi] = k === 0 ? [1, 0] : k === 1 ? [0, -1] : k === 2 ? [-1, 0] : [0, 1];
  const out = raw.map((e) => ({ row: e.row, col: e.col, re: e.re * fr - e.im * fi, im: e.re * fi + e.im * fr }));
  cache.set(l, out);
  return out;
}
