/**
 * The `krylov` solver's Lanczos step on one thread against the shared-memory worker pool (`LanczosRidge` with
 * `{ pool }`), on the real design of the carbonate-solvent set (energy and force rows, weights 30/√N and 1, every
 * configuration). The design is built once, in one `SharedArrayBuffer` (`prepareFit` with a pool and the krylov
 * solver); then rounds alternate the variants (one thread, pool of 1, pool of k), each extending a fresh `LanczosRidge`
 * by `--steps` steps, and report per step the wall time and the process CPU time (all threads, `process.cpuUsage`),
 * the medians over `--rounds`. Also checks that the variants' Lanczos coefficients agree (max relative difference).
 *
 *   nice pnpm tsx packages/mlip/bench/krylov-pool.ts --degree 10,10,10 --rcut 5 --workers 2 --steps 10 --rounds 3
 *
 * Prints one JSON line per variant and a summary line with the ratios.
 */
import { execSync } from 'node:child_process';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { type DesignRows, LanczosRidge, prepareFit } from '../src/index.ts';
import { argValue, basisArgs, dataConfigs } from './util.ts';

const workers = Number(argValue('--workers', '2'));
const steps = Number(argValue('--steps', '10'));
const rounds = Number(argValue('--rounds', '3'));
const load = (): string =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/.*load average: /, '');
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};

const pools = new Map<number, NodeWorkerPool>([
  [1, new NodeWorkerPool({ workers: 1 })],
  [workers, new NodeWorkerPool({ workers })],
]);
const loadBefore = load();
const tDesign = performance.now();
const design = prepareFit(dataConfigs('solvent_xtb_train.xyz'), {
  basis: basisArgs({ degree: '10,10,10', rcut: '5' }),
  solver: 'krylov',
  pool: pools.get(1)!,
  log: (m) => {
    if (!m.startsWith('features:')) process.stderr.write(`${m}\n`);
  },
});
const designSeconds = (performance.now() - tDesign) / 1000;
const P = design.configs[0]!.block.columns;
const rows: DesignRows[] = [];
for (const { config, block, e0Sum } of design.configs) {
  const N = config.atoms.numbers.length;
  if (config.energy !== null) rows.push({ data: block.energy, rows: 1, targets: [config.energy - e0Sum], weight: 30 / Math.sqrt(N) });
  if (config.forces !== null) rows.push({ data: block.forces, rows: 3 * N, targets: config.forces, weight: 1 });
}
let n = 0;
for (const r of rows) n += r.rows;
process.stderr.write(`design: ${n} rows × ${P} columns (${((8 * n * P) / 1e9).toFixed(2)} GB) in ${designSeconds.toFixed(1)} s\n`);

const variants: { name: string; pool?: NodeWorkerPool }[] = [
  { name: 'one thread' },
  { name: 'pool of 1', pool: pools.get(1)! },
  { name: `pool of ${workers}`, pool: pools.get(workers)! },
];
const times = variants.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
const solutions: Float64Array[] = [];
for (let round = 0; round < rounds; round++)
  variants.forEach((v, i) => {
    const ridge = new LanczosRidge(rows, P, { maxIterations: steps, ...(v.pool ? { pool: v.pool } : {}) });
    const c0 = cpu();
    const t0 = performance.now();
    ridge.extend(steps);
    times[i]!.wall.push((performance.now() - t0) / steps);
    times[i]!.cpu.push((cpu() - c0) / steps);
    if (round === 0) solutions.push(ridge.solve(1e-6));
  });
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
const ref = solutions[0]!;
let norm = 0;
for (const v of ref) norm = Math.max(norm, Math.abs(v));
const result = variants.map((v, i) => {
  let diff = 0;
  for (let k = 0; k < P; k++) diff = Math.max(diff, Math.abs((solutions[i]![k] as number) - (ref[k] as number)));
  return {
    variant: v.name,
    rows: n,
    columns: P,
    steps,
    rounds,
    wallMsPerStep: +median(times[i]!.wall).toFixed(1),
    cpuMsPerStep: +median(times[i]!.cpu).toFixed(1),
    maxRelDiffVsOneThread: diff / norm,
  };
});
for (const r of result) process.stdout.write(`${JSON.stringify(r)}\n`);
const [one, , k] = result as [(typeof result)[0], (typeof result)[0], (typeof result)[0]];
process.stdout.write(
  `${JSON.stringify({
    wallSpeedup: +(one.wallMsPerStep / k.wallMsPerStep).toFixed(2),
    cpuRatio: +(k.cpuMsPerStep / one.cpuMsPerStep).toFixed(2),
    loadBefore,
    loadAfter: load(),
  })}\n`,
);
await Promise.all([...pools.values()].map((p) => p.close()));
