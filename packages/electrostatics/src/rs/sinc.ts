/**
 * A separable Gaussian-sum approximation of the Newton kernel, 1/ρ ≈ Σ_k a_k exp(−t_k² ρ²),
 * from the sinc quadrature of 1/ρ = (1/√π) ∫_ℝ cosh(u) exp(−ρ² sinh²u) du on the nodes u = kh, folded
 * onto k = 0 … M (a₀ = h/√π, a_k = 2h cosh(kh)/√π, t_k = sinh(kh)), with h = C₀ ln(M)/M.
 * Terms are ordered from the widest Gaussian (t₀ = 0, a constant) to the narrowest.
 *
 * @example
 * ```ts
 * const { t, a, steps, c0 } = sincQuadrature({ rMin: 0.01, rMax: 4 });
 * ```
 */
export interface SincQuadrature {
  /** Gaussian exponents t_k (1/length), ascending. */
  readonly t: Float64Array;
  /** Weights a_k (1/length). */
  readonly a: Float64Array;
  /** The number of steps M (there are M + 1 terms) and the step constant C₀ of h = C₀ ln(M)/M. */
  readonly steps: number;
  readonly c0: number;
  /** The range [rMin, rMax] it was tuned on and the maximal relative error of 1/ρ (and of its slope −1/ρ²) found there. */
  readonly range: readonly [number, number];
  readonly maxRelativeError: number;
}

/**
 * What accuracy and range to tune {@link sincQuadrature} for.
 *
 * @example
 * ```ts
 * sincQuadrature({ accuracy: 1e-8, rMin: 0.5, rMax: 60 });
 * ```
 */
export interface SincQuadratureOptions {
  /** Requested maximal relative error of 1/ρ on [rMin, rMax] (default 1e-6). */
  readonly accuracy?: number;
  /** Range of distances (same length unit as the positions later used), rMin > 0. */
  readonly rMin: number;
  readonly rMax: number;
}

/**
 * The terms of the quadrature for given M, C₀, scaled so that it approximates 1/ρ for ρ in units
 * of `scale` (the a_k and t_k are divided by `scale`).
 *
 * @example
 * ```ts
 * const { t, a } = sincTerms(25, 2.0);
 * ```
 */
export function sincTerms(steps: number, c0: number, scale = 1): { t: Float64Array; a: Float64Array } {
  const h = (c0 * Math.log(steps)) / steps;
  const t = new Float64Array(steps + 1);
  const a = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) {
    t[k] = Math.sinh(k * h) / scale;
    a[k] = ((k === 0 ? 1 : 2) * h * Math.cosh(k * h)) / Math.sqrt(Math.PI) / scale;
  }
  return { t, a };
}

/**
 * Evaluate Σ_k a_k exp(−t_k² ρ²) over the terms [from, to).
 *
 * @example
 * ```ts
 * const q = sincQuadrature({ rMin: 0.01, rMax: 4, accuracy: 1e-8 });
 * gaussianSum(q, 1.5); // ≈ 1/1.5
 * ```
 */
export function gaussianSum(q: { readonly t: Float64Array; readonly a: Float64Array }, rho: number, from = 0, to = q.t.length): number {
  let s = 0;
  const r2 = rho * rho;
  for (let k = from; k < to; k++) s += q.a[k]! * Math.exp(-q.t[k]! * q.t[k]! * r2);
  return s;
}

/** Maximal relative error of the quadrature against 1/ρ and of its slope against −1/ρ², on a log-spaced sample of [lo, 1]. */
function maxRelativeErrorOn(steps: number, c0: number, lo: number): number {
  const { t, a } = sincTerms(steps, c0);
  const samples = 400;
  let worst = 0;
  const logLo = Math.log(lo);
  for (let s = 0; s <= samples; s++) {
    const rho = Math.exp(logLo * (1 - s / samples));
    const r2 = rho * rho;
    let value = 0;
    let slope = 0;
    for (let k = 0; k < t.length; k++) {
      const t2 = t[k]! * t[k]!;
      const e = a[k]! * Math.exp(-t2 * r2);
      value += e;
      slope -= 2 * t2 * rho * e;
    }
    const e = Math.max(Math.abs(value * rho - 1), Math.abs(slope * r2 + 1));
    if (e > worst) worst = e;
  }
  return worst;
}

/**
 * Tune M and C₀ of the sinc quadrature so that 1/ρ and its derivative (the force) are reproduced to the
 * requested relative accuracy on [rMin, rMax]: the smallest M (doubling, then bisection) whose best C₀ — a scan
 * of [0.5, 8] refined by golden-section search — meets the accuracy on a 400-point log-spaced sample.
 * C₀ = 1 is far from optimal: the best C₀ lies between about 1.9 (range 10², δ = 1e-10) and 4 (range 10⁶).
 * Results are cached per (accuracy, rMin/rMax), since the tuning is scale-free.
 *
 * @example
 * ```ts
 * import { sincQuadrature } from '@equitensor/electrostatics';
 * const q = sincQuadrature({ accuracy: 1e-7, rMin: 2 / 512, rMax: 2 * Math.sqrt(3) });
 * q.t.length; // number of Gaussians (the canonical rank)
 * ```
 */
export function sincQuadrature(options: SincQuadratureOptions): SincQuadrature {
  const accuracy = options.accuracy ?? 1e-6;
  const { rMin, rMax } = options;
  if (!(rMin > 0 && rMax > rMin)) throw new RangeError(`sincQuadrature: need 0 < rMin < rMax, got [${rMin}, ${rMax}]`);
  if (!(accuracy > 1e-15 && accuracy < 1)) throw new RangeError(`sincQuadrature: accuracy must lie in (1e-15, 1), got ${accuracy}`);
  const key = `${accuracy}:${rMin / rMax}`;
  let tuned = tunedCache.get(key);
  if (tuned === undefined) {
    tuned = tune(accuracy, rMin / rMax);
    tunedCache.set(key, tuned);
  }
  const { t, a } = sincTerms(tuned.steps, tuned.c0, rMax);
  return { t, a, steps: tuned.steps, c0: tuned.c0, range: [rMin, rMax], maxRelativeError: tuned.error };
}

interface Tuned {
  readonly steps: number;
  readonly c0: number;
  readonly error: number;
}

/** Tuned (M, C₀) per accuracy and range ratio: tuning is scale-free, so it is done once per pair. */
const tunedCache = new Map<string, Tuned>();

/** The best C₀ for a given M: a coarse scan on [0.5, 8], then golden-section refinement. */
function bestC0(steps: number, lo: number): Tuned {
  let error = Number.POSITIVE_INFINITY;
  let c0 = 1;
  for (let c = 0.5; c <= 8; c += 0.25) {
    const e = maxRelativeErrorOn(steps, c, lo);
    if (e < error) {
      error = e;
      c0 = c;
    }
  }
  let left = Math.max(0.25, c0 - 0.25);
  let right = c0 + 0.25;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 24; it++) {
    const m1 = right - phi * (right - left);
    const m2 = left + phi * (right - left);
    if (maxRelativeErrorOn(steps, m1, lo) < maxRelativeErrorOn(steps, m2, lo)) right = m2;
    else left = m1;
  }
  const refined = 0.5 * (left + right);
  const refinedError = maxRelativeErrorOn(steps, refined, lo);
  return refinedError < error ? { steps, c0: refined, error: refinedError } : { steps, c0, error };
}

/** Smallest M whose best C₀ meets the accuracy: doubling, then bisection (the best error falls with M). */
function tune(accuracy: number, lo: number): Tuned {
  let high = 8;
  let found = bestC0(high, lo);
  while (found.error > accuracy) {
    if (high >= 512) throw new RangeError(`sincQuadrature: no M ≤ 512 reaches accuracy ${accuracy} on a range ratio ${1 / lo}`);
    high *= 2;
    found = bestC0(high, lo);
  }
  let low = high / 2;
  if (high === 8) low = 3;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const trial = bestC0(mid, lo);
    if (trial.error <= accuracy) {
      high = mid;
      found = trial;
    } else low = mid;
  }
  return found;
}
