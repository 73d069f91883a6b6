/**
 * The work of `equitensor mlip fit|eval`, loaded only when the command runs (see mlip.ts).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { chemicalSymbol, parseStructures } from '@equitensor/io';
import type { Potential } from '@equitensor/md';
import {
  ColumnBudgetError,
  committeePredict,
  coverage,
  type ErrorStats,
  errorReport,
  extrapolationGrades,
  type FitOptions,
  fitPotential,
  LabelError,
  type LabelKeys,
  type LabelledConfig,
  labelledConfigs,
  type MlipPotential,
  parseElementDegrees,
  withGradeReference,
} from '@equitensor/mlip';
import { potentialOnPool } from '../../worker/pooled-potential.ts';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { asUsageError } from '../options.ts';
import { checkOutputPath } from '../output-path.ts';
import { withWorkerPool } from '../worker-pool.ts';
import { loadEvalModel } from './eval-model.ts';
import type { KeyOptions, MlipEvalOptions, MlipFitOptions } from './mlip.ts';
import { autoFit, writeParityPlot } from './mlip-auto.ts';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${path}': ${(e as Error).message}`);
  }
}

function keysOf(o: KeyOptions): LabelKeys {
  return {
    ...(o.energyKey !== undefined ? { energyKey: o.energyKey } : {}),
    ...(o.forcesKey !== undefined ? { forcesKey: o.forcesKey } : {}),
    ...(o.virialKey !== undefined ? { virialKey: o.virialKey } : {}),
    ...(o.stressKey !== undefined ? { stressKey: o.stressKey } : {}),
    ...(o.configTypeKey !== undefined ? { configTypeKey: o.configTypeKey } : {}),
  };
}

function readConfigs(path: string, keys: LabelKeys) {
  // an empty file would otherwise give "0 configurations" and NaN errors with exit 0 (eval): io's ParseError naming
  // the file, line 1 and the atom count expected there — the same rule as md run
  const frames = parseStructures(readText(path, 'data file'), 'extxyz', { fileName: path, requireStructure: true });
  try {
    return labelledConfigs(frames, keys);
  } catch (e) {
    if (e instanceof LabelError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

function statsJson(s: ErrorStats): Record<string, number> {
  return {
    configs: s.configs,
    atoms: s.atoms,
    energyMAE: s.energyMAE,
    energyRMSE: s.energyRMSE,
    forcesMAE: s.forcesMAE,
    forcesRMSE: s.forcesRMSE,
    virialRMSE: s.virialRMSE,
  };
}

function perTypeJson(r: { perConfigType: Readonly<Record<string, ErrorStats>> }): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [k, v] of Object.entries(r.perConfigType)) out[k] = statsJson(v);
  return out;
}

function fmt(s: ErrorStats): string {
  return `E RMSE ${(1000 * s.energyRMSE).toFixed(2)} meV/atom, MAE ${(1000 * s.energyMAE).toFixed(2)}; F RMSE ${s.forcesRMSE.toFixed(4)} eV/Å, MAE ${s.forcesMAE.toFixed(4)}`;
}

/** `equitensor mlip fit`: fit, write the model atomically, report train/validation errors. */
export async function runMlipFit(o: MlipFitOptions): Promise<void> {
  const { kind, order, rcut, folds, cpRank, e0, rin, maxColumns } = o;
  // No --degree: mlip sizes the basis from the data (sizeBasis, within --max-columns).
  // --degree H:8,6,4;C:10,8,6: per-element degrees (a bad element or count is a usage error, exit 2).
  let elementDegrees: Record<number, number[]> | undefined;
  if (typeof o.degree === 'string') {
    try {
      elementDegrees = parseElementDegrees(o.degree, order);
    } catch (e) {
      throw new UsageError(`--degree: ${(e as Error).message}`);
    }
  }
  const list = typeof o.degree === 'string' ? undefined : o.degree;
  const maxDegree = list?.length === 1 ? Array.from({ length: order }, () => list[0]!) : list;
  if (maxDegree && maxDegree.length < order) throw new UsageError(`--degree needs one value or ${order} values`);
  const rowWeights = { energy: o.energyWeight, forces: o.forcesWeight, virial: o.virialWeight };
  const { out } = o;
  checkOutputPath(out, '--out'); // before the fit, which may take minutes
  const configs = readConfigs(o.train, keysOf(o));
  if (elementDegrees) checkDegreesCoverData(elementDegrees, configs, o.train);
  const log = (m: string): void => {
    process.stderr.write(`${m}\n`);
  };
  // a RangeError from the fit is about the data (no energies, too few configurations): exit 2 naming the file;
  // an explicit --degree above an explicit --max-columns is about the options: exit 2 naming both
  const fitted = await withWorkerPool(o.workers, (pool) =>
    asUsageError(
      () =>
        withFlagNames(() => {
          const options: FitOptions = {
            ...(pool ? { pool } : {}),
            kind,
            basis: {
              order,
              ...(maxDegree !== undefined ? { maxDegree } : {}),
              wL: o.wl,
              ...(rcut !== undefined ? { rcut } : {}),
              lambda: o.transform,
              ...(rin !== undefined ? { rin } : {}),
            },
            ...(elementDegrees ? { elementDegrees } : {}),
            weights: { default: rowWeights },
            ...(cpRank !== undefined ? { cpRank } : {}),
            ...(e0 !== undefined ? { e0 } : {}),
            ...(folds !== undefined ? { folds } : {}),
            ...(maxColumns !== undefined ? { maxColumns } : {}),
            solver: o.solver,
            ...(o.krylovSteps !== undefined ? { krylovSteps: o.krylovSteps } : {}),
            memoryLimit: freemem(), // a fit whose estimate exceeds the free memory is refused (FitTooLargeError: exit 2, with advice)
            validationFraction: o.validation,
            seed: o.seed,
            log,
          };
          // --auto: the row weights chosen by cross-validation (mlip-auto.ts); otherwise the given ones
          return o.auto ? autoFit(configs, options) : { result: fitPotential(configs, options), selection: null };
        }),
      o.train,
    ),
  );
  const { result, selection } = fitted;
  // The extrapolation grade's unit (largest committee spread of a training atom), for `md run --max-grade`.
  const potential = result.potential.uncertainty ? withGradeReference(result.potential, configs) : result.potential;
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, potential.serialize());
  renameSync(tmp, out);
  const summary = {
    model: out,
    kind,
    species: result.potential.descriptor.spec.species,
    featureCount: result.featureCount,
    columns: result.columns,
    basis: {
      order,
      maxDegree: result.potential.descriptor.spec.maxDegree,
      ...(result.elementDegrees ? { elementDegrees: result.elementDegrees } : {}),
      rcut: result.potential.descriptor.spec.rcut,
    },
    estimate: {
      columns: result.estimate.columns,
      bytes: result.estimate.bytes,
      cpuSeconds: result.estimate.seconds,
      solver: result.estimate.solver,
    },
    lambda: result.lambda,
    e0: result.e0,
    workers: o.workers,
    seconds: result.seconds,
    // the fitted configurations: isolated atoms define E0 and are counted apart (`mlip eval` on the file includes them)
    train: { ...statsJson(result.train.all), isolatedConfigs: result.isolatedConfigs, perConfigType: perTypeJson(result.train) },
    validation: result.validation ? { ...statsJson(result.validation.all), perConfigType: perTypeJson(result.validation) } : null,
    ...(selection ? { selection } : {}),
  };
  if (o.json) printJson(summary);
  else {
    process.stdout.write(
      `wrote ${out}: ${result.featureCount} features, λ = ${result.lambda.toExponential(1)}, ${result.seconds.total.toFixed(1)} s\n`,
    );
    const excluded = result.isolatedConfigs > 0 ? `, ${result.isolatedConfigs} isolated-atom configuration(s) defining E0 not counted` : '';
    process.stdout.write(`train (${result.train.all.configs} fitted configurations${excluded}): ${fmt(result.train.all)}\n`);
    if (result.validation) process.stdout.write(`validation: ${fmt(result.validation.all)}\n`);
    if (selection)
      process.stdout.write(
        `--auto chose energy weight ${selection.chosen.energy}, virial weight ${selection.chosen.virial} of ${selection.candidates.length} candidates (${selection.folds}-fold CV, ${selection.criterion})\n`,
      );
  }
}

/**
 * Per-element `--degree` must name exactly the elements of the training file (the fit would refuse either way, in
 * the library's words: "elementDegrees has no degrees for element 8 (and no basis.maxDegree …)").
 */
function checkDegreesCoverData(degrees: Record<number, number[]>, configs: readonly LabelledConfig[], file: string): void {
  const present = new Set<number>();
  for (const c of configs) for (const z of c.atoms.numbers) present.add(z);
  const names = (zs: Iterable<number>) =>
    [...zs]
      .sort((a, b) => a - b)
      .map(chemicalSymbol)
      .join(', ');
  const given = Object.keys(degrees).map(Number);
  const missing = [...present].filter((z) => degrees[z] === undefined);
  const extra = given.filter((z) => !present.has(z));
  if (missing.length > 0)
    throw new UsageError(`--degree gives no degrees for ${names(missing)} of ${file} (its elements: ${names(present)}); give each of them`);
  if (extra.length > 0) throw new UsageError(`--degree names ${names(extra)}, not in ${file} (its elements: ${names(present)})`);
}

/** The library's refusal of an explicit degree above the column budget, in the CLI's option names. */
function withFlagNames<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof ColumnBudgetError)
      throw new UsageError(
        `--degree ${e.columns === e.species * e.featuresPerSpecies ? `${e.maxDegree.join(',')} gives ${e.columns} columns (${e.species} species × ${e.featuresPerSpecies} features)` : `per element gives ${e.columns} columns`}, more than --max-columns ${e.maxColumns}: lower --degree, raise --max-columns, or leave out --degree to size the basis within the budget`,
      );
    throw e;
  }
}

/** `equitensor mlip eval`: errors of a model file on labelled data. */
export async function runMlipEval(o: MlipEvalOptions): Promise<void> {
  if (o.plot !== undefined) checkOutputPath(o.plot, '--plot'); // before the evaluation
  const model = loadEvalModel(o.model);
  // --workers n: the model on the worker pool (the app's mapping; ACE grid/cp kinds stay on this thread)
  await withWorkerPool(o.workers, (pool) => {
    const pooled = pool === undefined ? null : potentialOnPool(model.potential, () => pool);
    if (pool !== undefined && pooled === null)
      process.stderr.write(`mlip eval: --workers ${o.workers}: ${model.potential.name} has no pooled kernel; running on one thread\n`);
    evaluate(o, model, pooled ?? model.potential, pooled === null ? 1 : o.workers);
  });
}

function evaluate(o: MlipEvalOptions, model: ReturnType<typeof loadEvalModel>, potential: Potential, workers: number): void {
  const configs = readConfigs(o.data, keysOf(o));
  const t0 = performance.now();
  let atomSteps = 0;
  // configs[i] is frame i of the file (labelledConfigs keeps every frame): a refusal (an element the model lacks) names it
  const comparisons = configs.map((c, index) => {
    const r = asUsageError(() => potential.compute(c.atoms), `${o.data}: frame ${index}`);
    atomSteps += c.atoms.numbers.length;
    return {
      configType: c.configType,
      atoms: c.atoms.numbers.length,
      energy: c.energy === null ? null : { predicted: r.energy, reference: c.energy },
      forces: c.forces === null ? null : { predicted: r.forces, reference: c.forces },
      virial: c.virial === null ? null : { predicted: r.virial, reference: c.virial },
    };
  });
  const seconds = (performance.now() - t0) / 1000;
  const report = errorReport(comparisons);
  if (o.plot !== undefined) writeParityPlot(o.plot, comparisons, `${o.model} on ${o.data}`);
  const uncertainty = model.kind === 'ace' && model.potential.uncertainty ? uncertaintyReport(model.potential, configs, o.data) : null;
  const summary = {
    model: o.model,
    data: o.data,
    kind: model.kind === 'ace' ? model.potential.descriptor.kind : 'mace',
    ...statsJson(report.all),
    perConfigType: perTypeJson(report),
    seconds,
    atomStepsPerSecond: atomSteps / seconds,
    workers,
    uncertainty,
    ...(o.plot !== undefined ? { plot: o.plot } : {}),
  };
  if (o.json) printJson(summary);
  else {
    process.stdout.write(`${o.data}: ${report.all.configs} configurations, ${fmt(report.all)}\n`);
    if (uncertainty) {
      const c = uncertainty.coverage.energy;
      process.stdout.write(
        `error bars (committee of ${uncertainty.committee}): energies within 1σ ${pct(c.within1)}, 2σ ${pct(c.within2)} of ${c.n}\n`,
      );
    }
  }
}

function pct(x: number): string {
  return Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)} %`;
}

/** `maxGrade` and per-atom `grades` of a configuration (both null when the model file has no grade reference). */
function gradesOf(potential: MlipPotential, c: LabelledConfig, data: string): { maxGrade: number | null; grades: number[] | null } {
  if (!potential.uncertainty?.gradeReference) return { maxGrade: null, grades: null };
  const g = asUsageError(() => extrapolationGrades(potential, c.atoms), data);
  return { maxGrade: g.max, grades: Array.from(g.grades) };
}

/**
 * Error bars of every configuration from the model's posterior committee, and their coverage on this data: the
 * fraction of energies (and of force components) whose actual error is within 1σ and 2σ.
 */
function uncertaintyReport(potential: MlipPotential, configs: readonly LabelledConfig[], data: string) {
  const u = potential.uncertainty as NonNullable<MlipPotential['uncertainty']>;
  const eErr: number[] = [];
  const eSig: number[] = [];
  const fErr: number[] = [];
  const fSig: number[] = [];
  const t0 = performance.now();
  const perConfiguration = configs.map((c, index) => {
    const p = asUsageError(() => committeePredict(potential, c.atoms), `${data}: frame ${index}`);
    const energyError = c.energy === null ? null : p.energy - c.energy;
    if (energyError !== null) {
      eErr.push(energyError);
      eSig.push(p.energySigma);
    }
    if (c.forces !== null)
      for (let k = 0; k < c.forces.length; k++) {
        fErr.push((p.forces[k] as number) - (c.forces[k] as number));
        fSig.push(p.forceComponentSigmas[k] as number);
      }
    return {
      index,
      configType: c.configType,
      atoms: c.atoms.numbers.length,
      energy: p.energy,
      energySigma: p.energySigma,
      energyCommitteeSigma: p.energyCommitteeSigma,
      energyError,
      forceSigmas: Array.from(p.forceSigmas),
      // extrapolation grade per atom (1 = the most uncertain training atom); null for files without a grade reference
      ...gradesOf(potential, c, `${data}: frame ${index}`),
    };
  });
  return {
    method: 'ridge-posterior-committee',
    committee: u.members.length,
    noise: { ...u.noise, from: u.noiseFrom },
    units: { energy: 'eV', forces: 'eV/Å' },
    coverage: { energy: coverage(eErr, eSig), forceComponents: coverage(fErr, fSig) },
    seconds: (performance.now() - t0) / 1000,
    perConfiguration,
  };
}
