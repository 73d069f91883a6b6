import { kineticEnergy } from '../observables/thermo.ts';
import type { AsyncPotential } from '../potential.ts';
import type { System } from '../system.ts';
import { metalUnits, type UnitSystem } from '../units.ts';
import { drift, type IntegratorOptions, kick, type MDState } from './state.ts';
import { checkTimeStep } from './velocity-verlet.ts';

/**
 * An integrator over an {@link AsyncPotential} (a GPU potential reads its results back asynchronously):
 * the same state and splitting as the synchronous one, with `init` and `step` returning promises.
 *
 * @example
 * ```ts
 * const nve = velocityVerletAsync(gpuPotential, { dt: 1 });
 * const state = await nve.init(system);
 * for (let s = 0; s < 100; s++) await nve.step(state);
 * ```
 */
export interface AsyncIntegrator {
  readonly name: string;
  readonly potential: AsyncPotential;
  readonly dt: number;
  readonly units: UnitSystem;
  init(system: System): Promise<MDState>;
  step(state: MDState): Promise<void>;
  conservedEnergy(state: MDState): number;
}

async function evaluateAsync(potential: AsyncPotential, state: MDState): Promise<void> {
  const r = await potential.computeAsync(state.system);
  if (r.forces.length !== state.system.positions.length) {
    throw new Error(
      `potential ${potential.name} returned ${r.forces.length} force components for ${state.system.positions.length / 3} atoms`,
    );
  }
  state.forces = r.forces;
  state.potentialEnergy = r.energy;
  state.virial = r.virial;
}

/**
 * Velocity Verlet over an asynchronous potential: bit-for-bit the trajectory of {@link velocityVerlet} when
 * the potential returns the same numbers.
 *
 * @example
 * ```ts
 * const nve = velocityVerletAsync({ name: 'lj', cutoff: 2.5, computeAsync: async (a) => lj.compute(a) }, { dt: 0.005, units: ljUnits });
 * ```
 */
export function velocityVerletAsync(potential: AsyncPotential, options: IntegratorOptions): AsyncIntegrator {
  const dt = checkTimeStep(options.dt);
  const units = options.units ?? metalUnits;
  const af = units.accelerationFactor;
  return {
    name: 'nve',
    potential,
    dt,
    units,
    async init(system: System): Promise<MDState> {
      const state: MDState = {
        system,
        forces: new Float64Array(system.positions.length),
        potentialEnergy: 0,
        virial: new Float64Array(9),
        step: 0,
        time: 0,
        extra: new Float64Array(1),
        rng: null,
      };
      await evaluateAsync(potential, state);
      return state;
    },
    async step(state: MDState): Promise<void> {
      kick(state, 0.5 * dt, af);
      drift(state, dt);
      await evaluateAsync(potential, state);
      kick(state, 0.5 * dt, af);
      state.step++;
      state.time += dt;
    },
    conservedEnergy: (state) => state.potentialEnergy + kineticEnergy(state.system, units),
  };
}
