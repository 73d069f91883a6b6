import { cellGeometry } from '@equitensor/io';

/**
 * The splitting parameter and the two cutoffs of an Ewald sum.
 *
 * @example
 * ```ts
 * const p: EwaldParameters = { alpha: 0.35, cutoff: 12, kmax: [7, 7, 7] };
 * ```
 */
export interface EwaldParameters {
  /** Splitting parameter α (1/Å): erfc(αr)/r in real space, exp(−k²/4α²) in reciprocal space. */
  readonly alpha: number;
  /** Real-space cutoff r_c (Å). */
  readonly cutoff: number;
  /** Reciprocal-space extent: integer triples |h| ≤ kmax[0], |k| ≤ kmax[1], |l| ≤ kmax[2]. */
  readonly kmax: readonly [number, number, number];
}

/**
 * What to base the Ewald parameters on.
 *
 * @example
 * ```ts
 * ewaldParameters(cell, atomCount, { accuracy: 1e-6, cutoff: 9 }); // α = √(−ln 2e-6)/9
 * ```
 */
export interface EwaldParameterOptions {
  /** Requested relative accuracy δ (OpenMM's `ewaldErrorTolerance`), default 1e-6. */
  readonly accuracy?: number;
  /** Real-space cutoff r_c in Å; default from `alpha` if given, else from the cost balance α = √π (N/V²)^{1/6}. */
  readonly cutoff?: number;
  /** Splitting parameter α in 1/Å; default √(−ln 2δ)/r_c. */
  readonly alpha?: number;
}

/**
 * Ewald parameters for a requested accuracy δ, following OpenMM: α = √(−ln 2δ)/r_c, and per lattice
 * direction the smallest k_max with 0.05·√(wα)·k_max·exp(−(π k_max/(wα))²) ≤ δ, where w is the
 * interplanar width (the box edge for orthorhombic cells; OpenMM uses the reduced box's diagonal).
 * When neither r_c nor α is given, α balances real- and reciprocal-space cost: α = √π (N/V²)^{1/6}.
 *
 * @example
 * ```ts
 * import { ewaldParameters } from '@equitensor/electrostatics';
 * const cell = new Float64Array([5.64, 0, 0, 0, 5.64, 0, 0, 0, 5.64]);
 * ewaldParameters(cell, 8, { accuracy: 1e-10 }); // { alpha, cutoff, kmax: [k, k, k] }
 * ```
 */
export function ewaldParameters(cell: Float64Array, atomCount: number, options: EwaldParameterOptions = {}): EwaldParameters {
  const accuracy = options.accuracy ?? 1e-6;
  if (!(accuracy > 0 && accuracy < 0.5)) throw new RangeError(`ewaldParameters: accuracy must lie in (0, 0.5), got ${accuracy}`);
  const geometry = cellGeometry(cell);
  const tail = Math.sqrt(-Math.log(2 * accuracy));
  let alpha: number;
  let cutoff: number;
  if (options.cutoff !== undefined) {
    if (!(options.cutoff > 0)) throw new RangeError(`ewaldParameters: cutoff must be positive, got ${options.cutoff}`);
    cutoff = options.cutoff;
    alpha = options.alpha ?? tail / cutoff;
  } else {
    alpha = options.alpha ?? Math.sqrt(Math.PI) * (Math.max(1, atomCount) / geometry.volume ** 2) ** (1 / 6);
    cutoff = tail / alpha;
  }
  if (!(alpha > 0)) throw new RangeError(`ewaldParameters: alpha must be positive, got ${alpha}`);
  const kmaxFor = (width: number): number => {
    const error = (k: number): number => {
      const t = (k * Math.PI) / (width * alpha);
      return 0.05 * Math.sqrt(width * alpha) * k * Math.exp(-t * t);
    };
    // The error rises then falls in k; start past its maximum and walk to the first k below δ.
    let k = Math.max(1, Math.ceil((width * alpha) / (Math.PI * Math.SQRT2)));
    while (error(k) > accuracy) k++;
    return k;
  };
  const kmax: [number, number, number] = [kmaxFor(geometry.widths[0]), kmaxFor(geometry.widths[1]), kmaxFor(geometry.widths[2])];
  return { alpha, cutoff, kmax };
}
