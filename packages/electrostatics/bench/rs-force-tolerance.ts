/**
 * RS's Tucker truncation tolerance: δ/4 (before) against δ/4 / (k·σ) (the force-aware default), side by side in one
 * run: time (CPU, least of the repeats), ranks, relative energy error and max |ΔF| / max |F| against direct summation.
 *
 *   pnpm tsx packages/electrostatics/bench/rs-force-tolerance.ts [--repeat 2]
 */
import { parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 2;

function cluster(): { positions: Float64Array; charges: Float64Array } {
  // the rattled 8-ion rock-salt cube of test/rs-kernels.test.ts
  const positions = new Float64Array([
    0, 0, 0, 2.82, 0, 0, 0, 2.82, 0, 0, 0, 2.82, 2.82, 2.82, 0, 2.82, 0, 2.82, 0, 2.82, 2.82, 2.82, 2.82, 2.82,
  ]).map((v, i) => v + 0.05 * Math.sin(7 * i));
  return { positions, charges: new Float64Array([1, -1, -1, -1, 1, 1, 1, -1]) };
}

function protein(file: string): { positions: Float64Array; charges: Float64Array } {
  const s = parsePqr(readFixtureText(`pqr/${file}.pqr`))[0]!;
  return { positions: s.positions, charges: (s.arrays.charges as { data: Float64Array }).data };
}

function forceError(f: Float64Array, exact: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < f.length; i++) {
    d = Math.max(d, Math.abs(f[i]! - exact[i]!));
    m = Math.max(m, Math.abs(exact[i]!));
  }
  return d / m;
}

const cases = [
  ['8-ion cluster', cluster(), 1e-4],
  ['8-ion cluster', cluster(), 1e-6],
  ['1ajj (519 atoms)', protein('1ajj'), 1e-6],
  ['1a63 (2,065 atoms)', protein('1a63'), 1e-5],
] as const;
console.log('| system | δ | tolerance | CPU (s) | ranks | energy error / δ | max ΔF / max F / δ |');
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
