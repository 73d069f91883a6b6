import { Random, type WorkerPool } from '@equitensor/tensor';
import { type AceBasisSpec, enumerateFeatures } from './basis.ts';
import { ColumnBudgetError } from './column-budget-error.ts';
import type { TensorProductKind } from './coupling.ts';
import { checkEnergyLabels, type LabelledConfig } from './dataset.ts';
import { AceDescriptor, type DesignBlock } from './descriptor.ts';
import { SharedArena } from './design-pool.ts';
import type { DesignRows } from './design-rows.ts';
import { elementColumnSelection, expandColumns, formatElementDegrees, selectColumns, unionDegrees } from './element-degrees.ts';
import { type Comparison, type ErrorReport, errorReport } from './errors-report.ts';
import { describeEstimate, estimateFit, type FitEstimate, FitTooLargeError } from './fit-estimate.ts';
import { KRYLOV_CHECK_STEPS, KRYLOV_TOLERANCE, LanczosRidge } from './krylov-ridge.ts';
import { logGrid, NormalEquations, ridgePath, ridgeSolve } from './lsq.ts';
import { MlipPotential } from './model.ts';
import { neighborData } from './neighbor-data.ts';
import { CholeskyRidge, patternSearch } from './ridge-cholesky.ts';
import { DEFAULT_MAX_COLUMNS, dataSize, type SizedBasis, sizeBasis } from './sizing.ts';
import { sketchRidge } from './sketch-ridge.ts';
import { type Committee, heldOutNoise, posteriorCommittee } from './uncertainty.ts';

/**
 * Weights of the three kinds of rows, as ACEpotentials.jl applies them: the residual of the total energy
 * and of each virial component is multiplied by weight/√N, each force component by its weight.
 *
 * @example
 * ```ts
 * const liq: Partial<RowWeights> = { energy: 10, forces: 0.66, virial: 0.25 };
 * ```
 */
export interface RowWeights {
  readonly energy: number;
  readonly forces: number;
  readonly virial: number;
}

/**
 * Options of {@link fitPotential}.
 *
 * @example
 * ```ts
 * const options: FitOptions = { kind: 'cg', basis: { maxDegree: [12, 12, 12] }, folds: 5 };
 * ```
 */
export interface FitOptions {
  /**
   * Basis hyper-parameters (species come from the data). Defaults: order 3, `maxDegree` sized from the data by
   * `sizeBasis` (elements × features ≤ `maxColumns`; (12, 12, 12) for one element), wL 1, λ 0
   * (linear transform), rcut 5.5 Å for one element and 5 Å for several (`defaultCutoff`).
   */
  readonly basis?: Partial<Omit<AceBasisSpec, 'species'>>;
  /**
   * Per-element degrees: per atomic number, its total-degree limit per order (e.g. `{ 1: [8, 6, 4], 6: [10, 8, 6] }`),
   * the basis of the centre-species block of that element; elements not listed take `basis.maxDegree` (then required).
   * Overrides the sized default. The features computed are those of the largest degrees; each element keeps its own
   * (see `elementColumnSelection`), and the model file stores zeros for the others.
   */
  readonly elementDegrees?: Readonly<Record<number, readonly number[]>>;
  /**
   * Column budget: without `basis.maxDegree` the basis is sized within it (default 2000, `DEFAULT_MAX_COLUMNS`); with an
   * explicit `basis.maxDegree` and an explicit `maxColumns`, a basis of more columns is refused with a
   * {@link ColumnBudgetError} before any feature is computed (no budget applies when only `basis.maxDegree` is given).
   */
  readonly maxColumns?: number;
  /**
   * Memory available to the fit, bytes (e.g. `os.freemem()`): a fit whose estimate exceeds it is refused up
   * front with a {@link FitTooLargeError} naming the options that shrink it. Default: no check.
   */
  readonly memoryLimit?: number;
  /** Tensor-product kind of the order-3 features (default `cg`). */
  readonly kind?: TensorProductKind;
  /** CP rank per path for `kind: 'cp'`. */
  readonly cpRank?: number;
  /**
   * Reference energies per atomic number (eV). Default: taken from single-atom configurations with no
   * neighbour (e.g. `config_type=isolated_atom`); species without one get a least-squares E0 plus a
   * fitted constant feature.
   */
  readonly e0?: Readonly<Record<number, number>>;
  /** Row weights: `default` (E 30, F 1, V 1, as ACEpotentials.jl) and overrides per config type. */
  readonly weights?: { readonly default?: Partial<RowWeights>; readonly perConfigType?: Readonly<Record<string, Partial<RowWeights>>> };
  /** Hold-out fraction of configurations (per config type) for choosing λ (default 0.1); ignored with `folds`. */
  readonly validationFraction?: number;
  /** k-fold cross-validation over configurations instead of a single hold-out split. */
  readonly folds?: number;
  /** Seed of the split (default 1). */
  readonly seed?: number;
  /** Ridge parameters to scan, relative to the unit-diagonal scaling (default 10^−12 … 10^0, 2 per decade). */
  readonly lambdas?: readonly number[];
  /** Smoothness-prior exponents p to scan: column penalty × (1 + degree)^p (default [0]); see `smoothnessPrior`. */
  readonly smoothness?: readonly number[];
  /**
   * Shape of the smoothness prior (ACEpotentials.jl's two kinds): `algebraic` (default) scales the ridge
   * penalty of feature k by (1 + d_k)^p, `exponential` by exp(p·d_k/d_max), with d_k the feature's total
   * degree and d_max the largest one (so p is the log-ratio of the roughest to the smoothest penalty).
   */
  readonly smoothnessPrior?: 'algebraic' | 'exponential';
  /**
   * Ridge solver: `eigen` (one eigendecomposition per split, every λ of the grid), `cholesky` (a pattern search over
   * the λ grid, one Cholesky factor per split reused by preconditioned conjugate gradients; see `CholeskyRidge`), or
   * `auto` (default): eigen up to `EIGEN_PATH_MAX_COLUMNS` columns, Cholesky above. `sketch`: the Cholesky path's λ
   * search on `sketchRidge` per split (no normal matrix: an OSNAP sketch of 4P rows preconditions CG on the rows; worth
   * it when the rows are many times 4P), and no posterior committee (it needs the normal matrix). `krylov`: matrix-free
   * Lanczos on the stored design rows (`LanczosRidge`), one Krylov space per split serving every λ of the grid, extended
   * until the λ values that bracket the validation minimum have converged (`KRYLOV_TOLERANCE`), then one for the refit;
   * no normal matrix, no factor (memory: the design rows and P × iterations doubles), and no posterior committee.
   */
  readonly solver?: 'auto' | 'eigen' | 'cholesky' | 'sketch' | 'krylov';
  /**
   * Cap of the `krylov` solver's Lanczos steps per Krylov space (each one pass over the design rows; default
   * `KRYLOV_MAX_ITERATIONS`). λ values not converged at the cap are scored with their k-step solution (Krylov
   * regularisation: the cap acts as a second regulariser, chosen with λ on the same held-out data), and the refit stops
   * at the same cap.
   */
  readonly krylovSteps?: number;
  /**
   * Size K of the posterior committee stored with the model for error bars (`posteriorCommittee`, default 8; 0: none).
   * Costs one more Cholesky factor and its inverse (P³/3 multiply-adds; 3.6 s of CPU at P = 2,000) after the refit;
   * above `EXACT_TRACE_MAX_COLUMNS` the inverse is replaced by Hutchinson's trace estimate (the factor alone, P³/6).
   */
  readonly committee?: number;
  /**
   * A shared-memory worker pool (`NodeWorkerPool` of `@equitensor/tensor/node`) for the assembly of the normal
   * equations (`NormalEquations` with `{ pool }`) and the Cholesky factors of the `cholesky` solver (`CholeskyRidge`
   * with `{ pool }`): the same numbers, bit for bit, as on one thread. With the `krylov` solver, each Lanczos step's pass
   * over the design rows (`LanczosRidge` with `{ pool }`; `prepareFit` then puts the design blocks in one
   * `SharedArrayBuffer`): the same numbers every run for a given worker count, and within rounding of the regrouped sums
   * (≈ n·ε relative) across counts. Default: this thread. The caller closes the pool.
   */
  readonly pool?: WorkerPool;
  /** Progress messages (default: none). */
  readonly log?: (message: string) => void;
}

/**
 * The outcome of a fit.
 *
 * @example
 * ```ts
 * const { potential, train, validation, lambda } = fitPotential(configs);
 * ```
 */
export interface FitResult {
  readonly potential: MlipPotential;
  /**
   * Errors of the final model (trained on every fitted configuration) on the fitted configurations: every configuration
   * except the single-atom ones without neighbours that define E0 ({@link FitResult.isolatedConfigs}), which are not
   * fitted. Evaluating the model on the whole training file (e.g. `mlip eval`) also counts those, each with its E0 error
   * (zero when E0 came from it), so its RMSEs are lower by about √(fitted / all).
   */
  readonly train: ErrorReport;
  /** Single-atom configurations without neighbours: they define E0 and are left out of the fit and of `train`. */
  readonly isolatedConfigs: number;
  /** Errors on held-out data: the hold-out split, or every configuration predicted by the fold that left it out. */
  readonly validation: ErrorReport | null;
  readonly lambda: number;
  readonly smoothness: number;
  readonly scan: readonly { lambda: number; smoothness: number; validationLoss: number }[];
  readonly featureCount: number;
  readonly columns: number;
  /** Wall-clock seconds: features, solve (the assembly of the normal equations, `assembly`, included), total. */
  readonly seconds: { readonly features: number; readonly assembly: number; readonly solve: number; readonly total: number };
  readonly e0: Readonly<Record<number, number>>;
  /** The memory and time estimate made before the features were computed. */
  readonly estimate: FitEstimate;
  /** How the default basis was sized (null when `basis.maxDegree` or `elementDegrees` was given). */
  readonly sizing: SizedBasis | null;
  /** Per-element degrees of the fit (sized or given), null when every element has the basis `maxDegree`. */
  readonly elementDegrees: Readonly<Record<number, readonly number[]>> | null;
}

const DEFAULT_WEIGHTS: RowWeights = { energy: 30, forces: 1, virial: 1 };

interface PreparedConfig {
  readonly config: LabelledConfig;
  readonly block: DesignBlock;
  readonly e0Sum: number;
}

interface Prepared extends PreparedConfig {
  readonly weights: RowWeights;
}

/**
 * The features and their derivatives of every configuration, computed once by {@link prepareFit} and
 * reusable by {@link solveFit} with other weights, splits or ridge grids.
 *
 * @example
 * ```ts
 * const design = prepareFit(configs);
 * ```
 */
export interface FitDesign {
  readonly descriptor: AceDescriptor;
  readonly configs: readonly PreparedConfig[];
  readonly e0: ReadonlyMap<number, number>;
  readonly cpRank: number | undefined;
  readonly featureSeconds: number;
  readonly estimate: FitEstimate;
  readonly sizing: SizedBasis | null;
  /** Per-element degrees, null when every element has the basis `maxDegree`. */
  readonly elementDegrees: Readonly<Record<number, readonly number[]>> | null;
  /** With per-element degrees, the descriptor's columns the design keeps (ascending); null: all. */
  readonly columnSelection: Int32Array | null;
  /** Single-atom configurations that defined E0 and are not fitted. */
  readonly isolatedConfigs: number;
}

/**
 * Options of {@link prepareFit}: what fixes the features.
 *
 * @example
 * ```ts
 * const p: PrepareOptions = { kind: 'grid', basis: { rcut: 5 } };
 * ```
 */
export type PrepareOptions = Pick<
  FitOptions,
  'basis' | 'elementDegrees' | 'kind' | 'cpRank' | 'e0' | 'log' | 'maxColumns' | 'memoryLimit' | 'folds' | 'solver' | 'krylovSteps' | 'pool'
>;
/**
 * Options of {@link solveFit}: what only changes the regression.
 *
 * @example
 * ```ts
 * const s: SolveOptions = { folds: 5, weights: { default: { energy: 100 } } };
 * ```
 */
export type SolveOptions = Omit<FitOptions, 'basis' | 'elementDegrees' | 'kind' | 'cpRank' | 'e0' | 'maxColumns' | 'memoryLimit'>;

/**
 * Per-column scale factors p_k of the smoothness prior: the ridge penalty of column k is λ·G_kk·p_k²
 * (see {@link ridgePath}). `degree` is the total degree per feature (columns wrap over species blocks).
 *
 * @example
 * ```ts
 * smoothnessScale(new Float64Array([1, 2, 4]), 3, 2, 'algebraic'); // [4, 9, 25]
 * smoothnessScale(new Float64Array([1, 2, 4]), 3, 2, 'exponential'); // [e^0.5, e^1, e^2]
 * ```
 */
export function smoothnessScale(degree: Float64Array, columns: number, p: number, shape: 'algebraic' | 'exponential'): Float64Array {
  const prior = new Float64Array(columns);
  let dMax = 1;
  for (const d of degree) dMax = Math.max(dMax, d);
  for (let c = 0; c < columns; c++) {
    const d = degree[c % degree.length] as number;
    prior[c] = shape === 'exponential' ? Math.exp((p * d) / dMax) : (1 + d) ** p;
  }
  return prior;
}

function isIsolated(c: LabelledConfig, cutoff: number): boolean {
  if (c.atoms.numbers.length !== 1 || c.energy === null) return false;
  return neighborData(c.atoms, cutoff).neighbors.length === 0;
}

function addConfig(ne: NormalEquations, p: Prepared): void {
  const { block, config, weights } = p;
  const N = config.atoms.numbers.length;
  const P = block.columns;
  const row = new Float64Array(P);
  if (config.energy !== null && weights.energy > 0) {
    for (let k = 0; k < P; k++) row[k] = block.energy[k] as number;
    ne.addRow(row, config.energy - p.e0Sum, weights.energy / Math.sqrt(N));
  }
  if (config.forces !== null && weights.forces > 0) {
    ne.addRows(block.forces, 3 * N, config.forces, weights.forces);
  }
  if (config.virial !== null && weights.virial > 0) {
    ne.addRows(block.virial, 9, config.virial, weights.virial / Math.sqrt(N));
  }
}

/** The rows {@link addConfig} adds, as `sketchRidge` takes them (energy, forces, virial; zero weights and missing labels left out). */
function designRows(p: Prepared): DesignRows[] {
  const { block, config, weights } = p;
  const N = config.atoms.numbers.length;
  const out: DesignRows[] = [];
  if (config.energy !== null && weights.energy > 0)
    out.push({ data: block.energy, rows: 1, targets: [config.energy - p.e0Sum], weight: weights.energy / Math.sqrt(N) });
  if (config.forces !== null && weights.forces > 0)
    out.push({ data: block.forces, rows: 3 * N, targets: config.forces, weight: weights.forces });
  if (config.virial !== null && weights.virial > 0)
    out.push({ data: block.virial, rows: 9, targets: config.virial, weight: weights.virial / Math.sqrt(N) });
  return out;
}

function predict(p: Prepared, x: Float64Array): Comparison {
  const { block, config } = p;
  const N = config.atoms.numbers.length;
  const P = block.columns;
  const dot = (a: Float64Array, off: number): number => {
    let s = 0;
    for (let k = 0; k < P; k++) s += (a[off + k] as number) * (x[k] as number);
    return s;
  };
  const energy = config.energy === null ? null : { predicted: dot(block.energy, 0) + p.e0Sum, reference: config.energy };
  let forces: Comparison['forces'] = null;
  if (config.forces !== null) {
    const f = new Float64Array(3 * N);
    for (let r = 0; r < 3 * N; r++) f[r] = dot(block.forces, r * P);
    forces = { predicted: f, reference: config.forces };
  }
  let virial: Comparison['virial'] = null;
  if (config.virial !== null) {
    const v = new Float64Array(9);
    for (let r = 0; r < 9; r++) v[r] = dot(block.virial, r * P);
    virial = { predicted: v, reference: config.virial };
  }
  return { configType: config.configType, atoms: N, energy, forces, virial };
}

function weightedLoss(p: Prepared, c: Comparison): number {
  let s = 0;
  const N = c.atoms;
  const w = p.weights;
  if (c.energy) s += (w.energy * (c.energy.predicted - c.energy.reference)) ** 2 / N;
  if (c.forces)
    for (let k = 0; k < c.forces.reference.length; k++)
      s += (w.forces * ((c.forces.predicted[k] as number) - (c.forces.reference[k] as number))) ** 2;
  if (c.virial)
    for (let k = 0; k < 9; k++) s += (w.virial * ((c.virial.predicted[k] as number) - (c.virial.reference[k] as number))) ** 2 / N;
  return s;
}

/** Least-squares E0 per species from energies and composition (for species without an isolated atom). */
function fittedE0(configs: readonly LabelledConfig[], species: readonly number[], known: Map<number, number>): Map<number, number> {
  const unknown = species.filter((z) => !known.has(z));
  const out = new Map(known);
  if (unknown.length === 0) return out;
  const ne = new NormalEquations(unknown.length);
  for (const c of configs) {
    if (c.energy === null) continue;
    const row = new Float64Array(unknown.length);
    let rest = c.energy;
    for (const z of c.atoms.numbers) {
      const u = unknown.indexOf(z);
      if (u >= 0) row[u] = (row[u] as number) + 1;
      else rest -= known.get(z) ?? 0;
    }
    ne.addRow(row, rest, 1 / c.atoms.numbers.length);
  }
  const x = ridgePath(ne, [1e-10]).solution(0);
  unknown.forEach((z, u) => {
    out.set(z, x[u] as number);
  });
  return out;
}

/**
 * Fits an ACE potential by weighted ridge regression on energies, forces and virials, with the ridge
 * parameter (and optionally the smoothness prior) chosen on held-out configurations, then refits on
 * every configuration. Single-atom configurations without neighbours define E0 and are not fitted.
 *
 * @example
 * ```ts
 * const configs = labelledConfigs(parseExtxyz(text), { energyKey: 'dft_energy', forcesKey: 'dft_force', virialKey: 'dft_virial' });
 * const { potential, train, validation } = fitPotential(configs, { basis: { order: 3, maxDegree: [10, 10, 10] }, kind: 'cg' });
 * console.log(train.perConfigType.dia?.energyRMSE, validation?.all.forcesRMSE);
 * ```
 */
export function fitPotential(configs: readonly LabelledConfig[], options: FitOptions = {}): FitResult {
  const t0 = performance.now();
  const design = prepareFit(configs, options);
  const result = solveFit(design, options);
  return { ...result, seconds: { ...result.seconds, total: (performance.now() - t0) / 1000 } };
}

/**
 * Computes the basis, E0 and the design rows (features, forces and virial derivatives) of every
 * configuration — the expensive part of a fit.
 *
 * @example
 * ```ts
 * const design = prepareFit(configs, { basis: { maxDegree: [12, 12, 12] } });
 * const a = solveFit(design, { weights: { default: { energy: 30 } } });
 * const b = solveFit(design, { weights: { default: { energy: 100 } } });
 * ```
 */
export function prepareFit(configs: readonly LabelledConfig[], options: PrepareOptions = {}): FitDesign {
  const log = options.log ?? (() => {});
  if (configs.length === 0) throw new RangeError('no configurations to fit');
  const speciesSet = new Set<number>();
  for (const c of configs) for (const z of c.atoms.numbers) speciesSet.add(z);
  const species = [...speciesSet].sort((a, b) => a - b);
  const b = options.basis ?? {};
  const rcut = b.rcut ?? defaultCutoff(species.length);
  // E0: explicit, else isolated atoms, else least squares (+ a constant feature).
  const known = new Map<number, number>();
  const isolated = new Set<LabelledConfig>();
  if (options.e0) for (const [z, v] of Object.entries(options.e0)) known.set(Number(z), v);
  for (const c of configs) {
    if (isIsolated(c, rcut)) {
      isolated.add(c);
      const z = c.atoms.numbers[0] as number;
      if (!known.has(z)) known.set(z, c.energy as number);
    }
  }
  checkEnergyLabels(configs, new Set(known.keys()));
  const needConstant = species.some((z) => !known.has(z));
  const e0 = fittedE0(
    configs.filter((c) => !isolated.has(c)),
    species,
    known,
  );
  const fitConfigs = configs.filter((c) => !isolated.has(c));
  if (fitConfigs.length < 2) throw new RangeError('need at least two non-isolated configurations to fit and validate');
  const size = dataSize(fitConfigs, rcut);
  const order = b.order ?? 3;
  const wL = b.wL ?? 1;
  const given = options.elementDegrees ? completeDegrees(options.elementDegrees, species, b.maxDegree, order) : null;
  const sizing =
    b.maxDegree || given
      ? null
      : sizeBasis(size, { order, wL, ...(options.maxColumns !== undefined ? { maxColumns: options.maxColumns } : {}) });
  const elementDegrees = given ?? sizing?.elementDegrees ?? null;
  const spec: AceBasisSpec = {
    species,
    order,
    maxDegree: given ? unionDegrees(given, order) : (b.maxDegree ?? (sizing as SizedBasis).maxDegree),
    wL,
    rcut,
    lambda: b.lambda ?? 0,
    ...(b.rin ? { rin: b.rin } : {}),
    constant: b.constant ?? needConstant,
  };
  const kind = options.kind ?? 'cg';
  const perElement = elementDegrees ? `; per element ${formatElementDegrees(elementDegrees)}` : '';
  if (sizing)
    log(
      `basis sized from the data: order ${order}, degrees ${sizing.maxDegree.join(',')}${perElement} (column budget ${sizing.budget}, ${sizing.limitedBy})`,
    );
  else if (given) log(`basis: order ${order}${perElement}`);
  // The estimate (and a refusal) comes before the descriptor's coupling tables are built.
  const features = enumerateFeatures(spec);
  const featureCount = features.count;
  const columnSelection = elementDegrees ? elementColumnSelection(features, species, elementDegrees) : null;
  const columns = columnSelection?.length ?? species.length * featureCount;
  if (!sizing && options.maxColumns !== undefined && columns > options.maxColumns)
    throw new ColumnBudgetError(spec.maxDegree, species.length, featureCount, options.maxColumns, columnSelection ? columns : undefined);
  log(`basis: ${species.length} species, ${featureCount} features per species, ${columns} columns, kind ${kind}`);
  const splits = options.folds !== undefined && options.folds >= 2 ? options.folds : 1;
  const estimateOf = (columns: number, featuresPerElement: number): FitEstimate =>
    estimateFit(size, {
      columns,
      featuresPerElement,
      splits,
      // estimateFit costs sketch as the Cholesky path that bounds it, and names it as itself
      solver: options.solver === undefined || options.solver === 'auto' ? solverFor(columns) : options.solver,
      ...(options.krylovSteps !== undefined ? { krylovSteps: options.krylovSteps } : {}),
    });
  const estimate = estimateOf(columns, featureCount);
  log(describeEstimate(estimate, species.length));
  if (options.memoryLimit !== undefined && estimate.bytes > options.memoryLimit) {
    throw new FitTooLargeError(
      tooLargeAdvice(estimate, options.memoryLimit, species.length, (P) => estimateOf(P, P / species.length).bytes),
      estimate,
      options.memoryLimit,
    );
  }
  const descriptor = new AceDescriptor(spec, kind, options.cpRank !== undefined ? { cpRank: options.cpRank } : {});
  const tFeatures = performance.now();
  // The krylov solver on a pool reads the design rows in place from shared memory: the blocks go into one arena
  // (1 energy, 3N force and 9 virial rows per configuration), each as soon as it is computed.
  const solver = options.solver === undefined || options.solver === 'auto' ? solverFor(columns) : options.solver;
  let arenaLength = 0;
  for (const c of fitConfigs) arenaLength += (10 + 3 * c.atoms.numbers.length) * columns;
  const arena = options.pool && solver === 'krylov' ? new SharedArena(arenaLength) : null;
  const prepared: PreparedConfig[] = fitConfigs.map((config, index) => {
    if (index % 20 === 0) log(`features: configuration ${index + 1}/${fitConfigs.length}`);
    let e0Sum = 0;
    for (const z of config.atoms.numbers) e0Sum += e0.get(z) ?? 0;
    const full = descriptor.design(config.atoms, neighborData(config.atoms, rcut));
    const own = columnSelection ? selectColumns(full, columnSelection) : full;
    const block = arena
      ? { columns: own.columns, energy: arena.place(own.energy), forces: arena.place(own.forces), virial: arena.place(own.virial) }
      : own;
    return { config, block, e0Sum };
  });
  const featureSeconds = (performance.now() - tFeatures) / 1000;
  return {
    descriptor,
    configs: prepared,
    e0,
    cpRank: options.cpRank,
    featureSeconds,
    estimate,
    sizing,
    elementDegrees,
    columnSelection,
    isolatedConfigs: isolated.size,
  };
}

/** Per-element degrees for every species: the given ones, `maxDegree` for the others (or a RangeError naming them). */
function completeDegrees(
  given: Readonly<Record<number, readonly number[]>>,
  species: readonly number[],
  maxDegree: readonly number[] | undefined,
  order: number,
): Record<number, readonly number[]> {
  const out: Record<number, readonly number[]> = {};
  for (const z of Object.keys(given).map(Number))
    if (!species.includes(z)) throw new RangeError(`elementDegrees names element ${z}, which is not in the data`);
  for (const z of species) {
    const D = given[z] ?? maxDegree;
    if (!D) throw new RangeError(`elementDegrees has no degrees for element ${z} (and no basis.maxDegree for the others)`);
    if (D.length < order) throw new RangeError(`degrees of element ${z} need ${order} values (one per order), got ${D.length}`);
    out[z] = D.slice(0, order);
  }
  return out;
}

/**
 * Solves a prepared fit: row weights, split or folds, ridge path and smoothness scan, final refit on
 * every configuration, error reports.
 *
 * @example
 * ```ts
 * const result = solveFit(prepareFit(configs), { folds: 5 });
 * ```
 */
export function solveFit(design: FitDesign, options: SolveOptions = {}): FitResult {
  const log = options.log ?? (() => {});
  const { descriptor, e0 } = design;
  const weightsFor = (type: string): RowWeights => ({
    ...DEFAULT_WEIGHTS,
    ...options.weights?.default,
    ...options.weights?.perConfigType?.[type],
  });
  const prepared: Prepared[] = design.configs.map((p) => ({ ...p, weights: weightsFor(p.config.configType) }));
  const featureSeconds = design.featureSeconds;
  const tSolve = performance.now();
  // Splits: k folds, or one hold-out split; stratified by config type.
  // mulberry32: the stream the published fold splits (docs/benchmarks/mlip.md) were drawn with.
  const rng = Random.mulberry32(options.seed ?? 1);
  const byType = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    const list = byType.get(p.config.configType) ?? [];
    list.push(i);
    byType.set(p.config.configType, list);
  });
  const folds = options.folds ?? 0;
  const foldOf = new Int32Array(prepared.length).fill(-1);
  let foldCount: number;
  if (folds >= 2) {
    foldCount = folds;
    let next = 0;
    for (const list of byType.values()) {
      for (const i of list.map((i) => ({ i, r: rng.uniform() })).sort((a, c) => a.r - c.r)) foldOf[i.i] = next++ % folds;
    }
  } else {
    foldCount = 1;
    const fraction = options.validationFraction ?? 0.1;
    for (const list of byType.values()) {
      const shuffled = list.map((i) => ({ i, r: rng.uniform() })).sort((a, c) => a.r - c.r);
      const nVal = Math.min(list.length - 1, Math.round(fraction * list.length));
      for (let k = 0; k < nVal; k++) foldOf[shuffled[k]!.i] = 0;
    }
  }
  const selection = design.columnSelection;
  const P = selection?.length ?? descriptor.columns;
  // Total degree per column for the smoothness prior (the feature list wraps over the species blocks without a selection).
  const columnDegree = selection
    ? Float64Array.from(selection, (c) => descriptor.features.degree[c % descriptor.features.count] as number)
    : descriptor.features.degree;
  const neOptions = options.pool ? { pool: options.pool } : {};
  const solver = options.solver === undefined || options.solver === 'auto' ? solverFor(P) : options.solver;
  // The sketch and Krylov paths never form the normal matrices: they work on the design rows of each split.
  const sketch = solver === 'sketch' || solver === 'krylov';
  const total = new NormalEquations(sketch ? 0 : P, neOptions);
  const foldNe = Array.from({ length: sketch ? 0 : foldCount }, () => new NormalEquations(P, neOptions));
  const tAssembly = performance.now();
  if (!sketch) {
    for (let i = 0; i < prepared.length; i++) {
      const f = foldOf[i] as number;
      if (f >= 0) addConfig(foldNe[f]!, prepared[i]!);
      else addConfig(total, prepared[i]!);
    }
    for (const f of foldNe) total.add(f);
  }
  const assemblySeconds = (performance.now() - tAssembly) / 1000;
  if (solver === 'krylov')
    log(
      `krylov: each Lanczos step's pass over the design rows ` +
        (options.pool ? `on ${options.pool.size} worker${options.pool.size === 1 ? '' : 's'}` : 'on this thread'),
    );
  if (!sketch)
    log(
      `normal equations: ${total.rows} rows × ${P} columns assembled in ${assemblySeconds.toFixed(1)} s ` +
        (options.pool ? `on ${options.pool.size} worker${options.pool.size === 1 ? '' : 's'}` : 'on this thread'),
    );
  /** The weighted design rows of the configurations `keep` selects (the sketch path). */
  const rowsOf = (keep: (i: number) => boolean): DesignRows[] => {
    const out: DesignRows[] = [];
    for (let i = 0; i < prepared.length; i++) if (keep(i)) out.push(...designRows(prepared[i]!));
    return out;
  };
  const lambdas = options.lambdas ?? logGrid(-12, 0, 2);
  const smoothnessList = options.smoothness ?? [0];
  const priorShape = options.smoothnessPrior ?? 'algebraic';
  const scan: { lambda: number; smoothness: number; validationLoss: number }[] = [];
  const heldOut: Comparison[][] = [];
  let best = { loss: Infinity, lambda: lambdas[0] as number, smoothness: smoothnessList[0] as number, l: 0, p: 0 };
  const trainOf = (f: number): NormalEquations => {
    const train = new NormalEquations(P);
    train.add(total);
    train.add(foldNe[f]!, -1);
    return train;
  };
  /** Held-out comparisons of fold f's held-out configurations for coefficients x. */
  const heldOutOf = (f: number, x: Float64Array): Comparison[] => {
    const out: Comparison[] = [];
    for (let i = 0; i < prepared.length; i++) if (foldOf[i] === f) out.push(predict(prepared[i]!, x));
    return out;
  };
  const lossOf = (f: number, comparisons: readonly Comparison[]): number => {
    let loss = 0;
    let c = 0;
    for (let i = 0; i < prepared.length; i++) if (foldOf[i] === f) loss += weightedLoss(prepared[i]!, comparisons[c++]!);
    return loss;
  };
  for (let si = 0; si < smoothnessList.length; si++) {
    const p = smoothnessList[si] as number;
    const prior = smoothnessScale(columnDegree, P, p, priorShape);
    const losses = new Map<number, number>();
    const comparisons = new Map<number, Comparison[]>();
    if (solver === 'krylov') {
      const ridges = Array.from(
        { length: foldCount },
        (_, f) =>
          new LanczosRidge(
            rowsOf((i) => foldOf[i] !== f),
            P,
            {
              prior,
              heldOut: rowsOf((i) => foldOf[i] === f),
              ...neOptions,
              ...(options.krylovSteps !== undefined ? { maxIterations: options.krylovSteps } : {}),
            },
          ),
      );
      const scored = krylovSearch(ridges, lambdas, log);
      let l0 = -1;
      for (const [l, v] of scored) {
        losses.set(l, v);
        if (l0 < 0 || v < (scored.get(l0) as number)) l0 = l;
      }
      const all: Comparison[] = [];
      for (let f = 0; f < foldCount; f++) all.push(...heldOutOf(f, ridges[f]!.solve(lambdas[l0] as number)));
      comparisons.set(l0, all);
    } else if (solver === 'eigen') {
      for (let l = 0; l < lambdas.length; l++) {
        losses.set(l, 0);
        comparisons.set(l, []);
      }
      for (let f = 0; f < foldCount; f++) {
        const path = ridgePath(trainOf(f), lambdas, prior);
        for (let l = 0; l < lambdas.length; l++) {
          const c = heldOutOf(f, path.solution(l));
          losses.set(l, (losses.get(l) as number) + lossOf(f, c));
          comparisons.get(l)!.push(...c);
        }
      }
    } else {
      const ridges = Array.from({ length: foldCount }, (_, f) =>
        sketch
          ? sketchRidge(
              rowsOf((i) => foldOf[i] !== f),
              P,
              { prior, ...neOptions },
            )
          : new CholeskyRidge(trainOf(f), prior, neOptions),
      );
      // Start at the grid point nearest 10⁻⁶, steps of 2 decades, then 1, then the grid's own spacing.
      let start = 0;
      for (let l = 0; l < lambdas.length; l++)
        if (Math.abs(Math.log10(lambdas[l] as number) + 6) < Math.abs(Math.log10(lambdas[start] as number) + 6)) start = l;
      const perDecade = lambdas.length > 1 ? 1 / Math.abs(Math.log10((lambdas[1] as number) / (lambdas[0] as number))) : 1;
      const search = patternSearch(
        lambdas.length,
        (l) => {
          let loss = 0;
          const all: Comparison[] = [];
          for (let f = 0; f < foldCount; f++) {
            const c = heldOutOf(f, ridges[f]!.solve(lambdas[l] as number));
            loss += lossOf(f, c);
            all.push(...c);
          }
          comparisons.set(l, all);
          log(`λ = ${(lambdas[l] as number).toExponential(1)}: validation loss ${loss.toExponential(3)}`);
          return loss;
        },
        start,
        Math.max(1, Math.round(2 * perDecade)),
      );
      for (const [l, v] of search.evaluated) losses.set(l, v);
      const f = ridges.reduce((a, r) => a + r.factorizations, 0);
      const it = ridges.reduce((a, r) => a + r.iterations, 0);
      log(`${solver} ridge search: ${search.evaluated.size} λ values, ${f} factorisations, ${it} CG iterations`);
    }
    let bestHere = -1;
    for (const [l, loss] of [...losses].sort((a, b) => a[0] - b[0])) {
      scan.push({ lambda: lambdas[l] as number, smoothness: p, validationLoss: loss });
      if (bestHere < 0 || loss < (losses.get(bestHere) as number)) bestHere = l;
      if (loss < best.loss) best = { loss, lambda: lambdas[l] as number, smoothness: p, l, p: si };
    }
    heldOut.push(comparisons.get(bestHere) ?? []);
    log(`smoothness ${p}: best validation loss ${(losses.get(bestHere) as number).toExponential(3)}`);
  }
  const validationComparisons = heldOut[best.p]!;
  const prior = smoothnessScale(columnDegree, P, best.smoothness, priorShape);
  const x =
    solver === 'eigen'
      ? ridgeSolve(total, best.lambda, prior)
      : solver === 'krylov'
        ? krylovRefit(
            new LanczosRidge(
              rowsOf(() => true),
              P,
              {
                prior,
                ...neOptions,
                ...(options.krylovSteps !== undefined ? { maxIterations: options.krylovSteps } : {}),
              },
            ),
            best.lambda,
            log,
          )
        : sketch
          ? sketchRidge(
              rowsOf(() => true),
              P,
              { prior, ...neOptions },
            ).solve(best.lambda)
          : new CholeskyRidge(total, prior, neOptions).solve(best.lambda);
  const committeeSize = options.committee ?? 8;
  const defaults = { ...DEFAULT_WEIGHTS, ...options.weights?.default };
  const noise = heldOutNoise(validationComparisons);
  let committee: Committee | null = null;
  if (committeeSize > 0 && sketch) log(`no posterior committee with the ${solver} solver (it needs the normal matrix)`);
  if (committeeSize > 0 && !sketch) {
    try {
      committee = posteriorCommittee(total, x, best.lambda, {
        size: committeeSize,
        seed: options.seed ?? 1,
        prior,
        weights: defaults,
        ...(noise ? { noise } : {}),
        ...neOptions,
      });
    } catch (e) {
      // Too few rows for σ² (n ≤ p_eff): the model is still fitted, without error bars.
      if (!(e instanceof RangeError) || committeeSize < 2) throw e;
      log(`no posterior committee: ${e.message}`);
    }
  }
  if (committee)
    log(
      `posterior committee: K = ${committeeSize}, σ = ${committee.sigma.toExponential(3)}, p_eff = ${committee.effectiveParameters.toFixed(1)} of ${P}`,
    );
  const solveSeconds = (performance.now() - tSolve) / 1000;
  log(`chose λ = ${best.lambda.toExponential(1)}, smoothness ${best.smoothness}`);
  const trainComparisons = prepared.map((p) => predict(p, x));
  const e0Record: Record<number, number> = {};
  for (const [z, v] of e0) e0Record[z] = v;
  const train = errorReport(trainComparisons);
  const validation = validationComparisons.length > 0 ? errorReport(validationComparisons) : null;
  const full = (v: Float64Array): Float64Array => (selection ? expandColumns(v, selection, descriptor.columns) : v);
  const modelCommittee = committee && selection ? { ...committee, members: committee.members.map(full) } : committee;
  const potential = new MlipPotential(
    descriptor,
    e0,
    full(x),
    {
      ...(design.elementDegrees ? { elementDegrees: design.elementDegrees } : {}),
      fitted: new Date().toISOString(),
      lambda: best.lambda,
      smoothness: best.smoothness,
      configurations: prepared.length,
      trainRMSE: { energy: train.all.energyRMSE, forces: train.all.forcesRMSE },
      ...(validation ? { validationRMSE: { energy: validation.all.energyRMSE, forces: validation.all.forcesRMSE } } : {}),
    },
    design.cpRank,
    modelCommittee,
  );
  return {
    potential,
    train,
    isolatedConfigs: design.isolatedConfigs,
    validation,
    lambda: best.lambda,
    smoothness: best.smoothness,
    scan,
    featureCount: descriptor.features.count,
    columns: P,
    seconds: { features: featureSeconds, assembly: assemblySeconds, solve: solveSeconds, total: featureSeconds + solveSeconds },
    e0: e0Record,
    estimate: design.estimate,
    sizing: design.sizing,
    elementDegrees: design.elementDegrees,
  };
}

/**
 * Default cutoff, Å: 5.5 for one element (the validated Si default), 5.0 with several (the sized basis has fewer
 * radial functions per element there; on a held-out fifth of the solvent set 5.0 Å gives energy / force RMSE
 * 11.8 meV/atom / 0.249 eV/Å against 14.9 / 0.368 at 5.5 Å, docs/BENCHMARKS.md).
 *
 * @example
 * ```ts
 * defaultCutoff(3); // 5
 * ```
 */
export function defaultCutoff(elements: number): number {
  return elements > 1 ? 5 : 5.5;
}

/**
 * Whether the Krylov solve at λ has converged: the ridge objective fell by at most `KRYLOV_TOLERANCE` of itself over
 * the last `KRYLOV_CHECK_STEPS` steps (`previous`: the objective one check earlier), or the space is exhausted.
 */
function krylovConverged(ridge: LanczosRidge, lambda: number, previous: number): boolean {
  if (ridge.exhausted) return true;
  const f = ridge.objective(lambda);
  return ridge.iterations > 0 && previous - f <= KRYLOV_TOLERANCE * f;
}

/**
 * The λ search of the `krylov` solver: extends every split's Krylov space by `KRYLOV_CHECK_STEPS` steps at a time and
 * reads each λ's held-out loss (summed over the splits) from the kept predictions of the basis
 * (`LanczosRidge.heldOutLoss`, no pass over the design). A λ is scored once, when it has converged on every split
 * (`krylovConverged`) and its held-out loss moved by at most `KRYLOV_TOLERANCE` of itself since the last check. Large λ
 * converge first; the search stops when the best scored λ has a scored smaller λ below it (the validation minimum is
 * bracketed, as `patternSearch` assumes of a unimodal loss), when every λ is scored, or at the Krylov cap (the λ not
 * converged are then scored with their capped solutions, and the log says so). Returns the held-out loss per scored
 * grid index.
 */
function krylovSearch(ridges: readonly LanczosRidge[], lambdas: readonly number[], log: (message: string) => void): Map<number, number> {
  const order = lambdas.map((_, l) => l).sort((a, b) => (lambdas[b] as number) - (lambdas[a] as number));
  const scored = new Map<number, number>();
  const bracketed = (): boolean => {
    let best = -1;
    for (const l of order) if (scored.has(l) && (best < 0 || (scored.get(l) as number) < (scored.get(best) as number))) best = l;
    if (best < 0) return false;
    return order.some((l) => scored.has(l) && (lambdas[l] as number) < (lambdas[best] as number));
  };
  const heldOutLoss = (l: number): number => ridges.reduce((a, r) => a + r.heldOutLoss(lambdas[l] as number), 0);
  // The objective per split and λ, and the held-out loss per λ, at the previous check.
  const previous = ridges.map((r) => lambdas.map((l) => r.objective(l)));
  const previousLoss = lambdas.map((_, l) => heldOutLoss(l));
  for (;;) {
    for (const l of order) {
      if (scored.has(l)) continue;
      const lambda = lambdas[l] as number;
      const loss = heldOutLoss(l);
      const settled = Math.abs(loss - (previousLoss[l] as number)) <= KRYLOV_TOLERANCE * loss;
      previousLoss[l] = loss;
      if (!settled || !ridges.every((r, f) => krylovConverged(r, lambda, previous[f]![l] as number))) continue;
      scored.set(l, loss);
      log(`λ = ${lambda.toExponential(1)}: validation loss ${loss.toExponential(3)} (${ridges[0]!.iterations} Lanczos steps)`);
    }
    if (scored.size === lambdas.length || bracketed()) break;
    if (!ridges.some((r) => r.canExtend)) {
      // At the cap: the λ not converged are scored with their capped (Krylov-regularised) solutions.
      const capped = order.filter((l) => !scored.has(l));
      for (const l of capped) scored.set(l, heldOutLoss(l));
      if (capped.length > 0)
        log(
          `krylov ridge search: at the cap of ${ridges[0]!.iterations} Lanczos steps, λ ≤ ${(lambdas[capped[0]!] as number).toExponential(1)} ` +
            'scored with their capped solutions',
        );
      break;
    }
    ridges.forEach((r, f) => {
      previous[f] = lambdas.map((l) => r.objective(l));
      r.extend(KRYLOV_CHECK_STEPS);
    });
  }
  const steps = ridges.reduce((a, r) => a + r.iterations, 0);
  log(`krylov ridge search: ${scored.size} λ values scored, ${steps} Lanczos steps`);
  return scored;
}

/**
 * The refit of the `krylov` solver: extends the Krylov space of every row until the solve at λ has converged
 * (`krylovConverged`) or the cap.
 */
function krylovRefit(ridge: LanczosRidge, lambda: number, log: (message: string) => void): Float64Array {
  let previous = ridge.objective(lambda);
  while (!krylovConverged(ridge, lambda, previous) && ridge.canExtend) {
    previous = ridge.objective(lambda);
    ridge.extend(KRYLOV_CHECK_STEPS);
  }
  const f = ridge.objective(lambda);
  log(
    `krylov refit: ${ridge.iterations} Lanczos steps, objective decrease over the last ${KRYLOV_CHECK_STEPS} ` +
      `${((previous - f) / f).toExponential(1)} of itself at λ = ${lambda.toExponential(1)}`,
  );
  return ridge.solve(lambda);
}

/** The solver of a fit with P columns: the eigendecomposition ridge path up to {@link EIGEN_PATH_MAX_COLUMNS}, Cholesky above. */
function solverFor(P: number): 'eigen' | 'cholesky' {
  return P <= EIGEN_PATH_MAX_COLUMNS ? 'eigen' : 'cholesky';
}

/**
 * Largest column count solved by the eigendecomposition ridge path (every λ for one O(P³) decomposition);
 * above it each λ tried costs one Cholesky factorisation (P³/3), a few of them chosen on the validation split.
 *
 * @example
 * ```ts
 * fitPotential(configs).estimate.solver; // 'eigen' for the default basis
 * ```
 */
export const EIGEN_PATH_MAX_COLUMNS = 3000;

/** The refusal message: what the fit needs, what is free, and the options that shrink it. */
function tooLargeAdvice(e: FitEstimate, limit: number, elements: number, bytesAt: (columns: number) => number): string {
  const gb = (x: number): string => (x / 1e9).toFixed(1);
  // Largest column count whose estimate fits (bisection on the monotone byte count).
  let lo = 0;
  let hi = e.columns;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bytesAt(mid) <= limit) lo = mid;
    else hi = mid;
  }
  const fitting = lo >= elements ? Math.floor(lo / (lo > 1000 ? 100 : 10)) * (lo > 1000 ? 100 : 10) : 0;
  const shrink =
    fitting > 0
      ? `use the default basis sized from the data (no --degree: ${DEFAULT_MAX_COLUMNS} columns or fewer), or a column budget that fits ` +
        `(maxColumns / --max-columns ${fitting} at most), or lower degrees (--degree) or correlation order (--order 2); fewer --folds also help`
      : 'the design rows alone exceed it: fit a subset of the configurations';
  return (
    `the fit needs about ${gb(e.bytes)} GB and ${Math.round(e.seconds.total)} s of CPU (${e.columns} columns: design rows ${gb(e.designBytes)} GB, ` +
    `${e.solver === 'krylov' ? 'Krylov bases' : `${e.columns}×${e.columns} matrices`} ${gb(e.matrixBytes)} GB) but only ${gb(limit)} GB are available; ${shrink}`
  );
}
