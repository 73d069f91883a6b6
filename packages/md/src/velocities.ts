import { degreesOfFreedom, kineticEnergy, totalMomentum } from './observables/thermo.ts';
import { Random } from './random.ts';
import type { System } from './system.ts';
import { metalUnits, type UnitSystem } from './units.ts';

/** Options of {@link maxwellBoltzmann}. */
export interface MaxwellBoltzmannOptions {
  /** Target temperature (K for metal units). */
  readonly temperature: number;
  /** Seed of the random stream (default 0); the same seed gives the same velocities. */
  readonly seed?: number;
  readonly units?: UnitSystem;
  /** Remove the centre-of-mass velocity (default true). */
  readonly zeroMomentum?: boolean;
  /** Rescale so the instantaneous temperature (with 3N−3 dof) equals the target exactly (default true, as LAMMPS' `velocity create`). */
  readonly exactTemperature?: boolean;
}

/**
 * Draw velocities from the Maxwell–Boltzmann distribution at a temperature, in place: each component
 * ~ N(0, kT/m); then zero total momentum and (by default) rescale to the exact temperature.
 *
 * @example
 * ```ts
 * maxwellBoltzmann(system, { temperature: 300, seed: 1 });
 * temperature(system); // 300
 * ```
 */
export function maxwellBoltzmann(system: System, options: MaxwellBoltzmannOptions): void {
  const units = options.units ?? metalUnits;
  const t = options.temperature;
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`temperature must be ≥ 0, got ${t}`);
  const rng = new Random(options.seed ?? 0);
  const n = system.masses.length;
  const v = system.velocities;
  for (let i = 0; i < n; i++) {
    const sigma = Math.sqrt((units.kB * t * units.accelerationFactor) / (system.masses[i] as number));
    for (let k = 0; k < 3; k++) v[3 * i + k] = sigma * rng.normal();
  }
  if (options.zeroMomentum !== false) zeroMomentum(system);
  if (options.exactTemperature !== false && n > 1) {
    const current = (2 * kineticEnergy(system, units)) / (degreesOfFreedom(n) * units.kB);
    const scale = current > 0 ? Math.sqrt(t / current) : 0;
    for (let k = 0; k < 3 * n; k++) v[k] = (v[k] as number) * scale;
  }
}

/**
 * Subtract the centre-of-mass velocity so the total momentum is zero (in place).
 *
 * @example
 * ```ts
 * zeroMomentum(system);
 * ```
 */
export function zeroMomentum(system: Pick<System, 'velocities' | 'masses'>): void {
  const p = totalMomentum(system);
  let mass = 0;
  for (let i = 0; i < system.masses.length; i++) mass += system.masses[i] as number;
  for (let i = 0; i < system.masses.length; i++) {
    for (let k = 0; k < 3; k++) system.velocities[3 * i + k] = (system.velocities[3 * i + k] as number) - (p[k] as number) / mass;
  }
}
