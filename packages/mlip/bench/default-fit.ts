/**
 * A default fit (basis sized by `sizeBasis`, no options but the data's key names) of one dataset of
 * ../shared/data/mlip: its printed estimate, CPU time (process.cpuUsage: the machine is shared, wall clock is noisy),
 * peak RSS, held-out errors. With `--test-every k` every k-th fitted configuration (index ≡ k − 1 mod k, isolated
 * atoms excluded) is held out of the fit and the model is evaluated on it: an independent test split of the file.
 *
 *   pnpm tsx packages/mlip/bench/default-fit.ts --data solvent_xtb_train.xyz [--test-every 5] [--degree 10,8,6 --rcut 5]
 *     [--max-columns N] [--folds k] [--solver auto|eigen|cholesky|sketch|krylov] [--krylov-steps k] [--element-degrees 'H:11,9,7;C:10,8,7;O:10,8,6']
 *
 * Prints one JSON line.
 */
import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import {
  type Comparison,
  errorReport,
  type FitOptions,
  fitPotential,
  type LabelKeys,
  labelledConfigs,
  parseElementDegrees,
} from '../src/index.ts';
import { argValue } from './util.ts';

const data = argValue('--data', 'Si_tiny.xyz');
const keys: LabelKeys = data.startsWith('Si_tiny') ? { energyKey: 'dft_energy', forcesKey: 'dft_force', virialKey: 'dft_virial' } : {};
const all = labelledConfigs(parseExtxyz(readFixtureText(`mlip/${data}`), { fileName: data }), keys);
const every = Number(argValue('--test-every', '0'));
const isolatedLike = (i: number): boolean => all[i]!.atoms.numbers.length === 1;
let fitted = 0;
const testIndex = new Set<number>();
all.forEach((_, i) => {
  if (isolatedLike(i)) return;
  if (every > 0 && fitted % every === every - 1) testIndex.add(i);
  fitted++;
});
const train = all.filter((_, i) => !testIndex.has(i));
const test = all.filter((_, i) => testIndex.has(i));
const degree = argValue('--degree', '');
const rcut = argValue('--rcut', '');
const maxColumns = argValue('--max-columns', '');
const folds = argValue('--folds', '');
const solver = argValue('--solver', 'auto') as 'auto' | 'eigen' | 'cholesky' | 'sketch' | 'krylov';
const elementDegrees = argValue('--element-degrees', '');
const krylovSteps = argValue('--krylov-steps', '');
const options: FitOptions = {
  basis: {
    ...(degree ? { maxDegree: degree.split(',').map(Number), order: degree.split(',').length } : {}),
    ...(rcut ? { rcut: Number(rcut) } : {}),
  },
  ...(maxColumns ? { maxColumns: Number(maxColumns) } : {}),
  ...(elementDegrees ? { elementDegrees: parseElementDegrees(elementDegrees, 3) } : {}),
  ...(folds ? { folds: Number(folds) } : {}),
  solver,
  ...(krylovSteps ? { krylovSteps: Number(krylovSteps) } : {}),
  log: (m) => {
    if (!m.startsWith('features: configuration')) process.stderr.write(`${m}\n`);
  },
};
const cpu0 = process.cpuUsage();
const result = fitPotential(train, options);
const cpu = process.cpuUsage(cpu0);
const stats = (s: { energyRMSE: number; forcesRMSE: number; energyMAE: number; forcesMAE: number; configs: number }) => ({
  configs: s.configs,
  energyRMSE_meV: +(1000 * s.energyRMSE).toFixed(2),
  energyMAE_meV: +(1000 * s.energyMAE).toFixed(2),
  forcesRMSE: +s.forcesRMSE.toFixed(4),
  forcesMAE: +s.forcesMAE.toFixed(4),
});
let testStats = null;
if (test.length > 0) {
  const comparisons: Comparison[] = test.map((c) => {
    const r = result.potential.compute(c.atoms);
    return {
      configType: c.configType,
      atoms: c.atoms.numbers.length,
      energy: c.energy === null ? null : { predicted: r.energy, reference: c.energy },
      forces: c.forces === null ? null : { predicted: r.forces, reference: c.forces },
      virial: null,
    };
  });
  testStats = stats(errorReport(comparisons).all);
}
process.stdout.write(
  `${JSON.stringify({
    data,
    degrees: result.potential.descriptor.spec.maxDegree,
    elementDegrees: result.elementDegrees,
    columns: result.columns,
    lambda: result.lambda,
    estimate: {
      gigabytes: +(result.estimate.bytes / 1e9).toFixed(2),
      seconds: +result.estimate.seconds.total.toFixed(1),
      solver: result.estimate.solver,
    },
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    phaseSeconds: result.seconds,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    validation: result.validation ? stats(result.validation.all) : null,
    test: testStats,
  })}\n`,
);
