import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import * as ct from '../src/chebtucker.ts';
import {
  cellCentres,
  chebyshevBasis,
  chebyshevCoefficients,
  chebyshevEvaluate,
  chebyshevEvaluate2,
  chebyshevEvaluate3,
  chebyshevPoints,
  chebyshevValues,
  clenshaw,
  cp,
  mat,
  tensor,
  tensorFromFunction,
  tuckerToDense,
} from '../src/index.ts';
import { TEST_BOX } from './helpers.ts';

// Exact identities of the Chebyshev-Tucker format (Benner, Khoromskij, Khoromskaia, Sun, arXiv:2503.01696), on small
// m so that each check takes milliseconds:
// - interpolation at m Chebyshev points reproduces every polynomial of degree < m in each variable, so its
//   coefficient tensor is the polynomial's Chebyshev expansion (x = T₁, y² = (T₀ + T₂)/2, z³ = (3T₁ + T₃)/4);
// - a sum of r separable terms has Tucker ranks at most r, equal to the ranks of its coefficient unfoldings;
// - a not-a-knot cubic spline reproduces cubics exactly (Algorithms 3.2 and 3.3 are then exact as well).
// Tolerances: the values are O(1) sums of O(10) float64 terms, so rounding stays below 1e-13 (1e-12 where a spline
// solve and a DCT add their own rounding); nothing here is an approximation error.

/** p = 1 + x + 2y² + xyz + z³: degree 1-3 per variable. */
const p = (x: number, y: number, z: number) => 1 + x + 2 * y * y + x * y * z + z ** 3;
const px = (_x: number, y: number, z: number) => 1 + y * z;
const py = (x: number, y: number, z: number) => 4 * y + x * z;
const pz = (x: number, y: number, z: number) => x * y + 3 * z * z;

/** Its Chebyshev coefficients on [−1, 1]³ in an m₀ × m₁ × m₂ tensor (by hand from the identities above). */
function pCoefficients(m: readonly [number, number, number]): Float64Array {
  const c = new Float64Array(m[0] * m[1] * m[2]);
  const at = (a: number, b: number, d: number) => (a * m[1] + b) * m[2] + d;
  c[at(0, 0, 0)] = 2; // 1 + 2·(1/2)
  c[at(1, 0, 0)] = 1; // x
  c[at(0, 2, 0)] = 1; // 2·(1/2) T₂(y)
  c[at(1, 1, 1)] = 1; // xyz
  c[at(0, 0, 1)] = 0.75; // z³ = (3T₁ + T₃)/4
  c[at(0, 0, 3)] = 0.25;
  return c;
}

const xs = Float64Array.of(-1, -0.83, -0.2, 0, 0.31, 0.77, 1);
const ys = Float64Array.of(0.5, -1, 0.9, -0.35, 0, 1, -0.61);
const zs = Float64Array.of(1, 0.12, -0.48, 0.66, -1, -0.05, 0.29);
const at = (f: (x: number, y: number, z: number) => number, x = xs, y = ys, z = zs) => x.map((v, i) => f(v, y[i]!, z[i]!));

describe('Chebyshev-Tucker: exact for polynomials (Algorithm 3.1)', () => {
  const m = [4, 5, 6] as const;
  const f = ct.chebTuckerFromFunction(p, { m, eps: 1e-12 });

  it('the coefficient tensor is the Chebyshev expansion of p; ranks are those of its unfoldings (2, 3, 3)', () => {
    const c = ct.chebTuckerCoefficientTensor(f);
    expect(c.shape).toEqual([4, 5, 6]);
    assertClose(c.data, pCoefficients(m), { atol: 1e-14 }, 'coefficients');
    // mode 0: rows a = 0, 1; mode 1: b = 0, 1, 2; mode 2: c = 0, 1, 3 (c = 3 only at (0, 0), independent of c = 0, 1)
    expect(ct.chebTuckerRanks(f)).toEqual([2, 3, 3]);
    expect(f.coefficients.map((v) => [v.rows, v.cols])).toEqual([
      [4, 2],
      [5, 3],
      [6, 3],
    ]);
  });

  it('values and gradient at scattered points, end points included', () => {
    assertClose(ct.chebTuckerEvaluate(f, xs, ys, zs), at(p), { atol: 1e-13 }, 'p');
    const g = ct.chebTuckerGradient(f, xs, ys, zs);
    assertClose(g.dx, at(px), { atol: 1e-12 }, 'dp/dx');
    assertClose(g.dy, at(py), { atol: 1e-12 }, 'dp/dy');
    assertClose(g.dz, at(pz), { atol: 1e-12 }, 'dp/dz');
    expect(() => ct.chebTuckerEvaluate(f, xs, ys, zs.subarray(1))).toThrow('x, y and z must have the same length');
    expect(() => ct.chebTuckerEvaluate(f, xs, ys.subarray(1), zs)).toThrow('x, y and z must have the same length');
  });

  it('on a box: the map to [−1, 1] per mode, values on a grid as a Tucker tensor, HOOI sweeps', () => {
    const box = TEST_BOX;
    const q = (x: number, y: number, z: number) => p(x - 1, (y - 1) / 2, 2 * z - 3); // p of the unit-box coordinates
    const fb = ct.chebTuckerFromFunction(q, { m: [4, 3, 4], domain: box, ranks: [2, 3, 3], hooiSweeps: 2 });
    // in the box's own variables the coefficient tensor is p's (the map is affine): exact
    assertClose(ct.chebTuckerCoefficientTensor(fb).data, pCoefficients([4, 3, 4]), { atol: 1e-13 }, 'box coefficients');
    const gx = Float64Array.of(0, 0.5, 2);
    const gy = Float64Array.of(-1, 0.25);
    const gz = Float64Array.of(1, 1.3, 1.75, 2);
    const dense = tuckerToDense(ct.chebTuckerOnGrid(fb, gx, gy, gz));
    const exact = tensorFromFunction([3, 2, 4], ([i, j, k]) => q(gx[i!]!, gy[j!]!, gz[k!]!));
    assertClose(dense.data, exact.data, { atol: 1e-12 }, 'grid');
    const g = ct.chebTuckerGradient(fb, [1.5], [2], [1.2]);
    // chain rule through the affine maps: d/dx = p_x, d/dy = p_y / 2, d/dz = 2 p_z at (0.5, 0.5, −0.6)
    assertClose(
      [g.dx[0]!, g.dy[0]!, g.dz[0]!],
      [px(0.5, 0.5, -0.6), py(0.5, 0.5, -0.6) / 2, 2 * pz(0.5, 0.5, -0.6)],
      { atol: 1e-12 },
      'box gradient',
    );
  });

  it('a separable sum of two terms has Tucker ranks (2, 2, 2); fixed ranks (1, 1, 1) keep the dominant term only', () => {
    const s = (x: number, y: number, z: number) => (1 + x) * y * y * z + x * x * (1 - y) * (z ** 3 - 2);
    const fs = ct.chebTuckerFromFunction(s, { m: 5, eps: 1e-12 });
    expect(ct.chebTuckerRanks(fs)).toEqual([2, 2, 2]);
    assertClose(ct.chebTuckerEvaluate(fs, xs, ys, zs), at(s), { atol: 1e-13 }, 's');
    const one = ct.chebTuckerFromFunction(s, { m: 5, ranks: [1, 1, 1] });
    expect(ct.chebTuckerRanks(one)).toEqual([1, 1, 1]);
    // rank 1 cannot hold both terms: the values differ from s somewhere by far more than rounding
    const err = Math.max(...at(s).map((v, i) => Math.abs(v - ct.chebTuckerEvaluate(one, xs, ys, zs)[i]!)));
    expect(err).toBeGreaterThan(0.1);
    // default eps 1e-7 (relative) keeps both terms too
    expect(ct.chebTuckerRanks(ct.chebTuckerFromFunction(s, { m: 5 }))).toEqual([2, 2, 2]);
  });

  it('m must be an integer ≥ 2 per mode', () => {
    for (const m of [1, 2.5, [4, 4, 1], [4, Number.NaN, 4]] as const)
      expect(() => ct.chebTuckerFromFunction(p, { m })).toThrow(/Chebyshev degree m must be an integer ≥ 2, got/);
    expect(ct.chebTuckerRanks(ct.chebTuckerFromFunction((x) => 3 * x - 1, { m: 2 }))).toEqual([1, 1, 1]);
  });
});

describe('Chebyshev-Tucker from a grid (Algorithm 3.2) and from CP factors (Algorithm 3.3): exact for cubics', () => {
  const box = [
    [-1, 1],
    [0, 3],
    [-2, -1],
  ] as const;
  const q = (x: number, y: number, z: number) => p(x, (2 * y - 3) / 3, 2 * z + 3);
  const n = [6, 7, 8] as const;
  const centres = n.map((k, i) => cellCentres(k, box[i]!)) as [Float64Array, Float64Array, Float64Array];
  const pts = [Float64Array.of(-1, 0.4, 1), Float64Array.of(0, 2.2, 3), Float64Array.of(-2, -1.5, -1)] as const;

  it('cell-centre samples of a cubic: the splines (extrapolating to the box ends) and the interpolant are exact', () => {
    const grid = tensorFromFunction([...n], ([i, j, k]) => q(centres[0][i!]!, centres[1][j!]!, centres[2][k!]!));
    const f = ct.chebTuckerFromGrid(grid, { m: [4, 4, 4], domain: box, eps: 1e-12 });
    expect(ct.chebTuckerRanks(f)).toEqual([2, 3, 3]);
    assertClose(ct.chebTuckerEvaluate(f, ...pts), at(q, ...pts), { atol: 1e-12 }, 'Alg 3.2');
    // an uneven grid of its own
    const knots = [
      Float64Array.of(-1, -0.6, 0.1, 0.3, 0.9, 1),
      Float64Array.of(0, 0.2, 1, 1.1, 2, 2.5, 3),
      Float64Array.of(-2, -1.9, -1.7, -1.6, -1.5, -1.3, -1.2, -1),
    ] as const;
    const uneven = tensorFromFunction([...n], ([i, j, k]) => q(knots[0][i!]!, knots[1][j!]!, knots[2][k!]!));
    const fu = ct.chebTuckerFromGrid(uneven, {
      m: 4,
      domain: box,
      grid: [...knots] as [Float64Array, Float64Array, Float64Array],
      ranks: [2, 3, 3],
    });
    assertClose(ct.chebTuckerEvaluate(fu, ...pts), at(q, ...pts), { atol: 1e-12 }, 'uneven grid');
    expect(() => ct.chebTuckerFromGrid(tensor([3, 3]), { m: 4 })).toThrow('chebTuckerFromGrid needs a 3D tensor, got order 2');
    expect(() => ct.chebTuckerFromGrid(grid, { m: 4, grid: [centres[0], centres[0], centres[2]] })).toThrow(
      'grid 1 has 6 points, tensor mode 1 has 7',
    );
  });

  it('CP factors of the five terms of p (weights 1, 1, 2, 1, 1): exact, and the slice error is zero to rounding', () => {
    const u = (k: number, fns: ((t: number) => number)[]) =>
      mat(
        n[k]!,
        fns.length,
        Float64Array.from({ length: n[k]! * fns.length }, (_, e) => fns[e % fns.length]!(centres[k]![Math.floor(e / fns.length)]!)),
      );
    const one = () => 1;
    const X = (t: number) => t;
    const Y = (t: number) => (2 * t - 3) / 3;
    const Z = (t: number) => 2 * t + 3;
    // 1 + x + 2·y² + x·y·z + z³
    const x = cp(
      [u(0, [one, X, one, X, one]), u(1, [one, one, (t) => Y(t) ** 2, Y, one]), u(2, [one, one, one, Z, (t) => Z(t) ** 3])],
      Float64Array.of(1, 1, 2, 1, 1),
    );
    const f = ct.chebTuckerFromCp(x, { m: [4, 5, 4], domain: box, rhosvd: { eps: 1e-12 } });
    expect(ct.chebTuckerRanks(f)).toEqual([2, 3, 3]);
    assertClose(ct.chebTuckerEvaluate(f, ...pts), at(q, ...pts), { atol: 1e-12 }, 'Alg 3.3');
    // the default (absolute tol 1e-7) keeps the same ranks for these O(1) coefficients
    expect(ct.chebTuckerRanks(ct.chebTuckerFromCp(x, { m: 4, domain: box }))).toEqual([2, 3, 3]);
    for (const z of [0, 3, 7]) {
      const e = ct.chebTuckerSliceError(f, x, z);
      expect(e.maxAbsError).toBeLessThan(1e-12);
      expect(e.maxRelError).toBeLessThan(1e-12);
    }
    expect(() => ct.chebTuckerSliceError(f, x, 8)).toThrow('slice index 8 outside 0…7');
    expect(() => ct.chebTuckerSliceError(f, x, -1)).toThrow('slice index -1 outside 0…7');
    expect(() => ct.chebTuckerSliceError(f, x, 1.5)).toThrow(RangeError);
    expect(() => ct.chebTuckerFromCp(cp([u(0, [X]), u(1, [X])]), { m: 4 })).toThrow(
      'chebTuckerFromCp needs an order-3 CP tensor, got order 2',
    );
    expect(() => ct.chebTuckerFromCp(x, { m: 4, grid: [centres[0], centres[1], centres[1]] })).toThrow(
      'grid 2 has 7 points, factor 2 has 8 rows',
    );
  });

  it('slice error of a too-low degree: x³ interpolated at the 3 points −1, 0, 1 is x, so the error is max |x − x³|', () => {
    const c8 = cellCentres(8);
    const cube = cp(
      [
        mat(
          8,
          1,
          c8.map((t) => t ** 3),
        ),
        mat(8, 1, new Float64Array(8).fill(1)),
        mat(8, 1, new Float64Array(8).fill(2)),
      ],
      Float64Array.of(0.5),
    );
    const f = ct.chebTuckerFromCp(cube, { m: 3 });
    const e = ct.chebTuckerSliceError(f, cube, 5);
    // on the centres ±1/8, ±3/8, ±5/8, ±7/8 (weight 0.5 × 2 = 1): max |x − x³| at 5/8, max |x³| at 7/8
    const maxAbs = Math.max(...c8.map((t) => Math.abs(t - t ** 3)));
    expect(maxAbs).toBe(5 / 8 - (5 / 8) ** 3);
    expect(e.maxAbsError).toBeCloseTo(maxAbs, 13);
    expect(e.maxRelError).toBeCloseTo(maxAbs / (7 / 8) ** 3, 13);
    // the same with the grid given explicitly
    expect(ct.chebTuckerSliceError(f, cube, 5, [c8, c8, c8]).maxAbsError).toBeCloseTo(maxAbs, 13);
    // a zero reference: the relative error is the absolute one
    const zero = cp([mat(8, 1), mat(8, 1), mat(8, 1)]);
    expect(ct.chebTuckerSliceError(f, zero, 0).maxRelError).toBe(ct.chebTuckerSliceError(f, zero, 0).maxAbsError);
  });
});

describe('Chebyshev series: small cases of the 1D/2D tools', () => {
  it('points: m = 1 is the midpoint, m = 2 the end points; intervals must be finite with a < b', () => {
    expect(Array.from(chebyshevPoints(1, [2, 6]))).toEqual([4]);
    expect(Array.from(chebyshevPoints(2, [2, 6]))).toEqual([2, 6]);
    expect(Array.from(chebyshevPoints(3, [-3, 1]))).toEqual([-3, -1, 1]);
    for (const bad of [
      [1, 1],
      [2, 1],
      [0, Number.POSITIVE_INFINITY],
      [Number.NaN, 1],
      [Number.NEGATIVE_INFINITY, 0],
    ] as const)
      expect(() => chebyshevPoints(3, bad)).toThrow(`interval must satisfy a < b (finite), got [${bad[0]}, ${bad[1]}]`);
    expect(() => chebyshevPoints(2.5)).toThrow('number of Chebyshev points must be a positive integer, got 2.5');
  });

  it('values ↔ coefficients for m = 1, 2, 3: T₀ = 1, T₁ = x, T₂ = 2x² − 1 at the points −1, 0, 1', () => {
    expect(Array.from(chebyshevCoefficients(Float64Array.of(7)))).toEqual([7]);
    expect(Array.from(chebyshevValues(Float64Array.of(7)))).toEqual([7]);
    // values at (−1, 1) of 3 + 2x
    assertClose(chebyshevCoefficients(Float64Array.of(1, 5)), [3, 2], { atol: 1e-15 }, 'm = 2');
    assertClose(chebyshevValues(Float64Array.of(3, 2)), [1, 5], { atol: 1e-15 }, 'm = 2 back');
    // values at (−1, 0, 1) of 1 − 2x + 4x² = 3T₀ − 2T₁ + 2T₂
    assertClose(chebyshevCoefficients(Float64Array.of(7, 1, 3)), [3, -2, 2], { atol: 1e-15 }, 'm = 3');
    assertClose(chebyshevValues(Float64Array.of(3, -2, 2)), [7, 1, 3], { atol: 1e-15 }, 'm = 3 back');
  });

  it('Clenshaw with an offset and a stride; evaluation on an interval; the basis and its derivative', () => {
    // entries 1, 3, 5 of [9, 1, 9, 2, 9, 3] are the series 1 + 2T₁ + 3T₂: at t = 0.5, 1 + 1 + 3(−0.5) = 0.5
    expect(clenshaw([9, 1, 9, 2, 9, 3], 0.5, 3, 1, 2)).toBeCloseTo(0.5, 15);
    expect(clenshaw([4], 0.3)).toBe(4);
    // on [2, 6], x = 5 is t = 0.5
    assertClose(chebyshevEvaluate(Float64Array.of(1, 2, 3), [5, 2, 6], [2, 6]), [0.5, 1 - 2 + 3, 6], { atol: 1e-15 }, 'interval');
    const b = chebyshevBasis([5, 2], 4, [2, 6]);
    assertClose(b.data, [1, 0.5, -0.5, -1, 1, -1, 1, -1], { atol: 1e-15 }, 'basis');
    // T₁' = 1, T₂' = 4t, T₃' = 12t² − 3, times dt/dx = 2/(6 − 2)
    const d = chebyshevBasis([5], 4, [2, 6], true);
    assertClose(d.data, [0, 0.5, 1, 0], { atol: 1e-15 }, 'derivative');
    expect(Array.from(chebyshevBasis([5], 1, [2, 6], true).data)).toEqual([0]);
    expect(Array.from(chebyshevBasis([5], 2, [2, 6], true).data)).toEqual([0, 0.5]);
    expect(Array.from(chebyshevBasis([5], 0).data)).toEqual([]);
    expect(() => chebyshevBasis([0], 2, [1, 0])).toThrow(RangeError);
  });

  it('2D series on a box: Σ C[k, l] T_k(x) T_l(y) with C = [[1, 2], [3, 4], [5, 6]]', () => {
    const c = tensor([3, 2], Float64Array.of(1, 2, 3, 4, 5, 6));
    // x = 1 on [0, 2] and y = 4 on [2, 6] are t = 0 and 0: T₀ = 1, T₁ = 0, T₂ = −1 → 1 − 5 = −4
    // x = 2, y = 6 are t = 1, 1: every T is 1 → 21
    assertClose(
      chebyshevEvaluate2(
        c,
        [1, 2],
        [4, 6],
        [
          [0, 2],
          [2, 6],
        ],
      ),
      [-4, 21],
      { atol: 1e-14 },
      '2D',
    );
    expect(() => chebyshevEvaluate2(tensor([2, 2, 2]), [0], [0])).toThrow('chebyshevEvaluate2 needs a 2D coefficient tensor');
    expect(() => chebyshevEvaluate2(c, [0, 0], [0])).toThrow('x and y must have the same length');
    // on [−1, 1]² by default: (0, 0) and (1, 1) as above
    assertClose(chebyshevEvaluate2(c, [0, 1], [0, 1]), [-4, 21], { atol: 1e-14 }, '2D default');
    // 3D: Σ C[k, l, q] T_k T_l T_q with C = 1…8 (2 × 2 × 2): at (1, 1, 1) the sum 36, at (0, 0, 0) only C[0, 0, 0] = 1,
    // at (−1, 1, 0) Σ C[k, l, 0] (−1)^k = 1 + 3 − 5 − 7 = −8; on a box, x = 4 on [2, 6] is 0
    const c3 = tensor([2, 2, 2], Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    assertClose(chebyshevEvaluate3(c3, [1, 0, -1], [1, 0, 1], [1, 0, 0]), [36, 1, -8], { atol: 1e-14 }, '3D default');
    assertClose(
      chebyshevEvaluate3(
        c3,
        [4],
        [0],
        [0],
        [
          [2, 6],
          [-1, 1],
          [-1, 1],
        ],
      ),
      [1],
      { atol: 1e-14 },
      '3D box',
    );
    expect(() => chebyshevEvaluate3(c, [0], [0], [0])).toThrow('chebyshevEvaluate3 needs a 3D coefficient tensor');
    expect(() => chebyshevEvaluate3(c3, [0, 0], [0], [0, 0])).toThrow('x, y and z must have the same length');
    expect(() => chebyshevEvaluate3(c3, [0, 0], [0, 0], [0])).toThrow('x, y and z must have the same length');
  });
});
