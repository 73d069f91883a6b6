import { type DenseTensor, frobeniusNorm, modeProduct, multiModeProduct, unfold } from './dense.ts';
import { firstColumns, type Mat } from './matrix.ts';
import { defaultSvdMethod, modeSingular, rankForTolerance, type SvdMethod } from './svd.ts';
import type { TuckerTensor } from './tucker.ts';

/** Ranks for a Tucker decomposition: fixed (`ranks`) or chosen by the relative accuracy `eps`. */
export interface TuckerRankOptions {
  /** Fixed multilinear ranks (one per mode; clipped to the mode sizes). */
  readonly ranks?: readonly number[];
  /** Relative accuracy ε: ‖X − X̂‖ ≤ ε ‖X‖ is guaranteed for HOSVD. */
  readonly eps?: number;
  /** SVD route for the unfoldings (default: `'gram'` for fixed ranks or ε ≥ 1e-6, else `'qr'`). */
  readonly svd?: SvdMethod;
}

/** Result of {@link hosvd}. */
export interface HosvdResult {
  /** Core and orthonormal factors. */
  readonly tucker: TuckerTensor;
  /** All singular values of each mode-n unfolding (descending). */
  readonly singularValues: readonly Float64Array[];
  /** ‖X‖. */
  readonly norm: number;
  /** Relative error ‖X − X̂‖/‖X‖ computed as sqrt(‖X‖² − ‖G‖²)/‖X‖ (orthonormal factors). */
  readonly relativeError: number;
}

/**
 * Truncated higher-order SVD (De Lathauwer et al. 2000). With `eps`, the rank of mode n is the SMALLEST r_n whose
 * discarded mode-n singular values satisfy sqrt(Σ_{j ≥ r_n} σ_j²) ≤ ε ‖X‖ / √d; the d discarded parts add up in
 * squares, so ‖X − X̂‖ ≤ ε ‖X‖ is guaranteed. Factors from the Gram matrix X₍ₙ₎X₍ₙ₎ᵀ (symmetric eigensolver) by
 * default, core G = X ×ₖ U_kᵀ. Cost O(d · N · max n_k) for the Gram matrices (N = Π n_k) plus O(Σ n_k³) for the
 * eigen-decompositions plus O(N · r_0) for the core.
 *
 * @example
 * ```ts
 * const { tucker, relativeError } = hosvd(x, { eps: 1e-6 });
 * ```
 */
export function hosvd(x: DenseTensor, options: TuckerRankOptions): HosvdResult {
  const d = x.shape.length;
  if (x.shape.includes(0)) throw new RangeError(`HOSVD needs a non-empty tensor, got shape (${x.shape.join(', ')})`);
  const method = options.svd ?? defaultSvdMethod(options.ranks === undefined ? options.eps : undefined);
  const norm = frobeniusNorm(x);
  const budget = chooseBudget(options, norm, d);
  const factors: Mat[] = [];
  const singularValues: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    const { u, s } = modeSingular(x, k, method, () => unfold(x, k));
    const r = fixedRank(options, k, s.length) ?? rankForTolerance(s, budget);
    factors.push(firstColumns(u, r));
    singularValues.push(s);
  }
  const core = multiModeProduct(x, factors, true);
  const gn = frobeniusNorm(core);
  const relativeError = norm === 0 ? 0 : Math.sqrt(Math.max(norm * norm - gn * gn, 0)) / norm;
  return { tucker: { core, factors }, singularValues, norm, relativeError };
}

function chooseBudget(options: TuckerRankOptions, norm: number, d: number): number {
  if (options.ranks !== undefined) {
    if (options.ranks.length !== d) throw new RangeError(`${options.ranks.length} ranks given for an order-${d} tensor`);
    for (const r of options.ranks) if (!Number.isInteger(r) || r < 1) throw new RangeError(`ranks must be positive integers, got ${r}`);
    return 0;
  }
  const eps = options.eps;
  if (eps === undefined || !(eps >= 0)) throw new RangeError('give either ranks or a non-negative eps');
  return (eps * norm) / Math.sqrt(d);
}

function fixedRank(options: TuckerRankOptions, k: number, available: number): number | undefined {
  const r = options.ranks?.[k];
  return r === undefined ? undefined : Math.min(r, available);
}

/** Options of {@link hooi}. */
export interface HooiOptions extends TuckerRankOptions {
  /** Maximum number of sweeps (default 20). */
  readonly maxIterations?: number;
  /** Stop when the relative error decreases by less than this between sweeps (default 1e-10). */
  readonly tolerance?: number;
  /** Initial Tucker tensor with orthonormal factors (default: truncated HOSVD). */
  readonly init?: TuckerTensor;
}

/** Result of {@link hooi}. */
export interface HooiResult {
  readonly tucker: TuckerTensor;
  /** Relative error after initialisation (index 0) and after each sweep; never increasing. */
  readonly errors: readonly number[];
  readonly iterations: number;
  readonly relativeError: number;
}

/**
 * Higher-order orthogonal iteration (Tucker-ALS; De Lathauwer, De Moor, Vandewalle 2000). Starts from the truncated
 * HOSVD (ranks fixed or chosen by `eps`, then kept fixed) and sweeps over modes: U_n ← leading r_n left singular
 * vectors of (X ×_{k≠n} U_kᵀ)₍ₙ₎. Each update maximises ‖G‖ over U_n with the others fixed, so the error
 * sqrt(‖X‖² − ‖G‖²) never increases. Cost per sweep O(d · N · r_0) for the projections plus small SVDs.
 *
 * @example
 * ```ts
 * const { tucker, errors } = hooi(x, { ranks: [4, 4, 4], maxIterations: 10 });
 * ```
 */
export function hooi(x: DenseTensor, options: HooiOptions): HooiResult {
  const d = x.shape.length;
  if (x.shape.includes(0)) throw new RangeError(`HOOI needs a non-empty tensor, got shape (${x.shape.join(', ')})`);
  const method = options.svd ?? defaultSvdMethod(options.ranks === undefined ? options.eps : undefined);
  const start = options.init ?? hosvd(x, options).tucker;
  const ranks = start.factors.map((u) => u.cols);
  const factors = [...start.factors];
  const norm = frobeniusNorm(x);
  const errOf = (core: DenseTensor): number => {
    const g = frobeniusNorm(core);
    return norm === 0 ? 0 : Math.sqrt(Math.max(norm * norm - g * g, 0)) / norm;
  };
  let core = multiModeProduct(x, factors, true);
  const errors = [errOf(core)];
  const maxIt = options.maxIterations ?? 20;
  const tol = options.tolerance ?? 1e-10;
  let it = 0;
  while (it < maxIt) {
    it++;
    for (let n = 0; n < d; n++) {
      const ms = factors.map((u, k) => (k === n ? null : u));
      const y = multiModeProduct(x, ms, true);
      const { u } = modeSingular(y, n, method, () => unfold(y, n));
      factors[n] = firstColumns(u, Math.min(ranks[n]!, u.cols));
      if (n === d - 1) core = modeProduct(y, factors[n]!, n, true);
    }
    const e = errOf(core);
    const prev = errors[errors.length - 1]!;
    errors.push(e);
    if (prev - e < tol * Math.max(prev, 1e-300) || e === 0) break;
  }
  return { tucker: { core, factors }, errors, iterations: it, relativeError: errors[errors.length - 1]! };
}
