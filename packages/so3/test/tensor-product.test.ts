import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { assertEquivariant } from '../src/equivariance.ts';
import type { ConnectionMode, InstructionSpec } from '../src/tensor-product/instructions.ts';
import { uvwStrategy } from '../src/tensor-product/kernels.ts';
import { Linear } from '../src/tensor-product/linear.ts';
import { ElementwiseTensorProduct, FullTensorProduct, FullyConnectedTensorProduct } from '../src/tensor-product/presets.ts';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { wigner3j } from '../src/wigner-3j.ts';
import { expectLayoutAsE3nn, type ProductCase, productOf, readProducts } from './e3nn-products.ts';

function build(c: ProductCase): TensorProduct {
  const opts = {
    ...(c.irrep_normalization ? { irrepNormalization: c.irrep_normalization } : {}),
    ...(c.path_normalization ? { pathNormalization: c.path_normalization } : {}),
  };
  if (c.kind === 'FullyConnectedTensorProduct') return new FullyConnectedTensorProduct(c.irreps_in1, c.irreps_in2, c.irreps_out, opts);
  if (c.kind === 'FullTensorProduct') return new FullTensorProduct(c.irreps_in1, c.irreps_in2, undefined, opts);
  return productOf(c);
}

describe('TensorProduct against e3nn 0.5.6', () => {
  const fx = readProducts('e3nn_tensor_products');
  it('reproduces instructions, path weights, weight layout and outputs to 1e-12', () => {
    expect(fx.cases.length).toBe(5);
    for (const c of fx.cases) {
      const tp = build(c);
      expectLayoutAsE3nn(tp, c);
      assertClose(
        tp.instructions.map((i) => i.pathWeight),
        c.instructions.map((i) => i.path_weight),
        { rtol: 1e-14 },
      );
      const out = tp.forward(new Float64Array(c.x1.flat()), new Float64Array(c.x2.flat()), new Float64Array(c.weights));
      assertClose(out, c.out.flat(), { atol: 1e-12, rtol: 1e-12 }, `${c.kind} ${c.irrep_normalization}/${c.path_normalization}`);
      const out32 = tp.forward(new Float32Array(c.x1.flat()), new Float32Array(c.x2.flat()), new Float32Array(c.weights));
      expect(out32).toBeInstanceOf(Float32Array);
      assertClose(out32, c.out.flat(), { atol: 2e-6, rtol: 2e-6 }, 'float32 path');
    }
  });
});

describe('TensorProduct properties', () => {
  const modes: [ConnectionMode, string, string, string][] = [
    ['uvw', '2x0e+2x1o+1x2e', '1x0e+2x1o', '3x1o+2x1e+2x2e'],
    ['uvu', '3x1o+2x2e', '2x1o', '3x1e+3x2o'],
    ['uvv', '2x1o', '3x1o+3x2e', '3x1e+3x2o'],
    ['uuw', '2x1o+2x2e', '2x1o+2x1o', '2x0e+3x1e'],
    ['uuu', '3x1o+3x2e', '3x1o+3x1e', '3x1e+3x2o'],
    ['uvuv', '2x1o', '3x1o', '6x0e+6x1e+6x2e'],
  ];

  function instructionsFor(mode: ConnectionMode, a: string, b: string, o: string): InstructionSpec[] {
    const tp = new FullyConnectedTensorProduct(a, b, o);
    return tp.instructions.map((i) => [i.i1, i.i2, i.iOut, mode, true] as InstructionSpec);
  }

  it('every connection mode is O(3)-equivariant (random rotations with and without inversion)', () => {
    const rng = new SeededRng(1);
    for (const [mode, a, b, o] of modes) {
      const ins = instructionsFor(mode, a, b, o).filter((s) => {
        try {
          new TensorProduct(a, b, o, [s]);
          return true;
        } catch {
          return false;
        }
      });
      expect(ins.length).toBeGreaterThan(0);
      const tp = new TensorProduct(a, b, o, ins);
      const w = rng.normalArray(tp.weightNumel);
      const report = assertEquivariant((x1, x2) => tp.forward(x1 as Float64Array, x2 as Float64Array, w), [a, b], o, { seed: 3 });
      expect(report.checks).toBe(6);
      expect(report.maxRelativeError).toBeLessThan(1e-12);
    }
  });

  it('uvw uses all three contraction orders and each equals the naive einsum', () => {
    const rng = new SeededRng(8);
    // paths chosen so that t-first (l3 small), x1-first (l1 = 0) and x2-first (l2 = 0) are each cheapest
    const cases: [string, string, string][] = [
      ['3x3o', '2x3o', '4x0e'],
      ['3x0e', '2x3o', '4x3o'],
      ['3x3o', '2x0e', '4x3o'],
    ];
    const seen = new Set<string>();
    for (const [a, b, o] of cases) {
      const tp = new TensorProduct(a, b, o, [[0, 0, 0, 'uvw', true]], { sharedWeights: false });
      const path = (tp as unknown as { paths: Parameters<typeof uvwStrategy>[0][] }).paths[0] as Parameters<typeof uvwStrategy>[0];
      seen.add(uvwStrategy(path));
      const batch = 2;
      const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
      const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
      const w = rng.normalArray(batch * tp.weightNumel);
      const out = tp.forward(x1, x2, w);
      const [m1, m2, mo] = [tp.irrepsIn1.get(0).mul, tp.irrepsIn2.get(0).mul, tp.irrepsOut.get(0).mul];
      const [l1, l2, l3] = [tp.irrepsIn1.get(0).ir.l, tp.irrepsIn2.get(0).ir.l, tp.irrepsOut.get(0).ir.l];
      const [d1, d2, d3] = [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1];
      const C = wigner3j(l1, l2, l3);
      const pw = tp.instructions[0]?.pathWeight as number;
      const ref = new Float64Array(out.length);
      for (let n = 0; n < batch; n++)
        for (let u = 0; u < m1; u++)
          for (let v = 0; v < m2; v++)
            for (let wi = 0; wi < mo; wi++)
              for (let i = 0; i < d1; i++)
                for (let j = 0; j < d2; j++)
                  for (let k = 0; k < d3; k++) {
                    const idx = n * mo * d3 + wi * d3 + k;
                    ref[idx] =
                      (ref[idx] as number) +
                      pw *
                        (w[n * tp.weightNumel + (u * m2 + v) * mo + wi] as number) *
                        (C[(i * d2 + j) * d3 + k] as number) *
                        (x1[n * m1 * d1 + u * d1 + i] as number) *
                        (x2[n * m2 * d2 + v * d2 + j] as number);
                  }
      assertClose(out, ref, { atol: 1e-13, rtol: 1e-12 }, `${a} ⊗ ${b} → ${o}`);
    }
    expect([...seen].sort()).toEqual(['t-first', 'x1-first', 'x2-first']);
  });

  it('every mode, shared and per-sample weights, equals a naive dense einsum (e3nn codegen formulas)', () => {
    const rng = new SeededRng(12);
    const specs: [ConnectionMode, string, string, string][] = [
      ['uvw', '2x1o', '3x2e', '2x1o'],
      ['uvu', '3x1o', '2x2e', '3x2o'],
      ['uvv', '2x2e', '3x1o', '3x1o'],
      ['uuw', '3x1o', '3x1o', '2x2e'],
      ['uuu', '3x2e', '3x1o', '3x3o'],
      ['uvuv', '2x1o', '3x1o', '6x1e'],
    ];
    for (const [mode, a, b, o] of specs) {
      for (const shared of [true, false]) {
        const tp = new TensorProduct(a, b, o, [[0, 0, 0, mode, true]], { sharedWeights: shared });
        const batch = 3;
        const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
        const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
        const w = rng.normalArray(shared ? tp.weightNumel : batch * tp.weightNumel);
        const [m1, m2, mo] = [tp.irrepsIn1.get(0).mul, tp.irrepsIn2.get(0).mul, tp.irrepsOut.get(0).mul];
        const [l1, l2, l3] = [tp.irrepsIn1.get(0).ir.l, tp.irrepsIn2.get(0).ir.l, tp.irrepsOut.get(0).ir.l];
        const [d1, d2, d3] = [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1];
        const C = wigner3j(l1, l2, l3);
        const pw = tp.instructions[0]?.pathWeight as number;
        const ref = new Float64Array(batch * mo * d3);
        for (let n = 0; n < batch; n++) {
          const W = (idx: number): number => w[(shared ? 0 : n * tp.weightNumel) + idx] as number;
          for (let u = 0; u < m1; u++)
            for (let v = 0; v < m2; v++) {
              if ((mode === 'uuw' || mode === 'uuu') && u !== v) continue;
              for (let i = 0; i < d1; i++)
                for (let j = 0; j < d2; j++)
                  for (let k = 0; k < d3; k++) {
                    const xx =
                      pw *
                      (C[(i * d2 + j) * d3 + k] as number) *
                      (x1[n * m1 * d1 + u * d1 + i] as number) *
                      (x2[n * m2 * d2 + v * d2 + j] as number);
                    if (xx === 0) continue;
                    const add = (wo: number, weight: number): void => {
                      const idx = n * mo * d3 + wo * d3 + k;
                      ref[idx] = (ref[idx] as number) + weight * xx;
                    };
                    if (mode === 'uvw') for (let wo = 0; wo < mo; wo++) add(wo, W((u * m2 + v) * mo + wo));
                    else if (mode === 'uuw') for (let wo = 0; wo < mo; wo++) add(wo, W(u * mo + wo));
                    else if (mode === 'uvu') add(u, W(u * m2 + v));
                    else if (mode === 'uvv') add(v, W(u * m2 + v));
                    else if (mode === 'uuu') add(u, W(u));
                    else add(u * m2 + v, W(u * m2 + v));
                  }
            }
        }
        assertClose(tp.forward(x1, x2, w), ref, { atol: 1e-13, rtol: 1e-12 }, `${mode} shared=${shared}`);
      }
    }
  });

  it('the cross product path 1o×1o→1e is antisymmetric and equivariant', () => {
    const tp = new TensorProduct('1o', '1o', '1e', [[0, 0, 0, 'uuu', false]]);
    const a = new Float64Array([1, 2, 3]);
    const b = new Float64Array([-1, 0.5, 2]);
    const ab = tp.forward(a, b);
    const ba = tp.forward(b, a);
    assertClose(
      ab,
      Array.from(ba, (v) => -v),
      { atol: 1e-15 },
    );
    // proportional to a × b
    const cross = [2 * 2 - 3 * 0.5, 3 * -1 - 1 * 2, 1 * 0.5 - 2 * -1];
    const ratio = (ab[0] as number) / (cross[0] as number);
    assertClose(
      ab,
      cross.map((v) => v * ratio),
      { atol: 1e-14 },
    );
  });

  it('is normalised: unit-variance inputs and weights give output variance ≈ 1 per irrep (e3nn assert_normalized)', () => {
    const rng = new SeededRng(2);
    const tp = new FullyConnectedTensorProduct('4x0e+4x1o+4x2e', '0e+1o+2e', '3x0e+3x1o+3x1e+3x2e');
    const batch = 4000;
    const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
    const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
    let sum = 0;
    let n = 0;
    for (let trial = 0; trial < 3; trial++) {
      const w = rng.normalArray(tp.weightNumel);
      const out = tp.forward(x1, x2, w);
      for (const v of out) {
        sum += v * v;
        n++;
      }
    }
    expect(Math.abs(sum / n - 1)).toBeLessThan(0.1);
  });

  it('backward equals finite differences for x1, x2 and weights (shared and per-sample)', () => {
    const rng = new SeededRng(4);
    for (const shared of [true, false]) {
      const tp = new TensorProduct(
        '2x1o+2x2e',
        '2x1o',
        '2x0e+2x1e+2x2e+2x1o',
        [
          [0, 0, 0, 'uvw', true],
          [0, 0, 1, 'uvu', true],
          [1, 0, 3, 'uvu', false],
          [0, 0, 2, 'uuu', true],
        ],
        { sharedWeights: shared },
      );
      const batch = 3;
      const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
      const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
      const w = rng.normalArray(shared ? tp.weightNumel : batch * tp.weightNumel);
      const g = rng.normalArray(batch * tp.irrepsOut.dim);
      const loss = (a: Float64Array, b: Float64Array, c: Float64Array): number =>
        tp.forward(a, b, c).reduce((s, v, i) => s + v * (g[i] as number), 0);
      const grads = tp.backward(x1, x2, w, g);
      for (const [name, arr, an] of [
        ['x1', x1, grads.x1],
        ['x2', x2, grads.x2],
        ['w', w, grads.weights],
      ] as const) {
        const fd = Array.from(arr, (_, i) => {
          const p = Float64Array.from(arr);
          const m = Float64Array.from(arr);
          p[i] = (p[i] as number) + 1e-6;
          m[i] = (m[i] as number) - 1e-6;
          const args = (v: Float64Array): [Float64Array, Float64Array, Float64Array] =>
            name === 'x1' ? [v, x2, w] : name === 'x2' ? [x1, v, w] : [x1, x2, v];
          return (loss(...args(p)) - loss(...args(m))) / 2e-6;
        });
        assertClose(an, fd, { atol: 1e-7, rtol: 1e-6 }, `${name} shared=${shared}`);
      }
    }
  });

  it('ElementwiseTensorProduct splits multiplicities as e3nn and is equivariant', () => {
    const tp = new ElementwiseTensorProduct('3x1o+1x2e', '1x0e+3x1o', ['0e', '1e', '2e', '1o']);
    expect(tp.irrepsIn1.toString()).toBe('1x1o+2x1o+1x2e');
    expect(tp.irrepsIn2.toString()).toBe('1x0e+2x1o+1x1o');
    expect(tp.irrepsOut.toString()).toBe('1x1o+2x0e+2x1e+2x2e+1x1o');
    assertEquivariant((a, b) => tp.forward(a as Float64Array, b as Float64Array), [tp.irrepsIn1, tp.irrepsIn2], tp.irrepsOut);
  });

  it('Linear mixes equal irreps with e3nn normalisation and is equivariant', () => {
    const lin = new Linear('2x0e+3x1o', '4x0e+1x1o+1x2e');
    expect(lin.weightNumel).toBe(2 * 4 + 3 * 1);
    const w = new Float64Array(lin.weightNumel).fill(1);
    const y = lin.forward(new Float64Array([1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 1]), w);
    assertClose(
      y,
      [3 / Math.SQRT2, 3 / Math.SQRT2, 3 / Math.SQRT2, 3 / Math.SQRT2, 1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3), 0, 0, 0, 0, 0],
      { atol: 1e-15 },
    );
    assertEquivariant((x) => lin.forward(x as Float64Array, w), ['2x0e+3x1o'], '4x0e+1x1o+1x2e');
    const y32 = lin.forward(new Float32Array([1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 1]), new Float32Array(w));
    expect(y32).toBeInstanceOf(Float32Array);
    assertClose(y32, y, { atol: 1e-6 });
  });

  it('rejects impossible instructions and wrong weight counts with clear messages', () => {
    expect(() => new TensorProduct('1o', '1o', '1o', [[0, 0, 0, 'uvw', true]])).toThrow(/cannot produce/);
    const tp = new FullyConnectedTensorProduct('1o', '1o', '0e');
    expect(() => tp.forward(new Float64Array(3), new Float64Array(3), new Float64Array(2))).toThrow(/expected 1 weights/);
  });
});
