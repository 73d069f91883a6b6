import { units } from '@equitensor/io';

/**
 * The unit system an integrator works in. Positions, energies and masses come from the potential and
 * the system; this says how to turn force/mass into acceleration per time unit², and what kB is.
 * `metalUnits` are ASE's (Å, eV, amu) with time in fs; `ljUnits` are reduced LJ units (σ, ε, m, τ; kB = 1).
 *
 * @example
 * ```ts
 * import { metalUnits } from '@equitensor/md';
 * const kT = 300 * metalUnits.kB; // eV
 * ```
 */
export interface UnitSystem {
  readonly name: string;
  /** Boltzmann's constant in energy / temperature units. */
  readonly kB: number;
  /** a = (F / m) · accelerationFactor in length / time² (fs⁻² for metal units: units.fs²). */
  readonly accelerationFactor: number;
}

/**
 * ASE units with time in fs: Å, eV, amu, K. Velocities in Å/fs.
 *
 * @example
 * ```ts
 * const integrator = velocityVerlet(potential, { dt: 1, units: metalUnits });
 * ```
 */
export const metalUnits: UnitSystem = Object.freeze({ name: 'metal', kB: units.kB, accelerationFactor: units.fs * units.fs });

/**
 * Reduced Lennard-Jones units: lengths in σ, energies in ε, masses in m, time in τ = σ√(m/ε), kB = 1.
 *
 * @example
 * ```ts
 * const integrator = velocityVerlet(new LennardJones({ cutoff: 2.5 }), { dt: 0.005, units: ljUnits });
 * ```
 */
export const ljUnits: UnitSystem = Object.freeze({ name: 'lj', kB: 1, accelerationFactor: 1 });

/**
 * A pressure in bar as eV/Å³ (the engine's pressure unit in metal units), with ASE's `units.bar`.
 *
 * @example
 * ```ts
 * berendsenBarostat(nvt, { pressure: barToPressure(1), tau: 500, bulkModulus: barToPressure(1.4e6) });
 * ```
 */
export function barToPressure(bar: number): number {
  return bar * units.bar;
}

/**
 * A pressure in eV/Å³ as bar (LAMMPS' metal-units pressure).
 *
 * @example
 * ```ts
 * pressureToBar(pressure(system, state.virial)); // bar
 * ```
 */
export function pressureToBar(pressure: number): number {
  return pressure / units.bar;
}

/**
 * A pressure in GPa as eV/Å³.
 *
 * @example
 * ```ts
 * gpaToPressure(160); // ≈ 1.0 eV/Å³
 * ```
 */
export function gpaToPressure(gpa: number): number {
  return gpa * units.GPa;
}

/**
 * A pressure in eV/Å³ as GPa.
 *
 * @example
 * ```ts
 * pressureToGpa(1); // ≈ 160.2 GPa
 * ```
 */
export function pressureToGpa(pressure: number): number {
  return pressure / units.GPa;
}
