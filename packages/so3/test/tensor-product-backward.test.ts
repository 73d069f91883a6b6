/**
 * TensorProduct.backward against central finite differences of the forward, on every e3nn 0.5.6 case (uvw, uvu,
 * uvv, uuw, uuu, uvuv, with and without weights): the forward is first checked against e3nn's outputs, so the
 * gradients rest on e3nn's values through an exact identity.
 *
 * Step and tolerance. L = Σ gradOut·forward(x1, x2, w) is linear in each coordinate of x1, of x2 and of w when
 * the other two are held fixed (a tensor product is bilinear in its inputs and linear in its weights), so the
 * central difference (L(a + h) − L(a − h)) / 2h has no truncation error at all (its error term h²/6·∂³L vanishes)
 * and any step is exact up to rounding: h = 1 keeps the rounding error smallest. Rounding: each of the two values
 * of L is a float64 sum of n = batch·dimOut products whose own values are sums of at most K = 1000 products
 * (every path here has fewer), so each is off by at most (n + K)·ε·S with S = Σ|gradOut·forward| (the standard
 * bound for recursive summation); the difference over 2h is off by at most (n + K)·ε·S / h.
 */
import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import type { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { allProductCases, productOf } from './e3nn-products.ts';

/** e3nn's float64 outputs, recomputed by another summation order: a few hundred ulps of O(1) values (as e3nn-modes.test.ts). */
const E3NN_VALUES = { atol: 1e-12, rtol: 1e-12 };
const H = 1;
const K = 1000;

/** Σ gradOut·forward, and the rounding bound (n + K)·ε·Σ|gradOut·forward| / h of its central differences. */
function lossOf(tp: TensorProduct, gradOut: Float64Array) {
  const loss = (x1: Float64Array, x2: Float64Array, w: Float64Array | undefined): number =>
    tp.forward(x1, x2, w).reduce((s, v, i) => s + v * (gradOut[i] as number), 0);
  const bound = (x1: Float64Array, x2: Float64Array, w: Float64Array | undefined): number => {
    const s = tp.forward(x1, x2, w).reduce((acc, v, i) => acc + Math.abs(v * (gradOut[i] as number)), 0);
    return ((gradOut.length + K) * Number.EPSILON * s) / H;
  };
  return { loss, bound };
}

/** Central differences of L along every coordinate of `arg` (0: x1, 1: x2, 2: weights). */
function centralDifferences(
  loss: (x1: Float64Array, x2: Float64Array, w: Float64Array | undefined) => number,
  args: [Float64Array, Float64Array, Float64Array | undefined],
  arg: 0 | 1 | 2,
): Float64Array {
  const a = args[arg] as Float64Array;
  return Float64Array.from(a, (_, i) => {
    const shifted = (d: number): number => {
      const moved = Float64Array.from(a);
      moved[i] = (moved[i] as number) + d;
      const all = [...args] as typeof args;
      all[arg] = moved;
      return loss(...all);
    };
    return (shifted(H) - shifted(-H)) / (2 * H);
  });
}

/** backward(x1, x2, w, gradOut) equals the central differences of the forward in x1, x2 and the weights. */
function expectGradientsOfForward(
  tp: TensorProduct,
  args: [Float64Array, Float64Array, Float64Array | undefined],
  gradOut: Float64Array,
  label: string,
): void {
  const { loss, bound } = lossOf(tp, gradOut);
  const g = tp.backward(args[0], args[1], args[2], gradOut);
  const tol = { atol: bound(...args), rtol: 0 };
  assertClose(g.x1, centralDifferences(loss, args, 0), tol, `${label}: ∂/∂x1`);
  assertClose(g.x2, centralDifferences(loss, args, 1), tol, `${label}: ∂/∂x2`);
  expect(g.weights.length).toBe(args[2]?.length ?? 0);
  if (args[2]) assertClose(g.weights, centralDifferences(loss, args, 2), tol, `${label}: ∂/∂w`);
}

const cases = allProductCases();

describe('TensorProduct.backward: central differences of the forward on the e3nn 0.5.6 cases', () => {
  it('covers every connection mode, with and without weights', () => {
    const seen = new Set(cases.flatMap(([, c]) => c.instructions.map((i) => `${i.mode}${i.has_weight ? '' : ' without weights'}`)));
    expect([...seen].sort()).toEqual(['uuu', 'uuu without weights', 'uuw', 'uvu', 'uvuv without weights', 'uvv', 'uvw']);
  });

  it.each(cases)('%s: shared weights', (_, c) => {
    const tp = productOf(c);
    const x1 = new Float64Array(c.x1.flat());
    const x2 = new Float64Array(c.x2.flat());
    const w = tp.weightNumel > 0 ? new Float64Array(c.weights) : undefined;
    assertClose(tp.forward(x1, x2, w), c.out.flat(), E3NN_VALUES, 'forward against e3nn');
    const gradOut = new SeededRng(21).normalArray(c.out.flat().length);
    expectGradientsOfForward(tp, [x1, x2, w], gradOut, c.kind);
  });

  it.each(cases.filter(([, c]) => c.weight_numel > 0))('%s: per-sample weights (e3nn weights in every sample, then perturbed)', (_, c) => {
    const tp = productOf(c, { sharedWeights: false });
    const shared = productOf(c);
    const batch = c.x1.length;
    const x1 = new Float64Array(c.x1.flat());
    const x2 = new Float64Array(c.x2.flat());
    const w = new Float64Array(batch * tp.weightNumel);
    for (let b = 0; b < batch; b++) w.set(c.weights, b * tp.weightNumel);
    // the same weights in every sample are e3nn's shared weights: e3nn's outputs again
    assertClose(tp.forward(x1, x2, w), c.out.flat(), E3NN_VALUES, 'per-sample forward against e3nn');
    const gradOut = new SeededRng(22).normalArray(c.out.flat().length);
    // and the per-sample weight gradients sum over the batch to the shared one (the same sums, regrouped)
    const perSample = tp.backward(x1, x2, w, gradOut).weights;
    const summed = new Float64Array(tp.weightNumel);
    perSample.forEach((v, i) => {
      summed[i % tp.weightNumel] = (summed[i % tp.weightNumel] as number) + v;
    });
    const { bound } = lossOf(shared, gradOut);
    assertClose(summed, shared.backward(x1, x2, new Float64Array(c.weights), gradOut).weights, {
      atol: bound(x1, x2, new Float64Array(c.weights)),
      rtol: 0,
    });
    // different weights per sample, so that a sample reading another's weights shows
    const rng = new SeededRng(23);
    const wDiff = Float64Array.from(w, (v) => v + rng.normal());
    expectGradientsOfForward(tp, [x1, x2, wDiff], gradOut, `${c.kind} per sample`);
  });

  it('float32 inputs: the float64 gradients of the same (float32) values, rounded once to float32', () => {
    const [, c] = cases.find(([, k]) => k.kind === 'TensorProduct-uvv') as (typeof cases)[number];
    const tp = productOf(c);
    const x1 = new Float32Array(c.x1.flat());
    const x2 = new Float32Array(c.x2.flat());
    const w = new Float32Array(c.weights);
    const gradOut = new Float32Array(new SeededRng(24).normalArray(c.out.flat().length));
    const g32 = tp.backward(x1, x2, w, gradOut);
    const g64 = tp.backward(new Float64Array(x1), new Float64Array(x2), new Float64Array(w), new Float64Array(gradOut));
    for (const key of ['x1', 'x2', 'weights'] as const) {
      expect(g32[key]).toBeInstanceOf(Float32Array);
      expect(g64[key]).toBeInstanceOf(Float64Array);
      // the kernels run in float64 on the converted values; the result is converted at the boundary only
      expect(Array.from(g32[key])).toEqual(Array.from(Float32Array.from(g64[key])));
    }
  });

  it('refuses a gradOut of the wrong length, naming the length it needs', () => {
    const [, c] = cases.find(([, k]) => k.kind === 'TensorProduct-uvv') as (typeof cases)[number];
    const tp = productOf(c);
    const n = c.out.flat().length;
    expect(() =>
      tp.backward(new Float64Array(c.x1.flat()), new Float64Array(c.x2.flat()), new Float64Array(c.weights), new Float64Array(n - 1)),
    ).toThrow(`TensorProduct.backward: gradOut must have length ${n}, got ${n - 1}`);
  });
});
