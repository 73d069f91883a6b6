/**
 * `mlip fit --auto` and `mlip eval --plot`: the parts of the mlip commands that only wrap one library call each
 * (`selectWeights`, `paritySvg`), kept apart from mlip-action.ts.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { isSpecialFile } from '@equitensor/io/node';
import {
  type CandidateOutcome,
  type Comparison,
  type FitOptions,
  type FitResult,
  type LabelledConfig,
  paritySvg,
  prepareFit,
  selectWeights,
} from '@equitensor/mlip';

/** What `mlip fit --auto` reports of its selection (under `selection` in `--json`). */
export interface SelectionReport {
  readonly criterion: string;
  readonly folds: number;
  readonly chosen: CandidateOutcome['weights'];
  readonly candidates: readonly {
    readonly weights: CandidateOutcome['weights'];
    readonly lambda: number;
    readonly energyMAE: number;
    readonly forcesMAE: number;
    readonly score: number;
  }[];
}

/**
 * `mlip fit --auto`: the features once, then every row-weight candidate of `selectWeights` (energy 10/30/100 ×
 * virial 1/0.2 per √atom, force 1) on the same k folds (default 5), scored by ln(E MAE) + ln(F MAE) of the held-out
 * predictions; the best is refitted on all data with its committee.
 *
 * @example
 * ```ts
 * const { result, selection } = autoFit(configs, { folds: 5 });
 * ```
 */
export function autoFit(configs: readonly LabelledConfig[], options: FitOptions): { result: FitResult; selection: SelectionReport } {
  const t0 = performance.now();
  const design = prepareFit(configs, options);
  const folds = options.folds !== undefined && options.folds >= 2 ? options.folds : 5;
  const { basis: _b, kind: _k, cpRank: _c, e0: _e, maxColumns: _m, memoryLimit: _l, weights, ...solve } = options;
  const s = selectWeights(design, {
    ...solve,
    folds,
    ...(weights?.perConfigType ? { weights: { perConfigType: weights.perConfigType } } : {}),
  });
  const result: FitResult = { ...s.result, seconds: { ...s.result.seconds, total: (performance.now() - t0) / 1000 } };
  return {
    result,
    selection: {
      criterion: 'ln(energy MAE per atom) + ln(force component MAE), k-fold cross-validation',
      folds,
      chosen: s.chosen.weights,
      candidates: s.candidates.map((c) => ({
        weights: c.weights,
        lambda: c.lambda,
        energyMAE: c.validation.energyMAE,
        forcesMAE: c.validation.forcesMAE,
        score: c.score,
      })),
    },
  };
}

/**
 * `mlip eval --plot FILE.svg`: the parity plot of the comparisons, written whole (a temporary file renamed into
 * place; a device or FIFO is written in place).
 *
 * @example
 * ```ts
 * writeParityPlot('parity.svg', comparisons, 'si.json on test.xyz');
 * ```
 */
export function writeParityPlot(path: string, comparisons: readonly Comparison[], title: string): void {
  const svg = paritySvg(comparisons, { title });
  if (isSpecialFile(path)) {
    writeFileSync(path, svg);
    return;
  }
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, svg);
  renameSync(tmp, path);
}
