import { describe, expect, it } from 'vitest';
import { ErfcTable } from '../../src/index.ts';
import { bsplineModuli, bsplineWeights, cardinalBspline } from '../../src/pme/bspline.ts';

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
