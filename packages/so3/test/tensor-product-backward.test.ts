/**
 * TensorProduct.backward against central finite differences of the forward, on every e3nn 0.5.6 case (uvw, uvu,
 * uvv, uuw, uuu, uvuv, with and without weights): the forward is first checked against e3nn's outputs, so the
 * gradients rest on e3nn's values through an exact identity.
 *
 * Each argument (x1, x2, weights) is moved along D = 4 seeded Gaussian directions d, and the central difference
 * (L(a + h·d) − L(a − h·d)) / 2h of L = Σ gradOut·forward must equal ∇L·d from backward. A wrong gradient entry
 * shows unless every d is orthogonal to the error (probability zero), at a fraction of the cost of one difference
 * per coordinate (these tests also run for every mutant under Stryker).
 *
 * Step and tolerance. L is linear in each argument when the other two are held fixed (a tensor product is
 * bilinear in its inputs and linear in its weights), so the central difference has no truncation error at all (its
 * error term h²/6·∂³L vanishes) and any step is exact up to rounding: h = 1 keeps the rounding error smallest.
 * Rounding: each value of L is a float64 sum of n = batch·dimOut products whose own values are sums of at most
 * K = 1000 products (every path here has fewer), so it is off by at most (n + K)·ε·S with S = Σ|gradOut·forward|
 * at that point (the standard bound for recursive summation); the difference over 2h is off by at most
 * (n + K)·ε·max(S₊, S₋) / h, and the dot product ∇L·d of m terms by m·ε·Σ|∂L·d|.
 */
import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { allProductCases, productOf } from './e3nn-products.ts';
import { MIXED_IRREPS, MIXED_SPECS } from './mixed-product.ts';

/** e3nn's float64 outputs, recomputed by another summation order: a few hundred ulps of O(1) values (as e3nn-modes.test.ts). */
const E3NN_VALUES = { atol: 1e-12, rtol: 1e-12 };
const H = 1;
const K = 1000;
const DIRECTIONS = 4;

type Args = [Float64Array, Float64Array, Float64Array | undefined];

/** backward(x1, x2, w, gradOut) equals the central differences of the forward along random directions in x1, x2 and w. */
function expectGradientsOfForward(tp: TensorProduct, args: Args, gradOut: Float64Array, label: string): void {
  /** L = Σ gradOut·forward, and S = Σ|gradOut·forward| (the scale of its rounding error). */
  const loss = (a: Args): [number, number] =>
    tp.forward(...a).reduce(([l, s], v, i) => [l + v * (gradOut[i] as number), s + Math.abs(v * (gradOut[i] as number))], [0, 0]);
  const g = tp.backward(...args, gradOut);
  expect(g.weights.length).toBe(args[2]?.length ?? 0);
  const rng = new SeededRng(20);
  const fd: number[] = [];
  const dot: number[] = [];
  const tol: number[] = [];
  for (const [arg, grad] of [
    [0, g.x1],
    [1, g.x2],
    [2, g.weights],
  ] as const) {
    const a = args[arg];
    if (!a) continue;
    for (let n = 0; n < DIRECTIONS; n++) {
      const d = rng.normalArray(a.length);
      const moved = (sign: number): Args => {
        const all = [...args] as Args;
        all[arg] = Float64Array.from(a, (v, i) => v + sign * H * (d[i] as number));
        return all;
      };
      const [lp, sp] = loss(moved(1));
      const [lm, sm] = loss(moved(-1));
      fd.push((lp - lm) / (2 * H));
      dot.push(grad.reduce((s, v, i) => s + v * (d[i] as number), 0));
      const dotScale = grad.reduce((s, v, i) => s + Math.abs(v * (d[i] as number)), 0);
      tol.push(((gradOut.length + K) * Number.EPSILON * Math.max(sp, sm)) / H + a.length * Number.EPSILON * dotScale);
    }
  }
  fd.forEach((v, i) => {
    assertClose(
      [dot[i] as number],
      [v],
      { atol: tol[i] as number, rtol: 0 },
      `${label}: direction ${i} (x1, x2, w in blocks of ${DIRECTIONS})`,
    );
  });
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
    assertClose(tp.forwardReference(x1, x2, w), c.out.flat(), E3NN_VALUES, 'reference kernels against e3nn');
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
    const absSum = new Float64Array(tp.weightNumel);
    perSample.forEach((v, i) => {
      summed[i % tp.weightNumel] = (summed[i % tp.weightNumel] as number) + v;
      absSum[i % tp.weightNumel] = (absSum[i % tp.weightNumel] as number) + Math.abs(v);
    });
    // both sides add the batch's three per-sample terms: each sum is off by at most 2ε·Σ|terms|
    const atol = 4 * Number.EPSILON * Math.max(...absSum);
    assertClose(summed, shared.backward(x1, x2, new Float64Array(c.weights), gradOut).weights, { atol, rtol: 0 });
    // different weights per sample, so that a sample reading another's weights shows
    const rng = new SeededRng(23);
    const wDiff = Float64Array.from(w, (v) => v + rng.normal());
    expectGradientsOfForward(tp, [x1, x2, wDiff], gradOut, `${c.kind} per sample`);
  });

  it('weighted and weightless paths of every mode sharing outputs (mixed-product.ts)', () => {
    // no e3nn values for this mix: the identity checked is only backward = gradient of forward (every mode's forward
    // is checked against e3nn above and against the einsum formulas in tensor-product.test.ts)
    const tp = new TensorProduct(...MIXED_IRREPS, MIXED_SPECS);
    const rng = new SeededRng(25);
    const batch = 2;
    const args: Args = [
      rng.normalArray(batch * tp.irrepsIn1.dim),
      rng.normalArray(batch * tp.irrepsIn2.dim),
      rng.normalArray(tp.weightNumel),
    ];
    expectGradientsOfForward(tp, args, rng.normalArray(batch * tp.irrepsOut.dim), 'mixed paths');
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
