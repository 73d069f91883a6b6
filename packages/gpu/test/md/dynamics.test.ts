import {
  cpuBackend,
  createSystem,
  DynamicsInstabilityError,
  type DynamicsRequest,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  Morse,
  SILICON_SW,
  StillingerWeber,
} from '@equitensor/md';
import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { deviceForceFieldFor, webgpuBackend } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';
import { ljCrystal500, thermalVelocities } from './fixtures.ts';

const gpu = await fileGpu();

const lj = () => new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
const crystal = (seed: number) => {
  const system = ljCrystal500(seed);
  system.velocities.set(thermalVelocities(system.masses.length, 0.7, seed + 10));
  return system;
};

describe('webgpuBackend (md’s Dynamics contract on the device)', () => {
  it('follows md’s cpuBackend for the same request (velocity Verlet, 20 steps in two runs)', async () => {
    const request = { potential: lj(), integrator: { kind: 'nve' }, dt: 0.002, units: ljUnits } as const;
    const system = crystal(2);
    const cpu = await cpuBackend.create({ ...request, system: createSystem({ ...system }) });
    const device = await webgpuBackend({ gpu }).create({ ...request, system });
    await device.run(10);
    const g = await device.run(10);
    const c = await cpu.run(20);
    expect(g.step).toBe(20);
    expect(g.backend).toBe('webgpu');
    // the GpuMdRunner-vs-md tolerances of the README table (float32 storage)
    assertClose(g.positions, c.positions, { rtol: 0, atol: 1e-5 }, 'positions');
    assertClose(g.velocities, c.velocities, { rtol: 0, atol: 1e-4 }, 'velocities');
    expect(Math.abs(g.potentialEnergy - c.potentialEnergy) / Math.abs(c.potentialEnergy)).toBeLessThan(1e-6);
    // forces 2e-4·max|F| and virial 5e-5·max|W| as the LJ kernel against md (README table)
    const maxF = Math.max(...Array.from(c.forces, Math.abs));
    assertClose(g.forces, c.forces, { rtol: 0, atol: 2e-4 * maxF }, 'forces');
    const maxW = Math.max(...Array.from(c.virial, Math.abs));
    assertClose(g.virial, c.virial, { rtol: 0, atol: 5e-5 * maxW }, 'virial');
    expect(Array.from(system.positions)).toEqual(Array.from(g.positions));
    device.destroy();
  });

  it('says what it cannot run, and maps md’s LJ, Morse and EAM onto kernels', () => {
    const backend = webgpuBackend({ gpu });
    const base: DynamicsRequest = { system: crystal(1), potential: lj(), integrator: { kind: 'nve' }, dt: 0.002, units: ljUnits };
    expect(backend.unsupported(base)).toBeNull();
    expect(backend.unsupported({ ...base, integrator: { kind: 'langevin', temperature: 1, friction: 1 } })).toBeNull();
    expect(backend.unsupported({ ...base, integrator: { kind: 'nhc', temperature: 1 } })).toMatch(/nve and langevin, not nhc/);
    expect(
      backend.unsupported({ ...base, integrator: { kind: 'nve', barostat: { kind: 'berendsen', pressure: 1, tau: 1, bulkModulus: 10 } } }),
    ).toMatch(/no barostat/);
    expect(backend.unsupported({ ...base, potential: new StillingerWeber(SILICON_SW) })).toMatch(
      /supports the potentials lj, morse and eam/,
    );
    expect(backend.checkpoints).toBe(false);
    expect(deviceForceFieldFor(gpu, new Morse({ D: 1, alpha: 1, r0: 1, cutoff: 2 }))?.name).toBe('morse');
    expect(deviceForceFieldFor(gpu, new StillingerWeber(SILICON_SW))).toBeNull();
    expect(EmbeddedAtom).toBeDefined();
  });

  it('stops an exploding run at a read-back with DynamicsInstabilityError, keeping the last good snapshot', async () => {
    // dt = 0.1τ is 20× in.lj's step: the 500-atom crystal heats past T* = 100 within a few dozen steps (as on the CPU)
    const dynamics = await webgpuBackend({ gpu }).create({
      system: crystal(4),
      potential: lj(),
      integrator: { kind: 'nve' },
      dt: 0.1,
      units: ljUnits,
      limits: { maxTemperature: 100 },
    });
    let good = 0;
    let error: unknown;
    try {
      for (let block = 0; block < 50; block++) good = (await dynamics.run(5)).step;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DynamicsInstabilityError);
    expect((error as DynamicsInstabilityError).step).toBe(good + 5);
    expect(dynamics.snapshot.step).toBe(good);
    dynamics.destroy();
  });
});
