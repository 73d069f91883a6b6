import {
  createSystem,
  cubicLattice,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  metalUnits,
  velocityVerlet,
} from '@equitensor/md';
import { assertClose, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createGpuEam, createGpuLennardJones, GpuMdRunner } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';
import { ljCrystal500, thermalVelocities } from './fixtures.ts';

const gpu = await fileGpu();

describe('GpuMdRunner vs @equitensor/md', () => {
  it('velocity Verlet on the device follows the float64 CPU integrator (20 steps)', async () => {
    const atoms = ljCrystal500(2);
    const n = atoms.numbers.length;
    const velocities = thermalVelocities(n, 0.7, 7);
    const masses = new Float64Array(n).fill(1);
    const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
    const md = new GpuMdRunner({ field: lj.field, atoms, masses, velocities, timestep: 0.002, units: ljUnits, readEvery: 20 });
    const g = await md.run(20);
    const integrator = velocityVerlet(new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 }), { dt: 0.002, units: ljUnits });
    const system = createSystem({
      numbers: atoms.numbers,
      positions: atoms.positions,
      velocities,
      masses,
      cell: atoms.cell,
      pbc: atoms.pbc,
    });
    const state = integrator.init(system);
    for (let s = 0; s < 20; s++) integrator.step(state);
    assertClose(g.positions, system.positions, { rtol: 0, atol: 1e-5 }, 'positions');
    assertClose(g.velocities, system.velocities, { rtol: 0, atol: 1e-4 }, 'velocities');
    expect(Math.abs(g.potentialEnergy - state.potentialEnergy) / Math.abs(state.potentialEnergy)).toBeLessThan(1e-6);
    md.destroy();
  });
});

describe('GpuMdRunner with EAM (metal units)', () => {
  it('follows the CPU velocity Verlet with Cu_u3 for 6 steps of 2 fs at 600 K', async () => {
    const eam = EmbeddedAtom.fromFile(readFixtureText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    // 5×5×5 fcc cells (500 atoms, 18.1 Å): three bins per axis at the 4.95 Å cutoff.
    const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [5, 5, 5], number: 29, mass: eam.splines.masses[0] ?? 63.55 });
    maxwellBoltzmann(system, { temperature: 600, seed: 5, units: metalUnits });
    const start = createSystem({
      numbers: system.numbers,
      positions: system.positions,
      velocities: system.velocities,
      masses: system.masses,
      cell: system.cell,
      pbc: system.pbc,
    });
    const md = new GpuMdRunner({
      field: createGpuEam(gpu, eam.splines).field,
      atoms: start,
      masses: start.masses,
      velocities: start.velocities,
      timestep: 2,
      readEvery: 6,
    });
    const g = await md.run(6);
    const integrator = velocityVerlet(eam, { dt: 2 });
    const state = integrator.init(system);
    for (let s = 0; s < 6; s++) integrator.step(state);
    const vmax = Math.max(...Array.from(system.velocities, Math.abs));
    expect(vmax).toBeGreaterThan(1e-3);
    assertClose(g.positions, system.positions, { rtol: 0, atol: 2e-5 }, 'positions (Å)');
    assertClose(g.velocities, system.velocities, { rtol: 0, atol: 1e-4 * vmax }, 'velocities (Å/fs)');
    expect(Math.abs(g.potentialEnergy - state.potentialEnergy) / Math.abs(state.potentialEnergy)).toBeLessThan(1e-6);
    md.destroy();
  });
});
