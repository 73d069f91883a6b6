/**
 * Real Gaunt coefficients ∫ Y^{l1}_{m1} Y^{l2}_{m2} Y^{l3}_{m3} dΩ in e3nn's basis (integral-normalised
 * harmonics): √((2l1+1)(2l2+1)(2l3+1)/4π)·|(l1 l2 l3; 0 0 0)|·w3j(l1, l2, l3), zero when l1+l2+l3 is odd.
 */
import { su2ClebschGordan } from './clebsch-gordan.ts';
import { isTriangle, wigner3jCached } from './wigner-3j.ts';

/**
 * The scalar that turns e3nn's unit-norm w3j into the Gaunt tensor (0 for odd l1+l2+l3).
 *
 * @example
 * ```ts
 * gauntFactor(0, 0, 0); // 1/√(4π) = 0.28209479177387814
 * ```
 */
export function gauntFactor(l1: number, l2: number, l3: number): number {
  if ((l1 + l2 + l3) % 2 !== 0 || !isTriangle(l1, l2, l3)) return 0;
  // (l1 l2 l3; 0 0 0) = (−1)^{l1−l2}/√(2l3+1) · ⟨l1 0 l2 0 | l3 0⟩
  const threeJ = Math.abs(su2ClebschGordan(l1, 0, l2, 0, l3, 0)) / Math.sqrt(2 * l3 + 1);
  return Math.sqrt(((2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1)) / (4 * Math.PI)) * threeJ;
}

/**
 * Gaunt coefficients G[i, j, k] = ∫ Y^{l1}_i Y^{l2}_j Y^{l3}_k dΩ for integral-normalised e3nn harmonics,
 * flat C-order (2l1+1, 2l2+1, 2l3+1).
 *
 * @example
 * ```ts
 * gaunt(1, 1, 2); // Float64Array(45)
 * ```
 */
export function gaunt(l1: number, l2: number, l3: number): Float64Array {
  if (!isTriangle(l1, l2, l3)) throw new RangeError(`gaunt: (${l1}, ${l2}, ${l3}) violates the triangle condition`);
  const f = gauntFactor(l1, l2, l3);
  return Float64Array.from(wigner3jCached(l1, l2, l3), (v) => v * f);
}
