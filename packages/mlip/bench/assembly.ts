/**
 * Normal-equation assembly, row by row (`addRow`, a rank-1 update of G per row) against block-wise
 * (`addRows`, 4×4-tiled Gram products over a configuration's non-zero columns), on the Zuo 2020 Si design,
 * interleaved in one run; also the time of one ridge path (the eigendecomposition) for scale. Checks that
 * both assemblies agree.
 *
 *   pnpm tsx packages/mlip/bench/assembly.ts [--degree 20,16,14] [--rcut 5.5] [--rounds 3]
 */
import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { labelledConfigs, NormalEquations, prepareFit, ridgePath } from '../src/index.ts';
import { argValue } from './util.ts';

const maxDegree = argValue('--degree', '20,16,14').split(',').map(Number);
const rounds = Number(argValue('--rounds', '3'));
const configs = labelledConfigs(parseExtxyz(readFixtureText('mlip/zuo2020_Si_train.xyz'), { fileName: 'zuo2020_Si_train.xyz' }));
const design = prepareFit(configs, {
  basis: { order: maxDegree.length, maxDegree, wL: 1, rcut: Number(argValue('--rcut', '5.5')), lambda: 0 },
});
const P = design.descriptor.columns;

function assemble(blockwise: boolean): NormalEquations {
  const ne = new NormalEquations(P);
  for (const { config, block } of design.configs) {
    const N = config.atoms.numbers.length;
    if (config.forces === null) continue;
    if (blockwise) ne.addRows(block.forces, 3 * N, config.forces, 1);
    else for (let r = 0; r < 3 * N; r++) ne.addRow(block.forces, config.forces[r] as number, 1, r * P);
  }
  return ne;
}

const times = { row: [] as number[], block: [] as number[] };
let last: { row?: NormalEquations; block?: NormalEquations } = {};
for (let round = 0; round < rounds; round++) {
  for (const kind of ['row', 'block'] as const) {
    const t0 = performance.now();
    last = { ...last, [kind]: assemble(kind === 'block') };
    times[kind].push((performance.now() - t0) / 1000);
  }
}
let worst = 0;
let scale = 0;
for (let k = 0; k < P * P; k++) {
  worst = Math.max(worst, Math.abs((last.row!.gram[k] as number) - (last.block!.gram[k] as number)));
  scale = Math.max(scale, Math.abs(last.row!.gram[k] as number));
}
const t0 = performance.now();
ridgePath(last.block!, [1e-9]);
const evd = (performance.now() - t0) / 1000;
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
const rows = design.configs.reduce((s, c) => s + 3 * c.config.atoms.numbers.length, 0);
process.stdout.write(
  `columns ${P}, force rows ${rows}: addRow ${median(times.row).toFixed(2)} s, addRows ${median(times.block).toFixed(2)} s ` +
    `(${(median(times.row) / median(times.block)).toFixed(1)}×; medians of ${rounds}), max |ΔG|/max|G| ${(worst / scale).toExponential(1)}; ` +
    `one ridge path (EVD) ${evd.toFixed(1)} s\n`,
);
