/**
 * `md run --max-grade / --warn-grade`: the extrapolation grade of an `mlip:` model (`@equitensor/mlip`'s
 * `extrapolationGrades`: an atom's committee energy spread over the largest of any training atom, ≤ 1 on the
 * training set) checked on every state the run checks — the first one and each frame (every `--every` steps).
 */
import type { DynamicsSnapshot, Potential, System } from '@equitensor/md';
import { extrapolationGrades, MlipPotential } from '@equitensor/mlip';
import { UsageError } from './errors.ts';
import type { MdRunStop } from './md-run.ts';

/** Exit code of a run stopped by `--max-grade`. */
export const EXTRAPOLATION_EXIT_CODE = 4;

/** What the run reports of the grades it checked. */
export interface GradeSummary {
  readonly checks: number;
  /** Largest grade seen, its step and atom (index in the input). */
  readonly maxGrade: number;
  readonly maxGradeStep: number;
  readonly maxGradeAtom: number;
  /** Checks whose grade exceeded `--warn-grade`. */
  readonly warnings: number;
  readonly maxGradeLimit: number | null;
  readonly warnGrade: number | null;
}

/** Options of {@link gradeMonitor}. */
export interface GradeMonitorOptions {
  readonly maxGrade?: number;
  readonly warnGrade?: number;
  /** The `--potential` spec, for messages. */
  readonly spec: string;
  readonly warn: (message: string) => void;
  /** Whether a checkpoint is written (the stop message says so). */
  readonly checkpoint: boolean;
}

/**
 * A grade check for `runMd` (`MdRunRequest.check`) and its summary; refuses (`UsageError`, exit 2) a potential that
 * is not an `mlip:` model with a committee and a grade reference.
 *
 * @example
 * ```ts
 * const monitor = gradeMonitor(potential, { maxGrade: 2, spec: 'mlip:si.json', warn: console.error, checkpoint: false });
 * await runMd({ ...request, check: monitor.check }, cpuBackend);
 * monitor.summary().maxGrade;
 * ```
 */
export function gradeMonitor(potential: Potential, options: GradeMonitorOptions) {
  const flag = options.maxGrade !== undefined ? '--max-grade' : '--warn-grade';
  if (!(potential instanceof MlipPotential))
    throw new UsageError(`${flag} needs --potential mlip:MODEL (an ACE model fitted by mlip fit), got ${options.spec}`);
  if (!potential.uncertainty)
    throw new UsageError(`${flag}: ${options.spec} has no uncertainty committee; fit it again with mlip fit to get extrapolation grades`);
  if (!potential.uncertainty.gradeReference)
    throw new UsageError(`${flag}: ${options.spec} has no grade reference (fitted before grades existed); fit it again with mlip fit`);
  let checks = 0;
  let warnings = 0;
  let max = { grade: -1, step: -1, atom: -1 };
  const check = (snapshot: DynamicsSnapshot, system: System): MdRunStop | null => {
    const g = extrapolationGrades(potential, {
      numbers: system.numbers,
      positions: snapshot.positions,
      cell: snapshot.cell,
      pbc: system.pbc,
    });
    checks++;
    if (g.max > max.grade) max = { grade: g.max, step: snapshot.step, atom: g.atom };
    const z = system.numbers[g.atom];
    if (options.maxGrade !== undefined && g.max > options.maxGrade)
      return {
        exitCode: EXTRAPOLATION_EXIT_CODE,
        reason: 'extrapolation',
        step: snapshot.step,
        quantity: 'extrapolation grade',
        message:
          `extrapolation grade ${g.max.toFixed(3)} of atom ${g.atom} (Z = ${z}) at step ${snapshot.step} exceeds --max-grade ${options.maxGrade} ` +
          `(1 = the most uncertain atom of the training set); stopped, keeping the trajectory up to step ${snapshot.step}` +
          `${options.checkpoint ? ' and a checkpoint of it' : ''}`,
      };
    if (options.warnGrade !== undefined && g.max > options.warnGrade) {
      if (warnings === 0)
        options.warn(
          `extrapolation grade ${g.max.toFixed(3)} of atom ${g.atom} (Z = ${z}) at step ${snapshot.step} exceeds --warn-grade ${options.warnGrade} (later ones are counted in the summary)`,
        );
      warnings++;
    }
    return null;
  };
  const summary = (): GradeSummary => ({
    checks,
    maxGrade: max.grade,
    maxGradeStep: max.step,
    maxGradeAtom: max.atom,
    warnings,
    maxGradeLimit: options.maxGrade ?? null,
    warnGrade: options.warnGrade ?? null,
  });
  return { check, summary };
}
