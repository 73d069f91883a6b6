/**
 * Long-range Tucker ranks of the RS format in the papers' setting: each protein scaled into [−0.9, 0.9]³, the
 * grid [−1, 1]³ with n = 256 nodes, ε = 1e-5, σ = 0.5 — for both assemblies (RHOSVD of the particles' side
 * matrices, and the box-wide basis), with the energy error against direct summation (Gaussian units).
 *
 *   pnpm tsx packages/electrostatics/bench/ranks.ts [--max 12000]
 */
import { parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';

const args = process.argv.slice(2);
const maxAtoms = Number(args[args.indexOf('--max') + 1] ?? '12000') || 12000;
const lines = [
  '| protein | N | assembly | ranks | canonical rank N·R_l | energy rel. error | seconds |',
  '|---|---:|---|---|---:|---:|---:|',
];
for (const file of ['1ajj', '451c', '1a63', 'actin-dimer_complex']) {
  const protein = parsePqr(readFixtureText(`pqr/${file}.pqr`), { fileName: `${file}.pqr` })[0]!;
  const charges = (protein.arrays.charges as { data: Float64Array }).data;
  const n = charges.length;
  if (n > maxAtoms) continue;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < 3 * n; i++) {
    lo[i % 3] = Math.min(lo[i % 3]!, protein.positions[i]!);
    hi[i % 3] = Math.max(hi[i % 3]!, protein.positions[i]!);
  }
  const extent = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!);
  const positions = protein.positions.map((v, i) => ((v - 0.5 * (lo[i % 3]! + hi[i % 3]!)) * 1.8) / extent);
  const direct = directCoulomb(positions, charges, { coulombConstant: 1 });
  for (const assembly of ['rhosvd', 'projected'] as const) {
    // RHOSVD holds 3·n·N·R_l numbers: keep it to the smaller proteins.
    if (assembly === 'rhosvd' && n > 3000) continue;
    process.stderr.write(`${file} ${assembly}\n`);
    const start = performance.now();
    const rs = rangeSeparatedCoulomb(positions, charges, {
      accuracy: 1e-5,
      splitRadius: 0.5,
      gridSize: 256,
      tuckerTolerance: 1e-5, // the papers' ε (the default would be δ/4)
      box: { lo: [-1, -1, -1], size: 2 },
      assembly,
      coulombConstant: 1,
    });
    const seconds = (performance.now() - start) / 1000;
    const error = Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy);
    lines.push(
      `| ${file} | ${n} | ${assembly} | ${rs.ranks.join('×')} | ${rs.model.longRange.canonicalRank} | ${error.toExponential(1)} | ${seconds.toFixed(2)} |`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
