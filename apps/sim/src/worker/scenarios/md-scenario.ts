/**
 * A molecular-dynamics scenario built from `@equitensor/md`: a system, a potential, and velocity
 * Verlet (NVE) or Langevin (NVT) from the user's parameters. The physics is md's; this file only
 * wires it to the worker protocol.
 */

import type { GpuContext } from '@equitensor/gpu';
import type { Integrator, MDState, Potential, System } from '@equitensor/md';
import { createSystem, kineticEnergy, maxwellBoltzmann, temperature } from '@equitensor/md';
import type { FrameMessage, ScenarioId, SimParams, StructureMessage } from '../protocol.ts';
import { type GpuForceField, startGpuMdScenario } from './gpu-md-scenario.ts';
import { makeIntegrator } from './integrator.ts';
import type { RunningScenario, ScenarioOptions } from './scenario.ts';
import { mdStructureMessage } from './structure-message.ts';

/** What an MD scenario is made of. */
export interface MdScenarioSpec {
  readonly id: ScenarioId;
  readonly title: string;
  readonly numbers: Int32Array;
  readonly positions: Float64Array;
  readonly cell: Float64Array | null;
  readonly pbc: [boolean, boolean, boolean];
  readonly charges?: Float64Array;
  /** The potential for the given parameters (called again when the cutoff changes). */
  readonly potential: (params: SimParams) => Potential;
  /** The same potential on WebGPU (scenarios that have one), built again when the cutoff changes. */
  readonly gpuField?: (gpu: GpuContext, params: SimParams) => GpuForceField;
  readonly controls: StructureMessage['controls'];
  readonly representation?: StructureMessage['representation'];
  /** Seed of the initial velocities. */
  readonly seed?: number;
}

/**
 * Start an MD scenario on the backend of `options`: on WebGPU (when the backend is `webgpu` and the
 * spec has a `gpuField`) through {@link startGpuMdScenario}, else on the CPU with md's integrators.
 * Reports the backend that runs through `options.reportBackend`.
 *
 * @example
 * ```ts
 * const running = startMdScenarioOn(spec, DEFAULT_PARAMS, { backend: { backend: 'cpu', reason: 'requested' }, reportBackend: post });
 * ```
 */
export function startMdScenarioOn(spec: MdScenarioSpec, initial: SimParams, options: ScenarioOptions | undefined): RunningScenario {
  if (options === undefined) return startMdScenario(spec, initial);
  const chosen = options.backend;
  if (chosen.backend === 'webgpu' && spec.gpuField) {
    const gpuField = spec.gpuField;
    const running = startGpuMdScenario(spec, initial, {
      gpu: chosen.gpu,
      field: (params) => gpuField(chosen.gpu, params),
      onDeviceLost: (message) => options.reportBackend({ type: 'backend', backend: 'cpu', adapter: '', reason: message }),
    });
    options.reportBackend({ type: 'backend', backend: 'webgpu', adapter: chosen.adapter, reason: chosen.reason });
    return running;
  }
  if (chosen.backend === 'webgpu') chosen.gpu.destroy();
  options.reportBackend({
    type: 'backend',
    backend: 'cpu',
    adapter: '',
    reason: chosen.backend === 'webgpu' ? 'this scenario has no WebGPU implementation' : chosen.reason,
  });
  return startMdScenario(spec, initial);
}

/**
 * Start an MD scenario on the CPU: Maxwell–Boltzmann velocities at the target temperature, then the chosen integrator.
 *
 * @example
 * ```ts
 * const running = startMdScenario(spec, { ...DEFAULT_PARAMS, temperature: 90 });
 * running.advance();
 * ```
 */
export function startMdScenario(spec: MdScenarioSpec, initial: SimParams): RunningScenario {
  const system: System = createSystem({
    numbers: spec.numbers,
    positions: spec.positions,
    cell: spec.cell,
    pbc: spec.pbc,
    ...(spec.charges ? { charges: spec.charges } : {}),
  });
  maxwellBoltzmann(system, { temperature: initial.temperature, seed: spec.seed ?? 1 });
  let params = initial;
  let potential = spec.potential(params);
  let integrator: Integrator = makeIntegrator(potential, params);
  let state: MDState = integrator.init(system);
  let timeOffset = 0;
  let stepOffset = 0;
  const structure = mdStructureMessage(spec, system);
  return {
    structure,
    advance() {
      integrator.step(state);
    },
    snapshot(msPerStep: number): FrameMessage {
      const ke = kineticEnergy(system);
      return {
        type: 'frame',
        step: stepOffset + state.step,
        time: timeOffset + state.time,
        positions: Float64Array.from(system.positions),
        cell: system.cell ? Float64Array.from(system.cell) : null,
        forces: Float64Array.from(state.forces),
        potentialEnergy: state.potentialEnergy,
        kineticEnergy: ke,
        conservedEnergy: integrator.conservedEnergy(state),
        temperature: temperature(system),
        msPerStep,
      };
    },
    setParams(next: SimParams) {
      if (next.cutoff !== params.cutoff) potential = spec.potential(next);
      params = next;
      stepOffset += state.step;
      timeOffset += state.time;
      integrator = makeIntegrator(potential, params);
      state = integrator.init(system);
    },
  };
}
