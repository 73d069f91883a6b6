/**
 * MLIP MD on the shared-memory worker pool (issue 16): NVE (velocity Verlet, dt 1 fs, 300 K from seed 1) of a rattled
 * cells³ diamond Si cell (default 5³ → 1,000 atoms) with a fitted ACE model, on one thread (`MlipPotential`: the pool
 * kernel on the calling thread; and `AceDescriptor.evaluate`, the one-thread path before issue 16) and on
 * `NodeWorkerPool`s of k workers (`usePool`), rounds interleaved, each run starting from the same state. Best wall clock
 * and best process CPU time (all threads) per run, atom-steps per second by wall clock, the speed-up over one thread,
 * and whether the final total energy equals the one-thread run's bit for bit. The load average is printed: on a
 * shared machine, wall-clock ratios of pooled runs need idle cores; CPU time shows the pool's overhead.
 *
 *   pnpm tsx packages/mlip/bench/ace-pool.ts --model si-zuo4.json [--cells 5] [--steps 5] [--rounds 3] [--workers 1,2]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createSystem, maxwellBoltzmann, NeighborList, type Potential, velocityVerlet } from '@equitensor/md';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { SeededRng } from '@equitensor/testing';
import { loadModel, neighborData } from '../src/index.ts';
import { argValue, rattledDiamond } from './util.ts';

const model = loadModel(readFileSync(argValue('--model', 'si-zuo4.json'), 'utf8'));
const cells = Number(argValue('--cells', '5'));
const steps = Number(argValue('--steps', '5'));
const rounds = Number(argValue('--rounds', '3'));
const workerCounts = argValue('--workers', '1,2').split(',').map(Number);
const atoms = rattledDiamond(5.46, new SeededRng(16), cells);
const n = atoms.numbers.length;
const pools = workerCounts.map((workers) => new NodeWorkerPool({ workers }));
/** The one-thread evaluation before issue 16: `AceDescriptor.evaluate` (the kernel's oracle), E0 added as `compute` does. */
const list = new NeighborList({ cutoff: model.cutoff, skin: 0.5, kind: 'full' });
const descriptorPath: Potential = {
  name: model.name,
  cutoff: model.cutoff,
  compute(a) {
    const r = model.descriptor.evaluate(a, neighborData(a, model.cutoff, list), model.coefficients);
    let energy = r.energy;
    for (let i = 0; i < a.numbers.length; i++) energy += model.e0.get(a.numbers[i] as number) ?? 0;
    return { energy, forces: r.forces, virial: r.virial };
  },
};
const variants: { label: string; potential: Potential }[] = [
  { label: 'one thread', potential: model },
  { label: 'one thread, AceDescriptor.evaluate (before)', potential: descriptorPath },
  ...pools.map((pool) => ({ label: `pool, k = ${pool.size}`, potential: model.usePool(pool) })),
];

/** `steps` NVE steps from the fixed initial state; returns the final total energy. */
function run(potential: Potential, count = steps): number {
  const system = createSystem({ numbers: atoms.numbers, positions: atoms.positions, cell: atoms.cell });
  maxwellBoltzmann(system, { temperature: 300, seed: 1 });
  const nve = velocityVerlet(potential, { dt: 1 });
  const state = nve.init(system);
  for (let s = 0; s < count; s++) nve.step(state);
  return nve.conservedEnergy(state);
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
process.stdout.write(
  `${model.name}, ${model.descriptor.features.count} features (order ${model.descriptor.spec.order}), ${n} atoms, ${steps} steps × ${rounds} rounds\n`,
);
process.stdout.write(`load average before: ${load()}\n\n`);
const best = variants.map(() => ({ wall: Infinity, cpu: Infinity, energy: Number.NaN }));
for (const v of variants) run(v.potential, 1); // warm-up: JIT, neighbour lists, the pools' compiled kernels
for (let r = 0; r < rounds; r++) {
  variants.forEach((v, i) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const energy = run(v.potential);
    const wall = (performance.now() - t) / 1000;
    const used = process.cpuUsage(c);
    const b = best[i] as { wall: number; cpu: number; energy: number };
    b.wall = Math.min(b.wall, wall);
    b.cpu = Math.min(b.cpu, (used.user + used.system) / 1e6);
    b.energy = energy;
    process.stderr.write(`round ${r + 1}: ${v.label} ${wall.toFixed(2)} s wall, load ${load()}\n`);
  });
}
const base = best[0] as { wall: number; cpu: number; energy: number };
process.stdout.write(
  '| variant | wall (s) | CPU, all threads (s) | atom-steps/s (wall) | × one thread (wall) | CPU / one thread | final E equal |\n',
);
process.stdout.write('| --- | ---: | ---: | ---: | ---: | ---: | --- |\n');
variants.forEach((v, i) => {
  const b = best[i] as { wall: number; cpu: number; energy: number };
  process.stdout.write(
    `| ${v.label} | ${b.wall.toFixed(2)} | ${b.cpu.toFixed(2)} | ${Math.round((n * steps) / b.wall)} | ${(base.wall / b.wall).toFixed(2)} | ` +
      `${(b.cpu / base.cpu).toFixed(2)} | ${i === 0 ? '—' : b.energy === base.energy ? 'bit for bit' : `NO (${b.energy - base.energy})`} |\n`,
  );
});
process.stdout.write(`\nload average after: ${load()}\n`);
await Promise.all(pools.map((p) => p.close()));
