/**
 * The neighbour-list search on whole in.lj steps, one thread: `md bench-lj`'s run (32,000 atoms, rc 2.5σ, skin 0.3σ,
 * T* 1.44, check every step) with the list's WebAssembly candidate search (the default) and with the TypeScript one
 * (`scatterBuildTypeScript`), alternating runs in one process; CPU time per run and in the list builds (fast path), and the ratio of
 * the medians. Both write the same lists, so both runs take the same trajectory.
 *
 *   pnpm tsx packages/md/bench/neighbor-step-ab.ts [--steps 100] [--rounds 3]
 */
import { loadavg } from 'node:os';
import { cubicLattice, LennardJones, ljUnits, maxwellBoltzmann, runDynamics, velocityVerlet } from '../src/index.ts';
import { scatterBuildTypeScript } from '../src/neighbor-scatter.ts';
import { median, numberArg } from './util.ts';

const steps = numberArg('--steps', 100);
const rounds = numberArg('--rounds', 3);
const cpuMs = (t0: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
};
const runs = { wasm: [] as number[], typescript: [] as number[] };
const builds = { wasm: [] as number[], typescript: [] as number[] };
const load = [loadavg()[0]];
let buildCount = 0;
for (let r = 0; r < rounds; r++)
  for (const search of ['wasm', 'typescript'] as const) {
    const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [20, 20, 20] });
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
    const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
    const list = lj.neighborList;
    if (search === 'typescript') list.fastPath = scatterBuildTypeScript;
    const fastPath = list.fastPath;
    let buildMs = 0;
    list.fastPath = (...args) => {
      const t0 = process.cpuUsage();
      const done = fastPath(...args);
      buildMs += cpuMs(t0);
      return done;
    };
    const integrator = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
    const state = integrator.init(system);
    const t0 = process.cpuUsage();
    runDynamics(integrator, state, steps);
    runs[search].push(cpuMs(t0));
    builds[search].push(buildMs);
    buildCount = list.buildCount;
  }
load.push(loadavg()[0]);
const [w, t] = [median(runs.wasm), median(runs.typescript)];
console.log(
  JSON.stringify({
    atoms: 32000,
    steps,
    builds: buildCount,
    runCpuMs: runs,
    buildCpuMs: builds,
    stepsPerCpuSecond: { wasm: (1000 * steps) / w, typescript: (1000 * steps) / t, ratio: t / w },
    load,
  }),
);
