import { volume } from '@equitensor/io';
import type { System } from '../system.ts';
import { metalUnits, type UnitSystem } from '../units.ts';

/**
 * Kinetic energy ½ Σ m v² in energy units (eV for metal units, ε for LJ units).
 *
 * @example
 * ```ts
 * kineticEnergy(system, metalUnits); // eV
 * ```
 */
export function kineticEnergy(system: Pick<System, 'velocities' | 'masses'>, units: UnitSystem = metalUnits): number {
  const v = system.velocities;
  const m = system.masses;
  let sum = 0;
  for (let i = 0; i < m.length; i++) {
    const vx = v[3 * i] as number,
      vy = v[3 * i + 1] as number,
      vz = v[3 * i + 2] as number;
    sum += (m[i] as number) * (vx * vx + vy * vy + vz * vz);
  }
  return (0.5 * sum) / units.accelerationFactor;
}

/**
 * Degrees of freedom 3N − removed (default 3: centre-of-mass motion removed, LAMMPS' `compute temp`).
 *
 * @example
 * ```ts
 * degreesOfFreedom(256); // 765
 * ```
 */
export function degreesOfFreedom(atomCount: number, removed = 3): number {
  return Math.max(1, 3 * atomCount - removed);
}

/**
 * Instantaneous temperature 2 KE / (N_f kB) (K for metal units).
 *
 * @example
 * ```ts
 * temperature(system, metalUnits); // K
 * ```
 */
export function temperature(
  system: Pick<System, 'velocities' | 'masses'>,
  units: UnitSystem = metalUnits,
  dof = degreesOfFreedom(system.masses.length),
): number {
  return (2 * kineticEnergy(system, units)) / (dof * units.kB);
}

/**
 * Pressure (2 KE + tr W) / (3V) in energy/volume (eV/Å³ for metal units; LAMMPS' "Press" in LJ units),
 * from the potential's virial W.
 *
 * @example
 * ```ts
 * const p = pressure(system, potential.compute(system).virial, ljUnits);
 * ```
 */
export function pressure(system: System, virial: Float64Array, units: UnitSystem = metalUnits): number {
  if (system.cell === null) throw new RangeError('pressure needs a cell');
  const v = volume(system.cell);
  return (2 * kineticEnergy(system, units) + (virial[0] as number) + (virial[4] as number) + (virial[8] as number)) / (3 * v);
}

/**
 * The stress tensor −(W + Σ m v⊗v)/V, row-major (ASE's sign: negative = compressive), energy/volume.
 * Pass `includeKinetic: false` for the potential part alone (as in reference files computed at rest).
 *
 * @example
 * ```ts
 * const sigma = stressTensor(system, result.virial, metalUnits, { includeKinetic: false });
 * ```
 */
export function stressTensor(
  system: System,
  virial: Float64Array,
  units: UnitSystem = metalUnits,
  options: { includeKinetic?: boolean } = {},
): Float64Array {
  if (system.cell === null) throw new RangeError('stress needs a cell');
  const v = volume(system.cell);
  const out = new Float64Array(9);
  for (let k = 0; k < 9; k++) out[k] = virial[k] as number;
  if (options.includeKinetic !== false) {
    const v = system.velocities;
    for (let i = 0; i < system.masses.length; i++) {
      const m = (system.masses[i] as number) / units.accelerationFactor;
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++) out[3 * a + b] = (out[3 * a + b] as number) + m * (v[3 * i + a] as number) * (v[3 * i + b] as number);
    }
  }
  for (let k = 0; k < 9; k++) out[k] = -(out[k] as number) / v;
  return out;
}

/**
 * Total momentum Σ m v (amu·Å/fs for metal units), 3 numbers.
 *
 * @example
 * ```ts
 * totalMomentum(system); // ≈ [0, 0, 0] after maxwellBoltzmann
 * ```
 */
export function totalMomentum(system: Pick<System, 'velocities' | 'masses'>): Float64Array {
  const p = new Float64Array(3);
  for (let i = 0; i < system.masses.length; i++) {
    for (let k = 0; k < 3; k++) p[k] = (p[k] as number) + (system.masses[i] as number) * (system.velocities[3 * i + k] as number);
  }
  return p;
}
