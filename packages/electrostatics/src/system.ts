import { COULOMB_CONSTANT } from '@equitensor/io';

/**
 * Options shared by every Coulomb routine.
 *
 * @example
 * ```ts
 * const options: CoulombOptions = { coulombConstant: 1 }; // Gaussian units: E = Σ qᵢqⱼ/r
 * ```
 */
export interface CoulombOptions {
  /** k_e in E = k_e Σ qᵢqⱼ/rᵢⱼ; default `COULOMB_CONSTANT` = 14.399645478 eV·Å (charges in e, lengths in Å). */
  readonly coulombConstant?: number;
}

/**
 * Energy (eV), forces (eV/Å, flat 3N) and virial W = −∂E/∂ε (row-major 3×3, eV) of a set of charges,
 * the `PotentialResult` shape of `@equitensor/md`.
 *
 * @example
 * ```ts
 * const { energy, forces, virial } = directCoulomb(positions, charges);
 * ```
 */
export interface CoulombResult {
  readonly energy: number;
  readonly forces: Float64Array;
  readonly virial: Float64Array;
  readonly perAtomEnergies?: Float64Array;
}

/** The Coulomb constant an options object asks for. */
export function coulombConstantOf(options: CoulombOptions | undefined): number {
  return options?.coulombConstant ?? COULOMB_CONSTANT;
}

/**
 * Check that positions (flat 3N) and charges (N) agree and hold finite numbers; returns N.
 *
 * @example
 * ```ts
 * checkCharges(new Float64Array(6), new Float64Array([1, -1]), 'directCoulomb'); // 2
 * ```
 */
export function checkCharges(positions: Float64Array, charges: Float64Array, where: string): number {
  const n = charges.length;
  if (positions.length !== 3 * n) {
    throw new RangeError(`${where}: positions must hold 3·N = ${3 * n} numbers for ${n} charges, got ${positions.length}`);
  }
  for (let i = 0; i < positions.length; i++) {
    if (!Number.isFinite(positions[i])) throw new RangeError(`${where}: position component ${i} (atom ${Math.floor(i / 3)}) is not finite`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(charges[i])) throw new RangeError(`${where}: charge ${i} is not finite`);
  }
  return n;
}

/** Split interleaved positions into three contiguous coordinate arrays (structure of arrays). */
export function splitCoordinates(positions: Float64Array): [Float64Array, Float64Array, Float64Array] {
  const n = positions.length / 3;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = positions[3 * i]!;
    y[i] = positions[3 * i + 1]!;
    z[i] = positions[3 * i + 2]!;
  }
  return [x, y, z];
}
