import { type ChebTucker, chebTuckerFromFunction, chebyshevPoints } from '@equitensor/tensor';
import { type PotentialField, potentialField } from '../field.ts';
import type { TensorGrid } from '../grid.ts';
import { type CoulombOptions, type CoulombResult, checkCharges, coulombConstantOf } from '../system.ts';
import { interpolateCube, tuckerOnAxes } from './grid-route.ts';
import { lagrangeStencil, STENCIL } from './interpolation.ts';
import { evaluateLongRange, type LongRangeTucker, longRangeTucker, type NodeGrid, projectedLongRange } from './long-range.ts';
import { PointBins } from './neighbours.ts';
import { interpolatedSelfKernel } from './self-term.ts';
import { addShortRangeOnGrid } from './short-range-grid.ts';
import { sincQuadrature } from './sinc.ts';
import { longKernel, type RangeSplit, ShortRangeTable, shortKernel, splitQuadrature } from './split.ts';

/** The quadrature, split and Tucker truncation are tuned to δ / KERNEL_SAFETY. */
const KERNEL_SAFETY = 4;

/** The most long-range grid nodes per axis (a 1024³ node grid is 8 GiB as dense float64; the Tucker factors are 1024 × r). */
const MAX_GRID_NODES = 1024;

/**
 * Options of {@link rangeSeparatedCoulomb}.
 *
 * @example
 * ```ts
 * rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-6, splitRadius: 8, gridSize: 128, assembly: 'rhosvd' });
 * ```
 */
export interface RangeSeparatedOptions extends CoulombOptions {
  /**
   * Requested accuracy δ (default 1e-6): the relative error of the energy, and of the forces relative to max |F|.
   * The kernel 1/r (sinc quadrature and split) is tuned to δ/4, the Tucker truncation to δ/4 over the gradient's
   * amplification (see `tuckerTolerance`), the grid so that the interpolated forces meet δ; checked on the open
   * 8×8×8 NaCl cube (δ = 1e-3, 1e-5, 1e-7), the PQR proteins and an 8-ion cluster at split radii 0.8–4 Å.
   */
  readonly accuracy?: number;
  /**
   * Effective radius σ of the range separation (Å). Default: the radius holding about 500 charges at the mean
   * density, kept within [L/8, L/4] of the box edge L (L/4 is the papers’ σ = 0.5 on [−1, 1]³).
   */
  readonly splitRadius?: number;
  /**
   * Grid nodes per axis of the long-range Tucker tensor; default resolves the narrowest long-range Gaussian t by degree-7
   * interpolation, h·t = (δ/7)^{1/7}. A grid coarser than that (or a default above 1024 nodes) is a `RangeError`: the
   * estimate 7·(h·t)⁷ says δ would be missed, so direct summation is advised instead of a silently wrong number.
   */
  readonly gridSize?: number;
  /** The cubic box [lo, lo + size]³ of the long-range grid (Å); default the particles' bounding cube plus 5% on each side. */
  readonly box?: { readonly lo: readonly [number, number, number]; readonly size: number };
  /**
   * Truncation tolerance of the long-range side matrices (default δ/4 / (k·σ), k = 2·t·√ln(4/δ) for the narrowest
   * long-range Gaussian t: the gradient of a truncation error is k times its value, so this keeps the forces within δ).
   */
  readonly tuckerTolerance?: number;
  /**
   * How the long-range CP tensor of rank N·R_l is reduced to Tucker: `'projected'` (default; one SVD for the box and
   * charge moments, linear in N) or `'rhosvd'` (RHOSVD of the particles' side matrices, O(N·R_l·(n² + r³))).
   * Only `'projected'` keeps the forces within δ: RHOSVD's relative truncation meets δ in the energy, but its forces
   * missed δ by up to 20× on an 8-ion cluster (and are not exactly the gradient of its energy, since the truncated
   * basis depends on the positions); pass a smaller `tuckerTolerance` to tighten them.
   */
  readonly assembly?: 'projected' | 'rhosvd';
  /** Also return per-atom energies: ½zⱼ[P_l(xⱼ) − zⱼp_l(0)] plus half of each short-range pair. */
  readonly perAtomEnergies?: boolean;
}

/**
 * Energy, forces and the range-separated model behind them.
 *
 * @example
 * ```ts
 * const { energy, forces, ranks, parts, model } = rangeSeparatedCoulomb(positions, charges);
 * ```
 */
export interface RangeSeparatedResult extends CoulombResult {
  /** Long-range Tucker ranks (r₀, r₁, r₂). */
  readonly ranks: readonly [number, number, number];
  /** The model, for potentials at points and on grids. */
  readonly model: RangeSeparatedModel;
  /**
   * The energy split (eV): ½Σ zⱼ P_l(xⱼ), the self correction −½Σ zⱼ² p_l(0), the short-range pair sum, and
   * `selfInterpolation` = −½Σ zⱼ² [S̃(xⱼ) − p_l(0)], which removes each charge's own term from P_l(xⱼ) as the
   * interpolated tensor sees it (see {@link interpolatedSelfKernel}); energy = long + self + short + selfInterpolation.
   */
  readonly parts: { readonly long: number; readonly self: number; readonly short: number; readonly selfInterpolation: number };
}

/**
 * The range-separated (RS) tensor representation of the potential of N charges: a long-range Tucker tensor
 * on a grid plus the short-range kernel and the particle list.
 *
 * @example
 * ```ts
 * const { model } = rangeSeparatedCoulomb(positions, charges);
 * model.potentialAt(new Float64Array([0, 0, 0])); // V
 * model.ranks; // long-range Tucker ranks
 * ```
 */
export class RangeSeparatedModel {
  /** Long-range/short-range Gaussian counts R_l and R_s of the quadrature. */
  readonly longCount: number;
  readonly shortCount: number;
  private readonly bins: PointBins;

  constructor(
    readonly positions: Float64Array,
    readonly charges: Float64Array,
    readonly split: RangeSplit,
    readonly longRange: LongRangeTucker,
    readonly coulombConstant: number,
  ) {
    this.longCount = split.longCount;
    this.shortCount = split.quadrature.t.length - split.longCount;
    this.bins = new PointBins(positions, split.sigma);
  }

  /** The grid the long-range tensor lives on. */
  get grid(): NodeGrid {
    return this.longRange.grid;
  }

  /** Long-range Tucker ranks. */
  get ranks(): readonly [number, number, number] {
    return this.longRange.ranks;
  }

  /**
   * Potential k_e·P(x) (eV/e) at points inside the grid box: P = P_l + Σ_{|x−xⱼ|<σ} zⱼ p_s(|x − xⱼ|). The quadrature
   * is bounded at 0, so a point on a charge gets that charge's finite p(0) (not the potential of the others).
   *
   * @example
   * ```ts
   * const phi = rangeSeparatedCoulomb(positions, charges).model.potentialAt(new Float64Array([0, 0, 0]));
   * ```
   */
  potentialAt(points: Float64Array): Float64Array {
    const m = points.length / 3;
    const out = new Float64Array(m);
    const scratch = new Float64Array(4);
    for (let p = 0; p < m; p++) {
      const x = points[3 * p]!;
      const y = points[3 * p + 1]!;
      const z = points[3 * p + 2]!;
      this.checkInside(x, y, z);
      evaluateLongRange(this.longRange, x, y, z, scratch);
      let short = 0;
      this.bins.forEachWithin(x, y, z, (j, _dx, _dy, _dz, r2) => {
        short += this.charges[j]! * shortKernel(this.split, Math.sqrt(r2))[0];
      });
      out[p] = this.coulombConstant * (scratch[0]! + short);
    }
    return out;
  }

  /**
   * The potential k_e·P on a tensor grid inside the box, as a {@link PotentialField} — the call for viewers and
   * `.npy` maps (use it instead of {@link potentialAt} point by point, which is 50–200× slower on a 64³ grid).
   * The long-range Tucker tensor has its factor columns interpolated to the grid axes and is contracted mode by mode
   * (O(m·r³ + m²·r² + m³·r) for an m³ grid, never points × ranks³); the short range is added per charge on the nodes
   * within σ only, from separable 1D Gaussian tables (see {@link addShortRangeOnGrid}). Cost for 1ajj (519 atoms) on
   * a 64³ grid: about 0.3 s (docs/benchmarks/electrostatics.md). Accurate to about δ·max|φ| at nodes farther than
   * `split.quadrature.range[0]` (half the closest pair distance) from every charge. Default grid: the model's own nodes.
   *
   * @example
   * ```ts
   * const field = rs.model.potentialOnGrid(uniformGrid([-10, -10, -10], [10, 10, 10], [64, 64, 64]));
   * ```
   */
  potentialOnGrid(grid?: TensorGrid): PotentialField {
    const own = this.longRange.grid;
    const axes =
      grid ??
      (() => {
        const axis = (d: number) => Float64Array.from({ length: own.n }, (_, i) => own.lo[d]! + i * own.h);
        return { x: axis(0), y: axis(1), z: axis(2) };
      })();
    const coordinates = [axes.x, axes.y, axes.z] as const;
    for (const [d, axis] of coordinates.entries()) {
      for (const v of [axis[0]!, axis[axis.length - 1]!])
        this.checkInside(d === 0 ? v : own.lo[0], d === 1 ? v : own.lo[1], d === 2 ? v : own.lo[2]);
    }
    // Factor rows interpolated to each axis: U'_d (m_d × r_d).
    const w = new Float64Array(STENCIL);
    const dw = new Float64Array(STENCIL);
    const factors = coordinates.map((axis, d) => {
      const r = this.longRange.ranks[d]!;
      const factor = this.longRange.tucker.factors[d]!;
      const out = new Float64Array(axis.length * r);
      for (let i = 0; i < axis.length; i++) {
        const first = lagrangeStencil(own.lo[d]!, own.h, own.n, axis[i]!, w, dw);
        for (let m = 0; m < STENCIL; m++) {
          for (let c = 0; c < r; c++) out[i * r + c] = out[i * r + c]! + w[m]! * factor.data[(first + m) * r + c]!;
        }
      }
      return out;
    });
    const [nx, ny, nz] = [axes.x.length, axes.y.length, axes.z.length];
    const values = tuckerOnAxes(
      this.longRange.tucker.core.data,
      this.longRange.ranks,
      factors as [Float64Array, Float64Array, Float64Array],
      [nx, ny, nz],
    );
    // Short range: each charge's p_s on the grid nodes within σ (separable 1D tables per charge).
    addShortRangeOnGrid(values, axes, this.positions, this.charges, this.split);
    for (let i = 0; i < values.length; i++) values[i] = this.coulombConstant * values[i]!;
    return potentialField(axes, values);
  }

  /**
   * The long-range potential P_l (k_e = 1, without the short-range part) in the mesh-free two-level Chebyshev-Tucker
   * format of `@equitensor/tensor` (arXiv:2503.01696, Alg. 3.1) on the model's box: the Tucker tensor is evaluated on
   * the m³ Chebyshev nodes (its factor columns interpolated, then one Tucker contraction, O(m³ r)), transformed by
   * DCT-I and compressed by HOSVD with relative accuracy `eps`. Evaluate with `chebTuckerEvaluate` / `chebTuckerGradient`.
   *
   * @example
   * ```ts
   * import { chebTuckerEvaluate } from '@equitensor/tensor';
   * const ct = rs.model.longRangeChebTucker({ m: 65, eps: 1e-8 });
   * chebTuckerEvaluate(ct, [0], [0], [0]); // ≈ P_l(0, 0, 0)
   * ```
   */
  longRangeChebTucker(options: { readonly m: number; readonly eps?: number }): ChebTucker {
    const { lo, h, n } = this.longRange.grid;
    const size = h * (n - 1);
    const domain = [0, 1, 2].map((d) => [lo[d]!, lo[d]! + size] as const) as unknown as readonly [
      readonly [number, number],
      readonly [number, number],
      readonly [number, number],
    ];
    const nodes = domain.map((interval) => chebyshevPoints(options.m, [interval[0], interval[1]]));
    const w = new Float64Array(STENCIL);
    const dw = new Float64Array(STENCIL);
    const factors = nodes.map((axis, d) => {
      const r = this.longRange.ranks[d]!;
      const factor = this.longRange.tucker.factors[d]!;
      const out = new Float64Array(axis.length * r);
      for (let i = 0; i < axis.length; i++) {
        const first = lagrangeStencil(lo[d]!, h, n, axis[i]!, w, dw);
        for (let m = 0; m < STENCIL; m++) {
          for (let c = 0; c < r; c++) out[i * r + c] = out[i * r + c]! + w[m]! * factor.data[(first + m) * r + c]!;
        }
      }
      return out;
    }) as [Float64Array, Float64Array, Float64Array];
    const m = options.m;
    const values = tuckerOnAxes(this.longRange.tucker.core.data, this.longRange.ranks, factors, [m, m, m]);
    // Alg. 3.1 samples f at exactly these nodes: look the values up by coordinate.
    const index = nodes.map((axis) => new Map(Array.from(axis, (x, i) => [x, i] as const)));
    const lookup = (x: number, y: number, z: number): number => {
      const i = index[0]!.get(x);
      const j = index[1]!.get(y);
      const k = index[2]!.get(z);
      if (i === undefined || j === undefined || k === undefined) throw new Error('longRangeChebTucker: sampled off the Chebyshev nodes');
      return values[(i * m + j) * m + k]!;
    };
    return chebTuckerFromFunction(lookup, { m, domain, eps: options.eps ?? 1e-8 });
  }

  /** Throw when a point lies outside the long-range grid box. */
  checkInside(x: number, y: number, z: number): void {
    const { lo, h, n } = this.longRange.grid;
    const size = h * (n - 1);
    const slack = 1e-9 * size;
    for (const [d, v] of [x, y, z].entries()) {
      if (!(v >= lo[d]! - slack && v <= lo[d]! + size + slack)) {
        throw new RangeError(
          `RangeSeparatedModel: point (${x}, ${y}, ${z}) lies outside the grid box [${lo[d]}, ${lo[d]! + size}] on axis ${d}`,
        );
      }
    }
  }
}

/**
 * Coulomb energy, forces and virial of N point charges (open boundaries) in the range-separated tensor
 * format of Benner, Khoromskaia and Khoromskij (SIAM J. Sci. Comput. 40 (2018) A1034):
 * 1/r ≈ Σ_k a_k exp(−t_k² r²) (sinc quadrature tuned for δ), split at σ into long-range terms (a Tucker tensor
 * of the whole system, from the rank-N·R_l CP tensor by RHOSVD) and short-range terms (a pair sum within σ):
 * E = ½ Σⱼ zⱼ [P_l(xⱼ) − zⱼ p_l(0)] + Σ_{i<j, rᵢⱼ<σ} zᵢ zⱼ p_s(rᵢⱼ), Fⱼ = −zⱼ ∇(P_l + Σᵢ zᵢ p_s)(xⱼ).
 * Virial W = Σⱼ xⱼ ⊗ Fⱼ (open boundaries). Cost O(N·R_l·(n² + r³)) + O(N·neighbours within σ).
 *
 * @example
 * ```ts
 * import { rangeSeparatedCoulomb } from '@equitensor/electrostatics';
 * const rs = rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-6 });
 * rs.energy; rs.ranks; rs.forces;
 * ```
 */
export function rangeSeparatedCoulomb(
  positions: Float64Array,
  charges: Float64Array,
  options: RangeSeparatedOptions = {},
): RangeSeparatedResult {
  const count = checkCharges(positions, charges, 'rangeSeparatedCoulomb');
  if (count === 0) throw new RangeError('rangeSeparatedCoulomb: no charges');
  const k = coulombConstantOf(options);
  const accuracy = options.accuracy ?? 1e-6;
  // the kernel is tuned to δ/4, and the quadrature tuner works in (1e-15, 1)
  if (!(accuracy > KERNEL_SAFETY * 1e-15 && accuracy < 1))
    throw new RangeError(`rangeSeparatedCoulomb: accuracy must lie in (${KERNEL_SAFETY * 1e-15}, 1), got ${accuracy}`);
  // Box: the bounding cube of the particles, enlarged by 5% on each side.
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  const hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d]!, positions[3 * i + d]!);
      hi[d] = Math.max(hi[d]!, positions[3 * i + d]!);
    }
  }
  let boxLo: [number, number, number];
  let size: number;
  if (options.box !== undefined) {
    boxLo = [...options.box.lo] as [number, number, number];
    size = options.box.size;
  } else {
    const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 1);
    size = 1.1 * extent;
    boxLo = [0, 1, 2].map((d) => 0.5 * (lo[d]! + hi[d]!) - size / 2) as [number, number, number];
  }
  for (let d = 0; d < 3; d++) {
    if (!(lo[d]! >= boxLo[d]! && hi[d]! <= boxLo[d]! + size))
      throw new RangeError(`rangeSeparatedCoulomb: particles extend outside the box on axis ${d}`);
  }
  // Default σ: about 500 neighbours per charge at the mean density, kept within [L/8, L/4] (L the box edge):
  // smaller σ means fewer short-range pairs but larger long-range ranks.
  const neighbourRadius = Math.cbrt((3 * 500 * size ** 3) / (4 * Math.PI * count));
  const sigma = options.splitRadius ?? Math.min(size / 4, Math.max(size / 8, neighbourRadius));
  // Closest pair within σ sets the smallest distance the quadrature must reproduce.
  const bins = new PointBins(positions, sigma);
  let closest = sigma;
  for (let i = 0; i < count; i++) {
    bins.forEachWithin(positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!, (j, _dx, _dy, _dz, r2) => {
      if (j !== i && r2 === 0) throw new RangeError(`rangeSeparatedCoulomb: atoms ${Math.min(i, j)} and ${Math.max(i, j)} coincide`);
      if (j !== i && r2 < closest * closest) closest = Math.sqrt(r2);
    });
  }
  // The quadrature, the split and the Tucker truncation work at δ/4: in an ionic lattice the pair errors of the kernel
  // and of its slope add up over hundreds of neighbours whose forces cancel (see docs/benchmarks/electrostatics.md).
  const kernelAccuracy = accuracy / KERNEL_SAFETY;
  const quadrature = sincQuadrature({ accuracy: kernelAccuracy, rMin: 0.5 * closest, rMax: Math.sqrt(3) * size });
  const split = splitQuadrature(quadrature, sigma, kernelAccuracy);
  const narrowest = split.longCount > 0 ? quadrature.t[split.longCount - 1]! : 0;
  // Degree-7 interpolation of exp(−t²x²) on nodes h apart errs by about 2·(ht)⁸ in value and, in the gradient, by
  // about 7·(ht)⁷ of max |F| on the 8×8×8 NaCl cube: pick h·t_narrowest = (δ/7)^{1/7} so that forces meet δ too.
  const ht = (accuracy / 7) ** (1 / 7);
  const n = options.gridSize ?? Math.max(32, Math.ceil((size * narrowest) / ht) + 1);
  // The same estimate decides whether δ is reachable at all: refuse rather than return a number that misses it.
  const interpolationError = 7 * ((size / (n - 1)) * narrowest) ** 7;
  if (n > MAX_GRID_NODES || interpolationError > accuracy * (1 + 1e-9)) {
    const needed = Math.ceil((size * narrowest) / ht) + 1;
    throw new RangeError(
      `rangeSeparatedCoulomb: accuracy ${accuracy.toExponential()} is out of reach for this geometry: the narrowest long-range Gaussian ` +
        `(t = ${narrowest.toPrecision(3)}/Å, split radius σ = ${sigma.toPrecision(4)} Å) over a box of ${size.toPrecision(4)} Å needs ` +
        `${needed} grid nodes per axis (estimated interpolation error 7·(h·t)⁷ ≤ δ), ` +
        (n > MAX_GRID_NODES
          ? `more than the ${MAX_GRID_NODES} allowed`
          : `but the grid has ${n} (estimated error ${interpolationError.toExponential(2)})`) +
        `; use direct summation (\`--method direct\`, directCoulomb)${options.splitRadius !== undefined ? ', or a larger split radius' : ''}` +
        `${options.gridSize !== undefined ? ', or a finer grid' : ''}`,
    );
  }
  const grid: NodeGrid = { lo: boxLo, h: size / (n - 1), n };
  // The truncation error of the side matrices is smooth only down to the Gaussians' frequencies: a discarded component
  // of exp(−t²x²) sampled to ε carries frequencies up to k = 2t√ln(1/ε), so its gradient is k times its value. The
  // long-range potential varies on the scale σ, the length between a relative energy and a relative force error, so
  // the truncation works at δ/4 / (k·σ) (k·σ ≈ 17–26 for δ = 1e-3…1e-7); at δ/4 alone the forces of an 8-ion cluster
  // missed δ by up to 8.6× (test/rs-kernels.test.ts), at this tolerance they stay within 0.5δ for σ = 0.8–4 Å.
  const forceFactor = Math.max(1, 2 * narrowest * sigma * Math.sqrt(Math.log(1 / kernelAccuracy)));
  const tolerance = options.tuckerTolerance ?? kernelAccuracy / forceFactor;
  const longRange =
    options.assembly === 'rhosvd'
      ? longRangeTucker(positions, charges, split, grid, tolerance)
      : projectedLongRange(positions, charges, split, grid, tolerance);
  const model = new RangeSeparatedModel(positions, charges, split, longRange, k);

  const forces = new Float64Array(3 * count);
  const scratch = new Float64Array(4);
  // P_l at the charges: core contractions per charge (2r³ each) or, when cheaper, the dense node values once
  // (n³·r) and an 8³ interpolation per charge — the same numbers up to rounding.
  const [r0, r1, r2] = longRange.ranks;
  const denseCost = n * n * n * r0 + 2048 * count;
  const pointCost = 2 * count * r0 * r1 * r2;
  let evaluate = (x: number, y: number, z: number) => evaluateLongRange(longRange, x, y, z, scratch);
  if (denseCost < pointCost && n <= 400) {
    const f = longRange.tucker.factors;
    const nodes = tuckerOnAxes(longRange.tucker.core.data, longRange.ranks, [f[0]!.data, f[1]!.data, f[2]!.data], [n, n, n]);
    evaluate = (x, y, z) => interpolateCube(nodes, grid, x, y, z, scratch);
  }
  let long = 0;
  let self = 0;
  let selfInterpolation = 0;
  const selfKernel = longKernel(split, 0);
  let short = 0;
  // Each charge's own term in P_l(xⱼ) is removed as the interpolated tensor sees it (not the exact p_l(0)), so that
  // the interpolation error of the self term — same sign for every charge — cancels exactly (see self-term.ts).
  const own = new Float64Array(4);
  const table = new ShortRangeTable(split);
  // Raw (k_e = 1) forces; each short-range pair is visited once (i > j) and acts on both atoms.
  const raw = new Float64Array(3 * count);
  const perAtom = options.perAtomEnergies === true ? new Float64Array(count) : undefined;
  for (let j = 0; j < count; j++) {
    const zj = charges[j]!;
    const x = positions[3 * j]!;
    const y = positions[3 * j + 1]!;
    const z = positions[3 * j + 2]!;
    evaluate(x, y, z);
    long += 0.5 * zj * scratch[0]!;
    interpolatedSelfKernel(split, grid, longRange.centres, x, y, z, own);
    self -= 0.5 * zj * zj * selfKernel;
    selfInterpolation -= 0.5 * zj * zj * (own[0]! - selfKernel);
    if (perAtom !== undefined) perAtom[j] = perAtom[j]! + 0.5 * zj * (scratch[0]! - zj * own[0]!);
    let fx = -zj * (scratch[1]! - zj * own[1]!);
    let fy = -zj * (scratch[2]! - zj * own[2]!);
    let fz = -zj * (scratch[3]! - zj * own[3]!);
    bins.forEachWithin(x, y, z, (i, dx, dy, dz, r2) => {
      if (i <= j) return;
      const r = Math.sqrt(r2);
      const [value, slope] = table.evaluate(r);
      const qq = zj * charges[i]!;
      short += qq * value;
      if (perAtom !== undefined) {
        perAtom[i] = perAtom[i]! + 0.5 * qq * value;
        perAtom[j] = perAtom[j]! + 0.5 * qq * value;
      }
      // d = xᵢ − xⱼ; ∂p_s(|xⱼ − xᵢ|)/∂xⱼ = −p_s'(r)·d/r, and the opposite on i.
      const s = (qq * slope) / r;
      fx += s * dx;
      fy += s * dy;
      fz += s * dz;
      raw[3 * i] = raw[3 * i]! - s * dx;
      raw[3 * i + 1] = raw[3 * i + 1]! - s * dy;
      raw[3 * i + 2] = raw[3 * i + 2]! - s * dz;
    });
    raw[3 * j] = raw[3 * j]! + fx;
    raw[3 * j + 1] = raw[3 * j + 1]! + fy;
    raw[3 * j + 2] = raw[3 * j + 2]! + fz;
  }
  for (let i = 0; i < 3 * count; i++) forces[i] = k * raw[i]!;
  const virial = new Float64Array(9);
  for (let j = 0; j < count; j++) {
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) virial[3 * a + b] = virial[3 * a + b]! + positions[3 * j + a]! * forces[3 * j + b]!;
  }
  if (perAtom !== undefined) for (let i = 0; i < count; i++) perAtom[i] = k * perAtom[i]!;
  return {
    ...(perAtom !== undefined ? { perAtomEnergies: perAtom } : {}),
    energy: k * (long + self + short + selfInterpolation),
    forces,
    virial,
    ranks: longRange.ranks,
    model,
    parts: { long: k * long, self: k * self, short: k * short, selfInterpolation: k * selfInterpolation },
  };
}
