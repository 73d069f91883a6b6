import { cellGeometry } from '@equitensor/io';
import { nextSmooth } from '@equitensor/tensor';
import { MAX_ORDER, MIN_ORDER } from './bspline.ts';
import { pmeMeshError } from './mesh-error.ts';

/**
 * What to base the PME parameters on. Accuracies are relative force accuracies as in LAMMPS' `kspace_style pppm δ`:
 * RMS force error divided by the force between two unit charges 1 Å apart (k_e·e²/Å², 14.4 eV/Å).
 *
 * @example
 * ```ts
 * pmeParameters(cell, charges, { accuracy: 1e-5, cutoff: 12 });
 * ```
 */
export interface PmeParameterOptions {
  /** Requested relative RMS force accuracy δ (default 1e-5), split evenly: real and mesh errors each ≤ δ/√2. */
  readonly accuracy?: number;
  /** Real-space cutoff r_c in Å (default 10). */
  readonly cutoff?: number;
  /** Splitting parameter α in 1/Å (default: the smallest α whose Kolafa-Perram real-space error is ≤ δ/√2). */
  readonly alpha?: number;
  /** B-spline order p in 4–8 (default: the order of least estimated cost N·p³ + M log₂ M meeting δ). */
  readonly order?: number;
  /** Mesh points per lattice direction (default: the coarsest 2·3·5-smooth sizes, one spacing, meeting δ). */
  readonly mesh?: readonly [number, number, number];
}

/**
 * Estimated RMS force errors (relative, as {@link PmeParameterOptions.accuracy}) of a PME parameter set.
 *
 * @example
 * ```ts
 * const { real, reciprocal, total } = pmeParameters(cell, charges).estimatedError;
 * ```
 */
export interface PmeErrorEstimate {
  /** Kolafa-Perram (Mol. Simul. 9, 351 (1992)): 2Σq² exp(−α²r_c²)/√(N r_c V). */
  readonly real: number;
  /**
   * The Hockney-Eastwood error functional of the B-spline mesh with analytic differentiation and SPME's influence
   * function ({@link pmeMeshError}; Ballenegger, Cerdà, Holm, J. Chem. Theory Comput. 8, 936 (2012)). Measured on
   * random charges: SPME's RMS force error is 0.92–1.05× this at orders 4–8 (bench/pme-error-estimate.ts).
   */
  readonly reciprocal: number;
  /** √(real² + reciprocal²). */
  readonly total: number;
}

/**
 * A complete PME parameter set and its error estimate.
 *
 * @example
 * ```ts
 * const { alpha, cutoff, mesh, order, estimatedError } = pmeParameters(cell, charges, { accuracy: 1e-6 });
 * ```
 */
export interface PmeParameters {
  readonly alpha: number;
  readonly cutoff: number;
  readonly mesh: readonly [number, number, number];
  readonly order: number;
  /** The requested relative accuracy. */
  readonly accuracy: number;
  readonly estimatedError: PmeErrorEstimate;
}

/**
 * LAMMPS' coefficients (pppm.cpp, from Deserno & Holm's closed form of the Hockney-Eastwood error functional) of
 * the mesh error series Σ_m a_m (hα)^{2m} for orders 1–7.
 */
const ACONS: readonly (readonly number[])[] = [
  [],
  [2 / 3],
  [1 / 50, 5 / 294],
  [1 / 588, 7 / 1440, 21 / 3872],
  [1 / 4320, 3 / 1936, 7601 / 2271360, 143 / 28800],
  [1 / 23232, 7601 / 13628160, 143 / 69120, 517231 / 106536960, 106640677 / 11737571328],
  [691 / 68140800, 13 / 57600, 47021 / 35512320, 9694607 / 2095994880, 733191589 / 59609088000, 326190917 / 11700633600],
  [
    1 / 345600,
    3617 / 35512320,
    745739 / 838397952,
    56399353 / 12773376000,
    25091609 / 1560084480,
    1755948832039 / 36229939200000,
    4887769399 / 37838389248,
  ],
];

/**
 * Kolafa-Perram's real-space RMS force error (relative to k_e/Å²): 2 Σq² exp(−α²r_c²)/√(N r_c V).
 *
 * @example
 * ```ts
 * realSpaceError(0.3, 10, 216, 216, 4843.8);
 * ```
 */
export function realSpaceError(alpha: number, cutoff: number, sumQ2: number, count: number, volume: number): number {
  return (2 * sumQ2 * Math.exp(-alpha * alpha * cutoff * cutoff)) / Math.sqrt(count * cutoff * volume);
}

/**
 * The mesh RMS force error along one lattice direction of width L with K points (h = L/K), relative to k_e/Å², of
 * SPME with B-splines of order p: Deserno-Holm's P3M estimate (via LAMMPS' `estimate_ik_error`) at order p − 1,
 * Σq² (hα)^{p−1} √(α L √(2π) Σ_m a_m (hα)^{2m} / N) / L² with LAMMPS' coefficients a_m of order p − 1 (SPME
 * differentiates the order-p B-spline analytically, and M_p' = M_{p−1}(x) − M_{p−1}(x − 1) interpolates the force
 * with order p − 1). A closed form for the open-boundary mesh's parameters; `pmeParameters` uses the sharper
 * {@link pmeMeshError} (measured SPME errors 0.6–1.1× this one, 0.92–1.05× that one).
 *
 * @example
 * ```ts
 * meshError(0.3, 16.92, 32, 5, 216, 216);
 * ```
 */
export function meshError(alpha: number, width: number, size: number, order: number, sumQ2: number, count: number): number {
  const p = order - 1;
  const ha = (width / size) * alpha;
  const coefficients = ACONS[p] as readonly number[];
  let sum = 0;
  for (let m = 0; m < coefficients.length; m++) sum += (coefficients[m] as number) * ha ** (2 * m);
  return (sumQ2 * ha ** p * Math.sqrt((alpha * width * Math.sqrt(2 * Math.PI) * sum) / count)) / (width * width);
}

/** Parameter sets already chosen, by {@link parametersKey}, least recently used first. */
const chosenSets = new Map<string, PmeParameters>();
/** How many parameter sets {@link pmeParameters} keeps (systems alternated in one process, e.g. a test file). */
const CHOSEN_SETS = 16;

/** What a parameter choice depends on: the cell, N, Σq² and the options, as one string. */
function parametersKey(
  cell: Float64Array,
  n: number,
  sumQ2: number,
  accuracy: number,
  cutoff: number,
  options: PmeParameterOptions,
): string {
  return [...cell, n, sumQ2, accuracy, cutoff, options.alpha ?? '', options.order ?? '', options.mesh?.join('x') ?? ''].join(',');
}

/**
 * PME parameters for a requested relative force accuracy δ: α from the real-space estimate at r_c (Kolafa-Perram
 * ≤ δ/√2), then for each order 4–8 (unless given) the coarsest mesh — one spacing h, per lattice direction
 * (interplanar width L) the 2·3·5-smooth K ≥ L/h — whose Hockney-Eastwood mesh error ({@link pmeMeshError}) is
 * ≤ δ/√2, and of those the (order, mesh) of least cost N·p³ + M·log₂M (spreading and gathering against the FFTs,
 * M = K0K1K2). The estimates are RMS errors of random charges; the total is reported. Throws a RangeError
 * naming the parameter for impossible input. The search takes 0.1–2 s at thousands of charges, so the last 16 choices
 * are kept (by cell, N, Σq² and options; frozen objects): a repeated call returns the same object at once.
 *
 * @example
 * ```ts
 * import { pmeParameters } from '@equitensor/electrostatics';
 * const cell = new Float64Array([16.92, 0, 0, 0, 16.92, 0, 0, 0, 16.92]);
 * const charges = new Float64Array(216).map((_, i) => (i % 2 ? -1 : 1));
 * pmeParameters(cell, charges, { accuracy: 1e-5, cutoff: 8 }); // { alpha, cutoff: 8, mesh, order, estimatedError }
 * ```
 */
export function pmeParameters(cell: Float64Array, charges: Float64Array, options: PmeParameterOptions = {}): PmeParameters {
  const accuracy = options.accuracy ?? 1e-5;
  if (!(accuracy > 0 && accuracy < 1)) throw new RangeError(`pmeParameters: accuracy must lie in (0, 1), got ${accuracy}`);
  const cutoff = options.cutoff ?? 10;
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`pmeParameters: cutoff must be a positive number, got ${cutoff}`);
  const geometry = cellGeometry(cell);
  const n = charges.length;
  if (n === 0) throw new RangeError('pmeParameters: no charges');
  let sumQ2 = 0;
  for (let i = 0; i < n; i++) sumQ2 += (charges[i] as number) ** 2;
  // all charges zero: any parameters are exact; use unit charges for the estimates
  if (sumQ2 === 0) sumQ2 = n;
  const key = parametersKey(cell, n, sumQ2, accuracy, cutoff, options);
  const known = chosenSets.get(key);
  if (known !== undefined) {
    chosenSets.delete(key);
    chosenSets.set(key, known);
    return known;
  }
  const target = accuracy / Math.SQRT2;
  let alpha = options.alpha;
  if (alpha === undefined) {
    // smallest α with the real-space error ≤ target: bisection on the decreasing estimate
    let lo = 1e-6;
    let hi = 1;
    while (realSpaceError(hi, cutoff, sumQ2, n, geometry.volume) > target) hi *= 2;
    for (let it = 0; it < 200 && hi - lo > 1e-14 * hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (realSpaceError(mid, cutoff, sumQ2, n, geometry.volume) > target) lo = mid;
      else hi = mid;
    }
    alpha = hi;
  }
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`pmeParameters: alpha must be a positive number, got ${alpha}`);
  const a = alpha;
  let order = options.order;
  if (order !== undefined && (!Number.isInteger(order) || order < MIN_ORDER || order > MAX_ORDER)) {
    throw new RangeError(`pmeParameters: order must be an integer in [${MIN_ORDER}, ${MAX_ORDER}], got ${order}`);
  }
  let mesh = options.mesh;
  if (mesh !== undefined) {
    for (const k of mesh) {
      if (!Number.isInteger(k) || k < (order ?? MIN_ORDER))
        throw new RangeError(`pmeParameters: mesh sizes must be integers ≥ the order, got ${mesh.join('×')}`);
    }
  }
  const widths = geometry.widths;
  const widest = Math.max(...widths);
  // one spacing h = widest/K for all directions: K_α = the 2·3·5-smooth size ≥ max(p, width_α/h)
  const meshAt = (k: number, p: number): [number, number, number] =>
    widths.map((w) => nextSmooth(Math.max(p, Math.ceil((w * k) / widest - 1e-9)))) as [number, number, number];
  const error = (m: readonly [number, number, number], p: number): number => pmeMeshError(cell, m, p, a, sumQ2, n);
  // spreading and gathering N·p³ against the FFTs M·log₂M (weighted 1:1: at 4,096 ions the FFT's M·log₂M costs ~2× a
  // spreading point, at 32,768 ions ~0.7×; measured choices in docs/benchmarks/electrostatics.md)
  const cost = (m: readonly [number, number, number], p: number): number => {
    const size = m[0] * m[1] * m[2];
    return n * p ** 3 + size * Math.log2(size);
  };
  if (mesh === undefined) {
    // orders from high to low: each lower order needs at least the mesh of the one above (the error falls with p at
    // a fixed mesh); per order the coarsest passing mesh by bisection over the smooth sizes (the error falls with
    // K), among those cheaper than the best so far
    const passes = (k: number, p: number): boolean => error(meshAt(k, p), p) <= target;
    let best = Number.POSITIVE_INFINITY;
    let chosen: [number, number, number] | undefined;
    let chosenOrder = order ?? MAX_ORDER;
    let start = Math.max(MIN_ORDER, Math.ceil(widest * a * 0.5));
    for (let p = order ?? MAX_ORDER; p >= (order ?? MIN_ORDER); p--) {
      let lo = nextSmooth(Math.max(p, start));
      let hi: number;
      if (best === Number.POSITIVE_INFINITY) {
        // doubling to a passing size
        if (passes(lo, p)) hi = lo;
        else {
          hi = nextSmooth(2 * lo);
          while (!passes(hi, p)) {
            if (hi > 4096) throw new RangeError(`pmeParameters: no mesh up to 4096 points per direction meets accuracy ${accuracy}`);
            lo = hi;
            hi = nextSmooth(2 * hi);
          }
        }
      } else {
        // the largest size still cheaper than the best; none, or failing there: this order cannot win
        if (cost(meshAt(lo, p), p) >= best) continue;
        hi = lo;
        for (let k = nextSmooth(lo + 1); cost(meshAt(k, p), p) < best; k = nextSmooth(k + 1)) hi = k;
        if (!passes(hi, p)) continue;
        if (passes(lo, p)) hi = lo;
      }
      // bisection: lo fails (or lo = hi), hi passes
      for (;;) {
        const mid = nextSmooth(Math.max(lo + 1, Math.floor((lo + hi) / 2)));
        if (mid >= hi) break;
        if (passes(mid, p)) hi = mid;
        else lo = mid;
      }
      const m = meshAt(hi, p);
      if (cost(m, p) < best) {
        best = cost(m, p);
        chosen = m;
        chosenOrder = p;
      }
      start = lo;
    }
    mesh = chosen as [number, number, number];
    order = chosenOrder;
  } else if (order === undefined) {
    // a given mesh: the order of least cost meeting δ, else the most accurate one
    const given = mesh;
    let best = Number.POSITIVE_INFINITY;
    order = MIN_ORDER;
    for (let p = MIN_ORDER; p <= Math.min(MAX_ORDER, ...given); p++) {
      const c = error(given, p) <= target ? cost(given, p) : Number.POSITIVE_INFINITY;
      if (c < best) {
        best = c;
        order = p;
      }
    }
    if (best === Number.POSITIVE_INFINITY) order = Math.min(MAX_ORDER, ...given);
  }
  const real = realSpaceError(a, cutoff, sumQ2, n, geometry.volume);
  const reciprocal = error(mesh, order);
  const result: PmeParameters = Object.freeze({
    alpha: a,
    cutoff,
    mesh: Object.freeze([mesh[0], mesh[1], mesh[2]] as const),
    order,
    accuracy,
    estimatedError: Object.freeze({ real, reciprocal, total: Math.hypot(real, reciprocal) }),
  });
  chosenSets.set(key, result);
  if (chosenSets.size > CHOSEN_SETS) chosenSets.delete(chosenSets.keys().next().value as string);
  return result;
}
