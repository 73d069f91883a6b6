/**
 * The work of `equitensor mlip fit|eval`, loaded only when the command runs (see mlip.ts).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseExtxyz } from '@equitensor/io';
import {
  type ErrorStats,
  errorReport,
  fitPotential,
  LabelError,
  type LabelKeys,
  labelledConfigs,
  loadModel,
  type MlipPotential,
  ModelFormatError,
  TENSOR_PRODUCT_KINDS,
  type TensorProductKind,
} from '@equitensor/mlip';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { asUsageError } from '../options.ts';
import { checkOutputPath } from '../output-path.ts';

export interface KeyOptions {
  energyKey?: string;
  forcesKey?: string;
  virialKey?: string;
  stressKey?: string;
  configTypeKey?: string;
}

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
  const frames = parseExtxyz(readText(path, 'data file'), { fileName: path });
  try {
    return labelledConfigs(frames, keys);
  } catch (e) {
    if (e instanceof LabelError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

function positiveNumber(name: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || x < 0 || (integer && !Number.isInteger(x)))
    throw new UsageError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}, got "${value}"`);
  return x;
}

function parseE0(text: string | undefined): Record<number, number> | undefined {
  if (text === undefined) return undefined;
  const out: Record<number, number> = {};
  for (const part of text.split(',')) {
    const [z, v] = part.split(':');
    const Z = Number(z);
    const V = Number(v);
    if (!Number.isInteger(Z) || !Number.isFinite(V)) throw new UsageError(`--e0 expects Z:eV pairs such as "14:-158.54", got "${part}"`);
    out[Z] = V;
  }
  return out;
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
export function runMlipFit(o: KeyOptions & Record<string, string | boolean | undefined>): void {
  const kind = o.kind as TensorProductKind;
  if (!TENSOR_PRODUCT_KINDS.includes(kind))
    throw new UsageError(`--kind must be one of ${TENSOR_PRODUCT_KINDS.join(', ')}, got "${String(o.kind)}"`);
  const order = positiveNumber('--order', o.order as string, true) as number;
  if (order < 1 || order > 4) throw new UsageError(`--order must be 1, 2, 3 or 4, got ${order}`);
  const degrees = String(o.degree)
    .split(',')
    .map((d) => positiveNumber('--degree', d) as number);
  const maxDegree = degrees.length === 1 ? Array.from({ length: order }, () => degrees[0] as number) : degrees;
  if (maxDegree.length < order) throw new UsageError(`--degree needs one value or ${order} values`);
  const rcut = positiveNumber('--rcut', o.rcut as string) as number;
  if (rcut <= 0) throw new UsageError('--rcut must be positive');
  const folds = positiveNumber('--folds', o.folds as string | undefined, true);
  const cpRank = positiveNumber('--cp-rank', o.cpRank as string | undefined, true);
  const e0 = parseE0(o.e0 as string | undefined);
  const rin = positiveNumber('--rin', o.rin as string | undefined);
  const rowWeights = {
    energy: positiveNumber('--energy-weight', o.energyWeight as string) as number,
    forces: positiveNumber('--forces-weight', o.forcesWeight as string) as number,
    virial: positiveNumber('--virial-weight', o.virialWeight as string) as number,
  };
  const out = o.out as string;
  checkOutputPath(out, '--out'); // before the fit, which may take minutes
  const configs = readConfigs(o.train as string, keysOf(o));
  const log = (m: string): void => {
    process.stderr.write(`${m}\n`);
  };
  // a RangeError from the fit is about the data (no energies, too few configurations): exit 2 naming the file
  const result = asUsageError(
    () =>
      fitPotential(configs, {
        kind,
        basis: {
          order,
          maxDegree,
          wL: positiveNumber('--wl', o.wl as string) as number,
          rcut,
          lambda: positiveNumber('--transform', o.transform as string) as number,
          ...(rin !== undefined ? { rin } : {}),
        },
        weights: { default: rowWeights },
        ...(cpRank !== undefined ? { cpRank } : {}),
        ...(e0 !== undefined ? { e0 } : {}),
        ...(folds !== undefined ? { folds } : {}),
        validationFraction: positiveNumber('--validation', o.validation as string) as number,
        seed: positiveNumber('--seed', o.seed as string, true) as number,
        log,
      }),
    o.train as string,
  );
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, result.potential.serialize());
  renameSync(tmp, out);
  const summary = {
    model: out,
    kind,
    species: result.potential.descriptor.spec.species,
    featureCount: result.featureCount,
    columns: result.columns,
    lambda: result.lambda,
    e0: result.e0,
    seconds: result.seconds,
    train: { ...statsJson(result.train.all), perConfigType: perTypeJson(result.train) },
    validation: result.validation ? { ...statsJson(result.validation.all), perConfigType: perTypeJson(result.validation) } : null,
  };
  if (o.json) printJson(summary);
  else {
    process.stdout.write(
      `wrote ${out}: ${result.featureCount} features, λ = ${result.lambda.toExponential(1)}, ${result.seconds.total.toFixed(1)} s\n`,
    );
    process.stdout.write(`train:      ${fmt(result.train.all)}\n`);
    if (result.validation) process.stdout.write(`validation: ${fmt(result.validation.all)}\n`);
  }
}

/** `equitensor mlip eval`: errors of a model file on labelled data. */
export function runMlipEval(o: KeyOptions & { model: string; data: string; json?: boolean }): void {
  let potential: MlipPotential;
  try {
    potential = loadModel(readText(o.model, 'model file'));
  } catch (e) {
    if (e instanceof ModelFormatError) throw new UsageError(`${o.model}: ${e.message}`);
    throw e;
  }
  const configs = readConfigs(o.data, keysOf(o));
  const t0 = performance.now();
  let atomSteps = 0;
  const comparisons = configs.map((c) => {
    let r: ReturnType<MlipPotential['compute']>;
    try {
      r = potential.compute(c.atoms);
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(`${o.data}: ${e.message}`);
      throw e;
    }
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
  const summary = {
    model: o.model,
    data: o.data,
    kind: potential.descriptor.kind,
    ...statsJson(report.all),
    perConfigType: perTypeJson(report),
    seconds,
    atomStepsPerSecond: atomSteps / seconds,
  };
  if (o.json) printJson(summary);
  else process.stdout.write(`${o.data}: ${report.all.configs} configurations, ${fmt(report.all)}\n`);
}
