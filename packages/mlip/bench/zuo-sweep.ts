/**
 * Zuo 2020 Si: compute the design once, then compare row weightings by k-fold cross-validation
 * (the fit's own held-out estimate; no test data is used).
 *
 *   pnpm tsx packages/mlip/bench/zuo-sweep.ts [--degree 20,16,14] [--wl 1] [--energy-weights 30,100,300] [--out best.json]
 */
import { writeFileSync } from 'node:fs';
import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { type FitResult, labelledConfigs, prepareFit, solveFit, type TensorProductKind } from '../src/index.ts';
import { argValue, printReport } from './util.ts';

const kind = argValue('--kind', 'cg') as TensorProductKind;
const maxDegree = argValue('--degree', '20,16,14').split(',').map(Number);
const configs = labelledConfigs(parseExtxyz(readFixtureText('mlip/zuo2020_Si_train.xyz'), { fileName: 'zuo2020_Si_train.xyz' }));
const log = (m: string): void => {
  process.stderr.write(`${m}\n`);
};
const design = prepareFit(configs, {
  kind,
  basis: {
    order: maxDegree.length,
    maxDegree,
    wL: Number(argValue('--wl', '1')),
    rcut: Number(argValue('--rcut', '5.5')),
    lambda: Number(argValue('--transform', '0')),
  },
  log,
});
let best: FitResult | null = null;
for (const we of argValue('--energy-weights', '30,100,300').split(',').map(Number)) {
  const surface = Number(argValue('--surface-factor', '1'));
  const result = solveFit(design, {
    folds: Number(argValue('--folds', '5')),
    weights: {
      default: { energy: we, forces: 1, virial: Number(argValue('--wv', '1')) },
      perConfigType: { Surface: { energy: we * surface, forces: surface, virial: surface } },
    },
    log,
  });
  printReport(`Zuo 2020 Si, energy weight ${we}`, kind, result);
  if (!best || (result.validation?.all.energyMAE ?? Infinity) < (best.validation?.all.energyMAE ?? Infinity)) best = result;
}
const out = argValue('--out', '');
if (out && best) writeFileSync(out, best.potential.serialize());
