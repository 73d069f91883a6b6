import type { AtomsState } from '@equitensor/md';
import { choleskyInPlace, Random, type WorkerPool } from '@equitensor/tensor';
import { columnScale, type NormalEquations, RIDGE_FLOOR } from './lsq.ts';
import { type NeighborData, neighborData } from './neighbor-data.ts';

/**
 * Uncertainty of a linear ACE fit: a committee of coefficient vectors drawn from the Bayesian posterior of the
 * ridge regression, plus the observation noise the fit's residuals imply.
 *
 * The fit minimises Σ w²(aᵀx − y)² + λ Σ_k D_k² x_k² (D = column scale, see `columnScale`). Read as a Bayesian
 * model — y = aᵀc + ε, ε ~ N(0, σ²/w²), prior c_k ~ N(0, σ²/(λ D_k²)) — the posterior over c is Gaussian,
 * N(x, σ² D⁻¹(Ĝ + λI)⁻¹D⁻¹) with Ĝ = D⁻¹GD⁻¹, and σ² is estimated from the weighted residuals as
 * RSS / (n − p_eff) with p_eff = tr(Ĝ(Ĝ + λI)⁻¹) = P − λ tr((Ĝ + λI)⁻¹), the effective number of parameters.
 *
 * - `members`: K coefficient vectors x + δ_k, δ_k = σ D⁻¹ L⁻ᵀ z_k (L Lᵀ = Ĝ + λI, z_k standard normal), re-centred
 *   so that their mean is exactly x: the committee mean predicts what the fitted model predicts, and the sample
 *   variance (divisor K − 1) is an unbiased estimate of the posterior predictive variance of any linear output.
 * - `noise`: the observation noise. The single-σ model gives σ√N/w_E for an energy of N atoms and σ/w_F for a force
 *   component, but σ is set by the force rows (there are 3N of them per energy) and the weights w_E/w_F are a
 *   fitting choice, not a noise ratio: on held-out halves of Si_tiny and Zuo's Si set those bars covered 77 % and
 *   41 % of energies at 2σ. So `fitPotential` measures the noise on its own held-out configurations instead
 *   ({@link heldOutNoise}: root mean square held-out error per √atom and per force component), which also absorbs
 *   the model's misfit that a Gaussian posterior does not see; the committee spread is added in quadrature.
 *
 * A committee rather than the posterior factor: K·P numbers in the model file instead of P²/2 (8·347 against 60,000
 * for the default Si basis, 16,000 against 2,000,000 at P = 2,000), and forces come from the same K linear
 * evaluations as energies. The price is a variance estimated from K samples (7 degrees of freedom for K = 8).
 *
 * @example
 * ```ts
 * const { potential } = fitPotential(configs); // committee of 8 by default
 * potential.uncertainty?.members.length; // 8
 * ```
 */
export interface Committee {
  /** K coefficient vectors (each of the model's column count), mean exactly the fitted coefficients. */
  readonly members: readonly Float64Array[];
  /** σ: the noise scale of a unit-weight row, from the weighted residuals. */
  readonly sigma: number;
  /** Observation noise: `energy` in eV per √atom, `forces` in eV/Å per component. */
  readonly noise: { readonly energy: number; readonly forces: number };
  /**
   * Where `noise` comes from: `held-out` (the fit's validation errors, {@link heldOutNoise}; what `fitPotential` uses
   * when it has held-out configurations) or `residuals` (σ/w_E and σ/w_F of the single-σ model).
   */
  readonly noiseFrom: 'held-out' | 'residuals';
  /** Effective number of parameters p_eff and weighted rows n behind σ². */
  readonly effectiveParameters: number;
  readonly rows: number;
  /**
   * Per atomic number, the largest committee spread of an atom's energy over the training configurations (eV): the
   * unit of the extrapolation grade (`extrapolationGrades` in extrapolation.ts). Absent in files fitted before grades.
   */
  readonly gradeReference?: Readonly<Record<number, number>>;
}

/**
 * Options of {@link posteriorCommittee}.
 *
 * @example
 * ```ts
 * const o: CommitteeOptions = { size: 8, seed: 1, weights: { energy: 30, forces: 1 } };
 * ```
 */
export interface CommitteeOptions {
  /** Committee size K (≥ 2, default 8). */
  readonly size?: number;
  /** Seed of the normal draws (default 1). */
  readonly seed?: number;
  /** The default energy and force row weights of the fit (for the noise terms). */
  readonly weights: { readonly energy: number; readonly forces: number };
  /**
   * Observation noise measured on held-out configurations (energy eV/√atom, force component eV/Å), replacing
   * σ/w_E and σ/w_F; see {@link heldOutNoise}.
   */
  readonly noise?: { readonly energy: number; readonly forces: number };
  /** Smoothness prior per column, as given to the solver (default none). */
  readonly prior?: Float64Array;
  /** Largest P whose p_eff trace is computed exactly (default {@link EXACT_TRACE_MAX_COLUMNS}); above, Hutchinson's estimate. */
  readonly exactTraceMaxColumns?: number;
  /** Factor Ĝ + λI on this shared-memory worker pool (bit-for-bit the one-thread factor; default: this thread). */
  readonly pool?: WorkerPool;
}

/**
 * Largest column count for which p_eff's trace tr((Ĝ + λI)⁻¹) = ‖L⁻¹‖²_F is computed exactly (P³/6 multiply-adds:
 * 2.6 s of CPU at P = 2,000 here, on top of the factor's 0.9 s). Above it, Hutchinson's estimator with
 * {@link TRACE_PROBES} Rademacher probes (P² each): p_eff enters σ² only through n − p_eff, and the sizing keeps
 * n ≥ 3P, so its few-per-cent error moves σ by less than that.
 *
 * @example
 * ```ts
 * posteriorCommittee(ne, x, λ, { weights, exactTraceMaxColumns: EXACT_TRACE_MAX_COLUMNS });
 * ```
 */
export const EXACT_TRACE_MAX_COLUMNS = 3000;

/**
 * Rademacher probes of the Hutchinson trace estimate above {@link EXACT_TRACE_MAX_COLUMNS} columns.
 *
 * @example
 * ```ts
 * TRACE_PROBES; // 64
 * ```
 */
export const TRACE_PROBES = 64;

/** ‖L⁻¹‖²_F, L⁻¹ by forward substitution one column at a time. */
function exactInverseTrace(L: Float64Array, P: number): number {
  let trace = 0;
  const col = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    col.fill(0, 0, j);
    for (let i = j; i < P; i++) {
      let s = i === j ? 1 : 0;
      const ri = i * P;
      for (let t = j; t < i; t++) s -= (L[ri + t] as number) * (col[t] as number);
      const v = s / (L[ri + i] as number);
      col[i] = v;
      trace += v * v;
    }
  }
  return trace;
}

/** Hutchinson: mean over Rademacher z of ‖L⁻¹z‖² = zᵀ(LLᵀ)⁻¹z, unbiased for tr((LLᵀ)⁻¹). */
function hutchinsonInverseTrace(L: Float64Array, P: number, rng: Random): number {
  let sum = 0;
  const y = new Float64Array(P);
  for (let probe = 0; probe < TRACE_PROBES; probe++) {
    for (let i = 0; i < P; i++) {
      const ri = i * P;
      let s = rng.uniform() < 0.5 ? -1 : 1;
      for (let t = 0; t < i; t++) s -= (L[ri + t] as number) * (y[t] as number);
      const v = s / (L[ri + i] as number);
      y[i] = v;
      sum += v * v;
    }
  }
  return sum / TRACE_PROBES;
}

/**
 * Draws a committee from the ridge posterior of normal equations `ne` solved at `lambda` with coefficients `x`.
 * Cost: one Cholesky factor (P³/6), its inverse (P³/6) for the trace up to {@link EXACT_TRACE_MAX_COLUMNS} columns
 * (Hutchinson's estimate above), then K triangular solves.
 *
 * @example
 * ```ts
 * const c = posteriorCommittee(ne, x, 1e-6, { weights: { energy: 30, forces: 1 } });
 * c.members.length; // 8
 * ```
 */
export function posteriorCommittee(ne: NormalEquations, x: Float64Array, lambda: number, options: CommitteeOptions): Committee {
  const K = options.size ?? 8;
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`committee size must be an integer ≥ 2, got ${K}`);
  const P = ne.size;
  if (x.length !== P) throw new RangeError(`expected ${P} coefficients, got ${x.length}`);
  const G = ne.gram;
  const scale = columnScale(ne, options.prior);
  // Weighted residual sum of squares at x: Σw²y² − 2xᵀg + xᵀGx (G from its upper triangle).
  let xGx = 0;
  for (let a = 0; a < P; a++) {
    const xa = x[a] as number;
    if (xa === 0) continue;
    xGx += (G[a * P + a] as number) * xa * xa;
    let s = 0;
    for (let b = a + 1; b < P; b++) s += (G[a * P + b] as number) * (x[b] as number);
    xGx += 2 * xa * s;
  }
  let xg = 0;
  for (let a = 0; a < P; a++) xg += (x[a] as number) * (ne.rhs[a] as number);
  const rss = Math.max(0, ne.targetSquare - 2 * xg + xGx);
  // L Lᵀ = Ĝ + λI (λ raised by decades if float64 finds it not positive definite, as CholeskyRidge does).
  let L: Float64Array | null = null;
  let l = Math.max(lambda, RIDGE_FLOOR);
  for (; l <= 1e6 * Math.max(lambda, 1); l *= 10) {
    const a = options.pool ? new Float64Array(new SharedArrayBuffer(8 * P * P)) : new Float64Array(P * P);
    for (let i = 0; i < P; i++) {
      const si = scale[i] as number;
      for (let j = 0; j < i; j++) a[i * P + j] = (G[j * P + i] as number) / (si * (scale[j] as number));
      a[i * P + i] = (G[i * P + i] as number) / (si * si) + l;
    }
    if (choleskyInPlace(a, P, 64, options.pool)) {
      L = a;
      break;
    }
  }
  if (!L) throw new RangeError('the normal matrix is not positive definite even with a large ridge');
  const rng = new Random(options.seed ?? 1);
  const trace =
    P <= (options.exactTraceMaxColumns ?? EXACT_TRACE_MAX_COLUMNS) ? exactInverseTrace(L, P) : hutchinsonInverseTrace(L, P, rng);
  const effectiveParameters = P - l * trace;
  const dof = ne.rows - effectiveParameters;
  if (!(dof > 0))
    throw new RangeError(`no residual degrees of freedom for σ² (${ne.rows} rows, ${effectiveParameters.toFixed(1)} effective parameters)`);
  const sigma = Math.sqrt(rss / dof);
  // δ_k = σ D⁻¹ L⁻ᵀ z_k, then re-centred on their mean.
  const deltas: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const u = new Float64Array(P);
    for (let i = 0; i < P; i++) u[i] = rng.normal();
    for (let i = P - 1; i >= 0; i--) {
      const ri = i * P;
      const ui = (u[i] as number) / (L[ri + i] as number);
      u[i] = ui;
      for (let t = 0; t < i; t++) u[t] = (u[t] as number) - (L[ri + t] as number) * ui;
    }
    for (let i = 0; i < P; i++) u[i] = (sigma * (u[i] as number)) / (scale[i] as number);
    deltas.push(u);
  }
  const mean = new Float64Array(P);
  for (const d of deltas) for (let i = 0; i < P; i++) mean[i] = (mean[i] as number) + (d[i] as number) / K;
  const members = deltas.map((d) => {
    const c = new Float64Array(P);
    for (let i = 0; i < P; i++) c[i] = (x[i] as number) + (d[i] as number) - (mean[i] as number);
    return c;
  });
  return {
    members,
    sigma,
    noise: options.noise ?? {
      // A kind of row the fit did not weigh has no noise estimate: 0 (its error bar is the committee spread alone).
      energy: options.weights.energy > 0 ? sigma / options.weights.energy : 0,
      forces: options.weights.forces > 0 ? sigma / options.weights.forces : 0,
    },
    noiseFrom: options.noise ? 'held-out' : 'residuals',
    effectiveParameters,
    rows: ne.rows,
  };
}

/**
 * Observation noise from held-out errors: energy √(mean of err²/N) in eV/√atom, forces the RMS component error in
 * eV/Å; null when a kind has no held-out value.
 *
 * @example
 * ```ts
 * heldOutNoise(result.validationComparisons); // { energy: 0.009, forces: 0.08 }
 * ```
 */
export function heldOutNoise(
  comparisons: readonly {
    readonly atoms: number;
    readonly energy: { predicted: number; reference: number } | null;
    readonly forces: { predicted: ArrayLike<number>; reference: ArrayLike<number> } | null;
  }[],
): { energy: number; forces: number } | null {
  let e2 = 0;
  let nE = 0;
  let f2 = 0;
  let nF = 0;
  for (const c of comparisons) {
    if (c.energy) {
      e2 += (c.energy.predicted - c.energy.reference) ** 2 / c.atoms;
      nE++;
    }
    if (c.forces)
      for (let k = 0; k < c.forces.reference.length; k++) {
        f2 += ((c.forces.predicted[k] as number) - (c.forces.reference[k] as number)) ** 2;
        nF++;
      }
  }
  if (nE === 0 || nF === 0) return null;
  return { energy: Math.sqrt(e2 / nE), forces: Math.sqrt(f2 / nF) };
}

/**
 * What {@link committeePredict} needs of a model: the descriptor's design rows, E0 and the committee.
 *
 * @example
 * ```ts
 * const model: CommitteeModel = loadModel(text); // an MlipPotential is one
 * ```
 */
export interface CommitteeModel {
  readonly descriptor: {
    readonly cutoff: number;
    design(atoms: AtomsState, nd: NeighborData): { energy: Float64Array; forces: Float64Array };
  };
  readonly e0: ReadonlyMap<number, number>;
  readonly uncertainty: Committee | null;
}

/**
 * A prediction with error bars.
 *
 * @example
 * ```ts
 * const { energy, energySigma, forceSigmas } = committeePredict(potential, atoms);
 * ```
 */
export interface CommitteePrediction {
  /** Committee-mean energy (eV): the fitted model's energy. */
  readonly energy: number;
  /** Committee-mean forces (eV/Å, 3N). */
  readonly forces: Float64Array;
  /** Predictive standard deviation of the energy (eV): committee spread and observation noise σ√N/w_E, in quadrature. */
  readonly energySigma: number;
  /** Committee spread alone of the energy (eV). */
  readonly energyCommitteeSigma: number;
  /** Predictive standard deviation of each force component (eV/Å, 3N): committee spread and noise σ/w_F. */
  readonly forceComponentSigmas: Float64Array;
  /** Per-atom force error bar (eV/Å, N): √(mean of its three component variances). */
  readonly forceSigmas: Float64Array;
}

/**
 * Energy and forces of `atoms` with error bars from the model's committee (throws a `RangeError` if the model has none).
 * Evaluates the design rows once (features and their derivatives), then each member is K dot products.
 *
 * @example
 * ```ts
 * const model = loadModel(readFileSync('si.json', 'utf8'));
 * const p = committeePredict(model, atoms);
 * console.log(p.energy, '±', p.energySigma);
 * ```
 */
export function committeePredict(model: CommitteeModel, atoms: AtomsState): CommitteePrediction {
  const c = model.uncertainty;
  if (!c) throw new RangeError('the model has no uncertainty committee (fit it with committee > 0)');
  const N = atoms.numbers.length;
  const block = model.descriptor.design(atoms, neighborData(atoms, model.descriptor.cutoff));
  const K = c.members.length;
  const P = block.energy.length;
  let e0Sum = 0;
  for (const z of atoms.numbers) e0Sum += model.e0.get(z) ?? 0;
  const energies = c.members.map((m) => {
    let s = e0Sum;
    for (let k = 0; k < P; k++) s += (block.energy[k] as number) * (m[k] as number);
    return s;
  });
  const energy = energies.reduce((a, b) => a + b, 0) / K;
  const energyVar = energies.reduce((a, e) => a + (e - energy) ** 2, 0) / (K - 1);
  const forces = new Float64Array(3 * N);
  const forceComponentSigmas = new Float64Array(3 * N);
  const values = new Float64Array(K);
  for (let r = 0; r < 3 * N; r++) {
    let mean = 0;
    for (let k = 0; k < K; k++) {
      const m = c.members[k] as Float64Array;
      let s = 0;
      for (let q = 0; q < P; q++) s += (block.forces[r * P + q] as number) * (m[q] as number);
      values[k] = s;
      mean += s / K;
    }
    let v = 0;
    for (let k = 0; k < K; k++) v += ((values[k] as number) - mean) ** 2;
    forces[r] = mean;
    forceComponentSigmas[r] = Math.sqrt(v / (K - 1) + c.noise.forces ** 2);
  }
  const forceSigmas = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let v = 0;
    for (let d = 0; d < 3; d++) v += (forceComponentSigmas[3 * i + d] as number) ** 2;
    forceSigmas[i] = Math.sqrt(v / 3);
  }
  return {
    energy,
    forces,
    energySigma: Math.sqrt(energyVar + N * c.noise.energy ** 2),
    energyCommitteeSigma: Math.sqrt(energyVar),
    forceComponentSigmas,
    forceSigmas,
  };
}

/**
 * Coverage of error bars: the fraction of |error| ≤ σ and ≤ 2σ (nominal 68.3 % and 95.4 % for Gaussian errors).
 *
 * @example
 * ```ts
 * coverage([0.1, -0.5, 3], [1, 1, 1]); // { n: 3, within1: 2/3, within2: 2/3 }
 * ```
 */
export function coverage(errors: ArrayLike<number>, sigmas: ArrayLike<number>): { n: number; within1: number; within2: number } {
  if (errors.length !== sigmas.length) throw new RangeError(`errors (${errors.length}) and sigmas (${sigmas.length}) differ in length`);
  const n = errors.length;
  let w1 = 0;
  let w2 = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(errors[i] as number);
    const s = sigmas[i] as number;
    if (e <= s) w1++;
    if (e <= 2 * s) w2++;
  }
  return { n, within1: n > 0 ? w1 / n : Number.NaN, within2: n > 0 ? w2 / n : Number.NaN };
}
