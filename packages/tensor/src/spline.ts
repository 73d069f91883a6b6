import type { Interval } from './chebyshev.ts';
import { type Mat, mat } from './matrix.ts';

/**
 * The n cell centres of [a, b] split into n equal cells: x_i = a + h/2 + i·h, h = (b − a)/n.
 *
 * @example
 * ```ts
 * cellCentres(4, [-1, 1]); // [−0.75, −0.25, 0.25, 0.75]
 * ```
 */
export function cellCentres(n: number, domain: Interval = [-1, 1]): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of cells must be a positive integer, got ${n}`);
  const h = (domain[1] - domain[0]) / n;
  return Float64Array.from({ length: n }, (_, i) => domain[0] + h / 2 + i * h);
}

/**
 * Not-a-knot cubic spline interpolation of every column of `values` (n × R, rows at the strictly increasing `knots`)
 * evaluated at `at`, extrapolating with the end cubics outside [x₀, x_{n−1}] — the same interpolant as MATLAB's
 * `spline` / `interp1(…, 'spline', 'extrap')`. Slopes from one tridiagonal solve (the not-a-knot rows reduced to
 * tridiagonal form), shared by all columns; hand-written. Needs n ≥ 4. Cost O(n R + |at| (log n + R)).
 *
 * @example
 * ```ts
 * const y = cubicSplineColumns(cellCentres(64), values, chebyshevPoints(33)); // 33 × R
 * ```
 */
export function cubicSplineColumns(knots: Float64Array, values: Mat, at: ArrayLike<number>): Mat {
  const n = knots.length;
  if (values.rows !== n) throw new RangeError(`spline: ${values.rows} rows of values for ${n} knots`);
  if (n < 4) throw new RangeError(`not-a-knot cubic spline needs at least 4 knots, got ${n}`);
  for (let i = 1; i < n; i++) {
    if (!(knots[i]! > knots[i - 1]!)) throw new RangeError(`spline knots must be strictly increasing (knot ${i})`);
  }
  const R = values.cols;
  const Y = values.data;
  const h = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) h[i] = knots[i + 1]! - knots[i]!;
  // Tridiagonal system: sub[i] s_{i−1} + diag[i] s_i + sup[i] s_{i+1} = rhs_i (per column).
  const sub = new Float64Array(n);
  const diag = new Float64Array(n);
  const sup = new Float64Array(n);
  const x31 = h[0]! + h[1]!;
  const xn = h[n - 3]! + h[n - 2]!;
  diag[0] = h[1]!;
  sup[0] = x31;
  for (let i = 1; i < n - 1; i++) {
    sub[i] = h[i]!;
    diag[i] = 2 * (h[i - 1]! + h[i]!);
    sup[i] = h[i - 1]!;
  }
  sub[n - 1] = xn;
  diag[n - 1] = h[n - 3]!;
  const slopes = new Float64Array(n * R);
  const delta = (i: number, r: number) => (Y[(i + 1) * R + r]! - Y[i * R + r]!) / h[i]!;
  for (let r = 0; r < R; r++) {
    slopes[r] = ((h[0]! + 2 * x31) * h[1]! * delta(0, r) + h[0]! * h[0]! * delta(1, r)) / x31;
    for (let i = 1; i < n - 1; i++) slopes[i * R + r] = 3 * (h[i]! * delta(i - 1, r) + h[i - 1]! * delta(i, r));
    slopes[(n - 1) * R + r] = (h[n - 2]! * h[n - 2]! * delta(n - 3, r) + (2 * xn + h[n - 2]!) * h[n - 3]! * delta(n - 2, r)) / xn;
  }
  // Thomas algorithm (forward elimination on copies of the coefficients).
  const dd = Float64Array.from(diag);
  for (let i = 1; i < n; i++) {
    const w = sub[i]! / dd[i - 1]!;
    dd[i]! -= w * sup[i - 1]!;
    for (let r = 0; r < R; r++) slopes[i * R + r]! -= w * slopes[(i - 1) * R + r]!;
  }
  for (let r = 0; r < R; r++) slopes[(n - 1) * R + r]! /= dd[n - 1]!;
  for (let i = n - 2; i >= 0; i--) {
    for (let r = 0; r < R; r++) slopes[i * R + r] = (slopes[i * R + r]! - sup[i]! * slopes[(i + 1) * R + r]!) / dd[i]!;
  }
  const out = mat(at.length, R);
  for (let p = 0; p < at.length; p++) {
    const x = at[p]!;
    let lo = 0;
    let hi = n - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (knots[mid]! <= x) lo = mid;
      else hi = mid - 1;
    }
    const i = lo;
    const hi_ = h[i]!;
    const t = (x - knots[i]!) / hi_;
    // Cubic Hermite basis on [x_i, x_{i+1}].
    const t2 = t * t;
    const t3 = t2 * t;
    const h00 = 2 * t3 - 3 * t2 + 1;
    const h10 = t3 - 2 * t2 + t;
    const h01 = -2 * t3 + 3 * t2;
    const h11 = t3 - t2;
    for (let r = 0; r < R; r++) {
      out.data[p * R + r] =
        h00 * Y[i * R + r]! + h10 * hi_ * slopes[i * R + r]! + h01 * Y[(i + 1) * R + r]! + h11 * hi_ * slopes[(i + 1) * R + r]!;
    }
  }
  return out;
}
