/**
 * Kind 2, Gaunt tensor product in the 2D Fourier basis (Luo et al., ICLR 2024): each input's
 * spherical-harmonic coefficients become coefficients of e^{i(uβ + vα)} (sparse, O(L³)), the product
 * of the two functions is a 2D convolution done by FFT, and the result is projected back onto the
 * output harmonics with exact β and α integrals (O(L³)). Equals the Gaunt-weighted CG product.
 * Both inputs are real functions, so one complex FFT of F1 + i·F2 gives f1 + i·f2 on the grid: two
 * 2D FFTs per row in all.
 */
import { fft2 } from '@equitensor/tensor';
import { sphericalHarmonics } from '../spherical-harmonics.ts';
import { asFloat64, type FloatArray } from '../tensor-product/tensor-product.ts';
import { degreesToIrreps, productLayout, rowsOf } from './layout.ts';
import type { KindTensorProduct, KindTensorProductOptions } from './types.ts';

/**
 * Fourier coefficients of the β-factor P_{l,m}(β) = Y^{integral}_{l,+m}(β, α = 0), m ≥ 0:
 * P(β) = Σ_{u=−l}^{l} (re_u + i·im_u) e^{iuβ}, exact by a (2l+1)-point DFT.
 */
function betaFourier(l: number): { re: Float64Array; im: Float64Array } {
  const n = 2 * l + 1;
  const vectors = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) {
    const b = (2 * Math.PI * k) / n;
    vectors[3 * k + 1] = Math.cos(b);
    vectors[3 * k + 2] = Math.sin(b);
  }
  const y = sphericalHarmonics([l], vectors, false, 'integral');
  // re/im indexed [m·n + (u + l)]
  const re = new Float64Array((l + 1) * n);
  const im = new Float64Array((l + 1) * n);
  for (let m = 0; m <= l; m++) {
    for (let u = -l; u <= l; u++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        const v = y[k * n + l + m] as number;
        const ph = (-2 * Math.PI * u * k) / n;
        sr += v * Math.cos(ph);
        si += v * Math.sin(ph);
      }
      re[m * n + u + l] = sr / n;
      im[m * n + u + l] = si / n;
    }
  }
  return { re, im };
}

/** ∫_0^π e^{inβ} sin β dβ: 2/(1−n²) for even n, ±iπ/2 for n = ±1, 0 otherwise. */
function sinIntegral(n: number): [number, number] {
  if (n % 2 === 0) return [2 / (1 - n * n), 0];
  if (n === 1) return [0, Math.PI / 2];
  if (n === -1) return [0, -Math.PI / 2];
  return [0, 0];
}

/**
 * The Gaunt / 2D-Fourier kind (Gaunt coupling: only l1+l2+l3-even paths).
 *
 * @example
 * ```ts
 * const tp = gauntFourierKindTensorProduct({ ls1: [0, 1, 2], ls2: [0, 1, 2], lsOut: [0, 1, 2, 3, 4] });
 * tp.info.fftSize; // 16
 * ```
 */
export function gauntFourierKindTensorProduct(options: KindTensorProductOptions): KindTensorProduct {
  if ((options.coupling ?? 'gaunt') !== 'gaunt')
    throw new RangeError("gaunt tensor product: only the 'gaunt' coupling (l1+l2+l3 even) is available");
  const { ls1, ls2, lsOut } = options;
  const L1 = Math.max(0, ...ls1);
  const L2 = Math.max(0, ...ls2);
  const U = L1 + L2;
  let N = 1;
  while (N < 2 * U + 1) N <<= 1;
  const Lmax = Math.max(L1, L2, ...lsOut);
  const tables = new Map<number, { re: Float64Array; im: Float64Array }>();
  for (const l of [...ls1, ...ls2, ...lsOut]) if (!tables.has(l)) tables.set(l, betaFourier(l));
  // back-projection: J^{l,k}_u = Σ_w p^{l,k}_w S(u + w), u ∈ [−U, U]
  const back = new Map<number, { re: Float64Array; im: Float64Array }>();
  for (const l of lsOut) {
    if (back.has(l)) continue;
    const p = tables.get(l) as { re: Float64Array; im: Float64Array };
    const n = 2 * l + 1;
    const W = 2 * U + 1;
    const re = new Float64Array((l + 1) * W);
    const im = new Float64Array((l + 1) * W);
    for (let k = 0; k <= l; k++) {
      for (let u = -U; u <= U; u++) {
        let sr = 0;
        let si = 0;
        for (let w = -l; w <= l; w++) {
          const [a, b] = sinIntegral(u + w);
          const pr = p.re[k * n + w + l] as number;
          const pi = p.im[k * n + w + l] as number;
          sr += pr * a - pi * b;
          si += pr * b + pi * a;
        }
        re[k * W + u + U] = sr;
        im[k * W + u + U] = si;
      }
    }
    back.set(l, { re, im });
  }
  const { dim1, dim2, dimOut, off1, off2, offO } = productLayout(ls1, ls2, lsOut);
  const aRe = new Float64Array(N * N);
  const aIm = new Float64Array(N * N);
  const acc = new Float64Array(dimOut);
  const wrap = (i: number): number => (i < 0 ? i + N : i);

  /** F[u, v] (stored at (u mod N)·N + (v mod N)) of f = Σ x_lm P_l|m|(β) T_m(α). */
  /** Adds F (or i·F when `timesI`) of f = Σ x_lm P_l|m|(β) T_m(α) into (re, im). */
  const toFourier = (
    x: Float64Array,
    r0: number,
    ls: readonly number[],
    off: number[],
    timesI: boolean,
    reIn: Float64Array,
    imIn: Float64Array,
  ): void => {
    // i·(a + ib) = −b + ia: swap the roles of the two arrays and negate the new real part
    const re = timesI ? imIn : reIn;
    const im = timesI ? reIn : imIn;
    const sgn = timesI ? -1 : 1;
    ls.forEach((l, n) => {
      const p = tables.get(l) as { re: Float64Array; im: Float64Array };
      const w = 2 * l + 1;
      const base = r0 + (off[n] as number) + l;
      const x0 = x[base] as number;
      for (let u = -l; u <= l; u++) {
        const idx = wrap(u) * N;
        re[idx] = (re[idx] as number) + x0 * (p.re[u + l] as number);
        im[idx] = (im[idx] as number) + sgn * x0 * (p.im[u + l] as number);
      }
      for (let k = 1; k <= l; k++) {
        // cos(kα) = (e^{ikα} + e^{−ikα})/2, sin(kα) = (e^{ikα} − e^{−ikα})/(2i)
        const xc = (x[base + k] as number) / 2;
        const xs = (x[base - k] as number) / 2;
        for (let u = -l; u <= l; u++) {
          const pr = p.re[k * w + u + l] as number;
          const pi = p.im[k * w + u + l] as number;
          const ip = wrap(u) * N + k;
          const im_ = wrap(u) * N + N - k;
          // (xc − i·xs)·p at +k, (xc + i·xs)·p at −k
          re[ip] = (re[ip] as number) + xc * pr + xs * pi;
          im[ip] = (im[ip] as number) + sgn * (xc * pi - xs * pr);
          re[im_] = (re[im_] as number) + xc * pr - xs * pi;
          im[im_] = (im[im_] as number) + sgn * (xc * pi + xs * pr);
        }
      }
    });
  };

  return {
    kind: 'gaunt',
    coupling: 'gaunt',
    irrepsIn1: degreesToIrreps(ls1),
    irrepsIn2: degreesToIrreps(ls2),
    irrepsOut: degreesToIrreps(lsOut),
    paths: 'even',
    info: { fftSize: N, lmax: Lmax },
    apply<T extends FloatArray>(x1In: T, x2In: FloatArray): T {
      const rows = rowsOf(x1In, x2In, dim1, dim2, 'gaunt tensor product');
      const x1 = asFloat64(x1In);
      const x2 = asFloat64(x2In);
      const out = new Float64Array(rows * dimOut);
      const scale = 1 / (N * N);
      const W = 2 * U + 1;
      for (let r = 0; r < rows; r++) {
        aRe.fill(0);
        aIm.fill(0);
        toFourier(x1, r * dim1, ls1, off1, false, aRe, aIm);
        toFourier(x2, r * dim2, ls2, off2, true, aRe, aIm);
        fft2(aRe, aIm, N, false);
        // grid values: f1 = Re, f2 = Im; the product is real
        for (let i = 0; i < N * N; i++) {
          aRe[i] = (aRe[i] as number) * (aIm[i] as number) * scale;
          aIm[i] = 0;
        }
        fft2(aRe, aIm, N, true);
        // out_{l,0} = 2π Re Σ_u J_u H[u,0]; out_{l,k} = π Re Σ_u J_u (H[u,k] + H[u,−k]); out_{l,−k} = Re iπ Σ_u J_u (H[u,k] − H[u,−k])
        acc.fill(0);
        lsOut.forEach((l, n) => {
          const J = back.get(l) as { re: Float64Array; im: Float64Array };
          const base = (offO[n] as number) + l;
          let s0 = 0;
          for (let u = -U; u <= U; u++) {
            const idx = wrap(u) * N;
            s0 += (J.re[u + U] as number) * (aRe[idx] as number) - (J.im[u + U] as number) * (aIm[idx] as number);
          }
          acc[base] = 2 * Math.PI * s0;
          for (let k = 1; k <= l; k++) {
            let sp = 0;
            let sm = 0;
            for (let u = -U; u <= U; u++) {
              const jr = J.re[k * W + u + U] as number;
              const ji = J.im[k * W + u + U] as number;
              const ip = wrap(u) * N + k;
              const imk = wrap(u) * N + N - k;
              const pr = (aRe[ip] as number) + (aRe[imk] as number);
              const pi = (aIm[ip] as number) + (aIm[imk] as number);
              const dr = (aRe[ip] as number) - (aRe[imk] as number);
              const di = (aIm[ip] as number) - (aIm[imk] as number);
              sp += jr * pr - ji * pi;
              // Re(i·J·d) = −Im(J·d) = −(jr·di + ji·dr)
              sm -= jr * di + ji * dr;
            }
            acc[base + k] = Math.PI * sp;
            acc[base - k] = Math.PI * sm;
          }
        });
        out.set(acc, r * dimOut);
      }
      return (x1In instanceof Float64Array ? out : Float32Array.from(out)) as T;
    },
  };
}
