/**
 * Issue 16: `tensor decompose --format tucker --rank 8 --method hooi` of the 100³ tensor 1/√(x² + y² + z²) on
 * [0.1, 1]³ (linspace grid), ours on one thread and on a `NodeWorkerPool` of 2 (and 1) workers, against the numpy peer
 * `reference/hooi_peer.py` (tensorly 0.9's HOOI, step for step, on OpenBLAS; tensorly itself is not installable
 * here) with OPENBLAS_NUM_THREADS=1 and 2, all in one run, alternating. Reports the median and range of wall and
 * process CPU seconds (CPU includes every thread) of the decomposition alone, sweeps and relative error, and the
 * load average before and after. Ours runs warm (repeated calls in this process) and, once per repeat, as the first
 * call of a fresh process (JIT cold, as the CLI runs it); the peer runs once per fresh Python process.
 *
 * Ours runs from both starts: the HOSVD (tensorly's init='svd', the library default) and the sequentially truncated
 * HOSVD (`init: 'sthosvd'`, the CLI's default since issue 16's second pass).
 *
 *   nice pnpm tsx packages/tensor/bench/hooi.ts [--repeats 7] [--n 100] [--rank 8] [--no-peer] [--no-peer2]
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

if (process.argv.includes('--cold')) {
  // one call in this fresh process (JIT cold, as `pnpm equitensor tensor decompose` runs it); prints JSON
  const g0 = (i: number) => 0.1 + (0.9 * i) / (n - 1);
  const y = tensorFromFunction([n, n, n], ([i, j, k]) => 1 / Math.sqrt(g0(i!) ** 2 + g0(j!) ** 2 + g0(k!) ** 2));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = hooi(y, { ranks: [rank, rank, rank], init: process.argv.includes('sthosvd') ? 'sthosvd' : 'hosvd' });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      wall,
      cpu: (c.user + c.system) / 1e6,
      sweeps: r.iterations,
      relativeError: relativeDistance(tuckerToDense(r.tucker), y),
    }),
  );
  process.exit(0);
}

const grid = (i: number) => 0.1 + (0.9 * i) / (n - 1);
const x = tensorFromFunction([n, n, n], ([i, j, k]) => 1 / Math.sqrt(grid(i!) ** 2 + grid(j!) ** 2 + grid(k!) ** 2));
const pool = new NodeWorkerPool({ workers: 2 });
const pool1 = new NodeWorkerPool({ workers: 1 });

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

function ours(name: string, on?: NodeWorkerPool, init: 'hosvd' | 'sthosvd' = 'hosvd'): Float64Array {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = hooi(x, { ranks: [rank, rank, rank], init, ...(on ? { pool: on } : {}) });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  add(name, wall, (c.user + c.system) / 1e6, r.iterations, relativeDistance(tuckerToDense(r.tucker), x));
  return r.tucker.core.data;
}

function cold(init: 'hosvd' | 'sthosvd'): void {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--cold', '--n', String(n), '--rank', String(rank), '--init', init],
    {
      encoding: 'utf8',
    },
  );
  const j = JSON.parse(out) as { wall: number; cpu: number; sweeps: number; relativeError: number };
  add(`ours (${init} start), 1 thread, first call in a fresh process (as the CLI)`, j.wall, j.cpu, j.sweeps, j.relativeError);
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
ours('warm-up');
ours('warm-up', pool);
ours('warm-up', pool1);
ours('warm-up', undefined, 'sthosvd');
ours('warm-up', pool, 'sthosvd');
rows.delete('warm-up');
let identical = true;
for (let r = 0; r < repeats; r++) {
  const a = ours('ours (hosvd start), 1 thread');
  const b = ours('ours (hosvd start), pool of 2 workers', pool);
  const c = ours('ours (hosvd start), pool of 1 worker (the pool overhead)', pool1);
  identical &&= a.every((v, i) => v === b[i] && v === c[i]);
  const d = ours('ours (sthosvd start), 1 thread', undefined, 'sthosvd');
  const e = ours('ours (sthosvd start), pool of 2 workers', pool, 'sthosvd');
  identical &&= d.every((v, i) => v === e[i]);
  cold('hosvd');
  cold('sthosvd');
  if (!process.argv.includes('--no-peer')) {
    peer(1);
    if (!process.argv.includes('--no-peer2')) peer(2);
  }
}
const load1 = loadavg();
await Promise.all([pool.close(), pool1.close()]);

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
console.log(`core of 1 thread, 1 worker and 2 workers bit-identical (each start): ${identical}`);
