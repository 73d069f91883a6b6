/**
 * MACE inference speed (energy + forces + virial, float64, one thread) of the reference model
 * (`../shared/data/mace/mace_small_reference.json`): its five structures, and its periodic cell replicated
 * 2×2×2 (192 atoms), 3×3×3 (648 atoms) and 7×7×7 (8,232 atoms; issue 20's benchmarks). Best of several rounds after a warm-up, wall clock and process CPU time (the
 * shared VM's wall clock is inflated by other load).
 *
 *   pnpm tsx packages/mlip/bench/mace.ts [--rounds 5] [--replicas 2,3,7]
 */
import type { AtomsState } from '@equitensor/md';
import { readFixtureText } from '@equitensor/testing';
import { loadMaceModel, MacePotential } from '../src/index.ts';
import { argValue } from './util.ts';

const Z: Record<string, number> = { H: 1, C: 6, O: 8 };
const rounds = Number(argValue('--rounds', '5'));
const json = JSON.parse(readFixtureText('mace/mace_small_reference.json')) as {
  structures: { symbols: string[]; positions: number[]; cell: number[]; pbc: boolean }[];
};
const t0 = performance.now();
const potential = new MacePotential(loadMaceModel(json));
const loadMs = performance.now() - t0;

function atomsOf(s: (typeof json.structures)[number]): AtomsState {
  return {
    numbers: Int32Array.from(s.symbols.map((x) => Z[x] as number)),
    positions: Float64Array.from(s.positions),
    cell: Float64Array.from(s.cell),
    pbc: [true, true, true],
  };
}

function replicate(a: AtomsState, n: number): AtomsState {
  const cell = a.cell as Float64Array;
  const N = a.numbers.length;
  const numbers = new Int32Array(N * n ** 3);
  const positions = new Float64Array(3 * N * n ** 3);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++)
        for (let q = 0; q < N; q++, k++) {
          numbers[k] = a.numbers[q] as number;
          for (let c = 0; c < 3; c++) {
            positions[3 * k + c] =
              (a.positions[3 * q + c] as number) + i * (cell[c] as number) + j * (cell[3 + c] as number) + l * (cell[6 + c] as number);
          }
        }
  return { numbers, positions, cell: cell.map((v) => v * n), pbc: [true, true, true] };
}

const cases: { label: string; atoms: AtomsState }[] = json.structures.map((s, i) => ({
  label: `reference ${i + 1}${i === 4 ? ' (periodic)' : ''}`,
  atoms: atomsOf(s),
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
