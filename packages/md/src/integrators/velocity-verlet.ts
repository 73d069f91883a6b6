import { kineticEnergy } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { metalUnits, type UnitSystem } from '../units.ts';
import { drift, evaluateForces, type Integrator, type IntegratorOptions, initialState, kick, type MDState } from './state.ts';

/**
 * Velocity Verlet (NVE): v += ½dt·a; x += dt·v; recompute forces; v += ½dt·a. Time-reversible and
 * symplectic; energy fluctuates but does not drift.
 *
 * @example
 * ```ts
 * const nve = velocityVerlet(new LennardJones(), { dt: 0.005, units: ljUnits });
 * const state = nve.init(system);
 * for (let s = 0; s < 100; s++) nve.step(state);
 * ```
 */
export function velocityVerlet(potential: Potential, options: IntegratorOptions): Integrator {
  const { dt, units, af } = integratorSetup(options);
  return {
    name: 'nve',
    potential,
    dt,
    units,
    init: (system: System) => initialState(potential, system, 1, null),
    step(state: MDState): void {
      verletStep(potential, state, dt, af);
    },
    conservedEnergy: (state) => state.potentialEnergy + kineticEnergy(state.system, units),
  };
}

/**
 * @internal One velocity Verlet step (half kick, drift, new forces, half kick) and the step count and time advanced:
 * NVE's whole step and the core of the thermostats that rescale velocities around it.
 */
export function verletStep(potential: Potential, state: MDState, dt: number, af: number): void {
  kick(state, 0.5 * dt, af);
  drift(state, dt);
  evaluateForces(potential, state);
  kick(state, 0.5 * dt, af);
  state.step++;
  state.time += dt;
}

/** @internal An integrator's checked time step, its units (metal by default) and their acceleration factor. */
export function integratorSetup(options: IntegratorOptions): { dt: number; units: UnitSystem; af: number } {
  const dt = checkTimeStep(options.dt);
  const units = options.units ?? metalUnits;
  return { dt, units, af: units.accelerationFactor };
}

/** @internal A thermostat's or barostat's relaxation time: `value`, or `fallback` when not given, checked > 0. */
export function relaxationTime(value: number | undefined, fallback: number, name: string): number {
  const tau = value ?? fallback;
  if (!(tau > 0)) throw new RangeError(`${name} must be > 0, got ${tau}`);
  return tau;
}

/** @internal */
export function checkTimeStep(dt: number): number {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`time step must be a positive number, got ${dt}`);
  return dt;
}
