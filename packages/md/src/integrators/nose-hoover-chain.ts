import { degreesOfFreedom, kineticEnergy } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { chainHalfStep } from './chain.ts';
import { type Integrator, type IntegratorOptions, initialState, type MDState } from './state.ts';
import { integratorSetup, relaxationTime, verletStep } from './velocity-verlet.ts';

/** Options of {@link noseHooverChain}. */
export interface NoseHooverChainOptions extends IntegratorOptions {
  /** Target temperature (K for metal units). */
  readonly temperature: number;
  /** Thermostat period τ (same unit as dt; default 100 dt). Masses Q₁ = N_f kT τ², Qₖ = kT τ². */
  readonly tau?: number;
  /** Chain length (default 3). */
  readonly chainLength?: number;
  /** Sub-steps of each half-step chain update (default 1), each a 3rd-order Suzuki–Yoshida composition. */
  readonly chainSteps?: number;
}

/**
 * Nosé–Hoover chain NVT (Martyna, Klein & Tuckerman 1992) with the MTK Trotter splitting used by LAMMPS
 * `fix nvt` and jax-md's `nvt_nose_hoover`: chain half step, velocity Verlet, chain half step.
 * Deterministic; the extended energy E + Σ pξ²/2Q + N_f kT ξ₁ + kT Σₖ₍≥₂₎ ξₖ is conserved.
 * `state.extra` holds [0, ξ₁…ξ_M, vξ₁…vξ_M].
 *
 * @example
 * ```ts
 * const nvt = noseHooverChain(eam, { dt: 1, temperature: 300, tau: 100 });
 * const state = nvt.init(system);
 * nvt.step(state);
 * ```
 */
export function noseHooverChain(potential: Potential, options: NoseHooverChainOptions): Integrator {
  const { dt, units, af } = integratorSetup(options);
  const tau = relaxationTime(options.tau, 100 * dt, 'tau');
  const M = options.chainLength ?? 3;
  const nc = options.chainSteps ?? 1;
  if (!Number.isInteger(M) || M < 1) throw new RangeError(`chain length must be a positive integer, got ${M}`);
  if (!(options.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${options.temperature}`);
  const kT = units.kB * options.temperature;
  const G = new Float64Array(M);
  const Q = new Float64Array(M);

  const halfStep = (state: MDState) => {
    const nf = degreesOfFreedom(state.system.masses.length);
    Q[0] = nf * kT * tau * tau;
    for (let k = 1; k < M; k++) Q[k] = kT * tau * tau;
    const xi = state.extra.subarray(1, 1 + M);
    const vxi = state.extra.subarray(1 + M, 1 + 2 * M);
    const scale = chainHalfStep(2 * kineticEnergy(state.system, units), nf, kT, Q, xi, vxi, G, dt, nc);
    const v = state.system.velocities;
    for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) * scale;
  };

  return {
    name: 'nhc',
    potential,
    dt,
    units,
    init: (system: System) => initialState(potential, system, 1 + 2 * M, null),
    step(state: MDState): void {
      halfStep(state);
      verletStep(potential, state, dt, af);
      halfStep(state);
    },
    conservedEnergy(state: MDState): number {
      const nf = degreesOfFreedom(state.system.masses.length);
      let chain = 0;
      for (let k = 0; k < M; k++) {
        const q = k === 0 ? nf * kT * tau * tau : kT * tau * tau;
        chain += 0.5 * q * (state.extra[1 + M + k] as number) ** 2;
        chain += (k === 0 ? nf * kT : kT) * (state.extra[1 + k] as number);
      }
      return state.potentialEnergy + kineticEnergy(state.system, units) + chain;
    },
  };
}
