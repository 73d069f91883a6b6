/**
 * Zuo 2020 Si: compute the design once, then compare row weightings by k-fold cross-validation
 * (the fit's own held-out estimate; no test data is used).
 *
 *   pnpm tsx packages/mlip/bench/zuo-sweep.ts [--degree 20,16,14] [--wl 1] [--energy-weights 30,100,300] [--out best.json]
 */
import { writeFileSync } from 'node:fs';
import { type FitResult, prepareFit, solveFit, type TensorProductKind } from '../src/index.ts';
import { argValue, basisArgs, dataConfigs, printReport } from './util.ts';

const kind = argValue('--kind', 'cg') as TensorProductKind;
const configs = dataConfigs('zuo2020_Si_train.xyz');
const log = (m: string): void => {
  process.stderr.write(`${m}\n`);
};
const design = prepareFit(configs, {
  kind,
  basis: basisArgs({ degree: '20,16,14', rcut: '5.5' }),
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
