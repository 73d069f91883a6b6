import { volume } from '@equitensor/io';
import { kineticEnergy } from '../observables/thermo.ts';
import type { System } from '../system.ts';
import type { UnitSystem } from '../units.ts';
import type { Integrator, MDState } from './state.ts';

/** How the cell follows the pressure: one factor for all axes, or one per axis (orthorhombic cells). */
export type PressureCoupling = 'iso' | 'aniso';

/** Options of {@link berendsenBarostat} (pressures in energy/volume: eV/Å³ for metal units, ε/σ³ for LJ). */
export interface BerendsenBarostatOptions {
  /** Target pressure P₀ (eV/Å³ for metal units; see `barToPressure`/`gpaToPressure`), or [Pxx, Pyy, Pzz] for `aniso`. */
  readonly pressure: number | readonly [number, number, number];
  /** Damping time τ_P (same unit as dt), LAMMPS' `Pdamp`. */
  readonly tau: number;
  /** Isothermal compressibility β (volume/energy). Give this or `bulkModulus`. */
  readonly compressibility?: number;
  /** Bulk modulus B = 1/β (energy/volume), LAMMPS' `modulus`. Give this or `compressibility`. */
  readonly bulkModulus?: number;
  /** `iso` (default: the scalar pressure scales all three axes) or `aniso` (each diagonal pressure its own axis). */
  readonly coupling?: PressureCoupling;
}

/** The checked settings of a Berendsen barostat. */
export interface BerendsenSettings {
  readonly target: readonly [number, number, number];
  readonly tau: number;
  readonly compressibility: number;
  readonly coupling: PressureCoupling;
}

/**
 * Check and normalise {@link BerendsenBarostatOptions}.
 *
 * @example
 * ```ts
 * const settings = berendsenSettings({ pressure: 2.5, tau: 0.5, bulkModulus: 20 }); // β = 0.05
 * ```
 */
export function berendsenSettings(options: BerendsenBarostatOptions): BerendsenSettings {
  const coupling = options.coupling ?? 'iso';
  if (coupling !== 'iso' && coupling !== 'aniso') throw new RangeError(`coupling must be iso or aniso, got ${String(coupling)}`);
  const p = options.pressure;
  let target: [number, number, number];
  if (typeof p === 'number') target = [p, p, p];
  else {
    if (coupling === 'iso') throw new RangeError('iso coupling takes one target pressure, not three');
    target = [p[0], p[1], p[2]];
  }
  if (!target.every(Number.isFinite)) throw new RangeError(`target pressure must be finite, got ${target.join(', ')}`);
  if (!(options.tau > 0) || !Number.isFinite(options.tau)) throw new RangeError(`tau must be a positive time, got ${options.tau}`);
  const { compressibility: beta, bulkModulus: modulus } = options;
  if ((beta === undefined) === (modulus === undefined)) throw new RangeError('give exactly one of compressibility and bulkModulus');
  const compressibility = beta ?? 1 / (modulus as number);
  if (!(compressibility > 0) || !Number.isFinite(compressibility))
    throw new RangeError(`compressibility must be positive and finite (bulk modulus > 0), got ${compressibility}`);
  return { target, tau: options.tau, compressibility, coupling };
}

/**
 * The instantaneous pressure the barostat couples to: [P, P, P] with P = (2 KE + tr W)/(3V) for `iso`,
 * [Pxx, Pyy, Pzz] = (Σ m v_a² + W_aa)/V for `aniso` — LAMMPS' `compute pressure` (with its kinetic part).
 *
 * @example
 * ```ts
 * const [pxx, pyy, pzz] = couplingPressure(state.system, state.virial, ljUnits, 'aniso');
 * ```
 */
export function couplingPressure(
  system: System,
  virial: Float64Array,
  units: UnitSystem,
  coupling: PressureCoupling,
): [number, number, number] {
  if (system.cell === null) throw new RangeError('a barostat needs a periodic cell');
  const v = volume(system.cell);
  if (coupling === 'iso') {
    const p = (2 * kineticEnergy(system, units) + (virial[0] as number) + (virial[4] as number) + (virial[8] as number)) / (3 * v);
    return [p, p, p];
  }
  const mvv = [0, 0, 0];
  const vel = system.velocities;
  for (let i = 0; i < system.masses.length; i++) {
    const m = (system.masses[i] as number) / units.accelerationFactor;
    for (let a = 0; a < 3; a++) mvv[a] = (mvv[a] as number) + m * (vel[3 * i + a] as number) ** 2;
  }
  return [0, 1, 2].map((a) => ((mvv[a] as number) + (virial[4 * a] as number)) / v) as [number, number, number];
}

/**
 * Berendsen's scaling factors μ_a = [1 − (β dt/τ_P)(P₀ − P_a)]^(1/3) (LAMMPS `fix press/berendsen`,
 * exponent 1/3 on every axis also for `aniso`). Throws when the bracket is not positive (τ_P or β far too
 * aggressive for this pressure difference).
 *
 * @example
 * ```ts
 * berendsenFactors([2.5, 2.5, 2.5], settings, 0.005); // [1, 1, 1] when P = P₀
 * ```
 */
export function berendsenFactors(
  current: readonly [number, number, number],
  settings: BerendsenSettings,
  dt: number,
): [number, number, number] {
  const rate = (settings.compressibility * dt) / settings.tau;
  return [0, 1, 2].map((a) => {
    const base = 1 - rate * ((settings.target[a] as number) - (current[a] as number));
    if (!(base > 0)) throw new RangeError(`Berendsen barostat would invert the cell (factor ${base}): increase tau or the bulk modulus`);
    return base === 1 ? 1 : Math.cbrt(base);
  }) as [number, number, number];
}

/**
 * Scale the cell and the (unwrapped) positions by x_a → μ_a x_a (Cartesian axis a), which keeps every
 * fractional coordinate. `iso` factors are equal, so any triclinic cell is scaled homogeneously; per-axis
 * factors need an orthorhombic cell (see {@link berendsenBarostat}). Velocities are not scaled (as LAMMPS).
 *
 * @example
 * ```ts
 * scaleSystem(system, [1.01, 1.01, 1.01]); // 3% larger volume
 * ```
 */
export function scaleSystem(system: System, factors: readonly [number, number, number]): void {
  if (system.cell === null) throw new RangeError('scaling needs a cell');
  const [mx, my, mz] = factors;
  if (mx === 1 && my === 1 && mz === 1) return;
  const cell = system.cell;
  for (let r = 0; r < 3; r++) {
    cell[3 * r] = (cell[3 * r] as number) * mx;
    cell[3 * r + 1] = (cell[3 * r + 1] as number) * my;
    cell[3 * r + 2] = (cell[3 * r + 2] as number) * mz;
  }
  const x = system.positions;
  for (let k = 0; k < x.length; k += 3) {
    x[k] = (x[k] as number) * mx;
    x[k + 1] = (x[k + 1] as number) * my;
    x[k + 2] = (x[k + 2] as number) * mz;
  }
}

/**
 * One Berendsen pressure-coupling update of a state after its step: the pressure from the state's virial
 * and current velocities, then {@link scaleSystem} by {@link berendsenFactors}. Returns the factors.
 *
 * @example
 * ```ts
 * const mu = applyBerendsenPressureCoupling(state, ljUnits, 0.005, berendsenSettings({ pressure: 1, tau: 0.5, bulkModulus: 20 }));
 * ```
 */
export function applyBerendsenPressureCoupling(
  state: MDState,
  units: UnitSystem,
  dt: number,
  settings: BerendsenSettings,
): [number, number, number] {
  const current = couplingPressure(state.system, state.virial, units, settings.coupling);
  const factors = berendsenFactors(current, settings, dt);
  scaleSystem(state.system, factors);
  return factors;
}

function checkCell(system: System, coupling: PressureCoupling): void {
  const c = system.cell;
  if (c === null || !(system.pbc[0] && system.pbc[1] && system.pbc[2]))
    throw new RangeError('a barostat needs a cell periodic in x, y and z');
  if (coupling === 'aniso' && [1, 2, 3, 5, 6, 7].some((k) => c[k] !== 0))
    throw new RangeError('aniso pressure coupling needs an orthorhombic cell (diagonal lattice vectors)');
}

/**
 * Berendsen pressure coupling (Berendsen et al. 1984) composed with any integrator, as LAMMPS'
 * `fix press/berendsen` on top of `fix nve`/`fix nvt`: after each step of `integrator` the pressure is
 * computed from the step's virial and velocities and the cell and positions are scaled by
 * μ = [1 − (β dt/τ_P)(P₀ − P)]^(1/3) (per axis for `aniso`). The pressure relaxes exponentially to P₀ with
 * time constant τ_P; the volume fluctuations are too small (not an exact NPT ensemble), averages are right.
 * The scaling happens after the forces were computed, so `state.forces`, `potentialEnergy` and `virial`
 * belong to the positions before it (as LAMMPS' thermo); the next step's force call sees the new cell
 * (neighbour lists rebuild when the cell changes). No extra variables: checkpoints restart exactly.
 * `conservedEnergy` is the inner integrator's plus P₀V, which Berendsen coupling does not conserve.
 *
 * @example
 * ```ts
 * const npt = berendsenBarostat(noseHooverChain(lj, { dt: 0.005, temperature: 1.5, tau: 0.5, units: ljUnits }), {
 *   pressure: 2.5, tau: 0.5, bulkModulus: 20,
 * });
 * const state = npt.init(system);
 * for (let s = 0; s < 1000; s++) npt.step(state);
 * ```
 */
export function berendsenBarostat(integrator: Integrator, options: BerendsenBarostatOptions): Integrator {
  const settings = berendsenSettings(options);
  const { dt, units } = integrator;
  const p0 = (settings.target[0] + settings.target[1] + settings.target[2]) / 3;
  return {
    name: `${integrator.name}+berendsen`,
    potential: integrator.potential,
    dt,
    units,
    init(system: System): MDState {
      checkCell(system, settings.coupling);
      return integrator.init(system);
    },
    step(state: MDState): void {
      integrator.step(state);
      applyBerendsenPressureCoupling(state, units, dt, settings);
    },
    conservedEnergy: (state) => integrator.conservedEnergy(state) + p0 * volume(state.system.cell as Float64Array),
  };
}
