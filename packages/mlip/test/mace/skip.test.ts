import { FullyConnectedTensorProduct, Irreps } from '@equitensor/so3';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { SkipProduct } from '../../src/mace/skip.ts';

describe('SkipProduct', () => {
  it("equals so3's FullyConnectedTensorProduct with one-hot element attributes, forward and gradient", () => {
    const rng = new SeededRng(3);
    for (const [a, o] of [
      ['16x0e+16x1o+16x2e+16x3o', '16x0e+16x1o+16x2e+16x3o'],
      ['16x0e+16x1o', '16x0e+16x1o'],
      ['4x0e+2x1o+3x0e', '5x0e+1x1o'],
    ] as const) {
      const E = 3;
      const tp = new FullyConnectedTensorProduct(new Irreps(a), new Irreps(`${E}x0e`), new Irreps(o));
      const w = Float64Array.from({ length: tp.weightNumel }, () => rng.normal());
      const skip = new SkipProduct(tp, w);
      const elements = Int32Array.from([2, 0, 1, 1, 0]);
      const nodes = elements.length;
      const attrs = new Float64Array(nodes * E);
      elements.forEach((e, n) => {
        attrs[n * E + e] = 1;
      });
      const x = Float64Array.from({ length: nodes * tp.irrepsIn1.dim }, () => rng.normal());
      const gy = Float64Array.from({ length: nodes * tp.irrepsOut.dim }, () => rng.normal());
      const ref = tp.forward(x, attrs, w);
      const got = skip.forward(x, elements);
      const gRef = tp.backward(x, attrs, w, gy).x1;
      const gGot = skip.transpose(gy, elements);
      // sums of ≤ 16 products of O(1) numbers in another order: differences of a few eps·16
      for (let i = 0; i < ref.length; i++) expect(Math.abs((got[i] as number) - (ref[i] as number))).toBeLessThanOrEqual(1e-13);
      for (let i = 0; i < gRef.length; i++) expect(Math.abs((gGot[i] as number) - (gRef[i] as number))).toBeLessThanOrEqual(1e-13);
      expect(ref.some((v) => Math.abs(v) > 0.1)).toBe(true);
    }
  });

  it('refuses attributes that are not one block of scalars', () => {
    const tp = new FullyConnectedTensorProduct(new Irreps('2x0e'), new Irreps('1x1o'), new Irreps('2x1o'));
    expect(() => new SkipProduct(tp, new Float64Array(tp.weightNumel))).toThrow(/scalars/);
  });
});
