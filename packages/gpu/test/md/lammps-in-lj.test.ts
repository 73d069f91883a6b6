import { cubicLattice, ljUnits, maxwellBoltzmann } from '@equitensor/md';
import { describe, expect, it } from 'vitest';
import { createGpuLennardJones, GpuMdRunner } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

// LAMMPS' bench/in.lj (fcc ρ* = 0.8442, T* = 1.44, rc = 2.5, dt = 0.005τ, NVE) on 500 atoms instead of
// 32,000; LAMMPS' log: step 0 E_pair −6.7733681, TotEng −4.6134356; step 100 E_pair −5.7585055, T 0.7574531.
describe('GPU MD on LAMMPS bench/in.lj', () => {
  it('starts at LAMMPS’ step-0 energy and reaches its step-100 state within the fluctuations of 500 atoms', async () => {
    const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [5, 5, 5], number: 18, mass: 1 });
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
    const n = system.masses.length;
    const md = new GpuMdRunner({
      field: createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 }).field,
      atoms: system,
      masses: system.masses,
      velocities: system.velocities,
      timestep: 0.005,
      units: ljUnits,
      readEvery: 50,
    });
    const start = await md.run(0);
    expect(start.potentialEnergy / n).toBeCloseTo(-6.7733681, 5);
    const totalStart = (start.potentialEnergy + start.kineticEnergy) / n;
    expect(totalStart).toBeCloseTo(-4.6134356, 2);
    const end = await md.run(100);
    const temperature = (2 * end.kineticEnergy) / (3 * (n - 1));
    expect(Math.abs(end.potentialEnergy / n - -5.7585055)).toBeLessThan(0.1);
    expect(Math.abs(temperature - 0.7574531)).toBeLessThan(0.07);
    // NVE: LAMMPS' total energy moves by 0.009 per atom over these 100 steps at dt = 0.005.
    expect(Math.abs((end.potentialEnergy + end.kineticEnergy) / n - totalStart)).toBeLessThan(0.02);
    md.destroy();
  });
});
