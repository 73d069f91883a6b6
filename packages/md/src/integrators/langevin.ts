import { kineticEnergy } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import { Random } from '../random.ts';
import type { System } from '../system.ts';
import { drift, evaluateForces, type Integrator, type IntegratorOptions, initialState, kick, type MDState } from './state.ts';
import { integratorSetup } from './velocity-verlet.ts';

/** Options of {@link langevin}. */
export interface LangevinOptions extends IntegratorOptions {
  /** Bath temperature (K for metal units). */
  readonly temperature: number;
  /** Friction γ in 1/time (1/fs for metal units); 0 gives velocity Verlet's trajectory. */
  readonly friction: number;
  /** Seed of the noise (default 0). */
  readonly seed?: number;
}

/**
 * Langevin dynamics with the BAOAB splitting (Leimkuhler & Matthews 2013): half kick, half drift, exact
 * Ornstein–Uhlenbeck velocity update v ← c₁v + √((1−c₁²) kT/m) ξ with c₁ = e^{−γ dt}, half drift, new
 * forces, half kick. Samples configurations with very small time-step error.
 *
 * @example
 * ```ts
 * const nvt = langevin(eam, { dt: 1, temperature: 300, friction: 0.01, seed: 7 });
 * const state = nvt.init(system);
 * nvt.step(state);
 * ```
 */
export function langevin(potential: Potential, options: LangevinOptions): Integrator {
  const { dt, units, af } = integratorSetup(options);
  const { temperature, friction } = options;
  if (!(temperature >= 0)) throw new RangeError(`temperature must be ≥ 0, got ${temperature}`);
  if (!(friction >= 0) || !Number.isFinite(friction)) throw new RangeError(`friction must be ≥ 0, got ${friction}`);
  const c1 = Math.exp(-friction * dt);
  const c2 = Math.sqrt(1 - c1 * c1);
  const kTaf = units.kB * temperature * af;
  return {
    name: 'langevin',
    potential,
    dt,
    units,
    init: (system: System) => initialState(potential, system, 1, new Random(options.seed ?? 0)),
    step(state: MDState): void {
      kick(state, 0.5 * dt, af);
      drift(state, 0.5 * dt);
      const before = kineticEnergy(state.system, units);
      const v = state.system.velocities;
      const m = state.system.masses;
      const rng = state.rng as Random;
      for (let i = 0; i < m.length; i++) {
        const sigma = c2 * Math.sqrt(kTaf / (m[i] as number));
        for (let k = 3 * i; k < 3 * i + 3; k++) v[k] = c1 * (v[k] as number) + sigma * rng.normal();
      }
      state.extra[0] = (state.extra[0] as number) + (before - kineticEnergy(state.system, units));
      drift(state, 0.5 * dt);
      evaluateForces(potential, state);
      kick(state, 0.5 * dt, af);
      state.step++;
      state.time += dt;
    },
    conservedEnergy: (state) => state.potentialEnergy + kineticEnergy(state.system, units) + (state.extra[0] as number),
  };
}
