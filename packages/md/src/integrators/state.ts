import type { Potential } from '../potential.ts';
import type { Random } from '../random.ts';
import type { System } from '../system.ts';
import type { UnitSystem } from '../units.ts';

/**
 * The state an integrator advances: the system (positions and velocities are updated in place), the
 * current forces, potential energy and virial, the step count and time, the integrator's own continuous
 * variables (`extra`: thermostat chain, heat exchanged with the bath) and, for stochastic integrators,
 * the random stream. Everything needed for an exact restart (see `checkpoint`).
 *
 * @example
 * ```ts
 * const state = integrator.init(system);
 * for (let s = 0; s < 100; s++) integrator.step(state);
 * state.potentialEnergy;
 * ```
 */
export interface MDState {
  readonly system: System;
  forces: Float64Array;
  potentialEnergy: number;
  virial: Float64Array;
  perAtomEnergies?: Float64Array;
  step: number;
  /** Elapsed simulation time, in the integrator's time unit (fs for metal units). */
  time: number;
  /** Integrator-specific variables; `extra[0]` is always the energy the thermostat removed (0 for NVE). */
  readonly extra: Float64Array;
  readonly rng: Random | null;
}

/**
 * An integrator as two functions over a state (jax-md style): `init` evaluates the forces of a system
 * and returns the state, `step` advances it by one time step in place.
 *
 * @example
 * ```ts
 * const integrator = velocityVerlet(potential, { dt: 1 });
 * const state = integrator.init(system);
 * integrator.step(state);
 * ```
 */
export interface Integrator {
  readonly name: string;
  readonly potential: Potential;
  /** Time step (fs for metal units). */
  readonly dt: number;
  readonly units: UnitSystem;
  init(system: System): MDState;
  step(state: MDState): void;
  /**
   * The quantity the scheme conserves: total energy for NVE; total energy plus the heat given to the bath
   * (and the chain's energy for Nosé–Hoover) for thermostats.
   */
  conservedEnergy(state: MDState): number;
}

/** Common integrator options. */
export interface IntegratorOptions {
  /** Time step (fs for metal units, τ for LJ units). */
  readonly dt: number;
  /** Unit system (default metal: Å, eV, amu, fs). */
  readonly units?: UnitSystem;
}

/**
 * @internal evaluate the potential into the state; the forces are written into the state's own array where the
 * potential supports it (`ComputeOptions.forces`: no 3N allocation per step), so `state.forces` changes in place,
 * like the positions.
 */
export function evaluateForces(potential: Potential, state: MDState): void {
  const r = potential.compute(state.system, { forces: state.forces });
  if (r.forces.length !== state.system.positions.length) {
    throw new Error(
      `potential ${potential.name} returned ${r.forces.length} force components for ${state.system.positions.length / 3} atoms`,
    );
  }
  state.forces = r.forces;
  state.potentialEnergy = r.energy;
  state.virial = r.virial;
}

/** @internal make a state and evaluate forces. */
export function initialState(potential: Potential, system: System, extraSize: number, rng: Random | null): MDState {
  const state: MDState = {
    system,
    forces: new Float64Array(system.positions.length),
    potentialEnergy: 0,
    virial: new Float64Array(9),
    step: 0,
    time: 0,
    extra: new Float64Array(Math.max(1, extraSize)),
    rng,
  };
  evaluateForces(potential, state);
  return state;
}

/** @internal v += h · F/m · af. */
export function kick(state: MDState, h: number, accelerationFactor: number): void {
  const v = state.system.velocities;
  const f = state.forces;
  const m = state.system.masses;
  const n = m.length;
  for (let i = 0; i < n; i++) {
    const c = (h * accelerationFactor) / (m[i] as number);
    const i3 = 3 * i;
    v[i3] = (v[i3] as number) + c * (f[i3] as number);
    v[i3 + 1] = (v[i3 + 1] as number) + c * (f[i3 + 1] as number);
    v[i3 + 2] = (v[i3 + 2] as number) + c * (f[i3 + 2] as number);
  }
}

/** @internal x += h · v. */
export function drift(state: MDState, h: number): void {
  const x = state.system.positions;
  const v = state.system.velocities;
  for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) + h * (v[k] as number);
}
