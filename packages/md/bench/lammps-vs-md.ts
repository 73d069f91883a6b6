/**
 * Side-by-side speed of LAMMPS (`lmp`, serial, one core) and @equitensor/md (one thread) on LAMMPS' own
 * bench inputs: in.lj (32,000 LJ atoms, 100 NVE steps) and in.eam (32,000 Cu atoms, Cu_u3 EAM, 100 steps).
 * Both programs run the same system with the same cutoffs, skins, time steps and initial temperature.
 *
 * Run: pnpm --filter @equitensor/md bench   (or: pnpm tsx packages/md/bench/lammps-vs-md.ts [--steps 100] [--repeat 20])
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import {
  cubicLattice,
  EmbeddedAtom,
  kineticEnergy,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  metalUnits,
  type NeighborRebuildOptions,
  type Potential,
  pressure,
  runDynamics,
  type System,
  temperature,
  type UnitSystem,
  velocityVerlet,
} from '../src/index.ts';
import { ParallelLennardJones } from '../src/node/index.ts';
import { lammpsLoop, numberArg, serialLammps } from './util.ts';

const steps = numberArg('--steps', 100);
const repeat = numberArg('--repeat', 20); // 20 → 4·20³ = 32,000 atoms, as the inputs

interface Timing {
  /** Steps per wall-clock second. */
  stepsPerSecond: number;
  /** Steps per CPU second of the process (robust on a loaded shared machine). */
  stepsPerCpuSecond: number;
  seconds: number;
  thermo: string;
}

function runLammps(input: 'in.lj' | 'in.eam', checkEveryStep = false): Timing {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-bench-'));
  copyFileSync(fixturePath(`lammps/${input}`), join(dir, input));
  if (checkEveryStep) {
    // like-for-like with this package: check every step, rebuild when some atom moved more than skin/2
    const text = readFileSync(join(dir, input), 'utf8').replace(/neigh_modify.*\n/, 'neigh_modify    delay 0 every 1 check yes\n');
    writeFileSync(join(dir, input), text);
  }
  copyFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), join(dir, 'Cu_u3.eam'));
  const v = String(repeat / 20);
  const stdout = serialLammps(dir, ['-in', input, '-log', 'none', '-var', 'x', v, '-var', 'y', v, '-var', 'z', v]);
  const { seconds, steps } = lammpsLoop(stdout);
  const cpu = /([\d.]+)% CPU use/.exec(stdout);
  const cpuSeconds = seconds * (cpu === null ? 1 : Number(cpu[1]) / 100);
  const lines = stdout.split('\n');
  const head = lines.findIndex((l) => l.trim().startsWith('Step'));
  const last = lines.slice(head + 1).find((l, k, all) => /^\s*\d+\s/.test(l) && !/^\s*\d+\s/.test(all[k + 1] ?? '')) ?? '';
  return {
    stepsPerSecond: steps / seconds,
    stepsPerCpuSecond: steps / cpuSeconds,
    seconds,
    thermo: last.trim().replace(/\s+/g, ' '),
  };
}

function runOurs(system: System, potential: Potential, dt: number, units: UnitSystem, builds: () => number): Timing {
  const integrator = velocityVerlet(potential, { dt, units });
  const state = integrator.init(system);
  const cpu0 = process.cpuUsage();
  const { seconds, stepsPerSecond } = runDynamics(integrator, state, steps);
  const cpu = process.cpuUsage(cpu0);
  const stepsPerCpuSecond = steps / ((cpu.user + cpu.system) / 1e6);
  const n = system.masses.length;
  const ke = kineticEnergy(system, units);
  const scale = units === ljUnits ? 1 / n : 1; // LAMMPS prints per-atom energies in LJ units (thermo_modify norm yes)
  const p = pressure(system, state.virial, units) * (units === ljUnits ? 1 : 1.6021765e6); // metal: bar
  const thermo = `${steps} ${temperature(system, units).toPrecision(8)} ${(state.potentialEnergy * scale).toPrecision(8)} 0 ${((state.potentialEnergy + ke) * scale).toPrecision(8)} ${p.toPrecision(8)} (${builds()} neighbour builds)`;
  return { stepsPerSecond, stepsPerCpuSecond, seconds, thermo };
}

function ljCase(rebuild: NeighborRebuildOptions = {}): Timing {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
  maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
  const lj = new LennardJones({ cutoff: 2.5, skin: 0.3, rebuild });
  return runOurs(system, lj, 0.005, ljUnits, () => lj.neighborList.buildCount);
}

function eamCase(rebuild: NeighborRebuildOptions = {}): Timing {
  const eam = EmbeddedAtom.fromFile(readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8'), 'Cu_u3.eam', { skin: 1.0, rebuild });
  const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [repeat, repeat, repeat], number: 29, mass: 63.55 });
  maxwellBoltzmann(system, { temperature: 1600, seed: 376847, units: metalUnits });
  return runOurs(system, eam, 5, metalUnits, () => eam.neighborList.buildCount); // LAMMPS metal dt 0.005 ps = 5 fs
}

function ljWorkersCase(workers: number): Timing {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
  maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
  const lj = new ParallelLennardJones({ cutoff: 2.5, skin: 0.3, workers });
  try {
    return runOurs(system, lj, 0.005, ljUnits, () => lj.neighborList.buildCount);
  } finally {
    void lj.close();
  }
}

const rows: string[] = [];
const load0 = loadavg()[0] as number;
// LAMMPS' in.lj rebuilds every 20 steps unchecked (`neigh_modify delay 0 every 20 check no`), in.eam checks every
// step after a delay of 5 (`every 1 delay 5 check yes`); this package's default checks every step.
const cases: [string, () => Timing, 'in.lj' | 'in.eam', boolean][] = [
  [
    'LJ: in.lj as distributed vs this package with the same schedule (`rebuild: { every: 20, check: false }`)',
    () => ljCase({ every: 20, check: false }),
    'in.lj',
    false,
  ],
  ['LJ: in.lj as distributed vs this package’s default (check every step)', () => ljCase(), 'in.lj', false],
  ['LJ: both check every step (`neigh_modify every 1 delay 0 check yes`)', () => ljCase(), 'in.lj', true],
  ['Cu EAM: in.eam vs this package with the same schedule (`rebuild: { delay: 5 }`)', () => eamCase({ delay: 5 }), 'in.eam', false],
  ['Cu EAM: in.eam vs this package’s default (check every step)', () => eamCase(), 'in.eam', false],
];
for (const [name, ours, input, check] of cases) {
  const lmp = runLammps(input, check);
  const md = ours();
  rows.push(
    `| ${name} | ${4 * repeat ** 3} | ${steps} | ${lmp.stepsPerCpuSecond.toFixed(1)} | ${md.stepsPerCpuSecond.toFixed(1)} | **${(md.stepsPerCpuSecond / lmp.stepsPerCpuSecond).toFixed(2)}** | ${lmp.stepsPerSecond.toFixed(1)} | ${md.stepsPerSecond.toFixed(1)} | ${(md.stepsPerSecond / lmp.stepsPerSecond).toFixed(2)} |`,
  );
  console.error(`${name}: LAMMPS ${lmp.thermo}`);
  console.error(`${name}: ours   ${md.thermo}`);
}
// Workers: wall-clock only (CPU time adds up over threads); serial and 2 workers back to back.
const serialWall = ljCase();
const parallelWall = ljWorkersCase(2);
rows.push(
  `| LJ, this package: 1 thread vs 2 workers (wall), default schedule | ${4 * repeat ** 3} | ${steps} | | | | ${serialWall.stepsPerSecond.toFixed(1)} (1 thread) | ${parallelWall.stepsPerSecond.toFixed(1)} (2 workers) | ${(parallelWall.stepsPerSecond / serialWall.stepsPerSecond).toFixed(2)} |`,
);
console.log(
  `| system | atoms | steps | LAMMPS steps/CPU-s | @equitensor/md steps/CPU-s | ratio (CPU) | LAMMPS steps/s (wall) | @equitensor/md steps/s (wall) | ratio (wall) |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}`,
);
console.log(`load average (1 min) before ${load0.toFixed(1)}, after ${(loadavg()[0] as number).toFixed(1)}; ${new Date().toISOString()}`);
