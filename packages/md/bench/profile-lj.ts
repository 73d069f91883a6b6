/**
 * Where the time of an in.lj-like run goes: neighbour-list builds versus force evaluations (minimum CPU time
 * over repeats, so a noisy shared machine matters less), and the list build on the shared worker pool against the
 * serial build (least wall-clock time of alternating builds; and the least CPU time of all threads, the work the pool
 * adds). Positions are those
 * after `--melt` steps of in.lj's run (default 50), not the perfect lattice.
 * The force evaluation is timed with the default kernel (`forceMs`: WebAssembly SIMD where supported) and, alternating,
 * against the TypeScript reference loop (`forceAlternatingMs`).
 * The serial build is timed with the default candidate search (`buildMs`: WebAssembly where supported) and, alternating,
 * against the TypeScript search (`buildAlternatingMs`).
 * Run: pnpm tsx packages/md/bench/profile-lj.ts [--repeat 20] [--workers 2] [--melt 50]
 */
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { cubicLattice, LennardJones, ljUnits, maxwellBoltzmann, NeighborList, runDynamics, velocityVerlet } from '../src/index.ts';
import { scatterBuildTypeScript } from '../src/neighbor-scatter.ts';
import { PooledNeighborBuild } from '../src/node/index.ts';
import { bestCpuMs, numberArg } from './util.ts';

const repeat = numberArg('--repeat', 20);
const workers = numberArg('--workers', 2);
const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
const nve = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
runDynamics(nve, nve.init(system), numberArg('--melt', 50));
/** The least CPU ms of each function over `rounds` rounds of two calls each, the functions alternating. */
function alternatingBest(rounds: number, ...fs: (() => void)[]): number[] {
  const best = fs.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++)
    fs.forEach((f, k) => {
      best[k] = Math.min(best[k] as number, bestCpuMs(f, 2));
    });
  return best;
}
const list = new NeighborList({ cutoff: 2.5, skin: 0.3 });
const build = bestCpuMs(() => list.build(system), 8);
const force = bestCpuMs(() => lj.compute(system), 20);
// the TypeScript candidate search against the WebAssembly one (the default where supported), alternating
const listTs = new NeighborList({ cutoff: 2.5, skin: 0.3 });
listTs.fastPath = scatterBuildTypeScript;
const [buildTs, buildWasm] = alternatingBest(
  6,
  () => listTs.build(system),
  () => list.build(system),
);
// the TypeScript reference loop against the WebAssembly SIMD kernel (the default where supported), alternating
const ljTs = new LennardJones({ cutoff: 2.5, skin: 0.3, kernel: 'typescript' });
ljTs.compute(system);
const [forceTs, forceWasm] = alternatingBest(
  10,
  () => ljTs.compute(system),
  () => lj.compute(system),
);
const perAtom = bestCpuMs(() => lj.compute(system, { perAtomEnergies: true }), 5);

const pool = new NodeWorkerPool({ workers });
const pooled = new NeighborList({ cutoff: 2.5, skin: 0.3 });
pooled.fastPath = new PooledNeighborBuild(pool).build;
const bestWallMs = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
let serialWall = Number.POSITIVE_INFINITY;
let pooledWall = Number.POSITIVE_INFINITY;
for (let r = 0; r < 8; r++) {
  serialWall = Math.min(
    serialWall,
    bestWallMs(() => list.build(system)),
  );
  pooledWall = Math.min(
    pooledWall,
    bestWallMs(() => pooled.build(system)),
  );
}
const pooledCpu = bestCpuMs(() => pooled.build(system), 8);
let same = pooled.size === list.size;
for (let k = 0; k < list.size && same; k++) same = pooled.neighbors[k] === list.neighbors[k] && pooled.images[k] === list.images[k];
await pool.close();
console.log(
  JSON.stringify({
    atoms: system.masses.length,
    entries: list.size,
    buildMs: build,
    buildAlternatingMs: { typescript: buildTs, default: buildWasm, ratio: (buildTs as number) / (buildWasm as number) },
    forceMs: force,
    forceKernel: lj.kernel,
    forceAlternatingMs: { typescript: forceTs, [lj.kernel]: forceWasm, ratio: (forceTs as number) / (forceWasm as number) },
    forcePerAtomEnergiesMs: perAtom,
    buildWallMs: { serial: serialWall, [`pool${workers}`]: pooledWall, ratio: serialWall / pooledWall, sameList: same },
    pooledBuildCpuMs: pooledCpu,
  }),
);
