import { type ChebTucker, chebTuckerFromFunction, chebyshevPoints } from '@equitensor/tensor';
import { type PotentialField, potentialField } from '../field.ts';
import type { TensorGrid } from '../grid.ts';
import { type CoulombOptions, type CoulombResult, checkCharges, coulombConstantOf } from '../system.ts';
import { interpolateCube, tuckerOnAxes } from './grid-route.ts';
import { lagrangeStencil, STENCIL } from './interpolation.ts';
import { evaluateLongRange, type LongRangeTucker, longRangeTucker, type NodeGrid, projectedLongRange } from './long-range.ts';
import { PointBins } from './neighbours.ts';
import { sincQuadrature } from './sinc.ts';
import { longKernel, type RangeSplit, ShortRangeTable, shortKernel, splitQuadrature } from './split.ts';

/**
 * Options of {@link rangeSeparatedCoulomb}.
 *
 * @example
 * ```ts
 * rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-6, splitRadius: 8, gridSize: 128, assembly: 'rhosvd' });
 * ```
 */
export interface RangeSeparatedOptions extends CoulombOptions {
  /** Requested relative accuracy δ of the kernel 1/r (sinc quadrature and split), default 1e-6. */
  readonly accuracy?: number;
  /**
   * Effective radius σ of the range separation (Å). Default: the radius holding about 500 charges at the mean
   * density, kept within [L/8, L/4] of the box edge L (L/4 is the papers’ σ = 0.5 on [−1, 1]³).
   */
  readonly splitRadius?: number;
  /** Grid nodes per axis of the long-range Tucker tensor; default resolves the narrowest long-range Gaussian to δ by degree-7 interpolation. */
  readonly gridSize?: number;
  /** The cubic box [lo, lo + size]³ of the long-range grid (Å); default the particles' bounding cube plus 5% on each side. */
  readonly box?: { readonly lo: readonly [number, number, number]; readonly size: number };
  /** Truncation tolerance of the long-range side matrices (default δ). */
  readonly tuckerTolerance?: number;
  /**
   * How the long-range CP tensor of rank N·R_l is reduced to Tucker: `'projected'` (default; one SVD for the box and
   * charge moments, linear in N) or `'rhosvd'` (RHOSVD of the particles' side matrices, O(N·R_l·(n² + r³))).
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
  /** The energy split (eV): ½Σ zⱼ P_l(xⱼ), the self correction −½Σ zⱼ² p_l(0), and the short-range pair sum. */
  readonly parts: { readonly long: number; readonly self: number; readonly short: number };
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
   * The potential k_e·P on a tensor grid inside the box, as a {@link PotentialField}: the long-range Tucker tensor
   * with its factor columns interpolated to the grid axes (a Tucker reconstruction, never looping over
   * points × ranks³), plus each charge's short-range kernel on the nodes within σ. Default grid: the model's own nodes.
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
    // Short range: each charge's p_s on the grid nodes within σ.
    const sigma = this.split.sigma;
    const range = (axis: Float64Array, centre: number): [number, number] => {
      let lo = 0;
      while (lo < axis.length && axis[lo]! < centre - sigma) lo++;
      let hi = axis.length - 1;
      while (hi >= 0 && axis[hi]! > centre + sigma) hi--;
      return [lo, hi];
    };
    for (let j = 0; j < this.charges.length; j++) {
      const zj = this.charges[j]!;
      const [cx, cy, cz] = [this.positions[3 * j]!, this.positions[3 * j + 1]!, this.positions[3 * j + 2]!];
      const [x0, x1] = range(axes.x, cx);
      const [y0, y1] = range(axes.y, cy);
      const [z0, z1] = range(axes.z, cz);
      for (let i = x0; i <= x1; i++) {
        for (let l = y0; l <= y1; l++) {
          for (let m = z0; m <= z1; m++) {
            const dx = axes.x[i]! - cx;
            const dy = axes.y[l]! - cy;
            const dz = axes.z[m]! - cz;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= sigma * sigma) continue;
            const index = (i * ny + l) * nz + m;
            values[index] = values[index]! + zj * shortKernel(this.split, Math.sqrt(r2))[0];
          }
        }
      }
    }
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
      if (j !== i && r2 < closest * closest) closest = Math.sqrt(r2);
    });
  }
  if (closest === 0) throw new RangeError('rangeSeparatedCoulomb: two charges coincide');
  const quadrature = sincQuadrature({ accuracy, rMin: 0.5 * closest, rMax: Math.sqrt(3) * size });
  const split = splitQuadrature(quadrature, sigma, accuracy);
  const narrowest = split.longCount > 0 ? quadrature.t[split.longCount - 1]! : 0;
  // Degree-7 interpolation of exp(−t²x²) on nodes h apart errs by about 2·(ht)⁸: pick h·t_narrowest = (δ/2)^{1/8}.
  const n = options.gridSize ?? Math.min(1024, Math.max(32, Math.ceil((size * narrowest) / (accuracy / 2) ** (1 / 8)) + 1));
  const grid: NodeGrid = { lo: boxLo, h: size / (n - 1), n };
  const tolerance = options.tuckerTolerance ?? accuracy;
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
  let short = 0;
  const selfKernel = longKernel(split, 0);
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
    self -= 0.5 * zj * zj * selfKernel;
    if (perAtom !== undefined) perAtom[j] = perAtom[j]! + 0.5 * zj * (scratch[0]! - zj * selfKernel);
    let fx = -zj * scratch[1]!;
    let fy = -zj * scratch[2]!;
    let fz = -zj * scratch[3]!;
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
    energy: k * (long + self + short),
    forces,
    virial,
    ranks: longRange.ranks,
    model,
    parts: { long: k * long, self: k * self, short: k * short },
  };
}
