/**
 * Tosi-Fumi NaCl (Born-Mayer-Huggins + Coulomb by PME, LAMMPS' `born/coul/long` + `pppm`) on the shared worker pool:
 * the fused `CoulombPme` on one thread against `ParallelCoulombPme` on k workers (its tabulated real-space pairs and
 * the PME spreading and gathering on the pool; FFTs, self term and integration on the calling thread), interleaved
 * over rounds (medians), wall clock.
 * A rock-salt crystal of 8·cells³ ions at 1000 K, velocity Verlet 2 fs, skin 1 Å checked every step. Besides steps/s
 * it prints the seconds per step in the real-space pair stage and in the mesh stages (spread + FFT + convolve +
 * gather). The VM is shared and noisy: only ratios within one run
 * are meaningful, and the load average is printed with them.
 *
 *   pnpm tsx packages/md/bench/workers-nacl.ts [--cells 8] [--steps 20] [--rounds 3] [--workers 2] [--accuracy 1e-5] [--cutoff 10]
 */
import { loadavg } from 'node:os';
import { rockSalt } from '@equitensor/testing';
import { BornMayerHuggins, CoulombPme, createSystem, maxwellBoltzmann, metalUnits, type Potential, velocityVerlet } from '../src/index.ts';
import { ParallelCoulombPme } from '../src/node/index.ts';
import { median, numberArgs } from './util.ts';

const { cells, steps, rounds, workers, accuracy, cutoff } = numberArgs({
  cells: 8,
  steps: 20,
  rounds: 3,
  workers: 2,
  accuracy: 1e-5,
  cutoff: 10,
});
const BORN = [
  'Na Na 0.2637 0.317 2.340 1.0487 0.4994 8.0',
  'Na Cl 0.2110 0.317 2.755 6.99 8.676 8.0',
  'Cl Cl 0.1582 0.317 3.170 72.4 145.4 8.0',
].join('\n');

interface Run {
  stepsPerSecond: number;
  pair: number;
  mesh: number;
  pooled: boolean;
}

function run(k: number): Run {
  const { positions, charges, cell } = rockSalt(cells);
  const numbers = Array.from(charges, (q) => (q > 0 ? 11 : 17));
  const system = createSystem({ numbers, positions, cell, pbc: true, charges });
  maxwellBoltzmann(system, { temperature: 1000, seed: 1964, units: metalUnits });
  const serial = new CoulombPme({ accuracy, cutoff }).withShortRange(BornMayerHuggins.fromFile(BORN, { fileName: 'tosi-fumi' }));
  const parallel = k > 0 ? new ParallelCoulombPme(serial, { workers: k }) : null;
  const potential: Potential = parallel ?? serial;
  const timings = () => (parallel ?? serial).timings;
  const integrator = velocityVerlet(potential, { dt: 2, units: metalUnits });
  const state = integrator.init(system);
  let pair = 0;
  let mesh = 0;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    integrator.step(state);
    const t = timings();
    pair += t.pair;
    mesh += t.spread + t.fft + t.convolve + t.gather;
  }
  const seconds = (performance.now() - t0) * 1e-3;
  const pooled = parallel?.pooled ?? false;
  void parallel?.close();
  return { stepsPerSecond: steps / seconds, pair: pair / steps, mesh: mesh / steps, pooled };
}

const load0 = loadavg()[0] as number;
const one: Run[] = [];
const pool: Run[] = [];
for (let r = 0; r < rounds; r++) {
  one.push(run(0));
  pool.push(run(workers));
}
if (!pool.every((p) => p.pooled)) throw new Error('ParallelCoulombPme fell back to one thread (a pair closer than the table)');
const m = (a: Run[], key: keyof Omit<Run, 'pooled'>) => median(a.map((x) => x[key]));
const list = (a: Run[]) => a.map((x) => x.stepsPerSecond.toFixed(2)).join(', ');
console.log(
  `Tosi-Fumi NaCl, ${8 * cells ** 3} ions, born/coul/long ${cutoff} + PME δ = ${accuracy}, ${steps} NVE steps, medians of ${rounds}`,
);
console.log(`| | steps/s (runs) | pair s/step | mesh s/step |`);
console.log('|---|---|---|---|');
console.log(
  `| CoulombPme, 1 thread | ${m(one, 'stepsPerSecond').toFixed(2)} (${list(one)}) | ${m(one, 'pair').toFixed(4)} | ${m(one, 'mesh').toFixed(4)} |`,
);
console.log(
  `| ParallelCoulombPme, ${workers} workers | ${m(pool, 'stepsPerSecond').toFixed(2)} (${list(pool)}) | ${m(pool, 'pair').toFixed(4)} | ${m(pool, 'mesh').toFixed(4)} |`,
);
console.log(
  `${workers} workers / 1 thread: steps/s ×${(m(pool, 'stepsPerSecond') / m(one, 'stepsPerSecond')).toFixed(2)}, pair stage ×${(m(one, 'pair') / m(pool, 'pair')).toFixed(2)}`,
);
console.log(`load average (1 min) before ${load0.toFixed(1)}, after ${(loadavg()[0] as number).toFixed(1)}; ${new Date().toISOString()}`);
