/**
 * Time of the Ewald potential on fractional grids of the cell (`ewaldPotentialOnGrid`, separable reciprocal sum)
 * against `ewaldPotentialAt` on the same nodes (reciprocal sum per point), and their agreement, for m³ NaCl cells.
 *
 *   pnpm tsx packages/electrostatics/bench/ewald-potential.ts [--accuracy 1e-6]
 *
 * Prints a markdown table on stdout.
 */

import { rockSalt } from '@equitensor/testing';
import { ewaldParameters, ewaldPotentialAt, ewaldPotentialOnGrid } from '../src/index.ts';

const args = process.argv.slice(2);
const i = args.indexOf('--accuracy');
const accuracy = i >= 0 ? Number(args[i + 1]) : 1e-6;

function describe(p: { alpha: number; cutoff: number; kmax: readonly number[] }): string {
  return `${p.alpha.toFixed(3)}, ${p.cutoff.toFixed(2)}, ${p.kmax.join('/')}`;
}

console.log(
  '| system | N | grid | grid α (1/Å), r_c (Å), k_max | points α (1/Å), r_c (Å), k_max | ewaldPotentialOnGrid (s) | ewaldPotentialAt on the nodes (s) | max abs diff / max abs φ |',
);
console.log('|---|---:|---|---|---|---:|---:|---:|');
for (const [m, n] of [
  [1, 32],
  [1, 64],
  [4, 32],
  [4, 64],
] as const) {
  const system = rockSalt(m);
  const offset = [0.5 / n, 0.5 / n, 0.5 / n] as const;
  let start = performance.now();
  const grid = ewaldPotentialOnGrid(system, { shape: [n, n, n], offset }, { accuracy });
  const tGrid = (performance.now() - start) / 1000;
  const points = new Float64Array(3 * n * n * n);
  for (let a = 0, p = 0; a < n; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++, p++) points.set(grid.point(a, b, c), 3 * p);
  start = performance.now();
  const at = ewaldPotentialAt(points, system, { accuracy });
  const tPoints = (performance.now() - start) / 1000;
  let diff = 0;
  let scale = 0;
  for (let p = 0; p < at.length; p++) {
    diff = Math.max(diff, Math.abs(at[p]! - grid.values[p]!));
    scale = Math.max(scale, Math.abs(at[p]!));
  }
  const { alpha, cutoff, kmax } = ewaldParameters(system.cell, system.charges.length, { accuracy });
  console.log(
    `| NaCl ${m}³ cells | ${system.charges.length} | ${n}³ | ${describe(grid.parameters)} | ${describe({ alpha, cutoff, kmax })} | ${tGrid.toFixed(3)} | ${tPoints.toFixed(3)} | ${(diff / scale).toExponential(1)} |`,
  );
}
