import { degreesOfFreedom, kineticEnergy } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import { Random } from '../random.ts';
import type { System } from '../system.ts';
import { type Integrator, type IntegratorOptions, initialState, type MDState } from './state.ts';
import { integratorSetup, relaxationTime, verletStep } from './velocity-verlet.ts';

/** Options of {@link bussi}. */
export interface BussiOptions extends IntegratorOptions {
  /** Bath temperature (K for metal units). */
  readonly temperature: number;
  /** Relaxation time τ of the thermostat (same unit as dt; default 100 dt). */
  readonly tau?: number;
  /** Seed (default 0). */
  readonly seed?: number;
}

/**
 * Stochastic velocity rescaling (Bussi, Donadio & Parrinello 2007): velocity Verlet with a half-step
 * rescaling on each side, the kinetic energy drawn from the exact canonical relaxation
 * K' = K + (1−c)(K̄(R₁² + Σ Rᵢ²)/N_f − K) + 2R₁√(c(1−c)K K̄/N_f), c = e^{−dt/2τ}.
 * The conserved quantity adds the energy the bath took.
 *
 * @example
 * ```ts
 * const nvt = bussi(eam, { dt: 1, temperature: 300, tau: 100, seed: 3 });
 * ```
 */
export function bussi(potential: Potential, options: BussiOptions): Integrator {
  const { dt, units, af } = integratorSetup(options);
  const tau = relaxationTime(options.tau, 100 * dt, 'tau');
  if (!(options.temperature >= 0)) throw new RangeError(`temperature must be ≥ 0, got ${options.temperature}`);
  const c = Math.exp(-(0.5 * dt) / tau);
  const rescale = (state: MDState) => {
    const n = state.system.masses.length;
    const nf = degreesOfFreedom(n);
    const k = kineticEnergy(state.system, units);
    if (!(k > 0)) return;
    const kTarget = 0.5 * nf * units.kB * options.temperature;
    const rng = state.rng as Random;
    const r1 = rng.normal();
    const rest = rng.chiSquared(nf - 1);
    const kNew = k + (1 - c) * ((kTarget * (r1 * r1 + rest)) / nf - k) + 2 * r1 * Math.sqrt((c * (1 - c) * k * kTarget) / nf);
    const alpha = Math.sqrt(Math.max(kNew, 0) / k);
    const v = state.system.velocities;
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * alpha;
    state.extra[0] = (state.extra[0] as number) + (k - kNew);
  };
  return {
    name: 'bussi',
    potential,
    dt,
    units,
    init: (system: System) => initialState(potential, system, 1, new Random(options.seed ?? 0)),
    step(state: MDState): void {
      rescale(state);
      verletStep(potential, state, dt, af);
      rescale(state);
    },
    conservedEnergy: (state) => state.potentialEnergy + kineticEnergy(state.system, units) + (state.extra[0] as number),
  };
}
