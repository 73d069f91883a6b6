/**
 * The neighbour-list builds inside in.lj's run (32,000 atoms, 100 steps, rc 2.5 + skin 0.3, check every step: 13 or 14
 * builds), serial (`LennardJones`: the WebAssembly search on this thread) against pooled (`ParallelLennardJones` on
 * `--workers`: `PooledNeighborBuild`), the two runs alternating `--rounds` times: per build its wall-clock and CPU time
 * (all threads), and for the pooled build the wall time of its search phase (`run(0)`), its scatter phase (`run(1)`)
 * and the calling thread's part (binning, offsets, image numbering). Wall times need a quiet machine; the load
 * average is printed before and after.
 *
 *   pnpm tsx packages/md/bench/neighbor-in-md.ts [--workers 2] [--steps 100] [--rounds 3]
 */
import { loadavg } from 'node:os';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { cubicLattice, LennardJones, ljUnits, maxwellBoltzmann, type NeighborList, runDynamics, velocityVerlet } from '../src/index.ts';
import { ParallelLennardJones } from '../src/node/index.ts';
import { median, numberArg } from './util.ts';

const workers = numberArg('--workers', 2);
const steps = numberArg('--steps', 100);
const rounds = numberArg('--rounds', 3);

/** in.lj's atoms and velocities (the same seed every run). */
function inLj() {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [20, 20, 20] });
  maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
  return system;
}

/** Wall and CPU ms summed over the builds of `list` while `run` runs (its fast path wrapped), and the build count. */
function timeBuilds(list: NeighborList, run: () => void) {
  const fast = list.fastPath;
  let wall = 0;
  let cpu = 0;
  list.fastPath = (...args) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const built = fast(...args);
    wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
    return built;
  };
  const before = list.buildCount;
  run();
  list.fastPath = fast;
  const builds = list.buildCount - before;
  return { builds, wallMs: wall / builds, cpuMs: cpu / builds };
}

const pool = new NodeWorkerPool({ workers });
// the pool's phases, timed while a build runs
const phases = { search: 0, scatter: 0 };
let inBuild = false;
const run = pool.run.bind(pool);
pool.run = (phase = 0) => {
  const t0 = performance.now();
  run(phase);
  if (inBuild) phases[phase === 0 ? 'search' : 'scatter'] += performance.now() - t0;
};
const load = [loadavg()[0]];
const serialRuns: ReturnType<typeof timeBuilds>[] = [];
const pooledRuns: (ReturnType<typeof timeBuilds> & { searchMs: number; scatterMs: number; callingThreadMs: number })[] = [];
for (let r = 0; r < rounds; r++) {
  const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
  const serial = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
  const s = serial.init(inLj());
  serialRuns.push(timeBuilds(lj.neighborList, () => runDynamics(serial, s, steps)));

  const parallel = new ParallelLennardJones({ cutoff: 2.5, skin: 0.3, pool });
  const pooled = velocityVerlet(parallel, { dt: 0.005, units: ljUnits });
  const p = pooled.init(inLj());
  const build = parallel.neighborList.fastPath;
  parallel.neighborList.fastPath = (...args) => {
    inBuild = true;
    const built = build(...args);
    inBuild = false;
    return built;
  };
  phases.search = 0;
  phases.scatter = 0;
  const times = timeBuilds(parallel.neighborList, () => runDynamics(pooled, p, steps));
  const searchMs = phases.search / times.builds;
  const scatterMs = phases.scatter / times.builds;
  pooledRuns.push({ ...times, searchMs, scatterMs, callingThreadMs: times.wallMs - searchMs - scatterMs });
  await parallel.close();
}
await pool.close();
load.push(loadavg()[0]);
const med = (values: number[]) => Number(median(values).toFixed(2));
console.log(
  JSON.stringify(
    {
      atoms: 32000,
      steps,
      workers,
      load,
      serialBuild: {
        wallMs: med(serialRuns.map((x) => x.wallMs)),
        cpuMs: med(serialRuns.map((x) => x.cpuMs)),
        builds: serialRuns[0]?.builds,
      },
      pooledBuild: {
        wallMs: med(pooledRuns.map((x) => x.wallMs)),
        cpuMsAllThreads: med(pooledRuns.map((x) => x.cpuMs)),
        searchPhaseMs: med(pooledRuns.map((x) => x.searchMs)),
        scatterPhaseMs: med(pooledRuns.map((x) => x.scatterMs)),
        callingThreadMs: med(pooledRuns.map((x) => x.callingThreadMs)),
        builds: pooledRuns[0]?.builds,
      },
      serialOverPooledWall: Number((median(serialRuns.map((x) => x.wallMs)) / median(pooledRuns.map((x) => x.wallMs))).toFixed(3)),
      rounds: {
        serialWallMs: serialRuns.map((x) => Number(x.wallMs.toFixed(2))),
        pooledWallMs: pooledRuns.map((x) => Number(x.wallMs.toFixed(2))),
      },
    },
    null,
    1,
  ),
);
