import { cpuBackend, createSystem, LennardJones, ljUnits, velocityVerlet } from '@equitensor/md';
import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createGpuLennardJones, DeviceLostError, GpuMdRunner, type MdSnapshot, requestGpu, webgpuBackend } from '../../src/index.ts';
import { ljCrystal500, thermalVelocities } from '../md/fixtures.ts';

// Each test owns a device and destroys it on purpose (device.destroy() loses the device).
describe('device loss', () => {
  it('webgpuBackend dynamics continue on the CPU reference after a loss, with one warning', async () => {
    const gpu = await requestGpu();
    const potential = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    const warnings: string[] = [];
    const system = ljCrystal500(3);
    system.velocities.set(thermalVelocities(system.masses.length, 0.7, 5));
    const request = { potential, integrator: { kind: 'nve' }, dt: 0.002, units: ljUnits } as const;
    const reference = await cpuBackend.create({ ...request, system: createSystem({ ...system }) });
    const dynamics = await webgpuBackend({ gpu }).create({ ...request, system, warn: (m) => warnings.push(m) });
    const onGpu = await dynamics.run(5);
    expect(dynamics.backend).toBe('webgpu');
    gpu.destroy();
    await gpu.device.lost;
    expect(gpu.isLost).toBe(true);
    const afterLoss = await dynamics.run(5);
    const again = await dynamics.run(5);
    expect(dynamics.backend).toBe('cpu');
    expect(again.backend).toBe('cpu');
    expect(again.step).toBe(15);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/continues on the CPU from step 5/);
    const cpu5 = await reference.run(5);
    // float32 device steps, then float64: within the GPU runner's tolerances against md (README table)
    assertClose(onGpu.positions, cpu5.positions, { rtol: 0, atol: 1e-5 }, 'GPU before the loss');
    expect(Math.abs(afterLoss.potentialEnergy - (await reference.run(5)).potentialEnergy) / Math.abs(cpu5.potentialEnergy)).toBeLessThan(
      1e-5,
    );
    dynamics.destroy();
  });

  it('GPU MD loses no state: after a loss the CPU integrator continues from the last read-back', async () => {
    const gpu = await requestGpu();
    const atoms = ljCrystal500(4);
    const n = atoms.numbers.length;
    const velocities = thermalVelocities(n, 0.7, 21);
    const masses = new Float64Array(n).fill(1);
    const potential = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    const integrator = velocityVerlet(potential, { dt: 0.002, units: ljUnits });
    const cpuContinuation = (from: MdSnapshot, steps: number): MdSnapshot => {
      const system = createSystem({
        numbers: atoms.numbers,
        positions: from.positions,
        velocities: from.velocities,
        masses,
        cell: atoms.cell,
        pbc: atoms.pbc,
      });
      const state = integrator.init(system);
      for (let s = 0; s < steps; s++) integrator.step(state);
      let ke = 0;
      for (let k = 0; k < 3 * n; k++) ke += 0.5 * (system.velocities[k] as number) ** 2;
      return {
        ...from,
        step: from.step + steps,
        positions: system.positions,
        velocities: system.velocities,
        potentialEnergy: state.potentialEnergy,
        kineticEnergy: ke,
      };
    };
    const warnings: string[] = [];
    const md = new GpuMdRunner({
      field: createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 }).field,
      atoms,
      masses,
      velocities,
      timestep: 0.002,
      units: ljUnits,
      readEvery: 5,
      cpuContinuation,
      warn: (m) => warnings.push(m),
    });
    const first = await md.run(5);
    expect(first.backend).toBe('webgpu');
    gpu.destroy();
    await gpu.device.lost;
    const second = await md.run(5);
    expect(second.step).toBe(10);
    expect(second.backend).toBe('cpu');
    expect(md.backend).toBe('cpu');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/from step 5/);
    // The whole run on the CPU in float64 agrees with GPU-then-CPU within float32 rounding.
    const reference = cpuContinuation({ ...first, step: 0, positions: atoms.positions, velocities }, 10);
    assertClose(second.positions, reference.positions, { rtol: 0, atol: 1e-5 }, 'positions after 10 steps');
    assertClose(second.velocities, reference.velocities, { rtol: 0, atol: 1e-4 }, 'velocities after 10 steps');
  });

  it('without a CPU continuation the runner throws DeviceLostError and keeps its last snapshot', async () => {
    const gpu = await requestGpu();
    const atoms = ljCrystal500(5);
    const n = atoms.numbers.length;
    const md = new GpuMdRunner({
      field: createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 }).field,
      atoms,
      masses: new Float64Array(n).fill(1),
      timestep: 0.002,
      units: ljUnits,
      readEvery: 2,
    });
    await md.run(2);
    gpu.destroy();
    await gpu.device.lost;
    await expect(md.run(2)).rejects.toThrow(DeviceLostError);
    expect(md.snapshot.step).toBe(2);
  });
});
