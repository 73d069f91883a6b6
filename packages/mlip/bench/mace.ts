/**
 * MACE inference speed (energy + forces + virial, float64, one thread) of the reference model
 * (`../shared/data/mace/mace_small_reference.json`): its five structures, and its periodic cell replicated
 * 2×2×2 (192 atoms), 3×3×3 (648 atoms) and 7×7×7 (8,232 atoms; issue 20's benchmarks). Best of several rounds after a warm-up, wall clock and process CPU time (the
 * shared VM's wall clock is inflated by other load).
 *
 * With --radial-table K, the same model with its radial MLPs tabulated on K knots (`model.tabulateRadial(K)`) runs
 * beside it, rounds interleaved, with its energy and force differences from the exact model.
 *
 *   pnpm tsx packages/mlip/bench/mace.ts [--rounds 5] [--replicas 2,3,7] [--radial-table 2048]
 */
import type { AtomsState } from '@equitensor/md';
import { loadMaceModel, MacePotential } from '../src/index.ts';
import { forceDeviation, readMaceReference, referenceAtoms, replicate } from './mace-structures.ts';
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
const knots = Number(argValue('--radial-table', '0'));
const tabulated = knots > 0 ? new MacePotential(loadMaceModel(json).tabulateRadial(knots)) : null;

function best(p: MacePotential, atoms: AtomsState, out: { wall: number; cpu: number }): void {
  const t = performance.now();
  const c = process.cpuUsage();
  p.compute(atoms);
  const used = process.cpuUsage(c);
  out.wall = Math.min(out.wall, performance.now() - t);
  out.cpu = Math.min(out.cpu, (used.user + used.system) / 1000);
}

process.stdout.write(
  tabulated
    ? `| structure | atoms | edges | exact CPU (ms) | atom-steps/s | tabulated (${knots} knots) CPU (ms) | atom-steps/s | speed-up | |ΔE|/|E| | max |ΔF| / max |F| |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n`
    : '| structure | atoms | edges | energy + forces + virial, wall (ms) | CPU (ms) | atom-steps/s (CPU) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n',
);
for (const { label, atoms } of cases) {
  const exact = { wall: Infinity, cpu: Infinity };
  const table = { wall: Infinity, cpu: Infinity };
  const a = potential.compute(atoms); // warm-up (and the neighbour list)
  const b = tabulated?.compute(atoms);
  for (let r = 0; r < rounds; r++) {
    best(potential, atoms, exact);
    if (tabulated) best(tabulated, atoms, table);
  }
  const edges = potential.model.graph(atoms).senders.length;
  const n = atoms.numbers.length;
  const rate = (ms: number) => Math.round((n / ms) * 1000);
  if (!b) {
    process.stdout.write(`| ${label} | ${n} | ${edges} | ${exact.wall.toFixed(1)} | ${exact.cpu.toFixed(1)} | ${rate(exact.cpu)} |\n`);
    continue;
  }
  const { maxDiff: fErr, maxForce: fMax } = forceDeviation(a.forces, b.forces);
  process.stdout.write(
    `| ${label} | ${n} | ${edges} | ${exact.cpu.toFixed(1)} | ${rate(exact.cpu)} | ${table.cpu.toFixed(1)} | ${rate(table.cpu)} | ` +
      `${(exact.cpu / table.cpu).toFixed(2)} | ${(Math.abs(a.energy - b.energy) / Math.abs(a.energy)).toExponential(1)} | ${(fErr / fMax).toExponential(1)} |\n`,
  );
}
