/**
 * MACE inference speed (energy + forces + virial, float64, one thread) of the reference model
 * (`../shared/data/mace/mace_small_reference.json`): its five structures, and its periodic cell replicated
 * 2×2×2 (192 atoms), 3×3×3 (648 atoms) and 7×7×7 (8,232 atoms; issue 20's benchmarks). Best of several rounds after a warm-up, wall clock and process CPU time (the
 * shared VM's wall clock is inflated by other load).
 *
 *   pnpm tsx packages/mlip/bench/mace.ts [--rounds 5] [--replicas 2,3,7]
 */
import type { AtomsState } from '@equitensor/md';
import { loadMaceModel, MacePotential } from '../src/index.ts';
import { readMaceReference, referenceAtoms, replicate } from './mace-structures.ts';
import { argValue } from './util.ts';

const rounds = Number(argValue('--rounds', '5'));
const json = readMaceReference();
const t0 = performance.now();
const potential = new MacePotential(loadMaceModel(json));
const loadMs = performance.now() - t0;

const cases: { label: string; atoms: AtomsState }[] = json.structures.map((s, i) => ({
  label: `reference ${i + 1}${i === 4 ? ' (periodic)' : ''}`,
  atoms: referenceAtoms(s),
}));
const periodic = cases[4]?.atoms as AtomsState;
for (const n of argValue('--replicas', '2,3').split(',').map(Number))
  cases.push({ label: `periodic ${n}×${n}×${n}`, atoms: replicate(periodic, n) });

process.stdout.write(`model load (parse + U-matrix tables + SiLU constant): ${loadMs.toFixed(0)} ms\n\n`);
process.stdout.write(
  '| structure | atoms | edges | energy + forces + virial, wall (ms) | CPU (ms) | atom-steps/s (CPU) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n',
);
for (const { label, atoms } of cases) {
  potential.compute(atoms); // warm-up (and the neighbour list)
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    potential.compute(atoms);
    const used = process.cpuUsage(c);
    best = Math.min(best, performance.now() - t);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const edges = potential.model.graph(atoms).senders.length;
  const n = atoms.numbers.length;
  process.stdout.write(
    `| ${label} | ${n} | ${edges} | ${best.toFixed(1)} | ${bestCpu.toFixed(1)} | ${Math.round((n / bestCpu) * 1000)} |\n`,
  );
}
