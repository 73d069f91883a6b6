import { erfc } from '../special.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The real-space Ewald pair functions of one α as a piecewise-cubic table in r, for fast pair loops:
 * E(r) = erfc(αr)/r (energy per q_i q_j) and F(r) = −E'(r)/r = [erfc(αr)/r + (2α/√π) e^{−α²r²}]/r² (force per
 * q_i q_j, times the displacement). On [r₀, r_c] with spacing h each interval holds the cubic Hermite interpolant of
 * E and of F (exact values and derivatives at the nodes, 8 coefficients: E then F in powers of t = (r − r_k)/h).
 * The Hermite error is ≤ h⁴ max|f⁗|/384 ≈ h⁴/(16 r⁴)·E and ≈ h⁴/r⁴·F (from E ~ 1/r, F ~ 1/r³), so
 * h = r₀ (10⁻³ δ)^{1/4} keeps both below 10⁻³ of the requested relative accuracy δ (relative to the bare Coulomb pair,
 * 1/r and 1/r², as δ is) at every r ≥ r₀; closer pairs
 * ({@link ErfcTable.exact}) use erfc directly.
 *
 * @example
 * ```ts
 * const table = new ErfcTable(0.3, 10, 1e-5);
 * const [e, f] = table.exact(2.5); // E(2.5), F(2.5); a loop reads table.coefficients instead
 * ```
 */
export class ErfcTable {
  readonly alpha: number;
  readonly cutoff: number;
  /** The relative accuracy δ the table was built for (its error stays below 10⁻³ δ). */
  readonly accuracy: number;
  /** First tabulated distance r₀ (Å): pairs closer than this use {@link ErfcTable.exact}. */
  readonly start: number;
  /** Interval width h (Å) and its inverse. */
  readonly spacing: number;
  readonly inverseSpacing: number;
  /** 8 coefficients per interval k (r in [r₀ + kh, r₀ + (k+1)h]): E = Σ c_m t^m (m < 4), F = Σ c_{4+m} t^m. */
  readonly coefficients: Float64Array;
  /**
   * {@link ErfcTable.coefficients} as a plain array of doubles, for hot pair loops: V8 (Node 20) re-checks a typed
   * array's buffer and bounds at every element read, a double array's much more cheaply (the md pair walk ~10 %
   * faster, same values).
   */
  readonly coefficientList: number[];
  /** r₀², the bound of the tabulated range that pair loops compare r² with. */
  private readonly start2: number;

  constructor(alpha: number, cutoff: number, accuracy: number, start = 1) {
    if (!(alpha > 0) || !(cutoff > start) || !(accuracy > 0)) {
      throw new RangeError(`ErfcTable: needs α > 0, cutoff > ${start} Å and accuracy > 0 (got ${alpha}, ${cutoff}, ${accuracy})`);
    }
    this.alpha = alpha;
    this.cutoff = cutoff;
    this.accuracy = accuracy;
    this.start = start;
    this.start2 = start * start;
    const target = Math.max(1e-4, start * (1e-3 * accuracy) ** 0.25);
    const intervals = Math.ceil((cutoff - start) / target) + 1;
    this.spacing = (cutoff - start) / (intervals - 1);
    this.inverseSpacing = 1 / this.spacing;
    this.coefficients = new Float64Array(8 * intervals);
    const h = this.spacing;
    const node = (r: number): [number, number, number, number] => {
      const [e, f] = this.exact(r);
      const g = TWO_OVER_SQRT_PI * alpha * Math.exp(-alpha * alpha * r * r);
      // E' = −F r;  F' = −(3F + 2α²·(2α/√π) e^{−α²r²})/r
      return [e, -f * r, f, -(3 * f + 2 * alpha * alpha * g) / r];
    };
    let previous = node(start);
    for (let k = 0; k < intervals; k++) {
      const next = node(start + (k + 1) * h);
      const o = 8 * k;
      for (const [slot, v0, d0, v1, d1] of [
        [0, previous[0], previous[1], next[0], next[1]],
        [4, previous[2], previous[3], next[2], next[3]],
      ] as const) {
        this.coefficients[o + slot] = v0;
        this.coefficients[o + slot + 1] = h * d0;
        this.coefficients[o + slot + 2] = 3 * (v1 - v0) - h * (2 * d0 + d1);
        this.coefficients[o + slot + 3] = 2 * (v0 - v1) + h * (d0 + d1);
      }
      previous = next;
    }
    this.coefficientList = Array.from(this.coefficients);
  }

  /**
   * E(r) and F(r) from erfc directly (the reference the table interpolates).
   *
   * @example
   * ```ts
   * new ErfcTable(0.3, 10, 1e-5).exact(3); // [erfc(0.9)/3, …]
   * ```
   */
  exact(r: number): [number, number] {
    const e = erfc(this.alpha * r) / r;
    return [e, (e + TWO_OVER_SQRT_PI * this.alpha * Math.exp(-this.alpha * this.alpha * r * r)) / (r * r)];
  }

  /**
   * E(r) into `out[0]` and F(r) into `out[1]` for a pair at distance r (r² given too, as pair loops have it): the
   * cubic from {@link ErfcTable.coefficients} for r ≥ r₀, {@link ErfcTable.exactInto} below. The one evaluation of
   * the table that PME's real space (`pmeRealSpace`) and md's `CoulombPme` pair loops call per pair.
   *
   * @example
   * ```ts
   * const out = new Float64Array(2);
   * table.valuesInto(3, 9, out); // out ≈ [erfc(3α)/3, F(3)] within the table's error
   * ```
   */
  valuesInto(r: number, r2: number, out: Float64Array): void {
    if (r2 >= this.start2) {
      const c = this.coefficients;
      const u = (r - this.start) * this.inverseSpacing;
      const slot = u | 0;
      const t = u - slot;
      const o = 8 * slot;
      out[0] = (c[o] as number) + t * ((c[o + 1] as number) + t * ((c[o + 2] as number) + t * (c[o + 3] as number)));
      out[1] = (c[o + 4] as number) + t * ((c[o + 5] as number) + t * ((c[o + 6] as number) + t * (c[o + 7] as number)));
    } else {
      this.exactInto(r, out);
    }
  }

  /**
   * {@link ErfcTable.exact} into `out[0]`, `out[1]` (no allocation, for pair loops).
   *
   * @example
   * ```ts
   * const out = new Float64Array(2);
   * table.exactInto(0.8, out);
   * ```
   */
  exactInto(r: number, out: Float64Array): void {
    const e = erfc(this.alpha * r) / r;
    out[0] = e;
    out[1] = (e + TWO_OVER_SQRT_PI * this.alpha * Math.exp(-this.alpha * this.alpha * r * r)) / (r * r);
  }
}
