import { Irreps, TensorProduct } from '@equitensor/so3';
import { maxDeviation, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { EdgeConvolution } from '../../src/mace/conv.ts';
import { convInstructions } from '../../src/mace/interaction.ts';

describe('EdgeConvolution', () => {
  it('equals so3 TensorProduct (per-sample weights) + scatter-sum, forward and backward', () => {
    const rng = new SeededRng(11);
    const sh = new Irreps('0e+1o+2e+3o');
    const target = new Irreps('4x0e+4x1o+4x2e+4x3o');
    for (const node of [new Irreps('4x0e'), new Irreps('4x0e+4x1o')]) {
      const { irrepsMid, instructions } = convInstructions(node, sh, target);
      const tp = new TensorProduct(node, sh, irrepsMid, instructions, { sharedWeights: false });
      const conv = new EdgeConvolution(tp);
      const nodes = 5;
      const senders = Int32Array.from([0, 1, 2, 3, 4, 0, 2, 4]);
      const receivers = Int32Array.from([1, 2, 3, 4, 0, 3, 0, 1]);
      const E = senders.length;
      const rand = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal());
      const x = rand(nodes * node.dim);
      const y = rand(E * sh.dim);
      const w = rand(E * tp.weightNumel);
      const gOut = rand(nodes * irrepsMid.dim);
      // so3: gather, per-edge product, scatter
      const x1 = new Float64Array(E * node.dim);
      for (let e = 0; e < E; e++)
        x1.set(x.subarray((senders[e] as number) * node.dim, ((senders[e] as number) + 1) * node.dim), e * node.dim);
      const mji = tp.forward(x1, y, w);
      const expected = new Float64Array(nodes * irrepsMid.dim);
      for (let e = 0; e < E; e++)
        for (let k = 0; k < irrepsMid.dim; k++) {
          const q = (receivers[e] as number) * irrepsMid.dim + k;
          expected[q] = (expected[q] as number) + (mji[e * irrepsMid.dim + k] as number);
        }
      const out = new Float64Array(nodes * irrepsMid.dim);
      const rows = Int32Array.from({ length: E }, (_, e) => e);
      conv.forward(x, senders, receivers, y, w, rows, out);
      // same products summed in another order: float64 rounding, ~1e-15 of the scale
      let r = maxDeviation(out, expected);
      expect(r.err).toBeLessThanOrEqual(1e-13 * r.scale);
      const gEdge = new Float64Array(E * irrepsMid.dim);
      for (let e = 0; e < E; e++)
        gEdge.set(
          gOut.subarray((receivers[e] as number) * irrepsMid.dim, ((receivers[e] as number) + 1) * irrepsMid.dim),
          e * irrepsMid.dim,
        );
      const g = tp.backward(x1, y, w, gEdge);
      const gx = new Float64Array(nodes * node.dim);
      const gxExpected = new Float64Array(nodes * node.dim);
      for (let e = 0; e < E; e++)
        for (let k = 0; k < node.dim; k++) {
          const q = (senders[e] as number) * node.dim + k;
          gxExpected[q] = (gxExpected[q] as number) + (g.x1[e * node.dim + k] as number);
        }
      const gSh = new Float64Array(E * sh.dim);
      const gW = new Float64Array(E * tp.weightNumel);
      conv.backward(x, senders, receivers, y, w, rows, gOut, gx, gSh, gW);
      for (const [a, b] of [
        [gx, gxExpected],
        [gSh, g.x2],
        [gW, g.weights],
      ] as const) {
        r = maxDeviation(a, b);
        expect(r.scale).toBeGreaterThan(0.1);
        expect(r.err).toBeLessThanOrEqual(1e-13 * r.scale);
      }
    }
  });
});
