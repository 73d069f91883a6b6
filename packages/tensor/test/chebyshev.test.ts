import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  chebyshevBasis,
  chebyshevCoefficients,
  chebyshevCoefficientsTensor,
  chebyshevEvaluate,
  chebyshevEvaluate2,
  chebyshevEvaluate3,
  chebyshevPoints,
  chebyshevValues,
  cubicSplineColumns,
  dct1,
  fft,
  mat,
  tensorFromFunction,
} from '../src/index.ts';

const rng = new SeededRng(5);

/** Naive O(n²) DFT as the reference. */
function dft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const or = new Float64Array(n);
  const oi = new Float64Array(n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      or[k]! += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
      oi[k]! += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
    }
  return [or, oi];
}

/** Modified Bessel function I_k(1) from its power series Σ_j (1/2)^{2j+k} / (j! (j+k)!). */
function besselI1(k: number): number {
  let term = 0.5 ** k;
  for (let i = 1; i <= k; i++) term /= i;
  let sum = 0;
  for (let j = 0; j < 40; j++) {
    sum += term;
    term *= 0.25 / ((j + 1) * (j + 1 + k));
  }
  return sum;
}

describe('FFT of any length', () => {
  for (const n of [1, 2, 8, 7, 12, 127, 256, 255, 1000]) {
    it(`matches the naive DFT for n = ${n}`, () => {
      const re = rng.normalArray(n);
      const im = rng.normalArray(n);
      const [er, ei] = dft(re, im);
      const r = Float64Array.from(re);
      const i = Float64Array.from(im);
      fft(r, i);
      const scale = Math.sqrt(n);
      assertClose(r, er, { atol: 1e-13 * scale * 4 }, 're');
      assertClose(i, ei, { atol: 1e-13 * scale * 4 }, 'im');
      fft(r, i, true);
      assertClose(r, re, { atol: 1e-14 * scale }, 'inverse re');
    });
  }

  it('DCT-I matches its definition (length 6 → FFT of length 10, Bluestein)', () => {
    const x = rng.normalArray(6);
    const N = 5;
    const ref = Float64Array.from({ length: 6 }, (_, k) => {
      let s = x[0]! + (-1) ** k * x[N]!;
      for (let j = 1; j < N; j++) s += 2 * x[j]! * Math.cos((Math.PI * j * k) / N);
      return s;
    });
    assertClose(dct1(x), ref, { atol: 1e-13 }, 'dct1');
  });
});

describe('Chebyshev interpolation', () => {
  it('second-kind points on an interval, ascending, with the end points', () => {
    assertClose(chebyshevPoints(3), [-1, 0, 1], { atol: 0 }, 'm = 3');
    const p = chebyshevPoints(5, [2, 6]);
    assertClose(p, [2, 4 - 2 * Math.SQRT1_2, 4, 4 + 2 * Math.SQRT1_2, 6], { rtol: 1e-15 }, '[2, 6]');
  });

  it('values → coefficients → values round trip for non-power-of-two lengths', () => {
    for (const m of [2, 3, 10, 33, 100]) {
      const v = rng.normalArray(m);
      assertClose(chebyshevValues(chebyshevCoefficients(v)), v, { atol: 1e-13 }, `m = ${m}`);
    }
  });

  it('coefficients of exp are 2 I_k(1) (I_0(1) for k = 0), geometric decay', () => {
    for (const m of [15, 20, 37]) {
      const c = chebyshevCoefficients(Float64Array.from(chebyshevPoints(m), Math.exp));
      for (let k = 0; k < 14; k++) expect(Math.abs(c[k]! - (k === 0 ? 1 : 2) * besselI1(k))).toBeLessThan(2e-16 * 8);
    }
    // Interpolation error falls like I_m(1) ≈ (1/2)^m / m!.
    const x = Float64Array.from({ length: 201 }, (_, i) => -1 + i / 100);
    const errs = [6, 9, 12].map((m) => {
      const c = chebyshevCoefficients(Float64Array.from(chebyshevPoints(m), Math.exp));
      const v = chebyshevEvaluate(c, x);
      return Math.max(...x.map((t, i) => Math.abs(v[i]! - Math.exp(t))));
    });
    expect(errs[1]! / errs[0]!).toBeLessThan(1e-3);
    expect(errs[2]! / errs[1]!).toBeLessThan(1e-3);
  });

  it('coefficients of the Runge function 1/(1+25x²) match the closed form, rate ρ = 1/(0.2 + √1.04)', () => {
    // 1/(1 + a² cos²θ) = (1/(c(1−q²))) (1 + 2 Σ_j q^j cos 2jθ) with β = (2 + a²)/a², q = −β + √(β² − 1), c = −a²/(4q).
    const a2 = 25;
    const beta = (2 + a2) / a2;
    const q = -beta + Math.sqrt(beta * beta - 1);
    const c = -a2 / (4 * q);
    const exact = (k: number) => (k % 2 === 1 ? 0 : ((k === 0 ? 1 : 2) * q ** (k / 2)) / (c * (1 - q * q)));
    const m = 241;
    const coeffs = chebyshevCoefficients(Float64Array.from(chebyshevPoints(m), (t) => 1 / (1 + 25 * t * t)));
    for (let k = 0; k < 80; k++) expect(Math.abs(coeffs[k]! - exact(k))).toBeLessThan(1e-15);
    // Geometric convergence of the interpolant at rate ρ⁻¹ = 0.8198… per degree.
    const rate = 1 / (0.2 + Math.sqrt(1.04));
    const x = Float64Array.from({ length: 401 }, (_, i) => -1 + i / 200);
    const err = (n: number) => {
      const cc = chebyshevCoefficients(Float64Array.from(chebyshevPoints(n), (t) => 1 / (1 + 25 * t * t)));
      const v = chebyshevEvaluate(cc, x);
      return Math.max(...x.map((t, i) => Math.abs(v[i]! - 1 / (1 + 25 * t * t))));
    };
    const observed = (err(101) / err(41)) ** (1 / 60);
    expect(observed).toBeGreaterThan(rate * 0.97);
    expect(observed).toBeLessThan(rate * 1.03);
  });

  it('Clenshaw in 1, 2, 3 D on a box reproduces exp(x + 2y) sin(z)', () => {
    const box = [
      [-1, 2],
      [0, 1],
      [-2, 1],
    ] as const;
    const f = (x: number, y: number, z: number) => Math.exp(x + 2 * y) * Math.sin(z);
    const m = [28, 26, 24];
    const pts = m.map((n, k) => chebyshevPoints(n, box[k]!));
    const vals = tensorFromFunction(m, ([i, j, k]) => f(pts[0]![i!]!, pts[1]![j!]!, pts[2]![k!]!));
    const c3 = chebyshevCoefficientsTensor(vals);
    const xs = rng.uniformArray(20, -1, 2);
    const ys = rng.uniformArray(20, 0, 1);
    const zs = rng.uniformArray(20, -2, 1);
    const ref = xs.map((x, i) => f(x, ys[i]!, zs[i]!));
    assertClose(chebyshevEvaluate3(c3, xs, ys, zs, box), ref, { atol: 1e-12 }, '3D');
    const v2 = tensorFromFunction([m[0]!, m[1]!], ([i, j]) => Math.exp(pts[0]![i!]! + 2 * pts[1]![j!]!));
    const c2 = chebyshevCoefficientsTensor(v2);
    assertClose(
      chebyshevEvaluate2(c2, xs, ys, [box[0], box[1]]),
      xs.map((x, i) => Math.exp(x + 2 * ys[i]!)),
      { atol: 1e-12 },
      '2D',
    );
    const c1 = chebyshevCoefficients(Float64Array.from(pts[2]!, Math.sin));
    assertClose(chebyshevEvaluate(c1, zs, box[2]), zs.map(Math.sin), { atol: 1e-14 }, '1D');
    // Basis matrix and its derivative: d/dz of Σ c_k T_k equals cos.
    const d = chebyshevBasis(zs, c1.length, box[2], true);
    const deriv = Float64Array.from(zs, (_, i) => c1.reduce((s, ck, k) => s + ck * d.data[i * c1.length + k]!, 0));
    assertClose(deriv, zs.map(Math.cos), { atol: 1e-11 }, 'derivative');
  });
});

describe('not-a-knot cubic spline', () => {
  it('reproduces cubics exactly, also when extrapolating, on uneven knots', () => {
    const knots = Float64Array.of(-1, -0.7, -0.1, 0.2, 0.25, 0.8, 1.3);
    const p = (x: number) => 2 - x + 3 * x * x - 1.5 * x ** 3;
    const q = (x: number) => x ** 3;
    const vals = mat(
      7,
      2,
      Float64Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? p : q)(knots[i >> 1]!)),
    );
    const at = Float64Array.of(-1.4, -0.9, 0, 0.22, 1, 1.6);
    const y = cubicSplineColumns(knots, vals, at);
    assertClose(
      y.data,
      Array.from(at).flatMap((x) => [p(x), q(x)]),
      { atol: 1e-13 },
      'cubics',
    );
  });

  it('converges at fourth order for a smooth function', () => {
    const f = (x: number) => Math.sin(3 * x);
    const at = Float64Array.from({ length: 97 }, (_, i) => -0.95 + (1.9 * i) / 96);
    const err = (n: number) => {
      const knots = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
      const y = cubicSplineColumns(knots, mat(n, 1, knots.map(f)), at);
      return Math.max(...at.map((x, i) => Math.abs(y.data[i]! - f(x))));
    };
    const order = Math.log2(err(41) / err(81));
    expect(order).toBeGreaterThan(3.7);
    expect(order).toBeLessThan(4.5);
  });
});
