/**
 * Weight selection on Zuo 2020 Si (training file only; no test data): `selectWeights` on the default basis (sized by
 * `sizeBasis`), then an honest estimate of the selection itself by nested cross-validation — outer 5 folds
 * (stratified by config type, their own seed), in each the selection runs on the outer-training configurations only
 * (inner 5-fold CV) and the chosen model predicts the outer-held-out ones; the default weights (E 30, F 1, V 1) are
 * fitted on the same outer folds for comparison.
 *
 *   nice pnpm tsx packages/mlip/bench/zuo-select.ts [--data zuo2020_Si_train.xyz] [--outer 5] [--degree 12,12,12] [--rcut 5.5]
 *
 * Prints markdown rows and one JSON line per result.
 */
import { parseExtxyz } from '@equitensor/io';
import { Random } from '@equitensor/tensor';
import { readFixtureText } from '@equitensor/testing';
import {
  type Comparison,
  type ErrorStats,
  errorReport,
  type FitDesign,
  labelledConfigs,
  prepareFit,
  selectionScore,
  selectWeights,
  solveFit,
} from '../src/index.ts';
import { argValue } from './util.ts';

const data = argValue('--data', 'zuo2020_Si_train.xyz');
const outer = Number(argValue('--outer', '5'));
const degree = argValue('--degree', '');
const rcut = argValue('--rcut', '');
const configs = labelledConfigs(parseExtxyz(readFixtureText(`mlip/${data}`), { fileName: data }));
const log = (m: string): void => {
  process.stderr.write(`${m}\n`);
};
const cpu0 = process.cpuUsage();
const design = prepareFit(configs, {
  basis: {
    ...(degree ? { maxDegree: degree.split(',').map(Number), order: degree.split(',').length } : {}),
    ...(rcut ? { rcut: Number(rcut) } : {}),
  },
  log,
});
const fmt = (s: ErrorStats): string =>
  `${(1000 * s.energyMAE).toFixed(2)} / ${(1000 * s.energyRMSE).toFixed(2)} / ${s.forcesMAE.toFixed(4)} / ${s.forcesRMSE.toFixed(4)}`;
log(`features: ${design.descriptor.columns} columns, ${design.featureSeconds.toFixed(1)} s`);

// 1. Selection on the whole training file.
const full = selectWeights(design, { folds: 5, committee: 0, log });
for (const c of full.candidates)
  process.stdout.write(
    `| E ${c.weights.energy}, F ${c.weights.forces}, V ${c.weights.virial} | ${c.lambda.toExponential(0)} | ${fmt(c.validation)} | ${c.score.toFixed(4)} |${c === full.chosen ? ' chosen' : ''}\n`,
  );
process.stdout.write(`${JSON.stringify({ step: 'selection', chosen: full.chosen.weights, candidates: full.candidates })}\n`);

// 2. Nested CV: outer folds stratified by config type (seed 7, not the inner folds' seed 1).
const rng = Random.mulberry32(7);
const outerOf = new Int32Array(design.configs.length);
const byType = new Map<string, number[]>();
design.configs.forEach((p, i) => {
  const list = byType.get(p.config.configType) ?? [];
  list.push(i);
  byType.set(p.config.configType, list);
});
let next = 0;
for (const list of byType.values())
  for (const { i } of list.map((i) => ({ i, r: rng.uniform() })).sort((a, b) => a.r - b.r)) outerOf[i] = next++ % outer;

const predicted = { auto: [] as Comparison[], default: [] as Comparison[] };
const chosenPerFold: string[] = [];
for (let f = 0; f < outer; f++) {
  const inner: FitDesign = { ...design, configs: design.configs.filter((_, i) => outerOf[i] !== f) };
  const heldOut = design.configs.filter((_, i) => outerOf[i] === f);
  const sel = selectWeights(inner, { folds: 5, committee: 0 });
  const base = solveFit(inner, { folds: 5, committee: 0, weights: { default: { energy: 30, forces: 1, virial: 1 } } });
  chosenPerFold.push(`E ${sel.chosen.weights.energy}, V ${sel.chosen.weights.virial}`);
  for (const [key, potential] of [
    ['auto', sel.result.potential],
    ['default', base.potential],
  ] as const) {
    for (const p of heldOut) {
      const c = p.config;
      const r = potential.compute(c.atoms);
      predicted[key].push({
        configType: c.configType,
        atoms: c.atoms.numbers.length,
        energy: c.energy === null ? null : { predicted: r.energy, reference: c.energy },
        forces: c.forces === null ? null : { predicted: r.forces, reference: c.forces },
        virial: c.virial === null ? null : { predicted: r.virial, reference: c.virial },
      });
    }
  }
  log(`outer fold ${f + 1}/${outer}: chose E ${sel.chosen.weights.energy}, V ${sel.chosen.weights.virial}`);
}
const cpu = process.cpuUsage(cpu0);
for (const key of ['auto', 'default'] as const) {
  const r = errorReport(predicted[key]);
  process.stdout.write(`| nested ${key} | ${fmt(r.all)} | ${selectionScore(r.all).toFixed(4)} |\n`);
  for (const [t, s] of Object.entries(r.perConfigType)) process.stdout.write(`|   ${t} | ${fmt(s)} |\n`);
  process.stdout.write(`${JSON.stringify({ step: `nested-${key}`, all: r.all, perConfigType: r.perConfigType })}\n`);
}
process.stdout.write(
  `${JSON.stringify({ step: 'done', chosenPerFold, cpuSeconds: (cpu.user + cpu.system) / 1e6, columns: design.descriptor.columns })}\n`,
);
