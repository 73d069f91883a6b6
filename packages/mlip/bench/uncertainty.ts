/**
 * Calibration and cost of the posterior-committee error bars on held-out Zuo et al. 2020 Si configurations.
 * Split: zuo2020_Si_train.xyz in file order, even indices train (107 configurations), odd indices test (107).
 * For the default fit (10 % hold-out for λ and the noise) and for `folds: 5`: coverage of the energy error bars
 * (committee + held-out noise, and committee alone) and of force components at 1σ / 2σ, RMSE against mean σ, the
 * time to draw the committee (the fit's `solve` seconds with and without it) and to evaluate it against `compute`.
 *
 *   pnpm tsx packages/mlip/bench/uncertainty.ts
 *
 * Prints one JSON line per fit.
 */
import { committeePredict, coverage, type FitOptions, prepareFit, solveFit } from '../src/index.ts';
import { dataConfigs } from './util.ts';

const all = dataConfigs('zuo2020_Si_train.xyz', { energyKey: 'energy', forcesKey: 'forces', stressKey: 'stress' });
const train = all.filter((_, i) => i % 2 === 0);
const test = all.filter((_, i) => i % 2 === 1);
const design = prepareFit(train);
for (const [name, options] of [
  ['default (10 % hold-out)', {}],
  ['folds 5', { folds: 5 }],
] as [string, FitOptions][]) {
  const without = solveFit(design, { ...options, committee: 0 });
  const fit = solveFit(design, options);
  const p = fit.potential;
  const eErr: number[] = [];
  const eSig: number[] = [];
  const eSigC: number[] = [];
  const fErr: number[] = [];
  const fSig: number[] = [];
  let tCommittee = 0;
  let tCompute = 0;
  for (const c of test) {
    let t = performance.now();
    p.compute(c.atoms);
    tCompute += performance.now() - t;
    t = performance.now();
    const r = committeePredict(p, c.atoms);
    tCommittee += performance.now() - t;
    eErr.push(r.energy - (c.energy as number));
    eSig.push(r.energySigma);
    eSigC.push(r.energyCommitteeSigma);
    const f = c.forces as Float64Array;
    for (let k = 0; k < f.length; k++) {
      fErr.push((r.forces[k] as number) - (f[k] as number));
      fSig.push(r.forceComponentSigmas[k] as number);
    }
  }
  const rms = (a: number[]): number => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
  const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
  console.log(
    JSON.stringify({
      fit: name,
      columns: fit.columns,
      sigma: p.uncertainty?.sigma,
      effectiveParameters: p.uncertainty?.effectiveParameters,
      noise: p.uncertainty?.noise,
      energy: coverage(eErr, eSig),
      energyCommitteeOnly: coverage(eErr, eSigC),
      forceComponents: coverage(fErr, fSig),
      energyRMSE: rms(eErr),
      energyMeanSigma: mean(eSig),
      forceRMSE: rms(fErr),
      forceMeanSigma: mean(fSig),
      solveSeconds: { withCommittee: fit.seconds.solve, without: without.seconds.solve },
      evalSeconds: { compute: tCompute / 1000, committeePredict: tCommittee / 1000 },
    }),
  );
}
