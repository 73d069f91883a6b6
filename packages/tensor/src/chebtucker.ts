import { chebyshevBasis, chebyshevCoefficientsColumns, chebyshevCoefficientsTensor, chebyshevPoints, type Interval } from './chebyshev.ts';
import { type CpTensor, cpShape } from './cp.ts';
import { type DenseTensor, modeProduct, tensor } from './dense.ts';
import { hooi, hosvd } from './hosvd.ts';
import { type Mat, mat, matmul } from './matrix.ts';
import { type RhosvdOptions, rhosvd } from './rhosvd.ts';
import { cellCentres, cubicSplineColumns } from './spline.ts';
import type { TuckerTensor } from './tucker.ts';

/** The three intervals of a box [a₀, b₀] × [a₁, b₁] × [a₂, b₂]. */
export type Box = readonly [Interval, Interval, Interval];

/**
 * The two-level Chebyshev-Tucker format (Benner, Khoromskij, Khoromskaia, Sun, arXiv:2503.01696):
 * f(x, y, z) ≈ Σ_{a,b,c} G[a, b, c] φ⁽⁰⁾_a(x) φ⁽¹⁾_b(y) φ⁽²⁾_c(z) with φ⁽ᵏ⁾_a = Σ_j V_k[j, a] T_j (Chebyshev polynomials
 * mapped to the k-th interval). `coefficients[k]` is V_k (m_k × r_k, orthonormal columns), `core` is G.
 *
 * @example
 * ```ts
 * const f = chebTuckerFromFunction((x, y, z) => Math.exp(-(x * x + y * y + z * z)), { m: 33, eps: 1e-10 });
 * ```
 */
export interface ChebTucker {
  readonly domain: Box;
  readonly core: DenseTensor;
  readonly coefficients: readonly [Mat, Mat, Mat];
}

const UNIT_BOX: Box = [
  [-1, 1],
  [-1, 1],
  [-1, 1],
];

function triple(m: number | readonly [number, number, number]): [number, number, number] {
  const ms: [number, number, number] = typeof m === 'number' ? [m, m, m] : [m[0], m[1], m[2]];
  for (const v of ms) if (!Number.isInteger(v) || v < 2) throw new RangeError(`Chebyshev degree m must be an integer ≥ 2, got ${v}`);
  return ms;
}

/**
 * Tucker ranks of a Chebyshev-Tucker approximation (the core's shape).
 *
 * @example
 * ```ts
 * chebTuckerRanks(f); // e.g. [9, 9, 9]
 * ```
 */
export function chebTuckerRanks(f: ChebTucker): [number, number, number] {
  return [f.core.shape[0]!, f.core.shape[1]!, f.core.shape[2]!];
}

/** Options of {@link chebTuckerFromFunction} and {@link chebTuckerFromGrid}. */
export interface ChebTuckerOptions {
  /** Number of Chebyshev points per mode (polynomial degree m − 1). */
  readonly m: number | readonly [number, number, number];
  /** The box (default [−1, 1]³). */
  readonly domain?: Box;
  /** Relative HOSVD accuracy of the coefficient tensor (the paper's tol; default 1e-7 when no ranks). */
  readonly eps?: number;
  /** Fixed Tucker ranks instead of eps. */
  readonly ranks?: readonly [number, number, number];
  /** Number of HOOI sweeps after the HOSVD (default 0). */
  readonly hooiSweeps?: number;
}

/**
 * Algorithm 3.1: sample f on the m₀ × m₁ × m₂ Chebyshev (second-kind) nodes, transform to the coefficient tensor by
 * DCT-I along each mode, compress it by truncated HOSVD (ε relative, as in the paper's `hosvd_s`) and optional HOOI
 * sweeps, and keep the factor matrices as Chebyshev coefficients of the φ's. Cost: m³ function evaluations,
 * O(m³ log m) for the DCTs, O(m⁴) for the HOSVD (Gram route).
 *
 * @example
 * ```ts
 * const f = chebTuckerFromFunction((x, y, z) => 1 / Math.hypot(x + 3, y, z), { m: 40, eps: 1e-9 });
 * ```
 */
export function chebTuckerFromFunction(fn: (x: number, y: number, z: number) => number, options: ChebTuckerOptions): ChebTucker {
  const ms = triple(options.m);
  const domain = options.domain ?? UNIT_BOX;
  const [px, py, pz] = ms.map((m, k) => chebyshevPoints(m, domain[k]!)) as [Float64Array, Float64Array, Float64Array];
  const values = tensor(ms);
  let p = 0;
  for (let i = 0; i < ms[0]; i++)
    for (let j = 0; j < ms[1]; j++) for (let k = 0; k < ms[2]; k++) values.data[p++] = fn(px[i]!, py[j]!, pz[k]!);
  return fromNodeValues(values, domain, options);
}

function fromNodeValues(values: DenseTensor, domain: Box, options: ChebTuckerOptions): ChebTucker {
  const coeffs = chebyshevCoefficientsTensor(values);
  const rankOptions = options.ranks !== undefined ? { ranks: options.ranks } : { eps: options.eps ?? 1e-7 };
  const sweeps = options.hooiSweeps ?? 0;
  const t = sweeps > 0 ? hooi(coeffs, { ...rankOptions, maxIterations: sweeps }).tucker : hosvd(coeffs, rankOptions).tucker;
  return { domain, core: t.core, coefficients: [t.factors[0]!, t.factors[1]!, t.factors[2]!] };
}

/** Options of {@link chebTuckerFromGrid}: the grid is the cell centres of `domain` unless `grid` is given. */
export interface ChebTuckerGridOptions extends ChebTuckerOptions {
  /** Strictly increasing grid coordinates per mode (default: cell centres of the domain). */
  readonly grid?: readonly [Float64Array, Float64Array, Float64Array];
}

/**
 * Algorithm 3.2: a tensor given on a tensor grid (default: the n³ cell centres of the box) is interpolated to the
 * Chebyshev nodes by tensor-product not-a-knot cubic splines (one 1D spline pass per mode, extrapolating beyond
 * the outer cell centres), then treated as in Algorithm 3.1. Cost O(n³ m) for the spline passes (forms the m³
 * node tensor) plus Algorithm 3.1's transform and HOSVD.
 *
 * @example
 * ```ts
 * const f = chebTuckerFromGrid(gridTensor, { m: 65, eps: 1e-7 });
 * ```
 */
export function chebTuckerFromGrid(x: DenseTensor, options: ChebTuckerGridOptions): ChebTucker {
  if (x.shape.length !== 3) throw new RangeError(`chebTuckerFromGrid needs a 3D tensor, got order ${x.shape.length}`);
  const ms = triple(options.m);
  const domain = options.domain ?? UNIT_BOX;
  let cur = x;
  for (let k = 0; k < 3; k++) {
    const knots = options.grid?.[k] ?? cellCentres(x.shape[k]!, domain[k]!);
    if (knots.length !== x.shape[k]) throw new RangeError(`grid ${k} has ${knots.length} points, tensor mode ${k} has ${x.shape[k]}`);
    const nodes = chebyshevPoints(ms[k]!, domain[k]!);
    cur = splineAlongMode(cur, k, knots, nodes);
  }
  return fromNodeValues(cur, domain, options);
}

function splineAlongMode(x: DenseTensor, mode: number, knots: Float64Array, at: Float64Array): DenseTensor {
  // Move the mode to the rows: the tensor as (I_k) × (rest) matrix in the C-order unfolding, interpolate columns.
  const shape = x.shape;
  let L = 1;
  for (let k = 0; k < mode; k++) L *= shape[k]!;
  let R = 1;
  for (let k = mode + 1; k < shape.length; k++) R *= shape[k]!;
  const I = shape[mode]!;
  const J = at.length;
  const outShape = [...shape];
  outShape[mode] = J;
  const out = tensor(outShape);
  for (let l = 0; l < L; l++) {
    const block = mat(I, R, x.data.subarray(l * I * R, (l + 1) * I * R));
    const y = cubicSplineColumns(knots, block, at);
    out.data.set(y.data, l * J * R);
  }
  return out;
}

/** Options of {@link chebTuckerFromCp}. */
export interface ChebTuckerCpOptions {
  /** Number of Chebyshev points per mode. */
  readonly m: number | readonly [number, number, number];
  /** The box whose cell centres carry the factor rows (default [−1, 1]³). */
  readonly domain?: Box;
  /** Strictly increasing grid coordinates per mode (default: cell centres of the domain). */
  readonly grid?: readonly [Float64Array, Float64Array, Float64Array];
  /**
   * RHOSVD truncation of the coefficient factors: `tol` (the paper's absolute per-mode tail tol/3; default 1e-7),
   * `eps` (relative) or `ranks`.
   */
  readonly rhosvd?: RhosvdOptions;
}

/**
 * Algorithm 3.3: from a CP tensor on a grid (factors n_k × R, rows on the cell centres) without forming any m³ or n³
 * array. Each factor column is interpolated to the m_k Chebyshev nodes by a not-a-knot cubic spline, transformed to
 * Chebyshev coefficients (DCT-I): this gives the CP tensor of the coefficient tensor with factors m_k × R; its
 * reduced HOSVD (RHOSVD) gives orthonormal V_k and the core. Cost O(R Σ n_k) for the splines, O(R Σ m_k log m_k)
 * for the transforms, O(R² Σ m_k) for the factor SVDs and O(r₀ r₁ r₂ R) for the core.
 *
 * @example
 * ```ts
 * const f = chebTuckerFromCp({ weights, factors: [u1, u2, u3] }, { m: 257, rhosvd: { tol: 1e-7 } });
 * ```
 */
export function chebTuckerFromCp(x: CpTensor, options: ChebTuckerCpOptions): ChebTucker {
  const shape = cpShape(x);
  if (shape.length !== 3) throw new RangeError(`chebTuckerFromCp needs an order-3 CP tensor, got order ${shape.length}`);
  const ms = triple(options.m);
  const domain = options.domain ?? UNIT_BOX;
  const coeffFactors = x.factors.map((u, k) => {
    const knots = options.grid?.[k] ?? cellCentres(shape[k]!, domain[k]!);
    if (knots.length !== shape[k]) throw new RangeError(`grid ${k} has ${knots.length} points, factor ${k} has ${shape[k]} rows`);
    const atNodes = cubicSplineColumns(knots, u, chebyshevPoints(ms[k]!, domain[k]!));
    return chebyshevCoefficientsColumns(atNodes);
  });
  const { tucker } = rhosvd({ weights: x.weights, factors: coeffFactors }, options.rhosvd ?? { tol: 1e-7 });
  return { domain, core: tucker.core, coefficients: [tucker.factors[0]!, tucker.factors[1]!, tucker.factors[2]!] };
}

/**
 * The values of the φ's of mode k at points: the n × r_k matrix Φ = T(x) V_k (or its derivative). Cost O(n m r).
 */
function phiAt(f: ChebTucker, k: number, x: ArrayLike<number>, derivative = false): Mat {
  const v = f.coefficients[k]!;
  return matmul(chebyshevBasis(x, v.rows, f.domain[k]!, derivative), v);
}

/**
 * The approximation on a tensor grid gx × gy × gz as an ordinary Tucker tensor (core G, factors Φ_k = T(g_k) V_k).
 * Cost O(Σ n_k m_k r_k); nothing of size n³ is formed.
 *
 * @example
 * ```ts
 * const t = chebTuckerOnGrid(f, xs, ys, zs); // tuckerToDense(t) for the values
 * ```
 */
export function chebTuckerOnGrid(f: ChebTucker, gx: ArrayLike<number>, gy: ArrayLike<number>, gz: ArrayLike<number>): TuckerTensor {
  return { core: f.core, factors: [phiAt(f, 0, gx), phiAt(f, 1, gy), phiAt(f, 2, gz)] };
}

/**
 * Values at scattered points (x_i, y_i, z_i). Cost O(m r + r³) per point.
 *
 * @example
 * ```ts
 * chebTuckerEvaluate(f, [0.1], [0.2], [0.3]);
 * ```
 */
export function chebTuckerEvaluate(f: ChebTucker, x: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>): Float64Array {
  return contractPoints(f.core, phiAt(f, 0, x), phiAt(f, 1, y), phiAt(f, 2, z));
}

/**
 * Gradient (∂f/∂x, ∂f/∂y, ∂f/∂z) at scattered points, from the derivatives of the Chebyshev polynomials.
 * Cost O(3 (m r + r³)) per point.
 *
 * @example
 * ```ts
 * const { dx, dy, dz } = chebTuckerGradient(f, [0.1], [0.2], [0.3]);
 * ```
 */
export function chebTuckerGradient(
  f: ChebTucker,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  z: ArrayLike<number>,
): { dx: Float64Array; dy: Float64Array; dz: Float64Array } {
  const p0 = phiAt(f, 0, x);
  const p1 = phiAt(f, 1, y);
  const p2 = phiAt(f, 2, z);
  return {
    dx: contractPoints(f.core, phiAt(f, 0, x, true), p1, p2),
    dy: contractPoints(f.core, p0, phiAt(f, 1, y, true), p2),
    dz: contractPoints(f.core, p0, p1, phiAt(f, 2, z, true)),
  };
}

function contractPoints(core: DenseTensor, a: Mat, b: Mat, c: Mat): Float64Array {
  const n = a.rows;
  if (b.rows !== n || c.rows !== n) throw new RangeError('x, y and z must have the same length');
  const [r0, r1, r2] = core.shape as [number, number, number];
  const out = new Float64Array(n);
  const tmp = new Float64Array(r0 * r1);
  for (let p = 0; p < n; p++) {
    // Contract z first: tmp[a, b] = Σ_c G[a, b, c] c_p[c].
    for (let ab = 0; ab < r0 * r1; ab++) {
      let s = 0;
      const o = ab * r2;
      for (let q = 0; q < r2; q++) s += core.data[o + q]! * c.data[p * r2 + q]!;
      tmp[ab] = s;
    }
    let total = 0;
    for (let i = 0; i < r0; i++) {
      let s = 0;
      for (let j = 0; j < r1; j++) s += tmp[i * r1 + j]! * b.data[p * r1 + j]!;
      total += s * a.data[p * r0 + i]!;
    }
    out[p] = total;
  }
  return out;
}

/**
 * The full Chebyshev coefficient tensor of the approximation, G ×ₖ V_k (m₀ × m₁ × m₂) — for checks on small m.
 * Cost O(m³ r).
 *
 * @example
 * ```ts
 * const c = chebTuckerCoefficientTensor(f);
 * ```
 */
export function chebTuckerCoefficientTensor(f: ChebTucker): DenseTensor {
  let t = f.core;
  f.coefficients.forEach((v, k) => {
    t = modeProduct(t, v, k);
  });
  return t;
}

/** Maximum errors of an approximation against reference values on the same points. */
export interface SliceError {
  readonly maxAbsError: number;
  /** max |approx − ref| / max |ref| (the paper's relative max error). */
  readonly maxRelError: number;
}

/**
 * Compare the Chebyshev-Tucker approximation against a CP tensor on the slice z = grid_z[zIndex] of its grid (the
 * paper's Tables 1–2 measure, with zIndex = n/2 − 1 for the "middle" slice). Forms only n₀ × n₁ arrays.
 * Cost O(n₀ n₁ (R + r₀)) + O(Σ n m r).
 *
 * @example
 * ```ts
 * const { maxRelError } = chebTuckerSliceError(f, cpTensor, Math.floor(n / 2) - 1);
 * ```
 */
export function chebTuckerSliceError(
  f: ChebTucker,
  x: CpTensor,
  zIndex: number,
  grid?: readonly [Float64Array, Float64Array, Float64Array],
): SliceError {
  const shape = cpShape(x);
  const g = grid ?? ([0, 1, 2].map((k) => cellCentres(shape[k]!, f.domain[k]!)) as [Float64Array, Float64Array, Float64Array]);
  if (!Number.isInteger(zIndex) || zIndex < 0 || zIndex >= shape[2]!)
    throw new RangeError(`slice index ${zIndex} outside 0…${shape[2]! - 1}`);
  const R = x.weights.length;
  const n0 = shape[0]!;
  // Reference slice: Σ_r w_r U3[zIndex, r] U1[:, r] U2[:, r]ᵀ.
  const u1 = mat(n0, R, Float64Array.from(x.factors[0]!.data));
  for (let i = 0; i < n0; i++) for (let r = 0; r < R; r++) u1.data[i * R + r]! *= x.weights[r]! * x.factors[2]!.data[zIndex * R + r]!;
  const ref = matmul(u1, x.factors[1]!, false, true);
  // Approximation slice: Φ0 (G ×₂ φ2(z)) Φ1ᵀ.
  const t = chebTuckerOnGrid(f, g[0], g[1], [g[2][zIndex]!]);
  const [r0, r1, r2] = f.core.shape as [number, number, number];
  const gz = new Float64Array(r0 * r1);
  const phiZ = t.factors[2]!;
  for (let ab = 0; ab < r0 * r1; ab++) {
    let s = 0;
    for (let c = 0; c < r2; c++) s += f.core.data[ab * r2 + c]! * phiZ.data[c]!;
    gz[ab] = s;
  }
  const left = matmul(t.factors[0]!, mat(r0, r1, gz));
  const approx = matmul(left, t.factors[1]!, false, true);
  let maxAbs = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.data.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(approx.data[i]! - ref.data[i]!));
    maxRef = Math.max(maxRef, Math.abs(ref.data[i]!));
  }
  return { maxAbsError: maxAbs, maxRelError: maxRef === 0 ? maxAbs : maxAbs / maxRef };
}
