import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { ErfcTable } from '../../src/index.ts';
import { bsplineModuli, bsplineWeights, cardinalBspline } from '../../src/pme/bspline.ts';
import { FftPlan, isSmooth, nextSmooth } from '../../src/pme/fft-plan.ts';
import { MeshFft, RealMeshFft } from '../../src/pme/mesh-fft.ts';

describe('cardinal B-splines', () => {
  it('match the closed form of M_4 and sum to one with derivatives summing to zero (partition of unity)', () => {
    // M_4 closed form on [0, 1]: x³/6 (Essmann eq. 4.1 recursion); M_4(2) = 2/3
    expect(cardinalBspline(4, 0.5)).toBeCloseTo(0.5 ** 3 / 6, 15);
    expect(cardinalBspline(4, 2)).toBeCloseTo(2 / 3, 15);
    const values = new Float64Array(8);
    const derivs = new Float64Array(8);
    for (let order = 4; order <= 8; order++) {
      for (const w of [0, 0.13, 0.5, 0.999]) {
        bsplineWeights(w, order, values, derivs, 0);
        let sum = 0;
        let dsum = 0;
        for (let j = 0; j < order; j++) {
          // 1e-14: the recursion's rounding on O(1) numbers
          expect(values[j]).toBeCloseTo(cardinalBspline(order, w + j), 14);
          const h = 1e-6;
          const fd = (cardinalBspline(order, w + j + h) - cardinalBspline(order, w + j - h)) / (2 * h);
          expect(Math.abs(derivs[j]! - fd)).toBeLessThan(1e-8); // central difference error O(h²·M''') ≈ 1e-12, rounding 1e-10
          sum += values[j]!;
          dsum += derivs[j]!;
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
        expect(Math.abs(dsum)).toBeLessThan(1e-14);
      }
    }
  });

  it('has moduli |b(m)|² equal to 1/|Σ M_p(k+1) e^{2πimk/K}|², 1 at m = 0, finite for odd orders at K/2', () => {
    for (const order of [4, 5, 7]) {
      const moduli = bsplineModuli(20, order);
      expect(moduli[0]).toBeCloseTo(1, 14);
      for (let m = 0; m < 20; m++) expect(Number.isFinite(moduli[m])).toBe(true);
      // m = 3 by hand
      let re = 0;
      let im = 0;
      for (let k = 0; k < order - 1; k++) {
        re += cardinalBspline(order, k + 1) * Math.cos((2 * Math.PI * 3 * k) / 20);
        im += cardinalBspline(order, k + 1) * Math.sin((2 * Math.PI * 3 * k) / 20);
      }
      expect(moduli[3]).toBeCloseTo(1 / (re * re + im * im), 12);
    }
  });
});

describe('PME FFTs', () => {
  it('agree with the naive DFT for smooth and non-smooth lengths, both signs', () => {
    const rng = new SeededRng(3);
    for (const n of [1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 16, 25, 27, 30, 45, 48, 60, 64, 7, 14]) {
      const re = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
      const im = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
      for (const sign of [-1, 1] as const) {
        const r = re.slice();
        const i = im.slice();
        new FftPlan(n).transform(r, i, 0, sign);
        for (let k = 0; k < n; k++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            const a = (sign * 2 * Math.PI * j * k) / n;
            sr += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
            si += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
          }
          // 1e-12: O(ε n) rounding of sums of n terms of size 1
          expect(Math.abs(sr - r[k]!) + Math.abs(si - i[k]!)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('transforms a 3D mesh as three 1D passes (a plane wave goes to one point) and round-trips', () => {
    const shape = [6, 5, 8] as const;
    const size = 240;
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let a = 0; a < 6; a++)
      for (let b = 0; b < 5; b++)
        for (let c = 0; c < 8; c++) re[(a * 5 + b) * 8 + c] = Math.cos(2 * Math.PI * (a / 6 + (2 * b) / 5 + (3 * c) / 8));
    const mesh = new MeshFft(shape);
    const r = re.slice();
    mesh.transform(r, im, -1);
    // cos → two spikes of size/2 at ±(1, 2, 3)
    expect(r[(1 * 5 + 2) * 8 + 3]).toBeCloseTo(size / 2, 10);
    expect(r[(5 * 5 + 3) * 8 + 5]).toBeCloseTo(size / 2, 10);
    mesh.transform(r, im, 1);
    for (let k = 0; k < size; k++) expect(r[k]! / size).toBeCloseTo(re[k]!, 13);
  });

  it('transforms a real mesh to its half spectrum equal to the complex transform, and back (even and odd K2)', () => {
    const rng = new SeededRng(9);
    for (const shape of [
      [6, 5, 8],
      [5, 3, 7],
      [4, 4, 9],
    ] as const) {
      const [a, b, c] = shape;
      const size = a * b * c;
      const half = Math.floor(c / 2) + 1;
      const mesh = Float64Array.from({ length: size }, () => rng.uniform() - 0.5);
      const re = mesh.slice();
      const im = new Float64Array(size);
      new MeshFft(shape).transform(re, im, -1);
      const real = new RealMeshFft(shape);
      const hr = new Float64Array(a * b * half);
      const hi = new Float64Array(a * b * half);
      real.forward(mesh, hr, hi);
      for (let i = 0; i < a * b; i++) {
        for (let k = 0; k < half; k++) {
          // 1e-13: O(ε·n) rounding of both transforms
          expect(Math.abs(hr[i * half + k]! - re[i * c + k]!) + Math.abs(hi[i * half + k]! - im[i * c + k]!)).toBeLessThan(1e-13);
        }
      }
      const back = new Float64Array(size);
      real.backward(hr, hi, back);
      for (let k = 0; k < size; k++) expect(back[k]! / size).toBeCloseTo(mesh[k]!, 14);
    }
  });

  it('picks 2·3·5-smooth sizes', () => {
    expect(isSmooth(60)).toBe(true);
    expect(isSmooth(14)).toBe(false);
    expect(nextSmooth(31)).toBe(32);
    expect(nextSmooth(49)).toBe(50);
    expect(() => new FftPlan(0)).toThrow(RangeError);
  });
});

describe('ErfcTable (real-space pair functions)', () => {
  it('interpolates erfc(αr)/r and its force function to 10⁻³ of the requested accuracy (relative to the bare 1/r, 1/r²)', () => {
    for (const [alpha, cutoff, accuracy] of [
      [0.3, 12, 1e-5],
      [0.58, 8, 1e-10],
    ] as const) {
      const table = new ErfcTable(alpha, cutoff, accuracy);
      let worstE = 0;
      let worstF = 0;
      for (let r = table.start; r < cutoff; r += 0.000731) {
        const u = (r - table.start) * table.inverseSpacing;
        const k = Math.floor(u);
        const t = u - k;
        const c = table.coefficients;
        const e = c[8 * k]! + t * (c[8 * k + 1]! + t * (c[8 * k + 2]! + t * c[8 * k + 3]!));
        const f = c[8 * k + 4]! + t * (c[8 * k + 5]! + t * (c[8 * k + 6]! + t * c[8 * k + 7]!));
        const [ee, fe] = table.exact(r);
        // relative to the unscreened pair (1/r energy, 1/r² force magnitude F·r): what δ measures
        worstE = Math.max(worstE, Math.abs(e - ee) * r);
        worstF = Math.max(worstF, Math.abs(f - fe) * r * r * r);
      }
      expect(worstE).toBeLessThan(1e-3 * accuracy);
      expect(worstF).toBeLessThan(1e-3 * accuracy);
    }
    expect(() => new ErfcTable(0, 10, 1e-5)).toThrow(RangeError);
  });
});
