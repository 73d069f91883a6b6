import { type DenseTensor, frobeniusNorm, modeProductOn, multiModeProductOn, onArena, tensor, unfold, unfoldingGramOn } from './dense.ts';
import { Gemm } from './gemm.ts';
import { firstColumns, type Mat, mat } from './matrix.ts';
import { defaultSvdMethod, gramToLeading, gramToSingular, modeSingular, rankForTolerance, type SvdMethod } from './svd.ts';
import type { TuckerTensor } from './tucker.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/** Ranks for a Tucker decomposition: fixed (`ranks`) or chosen by the relative accuracy `eps`. */
export interface TuckerRankOptions {
  /** Fixed multilinear ranks (one per mode; clipped to the mode sizes). */
  readonly ranks?: readonly number[];
  /** Relative accuracy ε: ‖X − X̂‖ ≤ ε ‖X‖ is guaranteed for HOSVD. */
  readonly eps?: number;
  /** SVD route for the unfoldings (default: `'gram'` for fixed ranks or ε ≥ 1e-6, else `'qr'`). */
  readonly svd?: SvdMethod;
  /**
   * Run the Gram matrices and mode products on this worker pool (a fixed split of each product's output: the result
   * is bit-for-bit the one-thread result for every worker count). The tensor is copied once into shared memory.
   */
  readonly pool?: WorkerPool;
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
  if (x.shape.includes(0)) throw new RangeError(`HOSVD needs a non-empty tensor, got shape (${x.shape.join(', ')})`);
  const { g, gx } = runner(x, options.pool, options.ranks);
  return hosvdOn(g, gx, options);
}

/**
 * HOSVD with the products on `g` (`gx`: the tensor where `g` can reach it); `norm`: ‖X‖ if the caller has it.
 * `leadingOnly` (HOOI's start with fixed ranks): only the r_k leading vectors are computed, and `singularValues`
 * holds only their values.
 */
function hosvdOn(g: Gemm, x: DenseTensor, options: TuckerRankOptions, norm = frobeniusNorm(x), leadingOnly = false): HosvdResult {
  const d = x.shape.length;
  const method = options.svd ?? defaultSvdMethod(options.ranks === undefined ? options.eps : undefined);
  const budget = chooseBudget(options, norm, d);
  const factors: Mat[] = [];
  const singularValues: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    const fixed = fixedRank(options, k, x.shape[k]!);
    const { u, s } = modeLeading(g, x, k, method, false, leadingOnly && fixed !== undefined ? { rank: fixed } : undefined);
    const r = fixed ?? rankForTolerance(s, budget);
    factors.push(firstColumns(u, r));
    singularValues.push(s);
  }
  // With ε the ranks were unknown when the arena was sized: the core is then projected on this thread.
  const core = project(options.ranks === undefined && g.pooled ? new Gemm() : g, x, factors);
  // ‖X‖ and ‖G‖ by the scaled norm (as before HOOI's compensated estimate): kept for the published figures and tests
  const gn = frobeniusNorm(core);
  const relativeError = norm === 0 ? 0 : Math.sqrt(Math.max(norm * norm - gn * gn, 0)) / norm;
  return { tucker: { core, factors }, singularValues, norm, relativeError };
}

/**
 * Sequentially truncated HOSVD on `g`: for k = 0 … d−1, U_k from the leading left singular vectors of Y₍ₖ₎ and
 * Y ← Y ×ₖ U_kᵀ (Y = X at first), ranks fixed or from the same per-mode budget ε‖X‖/√d as {@link hosvd}, so
 * ‖X − X̂‖ ≤ ε‖X‖ holds as well (Vannieuwenhoven et al. 2012, Thm 6.5). The last Y is the core.
 */
function stHosvdOn(g: Gemm, x: DenseTensor, options: TuckerRankOptions, norm: number): TuckerTensor {
  const d = x.shape.length;
  const method = options.svd ?? defaultSvdMethod(options.ranks === undefined ? options.eps : undefined);
  const budget = chooseBudget(options, norm, d);
  const mark = g.mark();
  const factors: Mat[] = [];
  let y = x;
  for (let k = 0; k < d; k++) {
    const fixed = fixedRank(options, k, y.shape[k]!);
    const { u, s } = modeLeading(g, y, k, method, true, fixed === undefined ? undefined : { rank: fixed });
    const factor = firstColumns(u, fixed ?? rankForTolerance(s, budget));
    factors.push(factor);
    y = modeProductOn(g, y, onArena(g, factor), k, true);
  }
  const core = tensor(y.shape, y.data.slice());
  g.release(mark);
  return { core, factors };
}

/** A GEMM runner (on the pool if given, arena sized for ranks `ranks`, or for the Grams alone) and the tensor on it. */
function runner(x: DenseTensor, pool: WorkerPool | undefined, ranks: readonly number[] | undefined): { g: Gemm; gx: DenseTensor } {
  if (!pool) return { g: new Gemm(), gx: x };
  const N = x.data.length;
  const d = x.shape.length;
  const maxN = Math.max(...x.shape);
  let extra = maxN * maxN + 64;
  if (ranks !== undefined) {
    // Projections: a cached product, then a chain of products each no larger, and the factor copies.
    const rho = Math.max(...x.shape.map((n, k) => Math.min(ranks[k] ?? n, n) / n));
    const factorSize = x.shape.reduce((acc, n, k) => acc + n * Math.min(ranks[k] ?? n, n), 0);
    extra += (d + 1) * Math.ceil(N * rho) + 2 * d * factorSize;
  }
  const g = Gemm.forPool(pool, N + extra);
  const data = g.alloc(N, false);
  data.set(x.data);
  return { g, gx: tensor(x.shape, data) };
}

/**
 * Leading left singular vectors (all of them) and singular values of the mode-k unfolding of x, on `g` for the Gram
 * route. `tall`: the Gram route also for tall unfoldings (HOOI's projected tensors, whose n × n Gram matrix has rank
 * ≤ the column count; only its leading vectors are used). `lead`: only the `rank` leading ones are wanted (fixed
 * ranks): the Gram route then takes {@link gramToLeading} (subspace iteration from `start`, e.g. the previous factor).
 */
function modeLeading(
  g: Gemm,
  x: DenseTensor,
  k: number,
  method: SvdMethod,
  tall = false,
  lead?: { rank: number; start?: Mat },
): { u: Mat; s: Float64Array } {
  const n = x.shape[k]!;
  if (method === 'gram' && (tall || n <= x.data.length / n)) {
    const mark = g.mark();
    const gram = unfoldingGramOn(g, x, k);
    const own = mat(n, n, gram.data.slice());
    g.release(mark);
    return lead === undefined ? gramToSingular(own) : gramToLeading(own, lead.rank, lead.start);
  }
  return modeSingular(x, k, method, () => unfold(x, k));
}

/** The core X ×ₖ U_kᵀ, copied out of the arena. */
function project(g: Gemm, x: DenseTensor, factors: readonly (Mat | null)[]): DenseTensor {
  const mark = g.mark();
  const c = multiModeProductOn(g, x, factors, true);
  const core = tensor(c.shape, c.data.slice());
  g.release(mark);
  return core;
}

/** Σ v² with Neumaier's compensation: the error estimate ‖X‖² − ‖G‖² cancels to ≈ ε·‖X‖² only if ‖X‖² is that accurate. */
function sumOfSquares(v: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    const t = v[i]! * v[i]!;
    const u = s + t;
    // s, t ≥ 0: Neumaier's |s| ≥ t ? (s − u) + t : (t − u) + s without the branch (the same operations), which kept
    // the first call's loop in the interpreter longer (a branch without type feedback deoptimised it)
    c += Math.max(s, t) - u + Math.min(s, t);
    s = u;
  }
  return s + c;
}

/** sqrt(‖X‖² − ‖G‖²)/‖X‖ for orthonormal factors (0 for the zero tensor). */
function errorFrom(normSq: number, core: DenseTensor): number {
  if (normSq === 0) return 0;
  return Math.sqrt(Math.max(normSq - sumOfSquares(core.data), 0) / normSq);
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
  /**
   * Stop when the relative error decreases by less than this between sweeps (default 1e-10), or by less than the
   * rounding of its estimate can resolve (a decrease of e² below 16ε); 0 runs all `maxIterations` sweeps.
   */
  readonly tolerance?: number;
  /**
   * The start: a Tucker tensor with orthonormal factors, `'hosvd'` (the truncated HOSVD, the default, as tensorly's
   * `init='svd'`) or `'sthosvd'`: the sequentially truncated HOSVD (Vannieuwenhoven, Vandebril & Meerbergen 2012),
   * whose mode-k factor comes from the tensor already projected on modes 0…k−1. Same guarantee ‖X − X̂‖ ≤ ε‖X‖ with
   * `eps`, and for an n × n × n tensor of rank r about (1 + 2r/n) Gram passes over X instead of 3.
   */
  readonly init?: TuckerTensor | 'hosvd' | 'sthosvd';
}

/** Result of {@link hooi}. */
export interface HooiResult {
  readonly tucker: TuckerTensor;
  /**
   * Relative error after initialisation (index 0) and after each sweep; never increasing in exact arithmetic (the
   * estimate's rounding, some 10 ε in e², can show as a rise in the last digits, which ends the iteration).
   */
  readonly errors: readonly number[];
  readonly iterations: number;
  readonly relativeError: number;
}

/**
 * Higher-order orthogonal iteration (Tucker-ALS; De Lathauwer, De Moor, Vandewalle 2000). Starts from the truncated
 * HOSVD (ranks fixed or chosen by `eps`, then kept fixed) and sweeps over modes: U_n ← leading r_n left singular
 * vectors of (X ×_{k≠n} U_kᵀ)₍ₙ₎. Each update maximises ‖G‖ over U_n with the others fixed, so the error
 * sqrt(‖X‖² − ‖G‖²) never increases (‖X‖² and ‖G‖² are summed with compensation, so the estimate is good to some
 * 10 ε in e², the factors' orthonormality). The projections are blocked GEMMs on the tensor's slabs (no unfoldings);
 * X ×_{d−1} U_{d−1}ᵀ is formed once per sweep and serves modes 0 … d−2. The leading vectors come from the Gram matrix
 * of the projected unfolding (`svd: 'gram'`: its r_n leading eigenvectors by subspace iteration warm-started from the
 * previous factor, to the full eigensolver's residual, see `gramToLeading`; so do both starts with fixed ranks) or its
 * QR. With `pool`, the GEMMs run on the workers, bit-for-bit as on one thread. Cost per sweep about 2 N r for d = 3
 * (N = Π n_k, r = r_{d−1}) plus small eigenproblems.
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
  // With fixed ranks the HOSVD start shares the runner (one copy of X into the pool's memory).
  const given = typeof options.init === 'object' ? options.init : undefined;
  // ST-HOSVD projects on the runner as it goes: with ε (ranks unknown yet) its arena is sized for full ranks
  const sizing = given?.factors.map((u) => u.cols) ?? options.ranks ?? (options.init === 'sthosvd' ? x.shape : undefined);
  let { g, gx } = runner(x, options.pool, sizing);
  const normSq = sumOfSquares(x.data);
  // With fixed ranks the start's ‖X‖ only feeds its own error estimate, which HOOI recomputes: the compensated sum
  // serves (one pass over X instead of two). With ε it chooses the ranks: the scaled norm, as hosvd().
  const norm = options.ranks !== undefined ? Math.sqrt(normSq) : frobeniusNorm(x);
  const start = given ?? (options.init === 'sthosvd' ? stHosvdOn(g, gx, options, norm) : hosvdOn(g, gx, options, norm, true).tucker);
  const ranks = start.factors.map((u) => u.cols);
  if (options.pool && given === undefined && options.ranks === undefined) ({ g, gx } = runner(x, options.pool, ranks));
  const factors = [...start.factors];
  // ST-HOSVD's core is already X ×ₖ U_kᵀ
  let core = options.init === 'sthosvd' ? start.core : project(g, gx, factors);
  const errors = [errorFrom(normSq, core)];
  const maxIt = options.maxIterations ?? 20;
  const tol = options.tolerance ?? 1e-10;
  let it = 0;
  while (it < maxIt) {
    it++;
    const sweep = g.mark();
    // X ×_{d−1} U_{d−1}ᵀ serves every mode but the last (U_{d−1} changes only at the end of the sweep).
    let cached: DenseTensor | null = null;
    for (let n = 0; n < d; n++) {
      if (n < d - 1 && cached === null) cached = modeProductOn(g, gx, onArena(g, factors[d - 1]!), d - 1, true);
      const step = g.mark();
      const y =
        n < d - 1
          ? multiModeProductOn(
              g,
              cached!,
              factors.map((u, k) => (k === n || k === d - 1 ? null : u)),
              true,
            )
          : multiModeProductOn(
              g,
              gx,
              factors.map((u, k) => (k === n ? null : u)),
              true,
            );
      const { u } = modeLeading(g, y, n, method, true, { rank: Math.min(ranks[n]!, y.shape[n]!), start: factors[n]! });
      factors[n] = firstColumns(u, Math.min(ranks[n]!, u.cols));
      if (n === d - 1) {
        const c = modeProductOn(g, y, onArena(g, factors[n]!), n, true);
        core = tensor(c.shape, c.data.slice());
      }
      g.release(step);
    }
    g.release(sweep);
    const e = errorFrom(normSq, core);
    const prev = errors[errors.length - 1]!;
    errors.push(e);
    if (prev - e < Math.max(tol, tol > 0 ? resolution(prev) : 0) * Math.max(prev, 1e-300) || e === 0) break;
  }
  return { tucker: { core, factors }, errors, iterations: it, relativeError: errors[errors.length - 1]! };
}

/**
 * The smallest relative decrease of the error estimate e = sqrt(1 − ‖G‖²/‖X‖²) that rounding lets us see: e² is a
 * difference of numbers near 1, known to a few ε (the factors are orthonormal and G is formed to a few ε), so a
 * decrease of e² below 16ε, i.e. of e by less than 8ε/e² relative, is noise (on the 100³ tensor 1/|x| the
 * estimate's last sweeps fluctuate by 3ε in e²). HOOI stops there rather than sweeping on rounding.
 */
function resolution(e: number): number {
  return (8 * Number.EPSILON) / Math.max(e * e, 1e-300);
}
