import { kineticEnergy } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { metalUnits } from '../units.ts';
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
  const dt = checkTimeStep(options.dt);
  const units = options.units ?? metalUnits;
  const af = units.accelerationFactor;
  return {
    name: 'nve',
    potential,
    dt,
    units,
    init: (system: System) => initialState(potential, system, 1, null),
    step(state: MDState): void {
      kick(state, 0.5 * dt, af);
      drift(state, dt);
      evaluateForces(potential, state);
      kick(state, 0.5 * dt, af);
      state.step++;
      state.time += dt;
    },
    conservedEnergy: (state) => state.potentialEnergy + kineticEnergy(state.system, units),
  };
}

/** @internal */
export function checkTimeStep(dt: number): number {
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`time step must be a positive number, got ${dt}`);
  return dt;
}
