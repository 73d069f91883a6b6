/**
 * The options of TensorProduct and Linear that the e3nn 0.5.6 fixtures do not exercise: the input and output
 * variances (`in1_var`, `in2_var`, `out_var`: the fixtures have only unit ones), `irrep_normalization = 'none'`,
 * `path_normalization = 'none'`, explicit path weights, Linear's `path` normalisation, the Gaunt coupling, and the
 * argument checks with their messages.
 *
 * Expected path weights are worked out by hand from e3nn 0.5's normalisation (`o3.TensorProduct.__init__`):
 *   alpha = dim_out (component) | dim_in1·dim_in2 (norm) | 1 (none);
 *   x = Σ_{paths p into the same output} in1_var[p.i1]·in2_var[p.i2]·num_elements(p) (element)
 *     | in1_var[i1]·in2_var[i2]·num_elements·(number of paths into the output) (path) | 1 (none);
 *   alpha /= x if x > 0; alpha *= out_var[i_out]·path_weight; coefficient = √alpha,
 * with num_elements = m1·m2 (uvw), m2 (uvu), m1 (uvv), m1 (uuw), 1 (uuu, uvuv). They are closed-form square
 * roots, compared to 1e-15 relative (a square root and a few products: a couple of ulps).
 */
import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { gaunt } from '../src/gaunt.ts';
import type { InstructionSpec } from '../src/tensor-product/instructions.ts';
import { Linear } from '../src/tensor-product/linear.ts';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { wigner3j } from '../src/wigner-3j.ts';
import { productOf, readProducts } from './e3nn-products.ts';
import { MIXED_IRREPS, MIXED_SPECS } from './mixed-product.ts';

const CLOSED_FORM = { atol: 0, rtol: 1e-15 };

/** in1_var·in2_var of the pairs (0,0) = 1.5, (0,1) = 0.125, (1,0) = 15, (1,1) = 1.25: all different. */
const VARIANCES = { in1Var: [0.5, 5], in2Var: [3, 0.25], outVar: [1.5, 0.8, 2.5, 4] };

function pathWeights(options: ConstructorParameters<typeof TensorProduct>[4]): number[] {
  return new TensorProduct(...MIXED_IRREPS, MIXED_SPECS, options).instructions.map((i) => i.pathWeight);
}

describe('TensorProduct normalisation options (e3nn 0.5 formulas, non-unit variances)', () => {
  it('component/element: fan-in sums weighted by the input variances, scaled by the output variance', () => {
    // x per output: out 0: 0.125·4 + 15·2 = 30.5; out 1: 1.25·3 + 1.5·2 = 6.75; out 2: 1.5·1 + 1.25·3 = 5.25; out 3: 0.125
    const expected = [
      Math.sqrt((3 * 1.5) / 30.5),
      Math.sqrt((3 * 1.5 * 0.7) / 30.5),
      Math.sqrt(0.8 / 6.75),
      Math.sqrt(0.8 / 6.75),
      Math.sqrt(2.5 / 5.25),
      Math.sqrt(2.5 / 5.25),
      Math.sqrt((3 * 4) / 0.125),
    ];
    assertClose(pathWeights({ ...VARIANCES, irrepNormalization: 'component', pathNormalization: 'element' }), expected, CLOSED_FORM);
    // the defaults are component and element
    assertClose(pathWeights(VARIANCES), expected, CLOSED_FORM);
    // e3nn's weight layout: instructions in order, each path_shape row-major (uvw m1·m2·mo, uvu and uvv m1·m2,
    // uuw m1·mo, uuu m1); −1 (no offset) without weights
    const tp = new TensorProduct(...MIXED_IRREPS, MIXED_SPECS);
    expect(tp.instructions.map((i) => [...i.pathShape])).toEqual([[2, 2, 3], [3, 2], [3, 2], [2, 2], [2], [3, 2], [2, 2]]);
    expect(tp.instructions.map((i) => i.weightOffset)).toEqual([0, 12, 18, 24, 28, -1, -1]);
    expect(tp.weightNumel).toBe(30);
  });

  it('norm/path: each path on its own, times the number of paths into its output', () => {
    // alpha = dim1·dim2: I0 3, I1 3, I2 9, I3 1, I4 1, I5 9, I6 3; x = var·num_elements·paths into the output
    const expected = [
      Math.sqrt((3 * 1.5) / (0.125 * 4 * 2)),
      Math.sqrt((3 * 1.5 * 0.7) / (15 * 2 * 2)),
      Math.sqrt((9 * 0.8) / (1.25 * 3 * 2)),
      Math.sqrt((1 * 0.8) / (1.5 * 2 * 2)),
      Math.sqrt((1 * 2.5) / (1.5 * 1 * 2)),
      Math.sqrt((9 * 2.5) / (1.25 * 3 * 2)),
      Math.sqrt((3 * 4) / (0.125 * 1 * 1)),
    ];
    assertClose(pathWeights({ ...VARIANCES, irrepNormalization: 'norm', pathNormalization: 'path' }), expected, CLOSED_FORM);
  });

  it("none/none: only the output variance and the explicit path weight; 'component' with 'none' keeps dim_out", () => {
    assertClose(
      pathWeights({ ...VARIANCES, irrepNormalization: 'none', pathNormalization: 'none' }),
      [Math.sqrt(1.5), Math.sqrt(1.5 * 0.7), Math.sqrt(0.8), Math.sqrt(0.8), Math.sqrt(2.5), Math.sqrt(2.5), 2],
      CLOSED_FORM,
    );
    assertClose(
      pathWeights({ irrepNormalization: 'component', pathNormalization: 'none' }),
      [Math.sqrt(3), Math.sqrt(3 * 0.7), 1, 1, 1, 1, Math.sqrt(3)],
      CLOSED_FORM,
    );
  });

  it('a zero fan-in (zero input variance) is not divided by (e3nn: `if x > 0: alpha /= x`)', () => {
    const zero = { ...VARIANCES, in1Var: [0, 5] };
    // out 3's only path reads in1 entry 0: x = 0, so alpha = dim_out·out_var = 3·4
    expect(pathWeights({ ...zero, pathNormalization: 'element' })[6]).toBe(Math.sqrt(12));
    expect(pathWeights({ ...zero, pathNormalization: 'path' })[6]).toBe(Math.sqrt(12));
    // out 0 keeps the other path's share: x = 0·4 + 15·2 = 30
    assertClose(pathWeights({ ...zero, pathNormalization: 'element' }).slice(0, 1), [Math.sqrt(4.5 / 30)], CLOSED_FORM);
  });

  it('a variance list must have one entry per irreps entry (e3nn asserts the lengths)', () => {
    // MIXED_IRREPS: two input entries each and four output entries (VARIANCES gives exactly these)
    expect(() => pathWeights({ ...VARIANCES, in1Var: [0.5] })).toThrow(/in1Var has 1 entries, the irreps .* have 2/);
    expect(() => pathWeights({ ...VARIANCES, in2Var: [3, 0.25, 1] })).toThrow(/in2Var has 3 entries/);
    expect(() => pathWeights({ ...VARIANCES, outVar: [1.5, 0.8, 2.5] })).toThrow(/outVar has 3 entries, the irreps .* have 4/);
  });

  it('the forward uses these coefficients: unit variances scaled by s (inputs) and t (output) scale every output by √(t/s²)', () => {
    // e3nn's variance options are exactly such a rescaling when every entry has the same variance
    const [c] = readProducts('e3nn_tensor_products_modes').cases;
    if (!c) throw new Error('e3nn modes fixture is empty');
    const unit = productOf(c);
    const n1 = unit.irrepsIn1.length;
    const n2 = unit.irrepsIn2.length;
    const no = unit.irrepsOut.length;
    const scaled = productOf(c, { in1Var: Array(n1).fill(4), in2Var: Array(n2).fill(4), outVar: Array(no).fill(9) });
    const args = [new Float64Array(c.x1.flat()), new Float64Array(c.x2.flat()), new Float64Array(c.weights)] as const;
    // e3nn's outputs (checked in e3nn-modes.test.ts to 1e-12) times √9 / (√4·√4)
    assertClose(
      scaled.forward(...args),
      c.out.flat().map((v) => (v * 3) / 4),
      { atol: 1e-12, rtol: 1e-12 },
    );
  });
});

describe('TensorProduct: Gaunt coupling', () => {
  it("each path's coupling is its Gaunt tensor ∫Y Y Y (quadrature-checked in wigner.test.ts), zero on odd paths", () => {
    const irreps = ['1o+2e', '1o', '0e+1e+2e+1o'] as const;
    const specs: InstructionSpec[] = [
      [0, 0, 0, 'uvw', true],
      [0, 0, 1, 'uvw', true], // 1 + 1 + 1 odd: the Gaunt tensor vanishes
      [0, 0, 2, 'uvw', true],
      [1, 0, 3, 'uvw', true],
    ];
    const w3j = new TensorProduct(...irreps, specs);
    const g = new TensorProduct(...irreps, specs, { coupling: 'gaunt' });
    const rng = new SeededRng(31);
    const batch = 2;
    const x1 = rng.normalArray(batch * w3j.irrepsIn1.dim);
    const x2 = rng.normalArray(batch * w3j.irrepsIn2.dim);
    const w = rng.normalArray(w3j.weightNumel);
    const ref = w3j.forward(x1, x2, w);
    // gaunt(l1, l2, l3) = f · w3j(l1, l2, l3): f from the largest entry of each pair of tensors
    const factor = ([l1, l2, l3]: [number, number, number]): number => {
      const a = wigner3j(l1, l2, l3);
      const b = gaunt(l1, l2, l3);
      const n = a.reduce((best, v, i) => (Math.abs(v) > Math.abs(a[best] as number) ? i : best), 0);
      return (b[n] as number) / (a[n] as number);
    };
    const perOut: [number, number, number, number][] = [
      [0, 1, 1, 0], // [l1, l2, l3, start in the output row]
      [1, 1, 1, 1],
      [1, 1, 2, 4],
      [2, 1, 1, 9],
    ];
    expect(factor([1, 1, 1])).toBe(0);
    const expected = Float64Array.from(ref, (v, idx) => {
      const k = idx % w3j.irrepsOut.dim;
      const row = perOut.filter(([, , , start]) => start <= k).at(-1) as [number, number, number, number];
      return v * factor([row[0], row[1], row[2]]);
    });
    // the same sums scaled by one factor each: a few ulps of O(1) values
    assertClose(g.forward(x1, x2, w), expected, { atol: 1e-14, rtol: 1e-13 });
    expect(
      g
        .forward(x1, x2, w)
        .slice(1, 4)
        .every((v) => v === 0),
    ).toBe(true);
  });
});

describe('weightless mixing paths equal weights of one (e3nn: has_weight = False multiplies by 1)', () => {
  // without weights, uvw and uuw need mul_out = 1 (e3nn refuses uvw without weights altogether)
  it.each([
    ['uuw', '3x0e+3x1o', '3x0e+3x1o', '1x0e+1x1o+1x1e', ['0 0 0', '1 0 1', '1 1 2']],
    ['uvw', '2x0e+2x1o', '3x1o', '1x1o+1x0e', ['0 0 0', '1 0 1']],
  ] as const)('%s: forward and backward', (mode, a, b, o, paths) => {
    const specs = (hasWeight: boolean): InstructionSpec[] =>
      paths.map((path) => {
        const [i1, i2, io] = path.split(' ').map(Number) as [number, number, number];
        return [i1, i2, io, mode, hasWeight];
      });
    const weighted = new TensorProduct(a, b, o, specs(true));
    const bare = new TensorProduct(a, b, o, specs(false));
    expect(bare.weightNumel).toBe(0);
    const rng = new SeededRng(32);
    const x1 = rng.normalArray(2 * bare.irrepsIn1.dim);
    const x2 = rng.normalArray(2 * bare.irrepsIn2.dim);
    const gradOut = rng.normalArray(2 * bare.irrepsOut.dim);
    const ones = new Float64Array(weighted.weightNumel).fill(1);
    // the same products, summed in another order by the weighted kernels: tens of ulps of O(1) values
    const tol = { atol: 1e-14, rtol: 1e-13 };
    assertClose(bare.forward(x1, x2), weighted.forward(x1, x2, ones), tol, 'forward');
    const gb = bare.backward(x1, x2, undefined, gradOut);
    const gw = weighted.backward(x1, x2, ones, gradOut);
    expect(gb.weights.length).toBe(0);
    assertClose(gb.x1, gw.x1, tol, '∂/∂x1');
    assertClose(gb.x2, gw.x2, tol, '∂/∂x2');
  });
});

describe('Linear: path normalisation (e3nn 0.5 o3.Linear)', () => {
  // e3nn: alpha = 1/√x, x = Σ_{paths into the output} mul_in (element) or mul_in(this path)·(number of paths) (path)
  const lin = (pathNormalization?: 'element' | 'path') =>
    new Linear('2x0e+3x0e+1x1o', '2x0e+1x1o', pathNormalization && { pathNormalization });
  // x: 0e entries (1, 2), (3, 4, 5); 1o entry (1, 1, 1); weights all one, so output w of an irrep is α·Σ_u x_u
  const x = new Float64Array([1, 2, 3, 4, 5, 1, 1, 1]);

  it('element (default): both 0e paths share the fan-in 2 + 3', () => {
    const a = lin();
    expect(a.weightNumel).toBe(2 * 2 + 3 * 2 + 1);
    const s = (1 + 2 + 3 + 4 + 5) / Math.sqrt(5);
    assertClose(a.forward(x, new Float64Array(a.weightNumel).fill(1)), [s, s, 1, 1, 1], CLOSED_FORM);
    assertClose(lin('element').forward(x, new Float64Array(a.weightNumel).fill(1)), [s, s, 1, 1, 1], CLOSED_FORM);
  });

  it('path: each 0e path by its own multiplicity times the two paths into 0e', () => {
    const a = lin('path');
    const s = (1 + 2) / Math.sqrt(2 * 2) + (3 + 4 + 5) / Math.sqrt(3 * 2);
    assertClose(a.forward(x, new Float64Array(a.weightNumel).fill(1)), [s, s, 1, 1, 1], CLOSED_FORM);
  });

  it('an empty input gives an empty output; lengths and weight counts are checked with their messages', () => {
    const a = lin();
    expect(a.forward(new Float64Array(0), new Float64Array(a.weightNumel)).length).toBe(0);
    expect(() => a.forward(new Float64Array(9), new Float64Array(a.weightNumel))).toThrow('Linear: input length 9 is not a multiple of 8');
    expect(() => a.forward(x, new Float64Array(10))).toThrow('Linear: expected 11 weights, got 10');
    const none = new Linear('', '2x0e');
    expect(none.weightNumel).toBe(0);
    expect(none.forward(new Float64Array(0), new Float64Array(0)).length).toBe(0);
  });
});

describe('TensorProduct argument checks (the conditions e3nn asserts), with their messages', () => {
  /** [irreps in1, in2, out, instruction, the message]: indices, parity, triangle, each mode's multiplicity rule. */
  const refused: [string, string, string, InstructionSpec, string][] = [
    ['1o', '1o', '0e', [1, 0, 0, 'uvw', true], 'instruction (1, 0, 0) indexes outside the irreps'],
    ['1o', '1o', '0e', [0, 1, 0, 'uvw', true], 'instruction (0, 1, 0) indexes outside the irreps'],
    ['1o', '1o', '0e', [0, 0, 1, 'uvw', true], 'instruction (0, 0, 1) indexes outside the irreps'],
    ['1o', '1o', '0o', [0, 0, 0, 'uvw', true], '1o ⊗ 1o cannot produce 0o (instruction 0, 0, 0)'],
    ['1o', '1o', '3e', [0, 0, 0, 'uvw', true], '1o ⊗ 1o cannot produce 3e (instruction 0, 0, 0)'],
    ['2e', '1o', '0o', [0, 0, 0, 'uvw', true], '2e ⊗ 1o cannot produce 0o (instruction 0, 0, 0)'],
    ['2x1o', '2x1o', '2x0e', [0, 0, 0, 'uvw', false], 'mode uvw without weights needs mul_out = 1'],
    ['2x1o', '3x1o', '3x0e', [0, 0, 0, 'uvu', true], 'mode uvu needs mul_out = mul_in1 (3 ≠ 2)'],
    ['2x1o', '3x1o', '2x0e', [0, 0, 0, 'uvv', true], 'mode uvv needs mul_out = mul_in2 (2 ≠ 3)'],
    ['2x1o', '3x1o', '2x0e', [0, 0, 0, 'uuw', true], 'mode uuw needs mul_in1 = mul_in2 (2 ≠ 3)'],
    ['2x1o', '2x1o', '2x0e', [0, 0, 0, 'uuw', false], 'mode uuw without weights needs mul_out = 1'],
    ['2x1o', '3x1o', '2x0e', [0, 0, 0, 'uuu', true], 'mode uuu needs equal multiplicities (2, 3, 2)'],
    ['2x1o', '2x1o', '3x0e', [0, 0, 0, 'uuu', true], 'mode uuu needs equal multiplicities (2, 2, 3)'],
    ['2x1o', '3x1o', '5x0e', [0, 0, 0, 'uvuv', false], 'mode uvuv needs mul_out = mul_in1·mul_in2 (5 ≠ 6)'],
    ['1o', '1o', '0e', [0, 0, 0, 'vvv' as 'uvw', true], "unknown connection mode 'vvv'"],
  ];

  it.each(refused)('%s ⊗ %s → %s, %j: refused', (a, b, o, spec, message) => {
    expect(() => new TensorProduct(a, b, o, [spec])).toThrow(new RangeError(`TensorProduct: ${message}`));
  });

  it('what the multiplicity rules allow is built', () => {
    // uvw and uuw with weights and any mul_out, without weights into mul_out 1
    expect(new TensorProduct('2x1o', '2x1o', '3x0e', [[0, 0, 0, 'uvw', true]]).weightNumel).toBe(2 * 2 * 3);
    expect(new TensorProduct('2x1o', '2x1o', '1x0e', [[0, 0, 0, 'uvw', false]]).weightNumel).toBe(0);
    expect(new TensorProduct('2x1o', '2x1o', '3x0e', [[0, 0, 0, 'uuw', true]]).weightNumel).toBe(2 * 3);
    expect(new TensorProduct('2x1o', '2x1o', '1x0e', [[0, 0, 0, 'uuw', false]]).weightNumel).toBe(0);
  });

  it('input lengths and weight counts of forward, with their messages', () => {
    const p = new TensorProduct('2x1o', '1o', '2x0e', [[0, 0, 0, 'uvu', true]]);
    const ok = [new Float64Array(12), new Float64Array(6), new Float64Array(2)] as const;
    expect(p.forward(...ok).length).toBe(4);
    expect(() => p.forward(new Float64Array(11), ok[1], ok[2])).toThrow(
      'TensorProduct: x1 (length 11) and x2 (length 6) must be batch × 6 and batch × 3',
    );
    expect(() => p.forward(ok[0], new Float64Array(3), ok[2])).toThrow(
      'TensorProduct: x1 (length 12) and x2 (length 3) must be batch × 6 and batch × 3',
    );
    expect(() => p.forward(ok[0], ok[1], new Float64Array(3))).toThrow('TensorProduct: expected 2 weights (shared), got 3');
    expect(() => p.forward(ok[0], ok[1])).toThrow('TensorProduct: expected 2 weights (shared), got 0');
    const perSample = new TensorProduct('2x1o', '1o', '2x0e', [[0, 0, 0, 'uvu', true]], { sharedWeights: false });
    expect(perSample.sharedWeights).toBe(false);
    expect(() => perSample.forward(ok[0], ok[1], ok[2])).toThrow('TensorProduct: expected 4 weights (per sample), got 2');
    expect(() => perSample.forward(ok[0], ok[1])).toThrow('TensorProduct: expected 4 weights (per sample), got 0');
    const bare = new TensorProduct('1o', '1o', '0e', [[0, 0, 0, 'uuu', false]]);
    expect(() => bare.forward(new Float64Array(3), new Float64Array(3), new Float64Array(1))).toThrow(
      'TensorProduct: expected 0 weights (shared), got 1',
    );
    // a fractional batch is refused even where x2 would fit it (9 / 6 = 1.5 samples of x1, 1.5 · 2 = 3 of x2)
    const fractional = new TensorProduct('2x1o', '2x0e', '2x1o', [[0, 0, 0, 'uvu', true]]);
    expect(() => fractional.forward(new Float64Array(9), new Float64Array(3), new Float64Array(4))).toThrow(
      'TensorProduct: x1 (length 9) and x2 (length 3) must be batch × 6 and batch × 2',
    );
    // no second input: the batch comes from x1 (here 2), and the output is zeros
    expect(Array.from(new TensorProduct('2x1o', '', '2x0e', []).forward(new Float64Array(12), new Float64Array(0)))).toEqual([0, 0, 0, 0]);
    // no first input: the batch comes from x2 (here 2), and the output is zeros
    const empty = new TensorProduct('', '1o', '0e', []);
    expect(Array.from(empty.forward(new Float64Array(0), new Float64Array(6)))).toEqual([0, 0]);
  });
});
