/**
 * Zuo et al. 2020 Si benchmark: fit on zuo2020_Si_train.xyz and estimate the test error by k-fold
 * cross-validation on the training set (the test set is held by the project's evaluation).
 * Published test MAEs: GAP 2.91 meV/atom & 0.07 eV/Å, MTP 2.21 & 0.06.
 *
 *   pnpm tsx packages/mlip/bench/zuo-si.ts [--kind cg] [--degree 12] [--wl 1] [--rcut 5.5] [--transform 0] [--folds 5] [--out model.json]
 */
import { writeFileSync } from 'node:fs';
import { fitPotential, type TensorProductKind } from '../src/index.ts';
import { argValue, basisArgs, dataConfigs, printReport } from './util.ts';

const kind = argValue('--kind', 'cg') as TensorProductKind;
const degree = argValue('--degree', '12').split(',').map(Number);
const order = Number(argValue('--order', '3'));
const maxDegree = degree.length === 1 ? Array.from({ length: order }, () => degree[0] as number) : degree;
const configs = dataConfigs('zuo2020_Si_train.xyz');
const result = fitPotential(configs, {
  kind,
  basis: { ...basisArgs({ degree: '12', rcut: '5.5' }, maxDegree), order },
  folds: Number(argValue('--folds', '5')),
  weights: { default: { energy: Number(argValue('--we', '30')), forces: 1, virial: Number(argValue('--wv', '1')) } },
  smoothness: argValue('--smoothness', '0').split(',').map(Number),
  log: (m) => process.stderr.write(`${m}\n`),
});
printReport('Zuo 2020 Si', kind, result);
const out = argValue('--out', '');
if (out) writeFileSync(out, result.potential.serialize());
