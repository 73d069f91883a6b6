/**
 * Where the time of an in.eam step goes (32,000 Cu atoms, Cu_u3, positions after `--melt` steps of in.eam's run):
 * one neighbour-list build and one force evaluation of `EmbeddedAtom` on one thread (least CPU time over repeats),
 * and the pooled `ParallelEmbeddedAtom` on k workers: per-thread CPU time (Linux `/proc/self/task/<tid>/stat`, so the
 * main thread's serial part and each worker's share are seen apart on a loaded machine) and the least wall clock of a
 * force evaluation and of each pool phase.
 *
 * Run: pnpm tsx packages/md/bench/profile-eam.ts [--repeat 20] [--workers 2] [--melt 10] [--evals 40]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fixturePath } from '@equitensor/testing';
import { cubicLattice, EmbeddedAtom, maxwellBoltzmann, metalUnits, NeighborList, runDynamics, velocityVerlet } from '../src/index.ts';
import { ParallelEmbeddedAtom } from '../src/node/index.ts';
import { bestCpuMs, numberArg } from './util.ts';

const repeat = numberArg('--repeat', 20);
const workers = numberArg('--workers', 2);
const evals = numberArg('--evals', 40);
const text = readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8');
const make = () => EmbeddedAtom.fromFile(text, 'Cu_u3.eam', { skin: 1.0, rebuild: { delay: 5 } });
const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [repeat, repeat, repeat], number: 29, mass: 63.55 });
maxwellBoltzmann(system, { temperature: 1600, seed: 376847, units: metalUnits });
const serial = make();
const nve = velocityVerlet(serial, { dt: 5, units: metalUnits });
runDynamics(nve, nve.init(system), numberArg('--melt', 10));

const list = new NeighborList({ cutoff: serial.cutoff, skin: 1.0, kind: 'half' });
const withSerial = numberArg('--serial', 1) !== 0;
const buildMs = withSerial ? bestCpuMs(() => list.build(system), 6) : Number.NaN;
serial.compute(system);
const forceMs = withSerial ? bestCpuMs(() => serial.compute(system), 20) : Number.NaN;

/** utime + stime (clock ticks, 10 ms) of every thread of this process, by thread id. */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, Number(f[11]) + Number(f[12]));
  }
  return out;
}

const pooled = new ParallelEmbeddedAtom(make(), { workers });
pooled.compute(system);
const pool = (pooled as unknown as { pool: { run: (phase?: number) => void } }).pool;
const run = pool.run.bind(pool);
const phaseWall: number[] = [];
pool.run = (phase = 0) => {
  const t0 = performance.now();
  run(phase);
  const dt = performance.now() - t0;
  phaseWall[phase] = Math.min(phaseWall[phase] ?? Number.POSITIVE_INFINITY, dt);
};
for (let r = 0; r < 5; r++) pooled.compute(system); // warm
phaseWall.length = 0;
const before = threadTicks();
const cpu0 = process.cpuUsage();
let wall = Number.POSITIVE_INFINITY;
for (let r = 0; r < evals; r++) {
  const t0 = performance.now();
  pooled.compute(system);
  wall = Math.min(wall, performance.now() - t0);
}
const cpu = process.cpuUsage(cpu0);
const after = threadTicks();
const mainTid = String(process.pid);
const perThread = [...after]
  .map(([tid, t]) => ({ tid, ms: ((t - (before.get(tid) ?? 0)) * 10) / evals }))
  .filter((t) => t.ms > 0)
  .sort((a, b) => b.ms - a.ms);

// a run of in.eam's schedule on the pool: wall clock of list builds, of the force evaluations without them, and the rest
const steps = numberArg('--steps', 30); // 0: no run
const runSystem = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [repeat, repeat, repeat], number: 29, mass: 63.55 });
maxwellBoltzmann(runSystem, { temperature: 1600, seed: 376847, units: metalUnits });
const runner = new ParallelEmbeddedAtom(make(), { workers });
const wallOf = { build: 0, compute: 0 };
const runList = runner.neighborList;
const build = runList.build.bind(runList);
runList.build = (atoms) => {
  const t0 = performance.now();
  build(atoms);
  wallOf.build += performance.now() - t0;
};
const compute = runner.compute.bind(runner);
runner.compute = (atoms, options) => {
  const t0 = performance.now();
  const r = compute(atoms, options);
  wallOf.compute += performance.now() - t0;
  return r;
};
const runNve = velocityVerlet(runner, { dt: 5, units: metalUnits });
const state = runNve.init(runSystem);
const builds0 = runList.buildCount;
wallOf.build = 0;
wallOf.compute = 0;
const runTicks0 = threadTicks();
const t0 = performance.now();
if (steps > 0) runDynamics(runNve, state, steps);
const total = performance.now() - t0;
const runTicks = [...threadTicks()]
  .map(([tid, t]) => ({ tid, ms: ((t - (runTicks0.get(tid) ?? 0)) * 10) / Math.max(1, steps) }))
  .filter((t) => t.ms > 0)
  .sort((a, b) => b.ms - a.ms);
const perStep = (ms: number) => Number((ms / steps).toFixed(2));
const stepWall = {
  steps,
  builds: runList.buildCount - builds0,
  msPerStep: perStep(total),
  buildMsPerStep: perStep(wallOf.build),
  forceMsPerStep: perStep(wallOf.compute - wallOf.build),
  restMsPerStep: perStep(total - wallOf.compute),
  // on two free cores a step takes about the main thread's CPU plus the busier worker's
  perThreadCpuMsPerStep: runTicks.map((t) => `${t.tid === mainTid ? 'main' : t.tid}: ${t.ms.toFixed(1)}`),
};
await runner.close();
await pooled.close();
console.log(
  JSON.stringify(
    {
      atoms: system.masses.length,
      entries: list.size,
      serial: { buildCpuMs: buildMs, forceCpuMs: forceMs },
      [`pool${workers}`]: {
        forceLeastWallMs: wall,
        forceCpuMsAllThreads: (cpu.user + cpu.system) / 1000 / evals,
        phaseLeastWallMs: phaseWall.map((v) => Number(v.toFixed(2))),
        perThreadCpuMsPerEval: perThread.map((t) => `${t.tid === mainTid ? 'main' : t.tid}: ${t.ms.toFixed(1)}`),
      },
      [`run, pool${workers}, wall`]: stepWall,
    },
    null,
    1,
  ),
);
