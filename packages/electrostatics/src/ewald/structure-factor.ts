import type { CellGeometry } from '@equitensor/io';
import { phaseTables } from './phase-tables.ts';

/**
 * The reciprocal-space coefficients of the Ewald potential over the half space of wave vectors k = h·b₀ + k·b₁ + l·b₂
 * (h > 0, or h = 0 and k > 0, or h = k = 0 and l > 0; bᵢ = 2π × the columns of the inverse cell), with
 * c(k) = (8π/V) exp(−k²/4α²)/k² · S(k) and S(k) = Σⱼ qⱼ e^{ik·rⱼ}, so that the reciprocal potential (k_e = 1) is
 * φ_recip(r) = Σ_half Re[c(k) e^{−ik·r}] (the ±k pair folded into the factor 8π = 2 × 4π).
 *
 * @example
 * ```ts
 * const { h, k, l, re, im } = ewaldStructureFactors(positions, charges, cellGeometry(cell), 0.35, [7, 7, 7]);
 * ```
 */
export interface EwaldStructureFactors {
  readonly h: Int32Array;
  readonly k: Int32Array;
  readonly l: Int32Array;
  /** Real and imaginary parts of c(k). */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * S(k) for every k of the half box |h| ≤ kmax[0], |k| ≤ kmax[1], |l| ≤ kmax[2], computed once (O(N·K)) and
 * weighted by the Ewald kernel, for evaluating the reciprocal potential at any number of points.
 *
 * @example
 * ```ts
 * const factors = ewaldStructureFactors(positions, charges, cellGeometry(cell), alpha, kmax);
 * factors.re.length; // number of wave vectors in the half box
 * ```
 */
export function ewaldStructureFactors(
  positions: Float64Array,
  charges: Float64Array,
  geometry: CellGeometry,
  alpha: number,
  kmax: readonly [number, number, number],
): EwaldStructureFactors {
  const n = charges.length;
  const { inverse, volume } = geometry;
  const [m0, m1, m2] = kmax;
  const count = m0 * (2 * m1 + 1) * (2 * m2 + 1) + m1 * (2 * m2 + 1) + m2;
  const hs = new Int32Array(count);
  const ks = new Int32Array(count);
  const ls = new Int32Array(count);
  const re = new Float64Array(count);
  const im = new Float64Array(count);
  const tables = phaseTables(positions, inverse, kmax);
  const phase = (d: number, m: number, j: number): [number, number] => {
    const table = tables[d]!;
    const a = Math.abs(m);
    const s = table.sin[a * n + j]!;
    return [table.cos[a * n + j]!, m < 0 ? -s : s];
  };
  const b = [0, 1, 2].map((d) => [2 * Math.PI * inverse[d]!, 2 * Math.PI * inverse[3 + d]!, 2 * Math.PI * inverse[6 + d]!]) as [
    number[],
    number[],
    number[],
  ];
  const inv4a2 = 1 / (4 * alpha * alpha);
  const prefactor = (8 * Math.PI) / volume;
  // qⱼ e^{2πi(h s₀ + k s₁)} per charge, reused over l.
  const abRe = new Float64Array(n);
  const abIm = new Float64Array(n);
  let index = 0;
  for (let h = 0; h <= m0; h++) {
    for (let k = h === 0 ? 0 : -m1; k <= m1; k++) {
      for (let j = 0; j < n; j++) {
        const [c0, s0] = phase(0, h, j);
        const [c1, s1] = phase(1, k, j);
        abRe[j] = charges[j]! * (c0 * c1 - s0 * s1);
        abIm[j] = charges[j]! * (c0 * s1 + s0 * c1);
      }
      for (let l = h === 0 && k === 0 ? 1 : -m2; l <= m2; l++) {
        const kx = h * b[0][0]! + k * b[1][0]! + l * b[2][0]!;
        const ky = h * b[0][1]! + k * b[1][1]! + l * b[2][1]!;
        const kz = h * b[0][2]! + k * b[1][2]! + l * b[2][2]!;
        const k2 = kx * kx + ky * ky + kz * kz;
        const weight = (prefactor * Math.exp(-k2 * inv4a2)) / k2;
        let sRe = 0;
        let sIm = 0;
        if (weight > 1e-300) {
          for (let j = 0; j < n; j++) {
            const [c2, s2] = phase(2, l, j);
            sRe += abRe[j]! * c2 - abIm[j]! * s2;
            sIm += abRe[j]! * s2 + abIm[j]! * c2;
          }
        }
        hs[index] = h;
        ks[index] = k;
        ls[index] = l;
        re[index] = weight * sRe;
        im[index] = weight * sIm;
        index++;
      }
    }
  }
  return { h: hs, k: ks, l: ls, re, im };
}
