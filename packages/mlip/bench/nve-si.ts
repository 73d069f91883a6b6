/**
 * NVE with a fitted Si potential: 64-atom diamond cell, Maxwell-Boltzmann velocities at 300 K,
 * velocity Verlet with dt = 1 fs (`@equitensor/md`), reporting the total-energy drift per atom and the
 * evaluation speed in atom-steps per second.
 *
 *   pnpm tsx packages/mlip/bench/nve-si.ts --model si.json [--steps 10000] [--a 5.46]
 */
import { readFileSync } from 'node:fs';
import { createSystem, maxwellBoltzmann, velocityVerlet } from '@equitensor/md';
import { loadModel } from '../src/index.ts';
import { argValue } from './util.ts';

const potential = loadModel(readFileSync(argValue('--model', 'si.json'), 'utf8'));
const steps = Number(argValue('--steps', '10000'));
const a = Number(argValue('--a', '5.46'));
const basis = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0, 0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.25];
const positions: number[] = [];
for (let i = 0; i < 2; i++)
  for (let j = 0; j < 2; j++)
    for (let k = 0; k < 2; k++)
      for (let b = 0; b < 8; b++) positions.push((i + basis[3 * b]!) * a, (j + basis[3 * b + 1]!) * a, (k + basis[3 * b + 2]!) * a);
const system = createSystem({ numbers: new Array(64).fill(14), positions, cell: [2 * a, 0, 0, 0, 2 * a, 0, 0, 0, 2 * a] });
maxwellBoltzmann(system, { temperature: 300, seed: 1 });
const nve = velocityVerlet(potential, { dt: 1 });
const state = nve.init(system);
const e0 = nve.conservedEnergy(state);
let maxDev = 0;
const t0 = performance.now();
for (let s = 1; s <= steps; s++) {
  nve.step(state);
  const dev = Math.abs(nve.conservedEnergy(state) - e0) / 64;
  maxDev = Math.max(maxDev, dev);
  if (s % 1000 === 0)
    process.stderr.write(
      `step ${s}: E_tot − E_0 = ${((nve.conservedEnergy(state) - e0) / 64).toExponential(3)} eV/atom, max ${maxDev.toExponential(3)}\n`,
    );
}
const seconds = (performance.now() - t0) / 1000;
const result = {
  model: potential.name,
  features: potential.descriptor.features.count,
  steps,
  dtFs: 1,
  finalDriftPerAtom: (nve.conservedEnergy(state) - e0) / 64,
  maxDeviationPerAtom: maxDev,
  atomStepsPerSecond: (64 * steps) / seconds,
  seconds,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
