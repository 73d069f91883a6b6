import { gaussianSum, type SincQuadrature } from './sinc.ts';

/**
 * The range separation of a sinc quadrature by an effective radius σ: the first `longCount` (widest)
 * Gaussians form the long-range kernel p_l, the rest the short-range kernel p_s, chosen so that
 * p_s(σ) ≤ δ/σ and |p_s'(σ)| ≤ δ/σ², i.e. p_s and its force may be dropped beyond σ at relative error δ.
 *
 * @example
 * ```ts
 * const { longCount, sigma } = splitQuadrature(quadrature, 0.5, 1e-6);
 * ```
 */
export interface RangeSplit {
  readonly quadrature: SincQuadrature;
  readonly sigma: number;
  readonly longCount: number;
}

/**
 * Split a quadrature at radius σ for relative accuracy δ: the smallest long-range count R_l such that the
 * remaining (narrow) terms sum to at most δ/σ at ρ = σ and their slope to at most δ/σ².
 *
 * @example
 * ```ts
 * const split = splitQuadrature(sincQuadrature({ rMin: 0.01, rMax: 4, accuracy: 1e-6 }), 0.5, 1e-6);
 * split.longCount; // R_l
 * ```
 */
export function splitQuadrature(quadrature: SincQuadrature, sigma: number, accuracy: number): RangeSplit {
  if (!(sigma > 0)) throw new RangeError(`splitQuadrature: σ must be positive, got ${sigma}`);
  const total = quadrature.t.length;
  let longCount = total;
  const split = (count: number): RangeSplit => ({ quadrature, sigma, longCount: count });
  // Both the dropped value and the dropped force must be small: p_s(σ) ≤ δ/σ and |p_s'(σ)| ≤ δ/σ².
  while (longCount > 0) {
    const [value, slope] = shortKernel(split(longCount - 1), sigma);
    if (value > accuracy / sigma || Math.abs(slope) > accuracy / (sigma * sigma)) break;
    longCount--;
  }
  return split(longCount);
}

/**
 * Long-range kernel p_l(ρ) = Σ_{k<R_l} a_k exp(−t_k²ρ²).
 *
 * @example
 * ```ts
 * longKernel(split, 0); // p_l(0), the self term
 * ```
 */
export function longKernel(split: RangeSplit, rho: number): number {
  return gaussianSum(split.quadrature, rho, 0, split.longCount);
}

/**
 * Short-range kernel p_s(ρ) = Σ_{k≥R_l} a_k exp(−t_k²ρ²) and its derivative dp_s/dρ.
 *
 * @example
 * ```ts
 * const [value, slope] = shortKernel(split, 0.3);
 * ```
 */
export function shortKernel(split: RangeSplit, rho: number): [number, number] {
  const { t, a } = split.quadrature;
  let value = 0;
  let slope = 0;
  const r2 = rho * rho;
  for (let k = split.longCount; k < t.length; k++) {
    const t2 = t[k]! * t[k]!;
    const e = a[k]! * Math.exp(-t2 * r2);
    value += e;
    slope -= 2 * t2 * rho * e;
  }
  return [value, slope];
}

/** The most table steps a {@link ShortRangeTable} allocates (two Float64Arrays of this length, 16 MiB each). */
export const SHORT_RANGE_TABLE_MAX_STEPS = 1 << 20;

/**
 * The short-range kernel p_s tabulated for fast pair sums: values and slopes at r_m = m·Δ on [0, σ], evaluated
 * by cubic Hermite interpolation. By default Δ·t_max ≤ 1/64 for the narrowest Gaussian t_max, which keeps the
 * interpolation error near 1e-10 relative. One table lookup replaces R_s exponentials per pair.
 * When that resolution would need more than {@link SHORT_RANGE_TABLE_MAX_STEPS} steps (σ·t_max > 2¹⁴: a split
 * radius thousands of times the closest pair, as in sparse open systems with charges far apart), no table is
 * built and p_s is summed term by term — exact, R_s exponentials per pair. (A table capped at that size would
 * put Δ at the scale of the closest pair: the energy of two ion pairs 10⁹ Å apart came out as −45.1 eV
 * instead of −5.106 eV.)
 *
 * @example
 * ```ts
 * const table = new ShortRangeTable(split);
 * const [value, slope] = table.evaluate(0.3);
 * table.tabulated; // false when p_s is summed directly
 * ```
 */
export class ShortRangeTable {
  private readonly step: number;
  private readonly values: Float64Array;
  private readonly slopes: Float64Array;
  /** Whether p_s is interpolated from a table (true) or summed term by term (false). */
  readonly tabulated: boolean;
  readonly result: [number, number] = [0, 0];

  constructor(
    readonly split: RangeSplit,
    steps?: number,
  ) {
    const t = split.quadrature.t;
    const narrowest = t[t.length - 1]!;
    // Δ·t_max ≤ 1/64 resolves the narrowest Gaussian: Hermite error ≈ (Δt)⁴/384 ≈ 1.5e-10 relative.
    const needed = Math.max(4096, Math.ceil(64 * split.sigma * narrowest));
    this.tabulated = steps !== undefined || needed <= SHORT_RANGE_TABLE_MAX_STEPS;
    const count = this.tabulated ? (steps ?? needed) : 0;
    this.step = split.sigma / Math.max(1, count);
    this.values = new Float64Array(this.tabulated ? count + 2 : 0);
    this.slopes = new Float64Array(this.tabulated ? count + 2 : 0);
    for (let m = 0; m < this.values.length; m++) {
      const [v, s] = shortKernel(split, m * this.step);
      this.values[m] = v;
      this.slopes[m] = s;
    }
  }

  /** [p_s(r), p_s'(r)] for 0 ≤ r ≤ σ (written into and returned as `this.result`, not a fresh array). */
  evaluate(r: number): [number, number] {
    if (!this.tabulated) {
      const [value, slope] = shortKernel(this.split, r);
      this.result[0] = value;
      this.result[1] = slope;
      return this.result;
    }
    const u = r / this.step;
    const m = Math.min(Math.floor(u), this.values.length - 2);
    const t = u - m;
    const h = this.step;
    const y0 = this.values[m]!;
    const y1 = this.values[m + 1]!;
    const d0 = this.slopes[m]! * h;
    const d1 = this.slopes[m + 1]! * h;
    const t2 = t * t;
    const t3 = t2 * t;
    this.result[0] = (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * d1;
    this.result[1] = ((6 * t2 - 6 * t) * y0 + (3 * t2 - 4 * t + 1) * d0 + (-6 * t2 + 6 * t) * y1 + (3 * t2 - 2 * t) * d1) / h;
    return this.result;
  }
}
