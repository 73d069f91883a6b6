/**
 * RS's Tucker truncation tolerance: δ/4 (before) against δ/4 / (k·σ) (the force-aware default), side by side in one
 * run: time (CPU, least of the repeats), ranks, relative energy error and the force error of the RS accuracy contract
 * (max |ΔF| over max per-atom |F|, test/fixtures.ts forceError) against direct summation.
 *
 *   pnpm tsx packages/electrostatics/bench/rs-force-tolerance.ts [--repeat 2]
 */
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { forceError, loadCharged, rattledRockSaltCluster } from '../test/fixtures.ts';
import { option } from './options.ts';

const repeat = Number(option('--repeat', '2'));

const cases = [
  ['8-ion cluster', rattledRockSaltCluster(), 1e-4],
  ['8-ion cluster', rattledRockSaltCluster(), 1e-6],
  ['1ajj (519 atoms)', loadCharged('pqr/1ajj.pqr'), 1e-6],
  ['1a63 (2,065 atoms)', loadCharged('pqr/1a63.pqr'), 1e-5],
] as const;
console.log('| system | δ | tolerance | CPU (s) | ranks | energy error / δ | force error / δ |');
console.log('|---|---|---|---:|---|---:|---:|');
for (const [name, { positions, charges }, accuracy] of cases) {
  const exact = directCoulomb(positions, charges);
  for (const [label, options] of [
    ['δ/4 (before)', { accuracy, tuckerTolerance: accuracy / 4 }],
    ['δ/4/(k·σ) (default)', { accuracy }],
  ] as const) {
    let best = Infinity;
    let result = rangeSeparatedCoulomb(positions, charges, options);
    for (let r = 0; r < repeat; r++) {
      const start = process.cpuUsage();
      result = rangeSeparatedCoulomb(positions, charges, options);
      const used = process.cpuUsage(start);
      best = Math.min(best, (used.user + used.system) / 1e6);
    }
    const e = Math.abs(result.energy / exact.energy - 1) / accuracy;
    const f = forceError(result.forces, exact.forces) / accuracy;
    console.log(
      `| ${name} | ${accuracy} | ${label} | ${best.toFixed(3)} | ${result.ranks.join('×')} | ${e.toFixed(3)} | ${f.toFixed(2)} |`,
    );
  }
}
