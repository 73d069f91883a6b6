/**
 * Normal-equation assembly of a fit's force rows, interleaved in one run: row by row (`addRow`, a rank-1 update of G
 * per row; only with `--kinds row,…`), block-wise on this thread (`addRows`, 4×4-tiled Gram products over a
 * configuration's non-zero columns), and block-wise on the shared-memory worker pool with k workers (`pool:k`,
 * `NormalEquations` with `{ pool }`). Checks that every variant's Gram matrix agrees with the block-wise one (the pool
 * ones bit for bit) and prints wall-clock medians and ratios.
 *
 *   pnpm tsx packages/mlip/bench/assembly.ts [--data zuo-si|solvent] [--degree 20,16,14] [--rcut 5.5]
 *     [--kinds block,pool:1,pool:2] [--rounds 3]
 */
import { parseExtxyz } from '@equitensor/io';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { readFixtureText } from '@equitensor/testing';
import { labelledConfigs, NormalEquations, prepareFit } from '../src/index.ts';
import { argValue } from './util.ts';

const data = argValue('--data', 'zuo-si');
const file = data === 'solvent' ? 'solvent_xtb_train.xyz' : 'zuo2020_Si_train.xyz';
const maxDegree = argValue('--degree', '20,16,14').split(',').map(Number);
const rounds = Number(argValue('--rounds', '3'));
const kinds = argValue('--kinds', 'block,pool:1,pool:2').split(',');
const configs = labelledConfigs(parseExtxyz(readFixtureText(`mlip/${file}`), { fileName: file }));
const design = prepareFit(configs, {
  basis: { order: maxDegree.length, maxDegree, wL: 1, rcut: Number(argValue('--rcut', data === 'solvent' ? '5' : '5.5')), lambda: 0 },
});
const P = design.descriptor.columns;
const pools = new Map<string, NodeWorkerPool>();
for (const kind of kinds) if (kind.startsWith('pool:')) pools.set(kind, new NodeWorkerPool({ workers: Number(kind.slice(5)) }));

function assemble(kind: string): NormalEquations {
  const pool = pools.get(kind);
  const ne = new NormalEquations(P, pool ? { pool } : {});
  for (const { config, block } of design.configs) {
    const N = config.atoms.numbers.length;
    if (config.forces === null) continue;
    if (kind === 'row') for (let r = 0; r < 3 * N; r++) ne.addRow(block.forces, config.forces[r] as number, 1, r * P);
    else ne.addRows(block.forces, 3 * N, config.forces, 1);
  }
  return ne;
}

const times = new Map<string, number[]>(kinds.map((k) => [k, []]));
const last = new Map<string, NormalEquations>();
for (let round = 0; round < rounds; round++) {
  for (const kind of kinds) {
    last.delete(kind);
    const t0 = performance.now();
    last.set(kind, assemble(kind));
    times.get(kind)!.push((performance.now() - t0) / 1000);
  }
}
await Promise.all([...pools.values()].map((p) => p.close()));
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
const reference = last.get('block') ?? last.get(kinds[0] as string)!;
const base = median(times.get(kinds[0] as string)!);
const rows = design.configs.reduce((s, c) => s + (c.config.forces ? 3 * c.config.atoms.numbers.length : 0), 0);
process.stdout.write(`${file}: ${P} columns, ${rows} force rows, medians of ${rounds} (wall s), ratio to ${kinds[0]}\n`);
for (const kind of kinds) {
  const G = last.get(kind)!.gram;
  let worst = 0;
  let scale = 0;
  let identical = true;
  for (let k = 0; k < P * P; k++) {
    const d = Math.abs((G[k] as number) - (reference.gram[k] as number));
    if (d !== 0) identical = false;
    worst = Math.max(worst, d);
    scale = Math.max(scale, Math.abs(reference.gram[k] as number));
  }
  const m = median(times.get(kind)!);
  process.stdout.write(
    `  ${kind.padEnd(7)} ${m.toFixed(2)} s  ×${(base / m).toFixed(2)}  (runs ${times
      .get(kind)!
      .map((t) => t.toFixed(2))
      .join(', ')})  ${identical ? 'G bit-identical to block' : `max |ΔG|/max|G| ${(worst / scale).toExponential(1)}`}\n`,
  );
}
