/**
 * Exact SU(2) Clebsch-Gordan coefficients ⟨j1 m1 j2 m2 | j3 m3⟩ (integer j) by Racah's formula in
 * BigInt rational arithmetic; only the final ±√(p/q) is rounded to a double.
 */
import { addFractions, type Fraction, factorial, signedSqrtRatio } from './exact.ts';

/**
 * The Condon-Shortley Clebsch-Gordan coefficient ⟨l1 m1 l2 m2 | l3 m3⟩ for integer degrees.
 *
 * @example
 * ```ts
 * su2ClebschGordan(1, 1, 1, -1, 0, 0); // 1/√3
 * ```
 */
export function su2ClebschGordan(l1: number, m1: number, l2: number, m2: number, l3: number, m3: number): number {
  if (m3 !== m1 + m2) return 0;
  if (l3 < Math.abs(l1 - l2) || l3 > l1 + l2) return 0;
  if (Math.abs(m1) > l1 || Math.abs(m2) > l2 || Math.abs(m3) > l3) return 0;
  const vmin = Math.max(-l1 + l2 + m3, -l1 + m1, 0);
  const vmax = Math.min(l2 + l3 + m1, l3 - l1 + l2, l3 + m3);
  let sum: Fraction = { num: 0n, den: 1n };
  for (let v = vmin; v <= vmax; v++) {
    const sign = (v + l2 + m2) % 2 === 0 ? 1n : -1n;
    const num = factorial(l2 + l3 + m1 - v) * factorial(l1 - m1 + v);
    const den = factorial(v) * factorial(l3 - l1 + l2 - v) * factorial(l3 + m3 - v) * factorial(v + l1 - l2 - m3);
    sum = addFractions(sum, { num: sign * num, den });
  }
  if (sum.num === 0n) return 0;
  const pre =
    BigInt(2 * l3 + 1) *
    factorial(l3 + l1 - l2) *
    factorial(l3 - l1 + l2) *
    factorial(l1 + l2 - l3) *
    factorial(l3 + m3) *
    factorial(l3 - m3);
  const preDen = factorial(l1 + l2 + l3 + 1) * factorial(l1 - m1) * factorial(l1 + m1) * factorial(l2 - m2) * factorial(l2 + m2);
  const sign = sum.num < 0n ? -1 : 1;
  return signedSqrtRatio(sign, pre * sum.num * sum.num, preDen * sum.den * sum.den);
}
