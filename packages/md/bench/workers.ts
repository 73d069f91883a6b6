/**
 * LAMMPS' in.eam (32,000 Cu atoms, Cu_u3 EAM, in.eam's neighbour schedule) or, with `--lj`, in.lj against
 * `md bench-lj`'s run (32,000 LJ atoms, this package's default schedule: check every step) in one run: serial `lmp`
 * (one core, in.lj/in.eam as distributed), the serial potential on one thread, and its pooled version on k workers of
 * the shared-memory pool (forces and neighbour-list builds on the pool), interleaved over rounds (medians). Wall clock
 * and process CPU time (all threads) per step; on a loaded shared VM only the ratios within one run mean anything, and
 * the one-thread CPU ratio is the robust one.
 *
 * With `--lj --ts` the LJ forces use the TypeScript loop instead of the WebAssembly SIMD kernel (the default). With
 * `--ts-search` each round also runs the one-thread potential with the neighbour list's TypeScript candidate search
 * (`scatterBuildTypeScript`) instead of the WebAssembly one (the default): an A/B of the serial list build on whole steps.
 * With `--lj --lammps-schedule` ours uses in.lj's own schedule (`neigh_modify every 20 check no`, as
 * `md bench-lj --neigh-every 20 --neigh-check no`): the same number of list builds as LAMMPS.
 *
 *   pnpm tsx packages/md/bench/workers.ts [--lj [--ts] [--lammps-schedule]] [--ts-search] [--steps 50] [--repeat 20] [--rounds 3] [--workers 2]
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import { cubicLattice, ljUnits, maxwellBoltzmann, metalUnits, runDynamics, velocityVerlet } from '../src/index.ts';
import { scatterBuildTypeScript } from '../src/neighbor-scatter.ts';
import { ParallelEmbeddedAtom, ParallelLennardJones } from '../src/node/index.ts';
import type { Potential } from '../src/potential.ts';
import { EmbeddedAtom } from '../src/potentials/eam.ts';
import { LennardJones } from '../src/potentials/lennard-jones.ts';
import { flagArg, lammpsLoop, median, numberArg, serialLammps } from './util.ts';

const lj = flagArg('--lj');
const steps = numberArg('--steps', lj ? 100 : 50);
const repeat = numberArg('--repeat', 20);
const rounds = numberArg('--rounds', 3);
const workers = numberArg('--workers', 2);
// --ts: the TypeScript LJ loop (the reference) instead of the default WebAssembly SIMD kernel
const kernel = flagArg('--ts') ? 'typescript' : 'auto';
const input = lj ? 'in.lj' : 'in.eam';
const searchAb = flagArg('--ts-search');
// --lammps-schedule: in.lj's own neighbour schedule on our side too (6 builds in 100 steps instead of 14)
const rebuild = flagArg('--lammps-schedule') ? { every: 20, check: false } : {};

interface Speed {
  /** Steps per wall-clock second. */
  wall: number;
  /** Steps per CPU second of the process (every thread). */
  cpu: number;
}

function lammps(): Speed {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-workers-'));
  copyFileSync(fixturePath(`lammps/${input}`), join(dir, input));
  copyFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), join(dir, 'Cu_u3.eam'));
  const v = String(repeat / 20);
  const { seconds, steps, cpuSeconds } = lammpsLoop(
    serialLammps(dir, ['-in', input, '-log', 'none', '-var', 'x', v, '-var', 'y', v, '-var', 'z', v]),
  );
  return { wall: steps / seconds, cpu: steps / cpuSeconds };
}

/** in.lj as `md bench-lj` runs it (rc 2.5σ, skin 0.3σ, T* 1.44, dt 0.005τ), or in.eam with in.eam's schedule. */
function ours(k: number, typescriptSearch = false): Speed {
  let potential: Potential & { close?: () => Promise<void> };
  let system: ReturnType<typeof cubicLattice>;
  let dt: number;
  if (lj) {
    system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
    potential =
      k > 0
        ? new ParallelLennardJones({ cutoff: 2.5, skin: 0.3, workers: k, kernel, rebuild })
        : new LennardJones({ cutoff: 2.5, skin: 0.3, kernel, rebuild });
    dt = 0.005;
  } else {
    const eam = EmbeddedAtom.fromFile(readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8'), 'Cu_u3.eam', {
      skin: 1.0,
      rebuild: { delay: 5 },
    });
    potential = k > 0 ? new ParallelEmbeddedAtom(eam, { workers: k }) : eam;
    system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [repeat, repeat, repeat], number: 29, mass: 63.55 });
    maxwellBoltzmann(system, { temperature: 1600, seed: 376847, units: metalUnits });
    dt = 5;
  }
  const serialList = (potential as Partial<Pick<LennardJones, 'neighborList'>>).neighborList;
  if (typescriptSearch && serialList !== undefined) serialList.fastPath = scatterBuildTypeScript;
  const integrator = velocityVerlet(potential, { dt, units: lj ? ljUnits : metalUnits });
  const state = integrator.init(system);
  const cpu0 = process.cpuUsage();
  const { stepsPerSecond } = runDynamics(integrator, state, steps);
  const cpu = process.cpuUsage(cpu0);
  void potential.close?.();
  return { wall: stepsPerSecond, cpu: steps / ((cpu.user + cpu.system) / 1e6) };
}

const load0 = loadavg()[0] as number;
const t = { lmp: [] as Speed[], one: [] as Speed[], pool: [] as Speed[], oneTs: [] as Speed[] };
for (let r = 0; r < rounds; r++) {
  t.lmp.push(lammps());
  t.one.push(ours(0));
  if (searchAb) t.oneTs.push(ours(0, true));
  t.pool.push(ours(workers));
}
const pick = (a: Speed[], key: keyof Speed) => median(a.map((s) => s[key]));
const runs = (a: Speed[], key: keyof Speed): string => a.map((s) => s[key].toFixed(1)).join(', ');
const [name, serial, pooled] = lj ? ['in.lj', 'LennardJones', 'ParallelLennardJones'] : ['in.eam', 'EmbeddedAtom', 'ParallelEmbeddedAtom'];
console.log(
  `${name}${lj ? ` (${kernel === 'typescript' ? 'TypeScript' : 'WebAssembly SIMD'} LJ kernel)` : ''}, ${4 * repeat ** 3} atoms, ${steps} steps (${lj ? `LAMMPS: in.lj's every 20 check no; ours: ${'every' in rebuild ? 'the same' : 'check every step, as md bench-lj'}` : "in.eam's schedule (delay 5)"}), medians of ${rounds}`,
);
console.log(
  `| clock | LAMMPS serial | ${serial}, 1 thread | ${pooled}, ${workers} workers | 1 thread / LAMMPS | ${workers} workers / LAMMPS | ${workers} workers / 1 thread |`,
);
console.log('|---|---|---|---|---|---|---|');
for (const key of ['wall', 'cpu'] as const) {
  const [lmp, one, pool] = [pick(t.lmp, key), pick(t.one, key), pick(t.pool, key)];
  console.log(
    `| steps/${key === 'wall' ? 's (wall)' : 'CPU-s (all threads)'} | ${lmp.toFixed(1)} (${runs(t.lmp, key)}) | ${one.toFixed(1)} (${runs(t.one, key)}) | ${pool.toFixed(1)} (${runs(t.pool, key)}) | ${(one / lmp).toFixed(2)} | ${(pool / lmp).toFixed(2)} | **${(pool / one).toFixed(2)}** |`,
  );
}
if (searchAb)
  for (const key of ['wall', 'cpu'] as const) {
    const [lmp, one, oneTs] = [pick(t.lmp, key), pick(t.one, key), pick(t.oneTs, key)];
    console.log(
      `1 thread, ${key}: WebAssembly search ${one.toFixed(1)} (${runs(t.one, key)}), TypeScript search ${oneTs.toFixed(1)} (${runs(t.oneTs, key)}) steps/s; ×${(one / oneTs).toFixed(2)}; / LAMMPS ${(one / lmp).toFixed(2)} vs ${(oneTs / lmp).toFixed(2)}`,
    );
  }
console.log(`load average (1 min) before ${load0.toFixed(1)}, after ${(loadavg()[0] as number).toFixed(1)}; ${new Date().toISOString()}`);
