/**
 * The connection modes `uvv`, `uuw` and `uuu`, `ElementwiseTensorProduct` and `Linear` against e3nn 0.5.6
 * run in float64 (../shared/data/e3nn/e3nn_tensor_products_modes.json, seeded weights and inputs, batch 3):
 * instructions, path weights, weight counts and output values.
 */
import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { Linear } from '../src/tensor-product/linear.ts';
import { ElementwiseTensorProduct } from '../src/tensor-product/presets.ts';
import type { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { expectLayoutAsE3nn, type LinearCase, type ProductCase, productOf, readProducts } from './e3nn-products.ts';

const fixture = readProducts<ProductCase | LinearCase>('e3nn_tensor_products_modes');
const products = fixture.cases.filter((c): c is ProductCase => c.kind !== 'Linear');
const linear = fixture.cases.find((c): c is LinearCase => c.kind === 'Linear');

/**
 * Both sides are float64 sums of a few hundred products of O(1) terms, in a different order: they agree
 * to a few hundred ulps of O(1) values, far inside 1e-12. The path weights are closed-form square roots (1e-14).
 */
const VALUES = { atol: 1e-12, rtol: 1e-12 };
const PATH_WEIGHTS = { atol: 0, rtol: 1e-14 };

/** The fixture's instructions, path weights, weight count and outputs reproduced by `tp`. */
function expectAsE3nn(tp: TensorProduct, c: ProductCase): void {
  expect(tp.irrepsIn1.toString()).toBe(c.irreps_in1);
  expect(tp.irrepsIn2.toString()).toBe(c.irreps_in2);
  expectLayoutAsE3nn(tp, c);
  assertClose(
    tp.instructions.map((i) => i.pathWeight),
    c.instructions.map((i) => i.path_weight),
    PATH_WEIGHTS,
    `${c.kind} path weights`,
  );
  const out = tp.forward(new Float64Array(c.x1.flat()), new Float64Array(c.x2.flat()), new Float64Array(c.weights));
  expect(out.length).toBe(c.out.flat().length);
  assertClose(out, c.out.flat(), VALUES, `${c.kind} ${c.irrep_normalization ?? ''}/${c.path_normalization ?? ''} outputs`);
}

describe('tensor-product modes against e3nn 0.5.6 (float64)', () => {
  it('the fixture is e3nn 0.5.6 in float64 with the six cases', () => {
    expect(fixture.meta.e3nn_version).toBe('0.5.6');
    expect(fixture.meta.dtype).toBe('float64');
    expect(products.map((c) => c.kind)).toEqual([
      'TensorProduct-uvv',
      'TensorProduct-uuw',
      'TensorProduct-uuu',
      'TensorProduct-uuu',
      'ElementwiseTensorProduct',
    ]);
    expect(linear).toBeDefined();
  });

  it.each(
    products
      .filter((c) => c.kind.startsWith('TensorProduct-'))
      .map((c) => [`${c.kind} ${c.irrep_normalization}/${c.path_normalization}`, c] as const),
  )('%s: instructions, path weights and outputs to 1e-12', (_, c) => {
    const tp = productOf(c);
    expectAsE3nn(tp, c);
  });

  it('ElementwiseTensorProduct: the split multiplicities, its instructions and its output values', () => {
    const c = products.find((p) => p.kind === 'ElementwiseTensorProduct') as ProductCase;
    // e3nn stores the inputs already split so that the i-th irreps have equal multiplicities; the
    // unsplit inputs are their simplified forms
    const tp = new ElementwiseTensorProduct('2x0e+3x1o+1x2e', '1x1o+2x2e+2x1e+1x0e');
    expectAsE3nn(tp, c);
    // and from the split form itself
    expectAsE3nn(new ElementwiseTensorProduct(c.irreps_in1, c.irreps_in2), c);
  });

  it('Linear: weight count and outputs to 1e-12 (element normalisation: 1/√fan-in per output irrep)', () => {
    const c = linear as LinearCase;
    const lin = new Linear(c.irreps_in, c.irreps_out);
    expect(lin.weightNumel).toBe(c.weight_numel);
    expect(c.instructions.reduce((s, i) => s + (i.path_shape[0] as number) * (i.path_shape[1] as number), 0)).toBe(c.weight_numel);
    const out = lin.forward(new Float64Array(c.x.flat()), new Float64Array(c.weights));
    expect(out.length).toBe(c.out.flat().length);
    assertClose(out, c.out.flat(), VALUES, 'Linear outputs');
  });
});
