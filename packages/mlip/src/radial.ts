/**
 * Radial basis of the atomic density: Chebyshev polynomials T_n(x(r)) in a transformed distance,
 * times a smooth cutoff envelope, with analytic derivatives.
 *
 *   x(r)   = 1 − 2·(exp(−λ(u − 1)) − 1)/(exp(λ) − 1),  u = (r − r_in)/(rc − r_in)
 *                                                             maps [r_in, rc] onto [−1, 1] (r_in = 0 by default)
 *                                                             (λ > 0 gives more resolution at short r;
 *                                                              λ = 0 is the linear map 2r/rc − 1)
 *   env(r) = (1 − (r/rc)²)³                                   value, slope and curvature vanish at rc
 *   R_n(r) = T_n(x(r)) · env(r),  n = 0 … nmax − 1
 *
 * The envelope makes energies C² in the positions at the cutoff, so MD conserves energy.
 *
 * @example
 * ```ts
 * const spec: RadialBasisSpec = { nmax: 12, rcut: 5.5, lambda: 0 };
 * ```
 */
export interface RadialBasisSpec {
  /** Number of radial functions (n = 0 … nmax − 1). */
  readonly nmax: number;
  /** Cutoff radius, Å. */
  readonly rcut: number;
  /** Exponential transform strength λ (0 = linear). */
  readonly lambda: number;
  /**
   * Inner radius of the distance map, Å (default 0): x(r) maps [r_in, rc] onto [−1, 1] (u = (r − r_in)/(rc − r_in)
   * replaces r/rc), so all radial resolution goes where neighbours are; below r_in, x = −1 (constant, no data there).
   */
  readonly rin?: number;
}

/**
 * Evaluates the radial basis.
 *
 * @example
 * ```ts
 * const radial = new RadialBasis({ nmax: 8, rcut: 5.5, lambda: 2 });
 * const values = new Float64Array(8);
 * const derivs = new Float64Array(8);
 * radial.evaluate(2.35, values, derivs); // R_n(2.35 Å) and dR_n/dr
 * ```
 */
export class RadialBasis {
  readonly nmax: number;
  readonly rcut: number;
  readonly lambda: number;
  readonly rin: number;
  private readonly expLambdaM1: number;

  constructor(spec: RadialBasisSpec) {
    if (!(spec.nmax >= 1 && Number.isInteger(spec.nmax))) throw new RangeError(`radial nmax must be a positive integer, got ${spec.nmax}`);
    if (!(spec.rcut > 0)) throw new RangeError(`radial cutoff must be positive, got ${spec.rcut}`);
    if (!(spec.lambda >= 0)) throw new RangeError(`radial transform lambda must be ≥ 0, got ${spec.lambda}`);
    const rin = spec.rin ?? 0;
    if (!(rin >= 0 && rin < spec.rcut)) throw new RangeError(`radial inner radius must be in [0, rcut), got ${rin}`);
    this.rin = rin;
    this.nmax = spec.nmax;
    this.rcut = spec.rcut;
    this.lambda = spec.lambda;
    this.expLambdaM1 = Math.expm1(spec.lambda);
  }

  /** The transformed distance x(r) ∈ [−1, 1] and dx/dr. */
  transform(r: number): { x: number; dxdr: number } {
    const width = this.rcut - this.rin;
    if (r <= this.rin) return { x: -1, dxdr: 0 };
    const u = (r - this.rin) / width;
    if (this.lambda === 0) return { x: 2 * u - 1, dxdr: 2 / width };
    const e = Math.exp(-this.lambda * (u - 1));
    return { x: 1 - (2 * (e - 1)) / this.expLambdaM1, dxdr: (2 * this.lambda * e) / (width * this.expLambdaM1) };
  }

  /**
   * Writes R_n(r) into `values[offset + n]` and dR_n/dr into `derivs[offset + n]` (zero beyond the cutoff).
   */
  evaluate(r: number, values: Float64Array, derivs: Float64Array, offset = 0): void {
    const nmax = this.nmax;
    const rc = this.rcut;
    if (r >= rc) {
      for (let n = 0; n < nmax; n++) {
        values[offset + n] = 0;
        derivs[offset + n] = 0;
      }
      return;
    }
    const { x, dxdr } = this.transform(r);
    const u = r / rc;
    const s = 1 - u * u;
    const env = s * s * s;
    const denv = (-6 * u * s * s) / rc;
    // Chebyshev recurrences: T_{n+1} = 2x T_n − T_{n−1}; T'_{n+1} = 2 T_n + 2x T'_n − T'_{n−1}.
    let tPrev = 1;
    let dPrev = 0;
    let t = x;
    let d = 1;
    for (let n = 0; n < nmax; n++) {
      let tn: number;
      let dn: number;
      if (n === 0) {
        tn = 1;
        dn = 0;
      } else if (n === 1) {
        tn = x;
        dn = 1;
      } else {
        const tNext = 2 * x * t - tPrev;
        const dNext = 2 * t + 2 * x * d - dPrev;
        tPrev = t;
        dPrev = d;
        t = tNext;
        d = dNext;
        tn = t;
        dn = d;
      }
      values[offset + n] = tn * env;
      derivs[offset + n] = dn * dxdr * env + tn * denv;
    }
  }
}
