/**
 * Kind 3, sphere grid: both inputs are evaluated on a Gauss-Legendre (β) × uniform (α) grid, multiplied
 * pointwise and projected back onto the output harmonics. Separable in β and α, so O(L³) per row.
 * With resBeta = ⌈(L1+L2+Lout+1)/2⌉ (2L+1 for inputs up to L, outputs up to 2L) and resAlpha = 2·resBeta
 * the quadrature is exact, so the result equals the Gaunt-weighted CG product. The azimuthal sums use
 * T_m(α + π) = (−1)^m·T_m(α) (resAlpha is even) to do half the work.
 */
import { gaussLegendre } from '../quadrature.ts';
import { sphericalHarmonics } from '../spherical-harmonics.ts';
import { asFloat64, type FloatArray } from '../tensor-product/tensor-product.ts';
import { degreesToIrreps, productLayout, rowsOf } from './layout.ts';
import type { KindTensorProduct, KindTensorProductOptions } from './types.ts';

/**
 * The sphere-grid kind (Gaunt coupling: only l1+l2+l3-even paths).
 *
 * @example
 * ```ts
 * const tp = gridKindTensorProduct({ ls1: [0, 1, 2], ls2: [0, 1, 2], lsOut: [0, 1, 2, 3, 4] });
 * tp.info.resBeta; // 5
 * ```
 */
export function gridKindTensorProduct(options: KindTensorProductOptions): KindTensorProduct {
  if ((options.coupling ?? 'gaunt') !== 'gaunt')
    throw new RangeError("grid tensor product: only the 'gaunt' coupling (l1+l2+l3 even) is available");
  const { ls1, ls2, lsOut } = options;
  const L1 = Math.max(0, ...ls1);
  const L2 = Math.max(0, ...ls2);
  const Lo = Math.max(0, ...lsOut);
  const resBeta = Math.ceil((L1 + L2 + Lo + 1) / 2);
  const resAlpha = 2 * resBeta;
  const M = Math.max(L1, L2, Lo);
  const { nodes, weights } = gaussLegendre(resBeta);
  // P[(i·(M+1) + l)·(M+1) + m] = Y^{integral}_{l,+m}(β_i, α = 0) for m ≥ 0 (the α-independent factor)
  const P = new Float64Array(resBeta * (M + 1) * (M + 1));
  const ringVectors = new Float64Array(resBeta * 3);
  for (let i = 0; i < resBeta; i++) {
    const c = nodes[i] as number;
    ringVectors[3 * i + 1] = c;
    ringVectors[3 * i + 2] = Math.sqrt(Math.max(0, 1 - c * c));
  }
  const y = sphericalHarmonics(M, ringVectors, false, 'integral');
  const dimM = (M + 1) * (M + 1);
  for (let i = 0; i < resBeta; i++)
    for (let l = 0; l <= M; l++) for (let m = 0; m <= l; m++) P[(i * (M + 1) + l) * (M + 1) + m] = y[i * dimM + l * l + l + m] as number;
  // T[j·(2M+1) + M + m] = cos(mα_j) for m ≥ 0, sin(|m|α_j) for m < 0
  const W = 2 * M + 1;
  const T = new Float64Array(resAlpha * W);
  for (let j = 0; j < resAlpha; j++) {
    const a = (2 * Math.PI * j) / resAlpha;
    for (let m = -M; m <= M; m++) T[j * W + M + m] = m >= 0 ? Math.cos(m * a) : Math.sin(-m * a);
  }
  const ringWeight = weights.map((w) => (w * 2 * Math.PI) / resAlpha);
  const half = resAlpha / 2;
  const { dim1, dim2, dimOut, off1, off2, offO } = productLayout(ls1, ls2, lsOut);
  const npts = resBeta * resAlpha;
  const g = new Float64Array(resBeta * W);
  const f1 = new Float64Array(npts);
  const f2 = new Float64Array(npts);
  const acc = new Float64Array(dimOut);

  /** f[i, j] = Σ_m (Σ_l x_lm P_i,l,|m|) T_m(α_j) */
  const toGrid = (x: Float64Array, r0: number, ls: readonly number[], off: number[], Lmax: number, f: Float64Array): void => {
    g.fill(0);
    for (let i = 0; i < resBeta; i++) {
      const gi = i * W + M;
      ls.forEach((l, n) => {
        const base = r0 + (off[n] as number) + l;
        const pb = (i * (M + 1) + l) * (M + 1);
        g[gi] = (g[gi] as number) + (x[base] as number) * (P[pb] as number);
        for (let m = 1; m <= l; m++) {
          const p = P[pb + m] as number;
          g[gi + m] = (g[gi + m] as number) + (x[base + m] as number) * p;
          g[gi - m] = (g[gi - m] as number) + (x[base - m] as number) * p;
        }
      });
    }
    // T_m(α + π) = (−1)^m T_m(α): sum even and odd m once for the first half of the ring
    for (let i = 0; i < resBeta; i++) {
      const gi = i * W + M;
      for (let j = 0; j < half; j++) {
        const tj = j * W + M;
        let a = 0;
        let b = 0;
        for (let m = -Lmax; m <= Lmax; m += 2) a += (g[gi + m] as number) * (T[tj + m] as number);
        for (let m = -Lmax + 1; m <= Lmax; m += 2) b += (g[gi + m] as number) * (T[tj + m] as number);
        const even = Lmax % 2 === 0 ? a : b;
        const odd = Lmax % 2 === 0 ? b : a;
        f[i * resAlpha + j] = even + odd;
        f[i * resAlpha + j + half] = even - odd;
      }
    }
  };

  return {
    kind: 'grid',
    coupling: 'gaunt',
    irrepsIn1: degreesToIrreps(ls1),
    irrepsIn2: degreesToIrreps(ls2),
    irrepsOut: degreesToIrreps(lsOut),
    paths: 'even',
    info: { resBeta, resAlpha },
    apply<T extends FloatArray>(x1In: T, x2In: FloatArray): T {
      const rows = rowsOf(x1In, x2In, dim1, dim2, 'grid tensor product');
      const x1 = asFloat64(x1In);
      const x2 = asFloat64(x2In);
      const out = new Float64Array(rows * dimOut);
      for (let r = 0; r < rows; r++) {
        toGrid(x1, r * dim1, ls1, off1, L1, f1);
        toGrid(x2, r * dim2, ls2, off2, L2, f2);
        // back: H[i, m] = w_i Σ_j f1 f2 T_m(α_j); out_lm = Σ_i H[i, m] P_i,l,|m|
        g.fill(0);
        for (let i = 0; i < resBeta; i++) {
          const gi = i * W + M;
          const wi = ringWeight[i] as number;
          for (let j = 0; j < half; j++) {
            const r0 = i * resAlpha + j;
            const h0 = wi * (f1[r0] as number) * (f2[r0] as number);
            const h1 = wi * (f1[r0 + half] as number) * (f2[r0 + half] as number);
            const hEven = h0 + h1;
            const hOdd = h0 - h1;
            const tj = j * W + M;
            const hA = Lo % 2 === 0 ? hEven : hOdd;
            const hB = Lo % 2 === 0 ? hOdd : hEven;
            for (let m = -Lo; m <= Lo; m += 2) g[gi + m] = (g[gi + m] as number) + hA * (T[tj + m] as number);
            for (let m = -Lo + 1; m <= Lo; m += 2) g[gi + m] = (g[gi + m] as number) + hB * (T[tj + m] as number);
          }
        }
        acc.fill(0);
        for (let i = 0; i < resBeta; i++) {
          const gi = i * W + M;
          lsOut.forEach((l, n) => {
            const base = (offO[n] as number) + l;
            const pb = (i * (M + 1) + l) * (M + 1);
            acc[base] = (acc[base] as number) + (g[gi] as number) * (P[pb] as number);
            for (let m = 1; m <= l; m++) {
              const p = P[pb + m] as number;
              acc[base + m] = (acc[base + m] as number) + (g[gi + m] as number) * p;
              acc[base - m] = (acc[base - m] as number) + (g[gi - m] as number) * p;
            }
          });
        }
        out.set(acc, r * dimOut);
      }
      return (x1In instanceof Float64Array ? out : Float32Array.from(out)) as T;
    },
  };
}
