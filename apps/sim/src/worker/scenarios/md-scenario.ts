/**
 * A molecular-dynamics scenario built from `@equitensor/md`: a system, a potential, and velocity
 * Verlet (NVE) or Langevin (NVT) from the user's parameters. The physics is md's; this file only
 * wires it to the worker protocol.
 */
import type { Integrator, MDState, Potential, System } from '@equitensor/md';
import { createSystem, kineticEnergy, langevin, maxwellBoltzmann, temperature, velocityVerlet } from '@equitensor/md';
import type { FrameMessage, ScenarioId, SimParams, StructureMessage } from '../protocol.ts';
import type { RunningScenario } from './scenario.ts';

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
  readonly controls: StructureMessage['controls'];
  readonly representation?: StructureMessage['representation'];
  /** Seed of the initial velocities. */
  readonly seed?: number;
}

/**
 * Start an MD scenario: Maxwell–Boltzmann velocities at the target temperature, then the chosen integrator.
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
  const structure: StructureMessage = {
    type: 'structure',
    scenario: spec.id,
    title: spec.title,
    numbers: spec.numbers,
    positions: Float64Array.from(system.positions),
    cell: system.cell ? Float64Array.from(system.cell) : null,
    pbc: spec.pbc,
    ...(spec.charges ? { charges: spec.charges } : {}),
    controls: spec.controls,
    dynamic: true,
    representation: spec.representation ?? 'spacefill',
  };
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

function makeIntegrator(potential: Potential, params: SimParams): Integrator {
  return params.thermostat === 'nve'
    ? velocityVerlet(potential, { dt: params.dt })
    : langevin(potential, { dt: params.dt, temperature: params.temperature, friction: params.friction, seed: 7 });
}
