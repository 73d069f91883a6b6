import type { ErrorStats } from './errors-report.ts';
import { type FitDesign, type FitResult, type RowWeights, type SolveOptions, solveFit } from './fit.ts';

/**
 * The model-selection score of held-out errors: ln(energy MAE per atom) + ln(force MAE per component), the metric
 * papers and benchmarks report (Zuo et al. 2020, the ACEpotentials paper: MAE in meV/atom and eV/Å), made scale-free
 * so that neither unit decides: minimising it minimises the product of the two MAEs, i.e. equal relative gains in
 * energies and forces count the same. It is also Σ ln(MAE / MAE_ref) up to a constant for any reference (e.g. MTP's
 * published 2.21 meV/atom and 0.06 eV/Å), so the candidate it picks does not depend on which reference one beats.
 * With no force (or no energy) labels it is the log of the other MAE alone.
 *
 * The fit's own weighted squared loss (used for λ inside `solveFit`) is not this: its squares let the few largest
 * errors (Zuo Si's 12 surface slabs, ≈ 15 meV/atom held out against 1–3 for the bulk) decide, and its energy/force
 * balance is the weights being chosen here.
 *
 * @example
 * ```ts
 * selectionScore({ configs: 10, atoms: 640, energyMAE: 0.00221, energyRMSE: 0.003, forcesMAE: 0.06, forcesRMSE: 0.09, virialRMSE: NaN });
 * // ln(0.00221) + ln(0.06) ≈ −8.93
 * ```
 */
export function selectionScore(stats: ErrorStats): number {
  const e = stats.energyMAE;
  const f = stats.forcesMAE;
  const hasE = Number.isFinite(e) && e > 0;
  const hasF = Number.isFinite(f) && f > 0;
  if (!hasE && !hasF) return Number.NaN;
  return (hasE ? Math.log(e) : 0) + (hasF ? Math.log(f) : 0);
}

/**
 * The default row-weight candidates of {@link selectWeights}: energy weights 10, 30 (ACEpotentials.jl's default)
 * and 100 per √atom, force weight 1, and virial weights 1 (the default) and 0.2 — the two choices that moved the
 * cross-validated Zuo Si errors most in docs/benchmarks/mlip.md (virial weight 1 → 0.2: −11 % energy, −8 % forces;
 * energy weight trades the two figures). Virial candidates are dropped for data without virials.
 *
 * @example
 * ```ts
 * WEIGHT_CANDIDATES.length; // 6
 * ```
 */
export const WEIGHT_CANDIDATES: readonly RowWeights[] = [10, 30, 100].flatMap((energy) =>
  [1, 0.2].map((virial) => ({ energy, forces: 1, virial })),
);

/**
 * One candidate's cross-validated outcome.
 *
 * @example
 * ```ts
 * const { weights, validation, score } = selection.candidates[0];
 * ```
 */
export interface CandidateOutcome {
  readonly weights: RowWeights;
  /** λ the fit chose for these weights (by its weighted loss on the same folds). */
  readonly lambda: number;
  /** Held-out errors: every configuration predicted by the fold model that left it out. */
  readonly validation: ErrorStats;
  /** {@link selectionScore} of `validation` (lower is better). */
  readonly score: number;
  readonly seconds: number;
}

/**
 * The outcome of {@link selectWeights}: every candidate, the chosen one, and its fit (refitted on all data).
 *
 * @example
 * ```ts
 * const { chosen, result } = selectWeights(prepareFit(configs));
 * console.log(chosen.weights, result.validation?.all.energyMAE);
 * ```
 */
export interface WeightSelection {
  readonly candidates: readonly CandidateOutcome[];
  readonly chosen: CandidateOutcome;
  readonly result: FitResult;
}

/**
 * Options of {@link selectWeights}: `solveFit`'s (the same folds and seed for every candidate; default 5 folds) and
 * the candidate default weights (per-config-type weights in `weights.perConfigType` apply on top of each).
 *
 * @example
 * ```ts
 * const o: SelectOptions = { folds: 5, candidates: [{ energy: 30, forces: 1, virial: 1 }, { energy: 30, forces: 1, virial: 0.2 }] };
 * ```
 */
export interface SelectOptions extends SolveOptions {
  readonly candidates?: readonly RowWeights[];
}

/**
 * Chooses the default row weights (energy, forces, virial) of a prepared fit by cross-validation scored with the
 * report metric ({@link selectionScore}): each candidate is solved on the same folds (λ chosen per candidate, as
 * `solveFit` does), and the candidate with the lowest score is kept. Features are computed once (`prepareFit`), so
 * each candidate costs one `solveFit`. Ties (equal scores) keep the earlier candidate.
 *
 * @example
 * ```ts
 * const design = prepareFit(configs);
 * const { chosen, result } = selectWeights(design, { folds: 5 });
 * writeFileSync('model.json', result.potential.serialize());
 * ```
 */
export function selectWeights(design: FitDesign, options: SelectOptions = {}): WeightSelection {
  const log = options.log ?? (() => {});
  const hasVirials = design.configs.some((c) => c.config.virial !== null);
  const seen = new Set<string>();
  const candidates = (options.candidates ?? WEIGHT_CANDIDATES)
    .map((w) => (hasVirials ? w : { ...w, virial: 0 }))
    .filter((w) => {
      const key = `${w.energy}/${w.forces}/${w.virial}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (candidates.length === 0) throw new RangeError('selectWeights needs at least one candidate');
  const folds = options.folds ?? 5;
  const outcomes: CandidateOutcome[] = [];
  let best: { outcome: CandidateOutcome; result: FitResult } | null = null;
  for (const weights of candidates) {
    const t0 = performance.now();
    const { log: _, ...rest } = options;
    const result = solveFit(design, {
      ...rest,
      folds,
      committee: 0,
      weights: { default: weights, ...(options.weights?.perConfigType ? { perConfigType: options.weights.perConfigType } : {}) },
    });
    if (!result.validation) throw new RangeError('selectWeights needs held-out configurations (folds ≥ 2)');
    const outcome: CandidateOutcome = {
      weights,
      lambda: result.lambda,
      validation: result.validation.all,
      score: selectionScore(result.validation.all),
      seconds: (performance.now() - t0) / 1000,
    };
    outcomes.push(outcome);
    log(
      `weights E ${weights.energy}, F ${weights.forces}, V ${weights.virial}: CV E MAE ${(1000 * outcome.validation.energyMAE).toFixed(2)} meV/atom, ` +
        `F MAE ${outcome.validation.forcesMAE.toFixed(4)} eV/Å, score ${outcome.score.toFixed(4)} (λ ${outcome.lambda.toExponential(1)})`,
    );
    if (best === null || outcome.score < best.outcome.score) best = { outcome, result };
  }
  const chosen = (best as { outcome: CandidateOutcome; result: FitResult }).outcome;
  // The chosen candidate's final model, now with its posterior committee (the scan ran without one).
  const result =
    options.committee === 0
      ? (best as { result: FitResult }).result
      : solveFit(design, {
          ...options,
          folds,
          weights: {
            default: chosen.weights,
            ...(options.weights?.perConfigType ? { perConfigType: options.weights.perConfigType } : {}),
          },
        });
  return { candidates: outcomes, chosen, result };
}
