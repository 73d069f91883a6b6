/**
 * Issue 16: the dense decompositions on one thread and on a `NodeWorkerPool` of 1 and 2 workers, with numpy/OpenBLAS
 * (one BLAS thread) for the same operation in the same run where numpy has one. Operations on the 100³ tensor
 * 1/√(x² + y² + z²) on [0.1, 1]³: HOOI rank 8 from the ST-HOSVD, TT-SVD (ε = 1e-8: the blocked-QR route; ranks 8: the
 * Gram route), CP-ALS rank 8 (10 sweeps); and the blocked QR of a 10 000 × 100 Gaussian matrix (numpy:
 * `np.linalg.qr`, LAPACK dgeqrf + dorgqr). Warm (a first call of each is discarded), repeats alternating; reports
 * medians of wall and process CPU seconds (every thread), and the parallel efficiency T₁ / (k·T_k) from the wall
 * medians (T₁: one thread without a pool). Every pooled result is checked bit for bit against the one-thread result.
 *
 *   nice pnpm tsx packages/tensor/bench/pool-efficiency.ts [--repeats 5] [--no-peer]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { cpAls, hooi, mat, qrBlocked, Random, tensorFromFunction, ttSvd, type WorkerPool } from '../src/index.ts';
import { NodeWorkerPool } from '../src/node/index.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const repeats = arg('--repeats', 5);
const n = 100;
const grid = (i: number) => 0.1 + (0.9 * i) / (n - 1);
const x = tensorFromFunction([n, n, n], ([i, j, k]) => 1 / Math.sqrt(grid(i!) ** 2 + grid(j!) ** 2 + grid(k!) ** 2));
// a Gaussian matrix (numpy draws its own: the QR's cost does not depend on the entries)
const rng = Random.mulberry32(1);
const a = mat(
  10000,
  100,
  Float64Array.from({ length: 1e6 }, () => rng.normal()),
);

const ops: Record<string, (pool: WorkerPool | undefined) => Float64Array> = {
  'HOOI rank 8 (sthosvd start)': (pool) => hooi(x, { ranks: [8, 8, 8], init: 'sthosvd', ...(pool ? { pool } : {}) }).tucker.core.data,
  'TT-SVD ε = 1e-8 (blocked QR route)': (pool) => ttSvd(x, { eps: 1e-8, ...(pool ? { pool } : {}) }).tt.cores[1]!.data,
  'TT-SVD ranks 8 (Gram route)': (pool) => ttSvd(x, { ranks: 8, ...(pool ? { pool } : {}) }).tt.cores[1]!.data,
  'CP-ALS rank 8, 10 sweeps': (pool) =>
    cpAls(x, { rank: 8, init: 'svd', maxIterations: 10, tolerance: 0, stallTolerance: 0, ...(pool ? { pool } : {}) }).cp.factors[0]!.data,
  'QR of 10 000 × 100 (qrBlocked)': (pool) => qrBlocked(a, pool ? { pool } : {}).r.data,
};
const peers: Record<string, string> = {
  'QR of 10 000 × 100 (qrBlocked)': 'a = np.random.default_rng(1).standard_normal((10000, 100)); f = lambda: np.linalg.qr(a)',
  'TT-SVD ranks 8 (Gram route)':
    'g = np.linspace(0.1, 1, 100); X, Y, Z = np.meshgrid(g, g, g, indexing="ij"); x = 1 / np.sqrt(X**2 + Y**2 + Z**2)\n' +
    'def f():\n    c = x.reshape(100, -1); u, s, vt = np.linalg.svd(c, full_matrices=False); c = (s[:8, None] * vt[:8]).reshape(800, 100)\n' +
    '    u, s, vt = np.linalg.svd(c, full_matrices=False); return u[:, :8]',
};

function peer(setup: string): { wall: number; cpu: number } {
  const script = `import json, time, numpy as np\n${setup}\nf()\nw = time.perf_counter(); c = time.process_time(); f()\nprint(json.dumps({"wall": time.perf_counter() - w, "cpu": time.process_time() - c}))`;
  const out = execFileSync('python3', ['-c', script], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { wall: number; cpu: number };
}

const pools: [string, NodeWorkerPool | undefined][] = [
  ['1 thread', undefined],
  ['pool of 1', new NodeWorkerPool({ workers: 1 })],
  ['pool of 2', new NodeWorkerPool({ workers: 2 })],
];
const times = new Map<string, { wall: number[]; cpu: number[] }>();
const add = (key: string, wall: number, cpu: number) => {
  const t = times.get(key) ?? { wall: [], cpu: [] };
  t.wall.push(wall);
  t.cpu.push(cpu);
  times.set(key, t);
};
const load0 = loadavg();
let identical = true;
for (const [name, op] of Object.entries(ops)) {
  const reference = op(undefined);
  for (const [, pool] of pools) op(pool); // warm-up of each path
  for (let r = 0; r < repeats; r++) {
    for (const [label, pool] of pools) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = op(pool);
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      add(`${name}|${label}`, wall, (c.user + c.system) / 1e6);
      identical &&= out.length === reference.length && out.every((v, i) => v === reference[i]);
    }
    const setup = peers[name];
    if (setup !== undefined && !process.argv.includes('--no-peer')) {
      const p = peer(setup);
      add(`${name}|numpy, 1 BLAS thread`, p.wall, p.cpu);
    }
  }
}
const load1 = loadavg();
await Promise.all(pools.map(([, p]) => p?.close()));

const med = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1]!;
console.log(`# Dense decompositions on the worker pool — ${new Date().toISOString()} — Node ${process.version}`);
console.log(
  `load average before ${load0.map((v) => v.toFixed(2)).join(' ')}, after ${load1.map((v) => v.toFixed(2)).join(' ')}; ${repeats} repeats, alternating`,
);
console.log('| operation | 1 thread wall / CPU s | pool of 1 | pool of 2 | efficiency 1 / 2 workers | numpy, 1 BLAS thread |');
console.log('|---|---|---|---|---|---|');
for (const name of Object.keys(ops)) {
  const cell = (label: string) => {
    const t = times.get(`${name}|${label}`);
    return t ? `${med(t.wall).toFixed(3)} / ${med(t.cpu).toFixed(3)}` : '—';
  };
  const t1 = med(times.get(`${name}|1 thread`)!.wall);
  const e = (label: string, k: number) => (t1 / (k * med(times.get(`${name}|${label}`)!.wall))).toFixed(2);
  console.log(
    `| ${name} | ${cell('1 thread')} | ${cell('pool of 1')} | ${cell('pool of 2')} | ${e('pool of 1', 1)} / ${e('pool of 2', 2)} | ${cell('numpy, 1 BLAS thread')} |`,
  );
}
console.log(`pooled results bit-identical to one thread: ${identical}`);
