/**
 * MACE energy + forces + virial of the reference model (`../shared/data/mace/mace_small_reference.json`) on its
 * periodic cell replicated n×n×n (issue 20's 648- and 8,232-atom structures), four ways side by side, rounds
 * interleaved: the exact model on one thread, its radial MLPs tabulated on K knots (`tabulateRadial(K)`), and both
 * with their edge work on a `NodeWorkerPool` of k workers (`usePool`). Best wall clock and best process CPU time
 * (all threads) per call, atom-steps per second by wall clock, ratios to the exact one-thread model, and whether the
 * pooled results equal the one-thread ones bit for bit. The load average is printed: on a shared machine wall-clock
 * ratios of pooled runs need idle cores.
 *
 *   pnpm tsx packages/mlip/bench/mace-pool.ts [--rounds 5] [--replicas 3,7] [--workers 2] [--radial-table 2048]
 */
import { loadavg } from 'node:os';
import type { AtomsState, PotentialResult } from '@equitensor/md';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { loadMaceModel, MacePotential } from '../src/index.ts';
import { readMaceReference, referenceAtoms, replicate } from './mace-structures.ts';
import { argValue } from './util.ts';

const rounds = Number(argValue('--rounds', '5'));
const workers = Number(argValue('--workers', '2'));
const knots = Number(argValue('--radial-table', '2048'));
const json = readMaceReference();
const periodic = referenceAtoms(json.structures[4] as (typeof json.structures)[number]);
const pool = new NodeWorkerPool({ workers });
const variants: { label: string; potential: MacePotential }[] = [
  { label: 'exact, 1 thread', potential: new MacePotential(loadMaceModel(json)) },
  { label: `tabulated ${knots}, 1 thread`, potential: new MacePotential(loadMaceModel(json).tabulateRadial(knots)) },
  { label: `exact, pool k=${workers}`, potential: new MacePotential(loadMaceModel(json).usePool(pool)) },
  { label: `tabulated ${knots}, pool k=${workers}`, potential: new MacePotential(loadMaceModel(json).tabulateRadial(knots).usePool(pool)) },
];

function identical(a: PotentialResult, b: PotentialResult): boolean {
  if (a.energy !== b.energy) return false;
  for (let i = 0; i < a.forces.length; i++) if (a.forces[i] !== b.forces[i]) return false;
  return true;
}

process.stdout.write(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}\n\n`,
);
process.stdout.write(
  '| structure | atoms | variant | wall (ms) | CPU, all threads (ms) | atom-steps/s (wall) | × exact 1 thread (wall) | equal to 1 thread |\n',
);
process.stdout.write('| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |\n');
for (const n of argValue('--replicas', '3').split(',').map(Number)) {
  const atoms: AtomsState = replicate(periodic, n);
  const first = variants.map((v) => v.potential.compute(atoms)); // warm-up and neighbour lists
  const best = variants.map(() => ({ wall: Infinity, cpu: Infinity }));
  for (let r = 0; r < rounds; r++) {
    variants.forEach((v, i) => {
      const c = process.cpuUsage();
      const t = performance.now();
      v.potential.compute(atoms);
      const wall = performance.now() - t;
      const used = process.cpuUsage(c);
      const b = best[i] as { wall: number; cpu: number };
      b.wall = Math.min(b.wall, wall);
      b.cpu = Math.min(b.cpu, (used.user + used.system) / 1000);
    });
  }
  const base = (best[0] as { wall: number }).wall;
  variants.forEach((v, i) => {
    const b = best[i] as { wall: number; cpu: number };
    const same = i < 2 ? '—' : identical(first[i] as PotentialResult, first[i - 2] as PotentialResult) ? 'bit for bit' : 'NO';
    process.stdout.write(
      `| ${n}×${n}×${n} | ${atoms.numbers.length} | ${v.label} | ${b.wall.toFixed(0)} | ${b.cpu.toFixed(0)} | ` +
        `${Math.round((atoms.numbers.length / b.wall) * 1000)} | ${(base / b.wall).toFixed(2)} | ${same} |\n`,
    );
  });
}
process.stdout.write(
  `\nload average after: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}\n`,
);
await pool.close();
