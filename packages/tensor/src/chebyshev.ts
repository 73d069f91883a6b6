import { type DenseTensor, tensor } from './dense.ts';
import { dct1 } from './fft.ts';
import { type Mat, mat } from './matrix.ts';

/** A closed interval [a, b] with a < b. */
export type Interval = readonly [number, number];

function checkInterval(domain: Interval): void {
  if (!(domain[0] < domain[1]) || !Number.isFinite(domain[0]) || !Number.isFinite(domain[1])) {
    throw new RangeError(`interval must satisfy a < b (finite), got [${domain[0]}, ${domain[1]}]`);
  }
}

/**
 * The m Chebyshev points of the second kind (extrema of T_{m−1}, including the end points) on [a, b], in ASCENDING
 * order like Chebfun's `chebpts`: x_j = (a + b)/2 − (b − a)/2 · cos(π j/(m − 1)), j = 0 … m − 1 (the sine form is used
 * for exact symmetry). m = 1 gives the midpoint. Cost O(m).
 *
 * @example
 * ```ts
 * chebyshevPoints(3); // [−1, 0, 1]
 * ```
 */
export function chebyshevPoints(m: number, domain: Interval = [-1, 1]): Float64Array {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`number of Chebyshev points must be a positive integer, got ${m}`);
  checkInterval(domain);
  const [a, b] = domain;
  const out = new Float64Array(m);
  if (m === 1) {
    out[0] = (a + b) / 2;
    return out;
  }
  const N = m - 1;
  for (let j = 0; j < m; j++) {
    // −cos(πj/N) = sin(π(2j − N)/(2N)): exactly antisymmetric.
    const t = Math.sin((Math.PI * (2 * j - N)) / (2 * N));
    out[j] = (a + b) / 2 + ((b - a) / 2) * t;
  }
  out[0] = a;
  out[N] = b;
  return out;
}

/**
 * Values at the m ascending second-kind points → coefficients c_k of the interpolant p(x) = Σ_{k<m} c_k T_k(x)
 * (Chebfun's `chebtech2.vals2coeffs`), by one DCT-I of length m computed with an FFT of length 2(m − 1) for ANY m
 * (Bluestein when not a power of two). Cost O(m log m).
 *
 * @example
 * ```ts
 * chebyshevCoefficients(Float64Array.of(1, 0, 1)); // x² = (T₀ + T₂)/2 → [0.5, 0, 0.5]
 * ```
 */
export function chebyshevCoefficients(values: Float64Array): Float64Array {
  const m = values.length;
  if (m <= 1) return Float64Array.from(values);
  const N = m - 1;
  const desc = new Float64Array(m);
  for (let j = 0; j < m; j++) desc[j] = values[N - j]!; // points cos(πj/N), descending
  const y = dct1(desc);
  const c = new Float64Array(m);
  for (let k = 0; k < m; k++) c[k] = y[k]! / N;
  c[0]! /= 2;
  c[N]! /= 2;
  return c;
}

/**
 * Coefficients → values at the m ascending second-kind points (inverse of {@link chebyshevCoefficients}). Cost
 * O(m log m).
 *
 * @example
 * ```ts
 * chebyshevValues(Float64Array.of(0.5, 0, 0.5)); // [1, 0, 1]
 * ```
 */
export function chebyshevValues(coeffs: Float64Array): Float64Array {
  const m = coeffs.length;
  if (m <= 1) return Float64Array.from(coeffs);
  const N = m - 1;
  const x = Float64Array.from(coeffs);
  x[0]! *= 2;
  x[N]! *= 2;
  const y = dct1(x);
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) out[j] = y[N - j]! / 2;
  return out;
}

function toUnit(x: number, domain: Interval): number {
  return (2 * x - domain[0] - domain[1]) / (domain[1] - domain[0]);
}

/**
 * Clenshaw's recurrence for Σ_k c[offset + k·stride] T_k(t), t ∈ [−1, 1] (no domain map). Cost O(m).
 *
 * @example
 * ```ts
 * clenshaw([0, 0, 1], 0.5); // T₂(0.5) = −0.5
 * ```
 */
export function clenshaw(c: ArrayLike<number>, t: number, m = c.length, offset = 0, stride = 1): number {
  let b1 = 0;
  let b2 = 0;
  const t2 = 2 * t;
  for (let k = m - 1; k >= 1; k--) {
    const b0 = c[offset + k * stride]! + t2 * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return c[offset]! + t * b1 - b2;
}

/**
 * Evaluate a 1D Chebyshev series on [a, b] at points by Clenshaw's recurrence. Cost O(m) per point.
 *
 * @example
 * ```ts
 * chebyshevEvaluate(Float64Array.of(0, 1), [0.5]); // T₁(0.5) = 0.5
 * ```
 */
export function chebyshevEvaluate(coeffs: Float64Array, x: ArrayLike<number>, domain: Interval = [-1, 1]): Float64Array {
  checkInterval(domain);
  return Float64Array.from({ length: x.length }, (_, i) => clenshaw(coeffs, toUnit(x[i]!, domain)));
}

/**
 * Evaluate a 2D Chebyshev series Σ C[k, l] T_k(x) T_l(y) (C of shape m₀ × m₁) at points (x_i, y_i): Clenshaw in y for
 * each k, then in x. Cost O(m₀ m₁) per point.
 *
 * @example
 * ```ts
 * chebyshevEvaluate2(coeffs2d, [0.1], [0.2]);
 * ```
 */
export function chebyshevEvaluate2(
  coeffs: DenseTensor,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  domains: readonly [Interval, Interval] = [
    [-1, 1],
    [-1, 1],
  ],
): Float64Array {
  if (coeffs.shape.length !== 2) throw new RangeError('chebyshevEvaluate2 needs a 2D coefficient tensor');
  if (x.length !== y.length) throw new RangeError('x and y must have the same length');
  const [m0, m1] = coeffs.shape as [number, number];
  const inner = new Float64Array(m0);
  return Float64Array.from({ length: x.length }, (_, p) => {
    const ty = toUnit(y[p]!, domains[1]);
    for (let k = 0; k < m0; k++) inner[k] = clenshaw(coeffs.data, ty, m1, k * m1, 1);
    return clenshaw(inner, toUnit(x[p]!, domains[0]));
  });
}

/**
 * Evaluate a 3D Chebyshev series Σ C[k, l, q] T_k(x) T_l(y) T_q(z) at points, by nested Clenshaw recurrences (z, then
 * y, then x). Cost O(m₀ m₁ m₂) per point.
 *
 * @example
 * ```ts
 * chebyshevEvaluate3(coeffs3d, [0.1], [0.2], [0.3]);
 * ```
 */
export function chebyshevEvaluate3(
  coeffs: DenseTensor,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number>,
  domains: readonly [Interval, Interval, Interval] = [
    [-1, 1],
    [-1, 1],
    [-1, 1],
  ],
): Float64Array {
  if (coeffs.shape.length !== 3) throw new RangeError('chebyshevEvaluate3 needs a 3D coefficient tensor');
  if (x.length !== y.length || x.length !== z.length) throw new RangeError('x, y and z must have the same length');
  const [m0, m1, m2] = coeffs.shape as [number, number, number];
  const plane = new Float64Array(m0 * m1);
  const line = new Float64Array(m0);
  return Float64Array.from({ length: x.length }, (_, p) => {
    const tz = toUnit(z[p]!, domains[2]);
    for (let kl = 0; kl < m0 * m1; kl++) plane[kl] = clenshaw(coeffs.data, tz, m2, kl * m2, 1);
    const ty = toUnit(y[p]!, domains[1]);
    for (let k = 0; k < m0; k++) line[k] = clenshaw(plane, ty, m1, k * m1, 1);
    return clenshaw(line, toUnit(x[p]!, domains[0]));
  });
}

/**
 * Values of T_0 … T_{m−1} at points (rows) on [a, b]: the n × m matrix V[i, k] = T_k(t_i), by the three-term
 * recurrence; with `derivative`, V[i, k] = d/dx T_k(t(x_i)) = T_k'(t_i) · 2/(b − a). Cost O(n m).
 *
 * @example
 * ```ts
 * chebyshevBasis([0.5], 3); // [1, 0.5, −0.5]
 * ```
 */
export function chebyshevBasis(x: ArrayLike<number>, m: number, domain: Interval = [-1, 1], derivative = false): Mat {
  checkInterval(domain);
  const n = x.length;
  const out = mat(n, m);
  const scale = 2 / (domain[1] - domain[0]);
  for (let i = 0; i < n; i++) {
    const t = toUnit(x[i]!, domain);
    const o = i * m;
    let tkm1 = 1; // T_{k−1}
    let tk = t; // T_k
    let dkm1 = 0; // T'_{k−1}
    let dk = 1; // T'_k
    if (m > 0) out.data[o] = derivative ? 0 : 1;
    if (m > 1) out.data[o + 1] = derivative ? scale : t;
    for (let k = 2; k < m; k++) {
      const tn = 2 * t * tk - tkm1;
      const dn = 2 * tk + 2 * t * dk - dkm1;
      out.data[o + k] = derivative ? dn * scale : tn;
      tkm1 = tk;
      tk = tn;
      dkm1 = dk;
      dk = dn;
    }
  }
  return out;
}

/**
 * Values on the tensor grid of second-kind points → coefficient tensor, a DCT-I along every mode (any sizes).
 * Cost O(N Σ log m_k), N = Π m_k.
 *
 * @example
 * ```ts
 * const c = chebyshevCoefficientsTensor(valuesOnNodes); // 3D coefficients
 * ```
 */
export function chebyshevCoefficientsTensor(values: DenseTensor): DenseTensor {
  const out = tensor(values.shape, Float64Array.from(values.data));
  const shape = values.shape;
  for (let mode = 0; mode < shape.length; mode++) {
    let L = 1;
    for (let k = 0; k < mode; k++) L *= shape[k]!;
    let R = 1;
    for (let k = mode + 1; k < shape.length; k++) R *= shape[k]!;
    const I = shape[mode]!;
    const fiber = new Float64Array(I);
    for (let l = 0; l < L; l++) {
      for (let r = 0; r < R; r++) {
        const base = l * I * R + r;
        for (let i = 0; i < I; i++) fiber[i] = out.data[base + i * R]!;
        const c = chebyshevCoefficients(fiber);
        for (let i = 0; i < I; i++) out.data[base + i * R] = c[i]!;
      }
    }
  }
  return out;
}

/**
 * Chebyshev coefficients of each column of an m × R matrix of values at the m ascending second-kind points.
 * Cost O(R m log m).
 *
 * @example
 * ```ts
 * const cu = chebyshevCoefficientsColumns(valuesAtNodes); // m × R
 * ```
 */
export function chebyshevCoefficientsColumns(values: Mat): Mat {
  const { rows: m, cols: R } = values;
  const out = mat(m, R);
  const col = new Float64Array(m);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < m; i++) col[i] = values.data[i * R + r]!;
    const c = chebyshevCoefficients(col);
    for (let i = 0; i < m; i++) out.data[i * R + r] = c[i]!;
  }
  return out;
}
