import { KRYLOV_MAX_ITERATIONS } from './krylov-ridge.ts';
import type { DataSize } from './sizing.ts';

/**
 * Cost constants of a fit, CPU time of one thread of this repository's 2-core development machine
 * (Node 20), measured on 2026-12-06 with the Zuo Si and solvent sets (bench/default-fit.ts):
 * features 73–93 ns per (neighbour pair × feature per element); normal-equation assembly 0.6–0.7 ns per
 * (row × column² / 2); symmetric eigendecomposition 1.5 ns × P³ at P = 1356 (7.6 ns × P³ at P = 348, where
 * the O(P²) parts still weigh); blocked Cholesky (`choleskyInPlace`) P³/6 multiply-adds at 0.66–1.1 ns each
 * (P = 2000 and 1000, bench/solver-scale.ts; 0.57 ns at P = 5000 and 10,000), i.e. 0.1–0.19 ns × P³; 0.12 ns × P³ is used.
 * The estimate uses the larger figure of each pair: it is an upper-side guide, not a promise.
 *
 * @example
 * ```ts
 * const seconds = FIT_COST.featureSeconds * pairs * featuresPerElement;
 * ```
 */
export const FIT_COST = {
  featureSeconds: 95e-9,
  assemblySeconds: 0.7e-9,
  eigenSeconds: 1.6e-9,
  choleskySeconds: 0.12e-9,
  /**
   * One Lanczos step of the `krylov` solver per (design row × column): a pass of `gramTimes` over the rows (2
   * multiply-adds per entry) and the held-out predictions; 2.1 ns measured at 19,512 columns on the solvent set
   * (14,000 rows, 0.57 s of CPU per step, load ≈ 9).
   */
  krylovStepSeconds: 2.1e-9,
  /** Resident memory of Node, the packages and the parsed data before the fit, bytes. */
  baselineBytes: 150e6,
  /**
   * P×P float64 work matrices of the eigen path at its peak, besides the total, per-split and training normal
   * equations: scaled copy, work array, Householder and tridiagonal blocks, eigenvectors (the solvent fit's peak RSS
   * is 14 % below the estimate with 5). The Cholesky path keeps, per split, its training normal equations and a factor
   * (the search runs over every split at once), and one more factor being built.
   */
  workMatrices: 5,
} as const;

/**
 * Estimated memory and CPU time of a fit, printed before the expensive part starts.
 *
 * @example
 * ```ts
 * const e = estimateFit(size, { columns: 1977, featuresPerElement: 659, splits: 1 });
 * console.log(`${e.columns} columns, ${(e.bytes / 1e9).toFixed(1)} GB, ${e.seconds.total.toFixed(0)} s`);
 * ```
 */
export interface FitEstimate {
  readonly columns: number;
  readonly featuresPerElement: number;
  /** Peak resident memory, bytes: baseline + design rows + P×P matrices (the Krylov bases on the `krylov` path). */
  readonly bytes: number;
  readonly designBytes: number;
  readonly matrixBytes: number;
  /** CPU seconds of one thread on the reference machine (see {@link FIT_COST}). */
  readonly seconds: { readonly features: number; readonly assembly: number; readonly solve: number; readonly total: number };
  /**
   * The solver the fit will use: the eigendecomposition path, one Cholesky per ridge parameter, or the sketch path
   * (costed as the Cholesky path, which bounds its memory and time).
   */
  readonly solver: 'eigen' | 'cholesky' | 'sketch' | 'krylov';
}

/**
 * Options of {@link estimateFit}.
 *
 * @example
 * ```ts
 * const o: EstimateOptions = { columns: 347, featuresPerElement: 347, splits: 5, solver: 'eigen' };
 * ```
 */
export interface EstimateOptions {
  readonly columns: number;
  readonly featuresPerElement: number;
  /** Validation splits: 1 for a hold-out split, k for k folds. */
  readonly splits: number;
  /** Default `eigen`; `sketch` is costed as `cholesky` (its assembly is over at most the rows) and named as itself. */
  readonly solver?: 'eigen' | 'cholesky' | 'sketch' | 'krylov';
  /** Cholesky factorisations per split on the Cholesky path (default 2: the λ search usually needs one or two). */
  readonly choleskyPerSplit?: number;
  /** Cap of the `krylov` solver's Lanczos steps per Krylov space (default `KRYLOV_MAX_ITERATIONS`): costed at the cap. */
  readonly krylovSteps?: number;
}

/**
 * Memory and CPU-time estimate of a fit of data of `size` with the given basis and splits (see {@link FIT_COST}).
 *
 * @example
 * ```ts
 * const e = estimateFit(dataSize(configs, 5), { columns: 1977, featuresPerElement: 659, splits: 1 });
 * ```
 */
export function estimateFit(size: Omit<DataSize, 'elementAtoms'>, options: EstimateOptions): FitEstimate {
  const P = options.columns;
  const solver = options.solver ?? 'eigen';
  const designBytes = 8 * P * size.designRows;
  // Eigen path: the total, one per split, one training copy and the workspace. Cholesky (and sketch) path: the total, one per
  // split, a training copy and a factor per split, one factor being built.
  const matrices = solver === 'eigen' ? options.splits + 2 + FIT_COST.workMatrices : 3 * options.splits + 2;
  // Krylov path: no P×P matrix; a basis of P × (steps + 1) doubles per split and one for the refit.
  const steps = Math.min(options.krylovSteps ?? KRYLOV_MAX_ITERATIONS, P);
  const matrixBytes = solver === 'krylov' ? 8 * P * (steps + 1) * (options.splits + 1) : 8 * P * P * matrices;
  const features = FIT_COST.featureSeconds * size.pairs * options.featuresPerElement;
  const assembly = solver === 'krylov' ? 0 : (FIT_COST.assemblySeconds * size.rows * P * P) / 2;
  const perSplit =
    solver === 'eigen' ? FIT_COST.eigenSeconds * P ** 3 : (options.choleskyPerSplit ?? 2) * FIT_COST.choleskySeconds * P ** 3;
  const solve =
    solver === 'krylov'
      ? FIT_COST.krylovStepSeconds * steps * (options.splits + 1) * size.rows * P
      : options.splits * perSplit + FIT_COST.choleskySeconds * P ** 3;
  return {
    columns: P,
    featuresPerElement: options.featuresPerElement,
    bytes: FIT_COST.baselineBytes + designBytes + matrixBytes,
    designBytes,
    matrixBytes,
    seconds: { features, assembly, solve, total: features + assembly + solve },
    solver,
  };
}

/**
 * A fit that would need more memory than allowed (a `RangeError`: the CLI exits with code 2); the message
 * names the options that shrink it.
 *
 * @example
 * ```ts
 * try { fitPotential(configs, { memoryLimit: 4e9 }); } catch (e) { if (e instanceof FitTooLargeError) console.error(e.message); }
 * ```
 */
export class FitTooLargeError extends RangeError {
  readonly estimate: FitEstimate;
  readonly memoryLimit: number;
  constructor(message: string, estimate: FitEstimate, memoryLimit: number) {
    super(message);
    this.name = 'FitTooLargeError';
    this.estimate = estimate;
    this.memoryLimit = memoryLimit;
  }
}

/**
 * One line describing an estimate, e.g. "1977 columns (659 features × 3 elements), about 0.6 GB and 45 s of CPU
 * (features 5 s, assembly 22 s, solve 18 s)".
 *
 * @example
 * ```ts
 * log(describeEstimate(estimate, 3));
 * ```
 */
export function describeEstimate(e: FitEstimate, elements: number): string {
  const s = e.seconds;
  const sec = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  return (
    `estimate: ${e.columns} columns (${e.columns === e.featuresPerElement * elements ? '' : 'per-element degrees within '}` +
    `${e.featuresPerElement} features × ${elements} element${elements === 1 ? '' : 's'}), ` +
    `about ${(e.bytes / 1e9).toFixed(2)} GB and ${sec(s.total)} s of CPU (features ${sec(s.features)} s, ` +
    `assembly ${sec(s.assembly)} s, ${e.solver} solve ${sec(s.solve)} s)`
  );
}
