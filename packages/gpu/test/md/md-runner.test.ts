import { ljUnits } from '@equitensor/md';
import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createGpuLennardJones, GpuMdRunner } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';
import { ljCrystal500, thermalVelocities } from './fixtures.ts';

const gpu = await fileGpu();

function runner(integrator: ConstructorParameters<typeof GpuMdRunner>[0]['integrator'], readEvery = 10): GpuMdRunner {
  const atoms = ljCrystal500(3);
  const n = atoms.numbers.length;
  const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5, shift: true });
  return new GpuMdRunner({
    field: lj.field,
    atoms,
    masses: new Float64Array(n).fill(1),
    velocities: thermalVelocities(n, 0.7, 7),
    timestep: 0.002,
    units: ljUnits,
    readEvery,
    ...(integrator === undefined ? {} : { integrator }),
  });
}

describe('GpuMdRunner', () => {
  it('velocity Verlet on the device conserves energy (shifted LJ, 30 steps)', async () => {
    const md = runner({ kind: 'velocity-verlet' }, 15);
    const start = await md.run(0);
    const e0 = start.potentialEnergy + start.kineticEnergy;
    const mid = await md.run(15);
    const end = await md.run(15);
    expect(end.step).toBe(30);
    expect(mid.step).toBe(15);
    const e1 = end.potentialEnergy + end.kineticEnergy;
    // The rattled lattice converts potential into kinetic energy quickly; the total stays put.
    expect(Math.abs(end.kineticEnergy - start.kineticEnergy)).toBeGreaterThan(1);
    expect(Math.abs(e1 - e0) / 500).toBeLessThan(2e-4);
    md.destroy();
  });

  it('an aborted signal stops a long block at a slice boundary (Ctrl-C waited for the whole block), and the run goes on from there', async () => {
    const md = runner({ kind: 'velocity-verlet' }, 2 ** 30); // one read-back per run(): md run's webgpu block
    await md.run(0);
    const controller = new AbortController();
    // aborts once the runner yields to the event loop (it awaits the slice before the one it just submitted)
    setTimeout(() => controller.abort('SIGINT'), 0);
    const stopped = await md.run(2000, { signal: controller.signal });
    // slices are STEPS_PER_SUBMIT = 25 steps; the runner stops after the first slice it waited for ends once aborted
    expect(stopped.step).toBeGreaterThan(0);
    expect(stopped.step).toBeLessThan(2000);
    expect(stopped.step % 25).toBe(0);
    expect(Number.isFinite(stopped.potentialEnergy)).toBe(true);
    expect((await md.run(10)).step).toBe(stopped.step + 10);
    md.destroy();
  });

  it('Langevin BAOAB with zero friction follows velocity Verlet', async () => {
    const vv = runner({ kind: 'velocity-verlet' });
    const baoab = runner({ kind: 'langevin', temperature: 0.7, friction: 0, seed: 3 });
    const a = await vv.run(8);
    const b = await baoab.run(8);
    assertClose(b.positions, a.positions, { rtol: 0, atol: 2e-5 }, 'positions');
    assertClose(b.velocities, a.velocities, { rtol: 0, atol: 2e-4 }, 'velocities');
    vv.destroy();
    baoab.destroy();
  });

  it('Langevin with strong friction draws velocities at the target temperature', async () => {
    const temperature = 1.5;
    const md = runner({ kind: 'langevin', temperature, friction: 1e4, seed: 11 }, 2);
    const s = await md.run(2);
    const n = 500;
    // ⟨KE⟩ = 3/2 N kT; its relative spread over 1500 degrees of freedom is √(2/1500) ≈ 3.7%.
    const kT = (2 * s.kineticEnergy) / (3 * n);
    expect(Math.abs(kT / temperature - 1)).toBeLessThan(0.2);
    // Momentum is not conserved by the thermostat but the mean velocity is near zero.
    let px = 0;
    for (let i = 0; i < n; i++) px += s.velocities[3 * i] as number;
    expect(Math.abs(px / n)).toBeLessThan(4 * Math.sqrt(temperature / n));
    md.destroy();
  });
});
