/**
 * Zuo 2020 Si: one design (features computed once), then regression variants compared by the same
 * stratified 5-fold cross-validation on the training set (smoothness prior, Surface row weights).
 * Each variant prints its CV E/F MAE and RMSE overall and per config type; no test data is used.
 *
 *   pnpm tsx packages/mlip/bench/zuo-cv.ts [--degree 20,16,14] [--rcut 5.5] [--rin 0] [--transform 0] [--wl 1] \
 *     [--variants 'p=0;p=2;p=2,sE=0.3'] [--out results.json]
 *
 * A variant is `p=<smoothness exponent>[,prior=algebraic|exponential][,we=<energy weight>][,wv=<virial weight>][,sE=<Surface energy factor>]
 * [,sF=<Surface force factor>][,fw.<ConfigType>=<force weight of that type>][,vw.<ConfigType>=<virial weight of that type>]`.
 */
import { appendFileSync } from 'node:fs';
import { type ErrorStats, prepareFit, solveFit } from '../src/index.ts';
import { argValue, basisArgs, dataConfigs } from './util.ts';

const configs = dataConfigs('zuo2020_Si_train.xyz');
const log = (m: string): void => {
  process.stderr.write(`${m}\n`);
};
const design = prepareFit(configs, {
  kind: 'cg',
  basis: { ...basisArgs({ degree: '20,16,14', rcut: '5.5' }), rin: Number(argValue('--rin', '0')) },
  log,
});
log(`features ${design.descriptor.features.count}, ${design.featureSeconds.toFixed(1)} s`);
const out = argValue('--out', '');
const fmt = (s: ErrorStats | undefined): string =>
  s
    ? `${(1000 * s.energyMAE).toFixed(2)} / ${(1000 * s.energyRMSE).toFixed(2)} / ${s.forcesMAE.toFixed(4)} / ${s.forcesRMSE.toFixed(3)}`
    : '–';
for (const variant of argValue('--variants', 'p=0;p=1;p=2;p=3;p=4').split(';')) {
  const v = Object.fromEntries(variant.split(',').map((kv) => kv.split('=') as [string, string]));
  const we = Number(v.we ?? 30);
  const sE = Number(v.sE ?? 1);
  const sF = Number(v.sF ?? 1);
  const wv = Number(v.wv ?? 1);
  // fw.<ConfigType>=x / vw.<ConfigType>=x: force / virial weight of one config type (other than Surface).
  const typeWeights: Record<string, { energy: number; forces: number; virial: number }> = {};
  for (const [k, x] of Object.entries(v)) {
    const type = k.slice(3);
    if (!k.startsWith('fw.') && !k.startsWith('vw.')) continue;
    const w = typeWeights[type] ?? { energy: we, forces: 1, virial: wv };
    typeWeights[type] = k.startsWith('fw.') ? { ...w, forces: Number(x) } : { ...w, virial: Number(x) };
  }
  const t0 = performance.now();
  const r = solveFit(design, {
    folds: 5,
    weights: {
      default: { energy: we, forces: 1, virial: wv },
      perConfigType: { ...typeWeights, Surface: { energy: we * sE, forces: sF, virial: wv * sE } },
    },
    smoothness: [Number(v.p ?? 0)],
    ...(v.prior ? { smoothnessPrior: v.prior as 'algebraic' | 'exponential' } : {}),
    lambdas: [1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2],
  });
  const seconds = (performance.now() - t0) / 1000;
  const val = r.validation;
  const line =
    `| ${variant} | ${r.featureCount} | λ ${r.lambda.toExponential(0)} | ${seconds.toFixed(0)} s | ${fmt(val?.all)} | ` +
    ['AIMD-NVT', 'Elastic', 'Surface', 'Vacancy'].map((t) => fmt(val?.perConfigType[t])).join(' | ') +
    ` | train ${fmt(r.train.all)} |`;
  process.stdout.write(`${line}\n`);
  if (out) appendFileSync(out, `${JSON.stringify({ variant, lambda: r.lambda, seconds, validation: val, train: r.train.all })}\n`);
}
