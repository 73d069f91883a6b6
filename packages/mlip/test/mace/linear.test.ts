import { Linear } from '@equitensor/so3';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { BoundLinear } from '../../src/mace/linear.ts';

describe('BoundLinear', () => {
  it('its transpose is the adjoint of so3 Linear: ⟨L x, g⟩ = ⟨x, Lᵀ g⟩ on random data', () => {
    const rng = new SeededRng(7);
    for (const [a, b] of [
      ['32x0e+48x1o+48x2e+32x3o', '16x0e+16x1o+16x2e+16x3o'],
      ['16x0e+16x1o', '16x0e'],
      ['3x0e+2x1o+3x0e', '4x0e+1x1o'],
    ] as const) {
      const lin = new Linear(a, b);
      const w = Float64Array.from({ length: lin.weightNumel }, () => rng.normal());
      const bound = new BoundLinear(a, b, w);
      const batch = 3;
      const x = Float64Array.from({ length: batch * lin.irrepsIn.dim }, () => rng.normal());
      const g = Float64Array.from({ length: batch * lin.irrepsOut.dim }, () => rng.normal());
      const y = lin.forward(x, w);
      const gx = bound.transpose(g);
      let lhs = 0;
      let rhs = 0;
      let scale = 0;
      for (let i = 0; i < y.length; i++) {
        lhs += (y[i] as number) * (g[i] as number);
        scale += Math.abs((y[i] as number) * (g[i] as number));
      }
      for (let i = 0; i < x.length; i++) rhs += (x[i] as number) * (gx[i] as number);
      // both sides are sums of the same products in another order: rounding ≤ ~n·eps·Σ|terms|
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-13 * scale);
      expect(scale).toBeGreaterThan(1);
    }
  });

  it('its forward equals so3 Linear.forward on random data (the same products, 1/√fan-in folded in)', () => {
    const rng = new SeededRng(11);
    for (const [a, b] of [
      ['32x0e+48x1o+48x2e+32x3o', '16x0e+16x1o+16x2e+16x3o'],
      ['3x0e+2x1o+3x0e', '4x0e+1x1o'],
    ] as const) {
      const lin = new Linear(a, b);
      const w = Float64Array.from({ length: lin.weightNumel }, () => rng.normal());
      const x = Float64Array.from({ length: 4 * lin.irrepsIn.dim }, () => rng.normal());
      const ref = lin.forward(x, w);
      const got = new BoundLinear(a, b, w).forward(x);
      expect(got.length).toBe(ref.length);
      // each output is a sum of ≤ 48 products in another grouping: ≤ ~48·eps·Σ|w x| ≈ 1e-14 of the terms' size
      for (let i = 0; i < ref.length; i++) expect(Math.abs((got[i] as number) - (ref[i] as number))).toBeLessThanOrEqual(1e-13);
    }
  });
});
