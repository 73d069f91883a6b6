/**
 * LAMMPS' in.eam (32,000 Cu atoms, Cu_u3 EAM, in.eam's neighbour schedule) in one run, wall clock: serial `lmp`
 * (one core), `EmbeddedAtom` on one thread, and `ParallelEmbeddedAtom` on k workers of the shared-memory pool,
 * interleaved over rounds (medians); the VM is shared and noisy, so only ratios within one round set are meaningful.
 *
 *   pnpm tsx packages/md/bench/workers.ts [--steps 50] [--repeat 20] [--rounds 3] [--workers 2]
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import { cubicLattice, EmbeddedAtom, maxwellBoltzmann, metalUnits, type Potential, runDynamics, velocityVerlet } from '../src/index.ts';
import { ParallelEmbeddedAtom } from '../src/node/index.ts';
import { lammpsLoop, median, numberArg, serialLammps } from './util.ts';

const steps = numberArg('--steps', 50);
const repeat = numberArg('--repeat', 20);
const rounds = numberArg('--rounds', 3);
const workers = numberArg('--workers', 2);

function lammps(): { stepsPerSecond: number; thermo: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-workers-'));
  copyFileSync(fixturePath('lammps/in.eam'), join(dir, 'in.eam'));
  copyFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), join(dir, 'Cu_u3.eam'));
  const v = String(repeat / 20);
  const { seconds, steps } = lammpsLoop(
    serialLammps(dir, ['-in', 'in.eam', '-log', 'none', '-var', 'x', v, '-var', 'y', v, '-var', 'z', v]),
  );
  return { stepsPerSecond: steps / seconds, thermo: '' };
}

function ours(k: number): number {
  const eam = EmbeddedAtom.fromFile(readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8'), 'Cu_u3.eam', {
    skin: 1.0,
    rebuild: { delay: 5 },
  });
  const potential: Potential & { close?: () => Promise<void> } = k > 0 ? new ParallelEmbeddedAtom(eam, { workers: k }) : eam;
  const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [repeat, repeat, repeat], number: 29, mass: 63.55 });
  maxwellBoltzmann(system, { temperature: 1600, seed: 376847, units: metalUnits });
  const integrator = velocityVerlet(potential, { dt: 5, units: metalUnits });
  const state = integrator.init(system);
  const { stepsPerSecond } = runDynamics(integrator, state, steps);
  void potential.close?.();
  return stepsPerSecond;
}

const load0 = loadavg()[0] as number;
const t = { lmp: [] as number[], one: [] as number[], pool: [] as number[] };
for (let r = 0; r < rounds; r++) {
  t.lmp.push(lammps().stepsPerSecond);
  t.one.push(ours(0));
  t.pool.push(ours(workers));
}
const [lmp, one, pool] = [median(t.lmp), median(t.one), median(t.pool)];
const runs = (a: number[]): string => a.map((x) => x.toFixed(1)).join(', ');
console.log(`in.eam, ${4 * repeat ** 3} atoms, ${steps} steps, in.eam's schedule (delay 5), steps/s wall, medians of ${rounds}`);
console.log(
  `| LAMMPS serial | EmbeddedAtom, 1 thread | ParallelEmbeddedAtom, ${workers} workers | 1 thread / LAMMPS | ${workers} workers / LAMMPS | ${workers} workers / 1 thread |`,
);
console.log('|---|---|---|---|---|---|');
console.log(
  `| ${lmp.toFixed(1)} (${runs(t.lmp)}) | ${one.toFixed(1)} (${runs(t.one)}) | ${pool.toFixed(1)} (${runs(t.pool)}) | ${(one / lmp).toFixed(2)} | ${(pool / lmp).toFixed(2)} | **${(pool / one).toFixed(2)}** |`,
);
console.log(`load average (1 min) before ${load0.toFixed(1)}, after ${(loadavg()[0] as number).toFixed(1)}; ${new Date().toISOString()}`);
