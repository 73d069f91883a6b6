/**
 * The RS potential on tensor grids: `model.potentialOnGrid(grid)` (long range as a Tucker tensor contracted mode by
 * mode on the grid axes, short range per charge on the nodes within σ) against point-by-point `model.potentialAt`
 * (timed on a sample of nodes and extrapolated) and exact `directPotentialOnGrid`, with the max error relative to
 * max |φ| over the nodes at least max(1 Å, r_min) from every atom, r_min = half the closest pair distance, the
 * bottom of the range the quadrature is tuned on (`model.split.quadrature.range[0]`).
 *
 *   pnpm tsx packages/electrostatics/bench/grid.ts [--accuracy 1e-5]
 */
import { directPotentialOnGrid, rangeSeparatedCoulomb, uniformGrid } from '../src/index.ts';
import { loadCharged } from '../test/fixtures.ts';

const args = process.argv.slice(2);
const accuracy = Number(args[args.indexOf('--accuracy') + 1] ?? '1e-5') || 1e-5;
const lines = [
  `| system | N | grid | RS model build (s) | potentialOnGrid (s) | potentialAt per point (ms) | potentialAt, whole grid (s, extrapolated) | directPotentialOnGrid (s) | exclusion radius (Å) | max error / max abs φ |`,
  '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const [file, sizes] of [
  ['pqr/1ajj.pqr', [48, 64, 96]],
  ['pqr/1a63.pqr', [64]],
  ['crystals/NaCl_cluster_8x8x8_open.xyz', [64]],
] as const) {
  const { positions, charges } = loadCharged(file);
  let start = performance.now();
  const rs = rangeSeparatedCoulomb(positions, charges, { accuracy });
  const build = (performance.now() - start) / 1000;
  const { lo, h, n } = rs.model.grid;
  const edge = h * (n - 1);
  const exclusion = Math.max(1, rs.model.split.quadrature.range[0]);
  for (const m of sizes) {
    const grid = uniformGrid(lo, [lo[0] + edge, lo[1] + edge, lo[2] + edge], [m, m, m]);
    start = performance.now();
    const field = rs.model.potentialOnGrid(grid);
    const onGrid = (performance.now() - start) / 1000;
    const sample = new Float64Array(3 * 200);
    for (let p = 0; p < 200; p++) sample.set([grid.x[(p * 7) % m]!, grid.y[(p * 13) % m]!, grid.z[(p * 29) % m]!], 3 * p);
    start = performance.now();
    rs.model.potentialAt(sample);
    const perPoint = (performance.now() - start) / 200;
    start = performance.now();
    const exact = directPotentialOnGrid(positions, charges, grid);
    const direct = (performance.now() - start) / 1000;
    let scale = 0;
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        for (let k = 0; k < m; k++) {
          const [x, y, z] = [grid.x[i]!, grid.y[j]!, grid.z[k]!];
          let near = false;
          for (let a = 0; a < charges.length && !near; a++)
            near = (x - positions[3 * a]!) ** 2 + (y - positions[3 * a + 1]!) ** 2 + (z - positions[3 * a + 2]!) ** 2 < exclusion ** 2;
          if (near) continue;
          const index = (i * m + j) * m + k;
          scale = Math.max(scale, Math.abs(exact[index]!));
          worst = Math.max(worst, Math.abs(field.values[index]! - exact[index]!));
        }
    lines.push(
      `| ${file.split('/')[1]} | ${charges.length} | ${m}³ | ${build.toFixed(2)} | ${onGrid.toFixed(2)} | ${perPoint.toFixed(2)} | ${((perPoint * m ** 3) / 1000).toFixed(0)} | ${direct.toFixed(2)} | ${exclusion.toFixed(2)} | ${(worst / scale).toExponential(1)} |`,
    );
    console.error(lines[lines.length - 1]);
  }
}
console.log(`δ = ${accuracy}\n${lines.join('\n')}`);
