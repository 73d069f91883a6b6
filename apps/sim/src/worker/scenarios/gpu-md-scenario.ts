/**
 * An MD scenario on WebGPU: `@equitensor/gpu`'s `GpuMdRunner` keeps positions, velocities and forces
 * on the device (velocity Verlet, or Langevin BAOAB with per-atom random streams) and reads the state
 * back once per block of steps for the frame. If the device is lost, the runner continues from the
 * last state read back on the CPU with md's integrator and CPU potential, and the scenario reports
 * the switch. New parameters rebuild the runner from the last state (and the force field when the
 * cutoff changes).
 */
import type { DeviceForceField, GpuContext, MdSnapshot } from '@equitensor/gpu';
import { DeviceLostError, GpuMdRunner } from '@equitensor/gpu';
import type { Integrator, MDState, Potential, System } from '@equitensor/md';
import { createSystem, kineticEnergy, maxwellBoltzmann, temperature } from '@equitensor/md';
import type { FrameMessage, SimParams } from '../protocol.ts';
import { makeIntegrator } from './integrator.ts';
import type { MdScenarioSpec } from './md-scenario.ts';
import type { RunningScenario } from './scenario.ts';
import { mdStructureMessage } from './structure-message.ts';

/** A force field that lives on the device (`createGpuLennardJones(...).field`, `createGpuEam(...).field`). */
export type GpuForceField = DeviceForceField;

/** What the scenario drives: the GPU runner, or after a device loss, md on the CPU block by block. */
type BlockRunner = Pick<GpuMdRunner, 'snapshot' | 'backend' | 'run' | 'destroy'>;

/** What the GPU scenario needs beyond the spec. */
export interface GpuMdContext {
  readonly gpu: GpuContext;
  /** The device force field for the parameters (built again when the cutoff changes). */
  readonly field: (params: SimParams) => GpuForceField;
  /** Called once if the device is lost and the CPU takes over (with the runner's warning). */
  readonly onDeviceLost: (message: string) => void;
}

/**
 * Start an MD scenario on the device. `advanceAsync(k)` runs k steps and reads the state back once.
 *
 * @example
 * ```ts
 * const running = startGpuMdScenario(spec, DEFAULT_PARAMS, { gpu, field: (p) => createGpuLennardJones(gpu, lj(p)).field, onDeviceLost: console.warn });
 * await running.advanceAsync?.(10);
 * ```
 */
export function startGpuMdScenario(spec: MdScenarioSpec, initial: SimParams, context: GpuMdContext): RunningScenario {
  const system: System = createSystem({
    numbers: spec.numbers,
    positions: spec.positions,
    cell: spec.cell,
    pbc: spec.pbc,
    ...(spec.charges ? { charges: spec.charges } : {}),
  });
  maxwellBoltzmann(system, { temperature: initial.temperature, seed: spec.seed ?? 1 });
  const n = spec.numbers.length;
  let params = initial;
  let pending: SimParams | null = null;
  let field = context.field(params);
  let cpuPotential: Potential | null = null;
  let segment = 0;
  let stepOffset = 0;
  let timeOffset = 0;
  let forces = new Float64Array(3 * n);
  let lost = false;
  // The CPU continuation after a device loss: md's integrator, kept across blocks.
  let cpu: { integrator: Integrator; state: MDState; step: number } | null = null;

  const continueOnCpu = (from: MdSnapshot, steps: number): MdSnapshot => {
    if (cpu === null || cpu.step !== from.step) {
      system.positions.set(from.positions);
      system.velocities.set(from.velocities);
      cpuPotential ??= spec.potential(params);
      const integrator = makeIntegrator(cpuPotential, params);
      cpu = { integrator, state: integrator.init(system), step: from.step };
    }
    for (let s = 0; s < steps; s++) cpu.integrator.step(cpu.state);
    cpu.step = from.step + steps;
    forces = Float64Array.from(cpu.state.forces);
    return {
      step: cpu.step,
      positions: Float64Array.from(system.positions),
      velocities: Float64Array.from(system.velocities),
      potentialEnergy: cpu.state.potentialEnergy,
      kineticEnergy: kineticEnergy(system),
      backend: 'cpu',
    };
  };

  const makeRunner = (): GpuMdRunner =>
    new GpuMdRunner({
      field,
      atoms: system,
      masses: system.masses,
      velocities: system.velocities,
      timestep: params.dt,
      integrator:
        params.thermostat === 'nve'
          ? { kind: 'velocity-verlet' }
          : { kind: 'langevin', temperature: params.temperature, friction: params.friction, seed: 7 + segment },
      readEvery: 1_000_000,
      cpuContinuation: continueOnCpu,
      warn: (message) => {
        lost = true;
        context.onDeviceLost(message);
      },
    });
  let runner: BlockRunner = makeRunner();

  /** Copy the last state into `system` (positions, velocities) for the frame and for a rebuild. */
  const syncSystem = (): MdSnapshot => {
    const snap = runner.snapshot;
    system.positions.set(snap.positions);
    system.velocities.set(snap.velocities);
    return snap;
  };

  const applyPending = (): void => {
    if (pending === null) return;
    const next = pending;
    pending = null;
    const snap = syncSystem();
    stepOffset += snap.step;
    timeOffset += snap.step * params.dt;
    segment++;
    if (next.cutoff !== params.cutoff) cpuPotential = null;
    if (lost) {
      // Already on the CPU: restart md's integrator from the current state with the new parameters.
      params = next;
      cpu = null;
      const from: MdSnapshot = { ...snap, step: 0 };
      runner = cpuOnlyRunner(from);
      return;
    }
    if (next.cutoff !== params.cutoff && spec.gpuField) {
      runner.destroy();
      field = context.field(next);
    }
    params = next;
    runner = makeRunner();
  };

  // New parameters after a device loss: md on the CPU from the current state, block by block.
  const cpuOnlyRunner = (from: MdSnapshot): BlockRunner => {
    let snapshot = from;
    return {
      get snapshot() {
        return snapshot;
      },
      get backend() {
        return 'cpu' as const;
      },
      async run(steps: number) {
        snapshot = continueOnCpu(snapshot, steps);
        return snapshot;
      },
      destroy() {},
    };
  };

  let queue: Promise<void> = Promise.resolve();
  const advanceAsync = (steps: number): Promise<void> => {
    const next = queue.then(async () => {
      applyPending();
      await runner.run(steps);
      if (runner.backend === 'webgpu') {
        try {
          const f4 = await field.buffers.readFloat32(field.forces, 4 * n);
          for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) forces[3 * i + c] = f4[4 * i + c] as number;
        } catch (error) {
          // A loss between the run and this read: the next block continues on the CPU; keep the last forces.
          if (!(error instanceof DeviceLostError) && !context.gpu.isLost) throw error;
        }
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const structure = mdStructureMessage(spec, system);

  return {
    structure,
    advance() {
      throw new Error('this scenario runs on WebGPU: use advanceAsync');
    },
    advanceAsync,
    loseDevice() {
      const next = queue.then(async () => {
        context.gpu.destroy();
        await context.gpu.device.lost;
      });
      queue = next.catch(() => undefined);
      return next;
    },
    snapshot(msPerStep: number): FrameMessage {
      const snap = syncSystem();
      const ke = kineticEnergy(system);
      // Langevin exchanges heat with the bath, which the device does not tally: the "conserved" energy
      // is PE + KE (constant under velocity Verlet only).
      return {
        type: 'frame',
        step: stepOffset + snap.step,
        time: timeOffset + snap.step * params.dt,
        positions: Float64Array.from(snap.positions),
        cell: system.cell ? Float64Array.from(system.cell) : null,
        forces: Float64Array.from(forces),
        potentialEnergy: snap.potentialEnergy,
        kineticEnergy: ke,
        conservedEnergy: snap.potentialEnergy + ke,
        temperature: temperature(system),
        msPerStep,
      };
    },
    setParams(next: SimParams) {
      pending = next;
    },
  };
}
