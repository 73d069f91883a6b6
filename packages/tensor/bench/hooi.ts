/**
 * Issue 16: `tensor decompose --format tucker --rank 8 --method hooi` of the 100³ tensor 1/√(x² + y² + z²) on
 * [0.1, 1]³ (linspace grid), ours on one thread and on a `NodeWorkerPool` of 2 workers, against the numpy peer
 * `reference/hooi_peer.py` (tensorly 0.9's HOOI, step for step, on OpenBLAS; tensorly itself is not installable
 * here) with OPENBLAS_NUM_THREADS=1 and 2, all in one run, alternating. Reports the median and range of wall and
 * process CPU seconds (CPU includes every thread) of the decomposition alone, sweeps and relative error, and the
 * load average before and after.
 *
 *   nice pnpm tsx packages/tensor/bench/hooi.ts [--repeats 7] [--n 100] [--rank 8] [--no-peer]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hooi, relativeDistance, tensorFromFunction, tuckerToDense } from '../src/index.ts';
import { NodeWorkerPool } from '../src/node/index.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const repeats = arg('--repeats', 7);
const n = arg('--n', 100);
const rank = arg('--rank', 8);
const here = dirname(fileURLToPath(import.meta.url));

const grid = (i: number) => 0.1 + (0.9 * i) / (n - 1);
const x = tensorFromFunction([n, n, n], ([i, j, k]) => 1 / Math.sqrt(grid(i!) ** 2 + grid(j!) ** 2 + grid(k!) ** 2));
const pool = new NodeWorkerPool({ workers: 2 });

interface Row {
  wall: number[];
  cpu: number[];
  sweeps: number;
  relativeError: number;
}
const rows = new Map<string, Row>();
const add = (name: string, wall: number, cpu: number, sweeps: number, relativeError: number) => {
  const r = rows.get(name) ?? { wall: [], cpu: [], sweeps, relativeError };
  r.wall.push(wall);
  r.cpu.push(cpu);
  rows.set(name, r);
};

function ours(name: string, withPool: boolean): Float64Array {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = hooi(x, { ranks: [rank, rank, rank], ...(withPool ? { pool } : {}) });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  add(name, wall, (c.user + c.system) / 1e6, r.iterations, relativeDistance(tuckerToDense(r.tucker), x));
  return r.tucker.core.data;
}

function peer(threads: number): void {
  const out = execFileSync('python3', [join(here, 'reference/hooi_peer.py'), '--n', String(n), '--rank', String(rank), '--repeats', '1'], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    encoding: 'utf8',
  });
  const j = JSON.parse(out) as { wall: number[]; cpu: number[]; sweeps: number; relativeError: number };
  add(`numpy peer, ${threads} BLAS thread${threads > 1 ? 's' : ''}`, j.wall[0]!, j.cpu[0]!, j.sweeps, j.relativeError);
}

const load0 = loadavg();
ours('warm-up', false);
ours('warm-up', true);
rows.delete('warm-up');
let identical = true;
for (let r = 0; r < repeats; r++) {
  const a = ours('ours, 1 thread', false);
  const b = ours('ours, pool of 2 workers', true);
  identical &&= a.every((v, i) => v === b[i]);
  if (!process.argv.includes('--no-peer')) {
    peer(1);
    peer(2);
  }
}
const load1 = loadavg();
await pool.close();

const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const fmt = (v: number[]) => `${med(v).toFixed(3)} (${Math.min(...v).toFixed(3)}–${Math.max(...v).toFixed(3)})`;
console.log(`# HOOI rank ${rank} of the ${n}³ tensor 1/|x| on [0.1, 1]³ — ${new Date().toISOString()} — Node ${process.version}`);
console.log(
  `load average before ${load0.map((v) => v.toFixed(2)).join(' ')}, after ${load1.map((v) => v.toFixed(2)).join(' ')}; ${repeats} repeats, alternating`,
);
console.log('| run | wall s, median (range) | CPU s, median (range) | sweeps | relative error |');
console.log('|---|---|---|---|---|');
for (const [name, r] of rows)
  console.log(`| ${name} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${r.sweeps} | ${r.relativeError.toExponential(3)} |`);
console.log(`core of 1 thread and 2 workers bit-identical: ${identical}`);
