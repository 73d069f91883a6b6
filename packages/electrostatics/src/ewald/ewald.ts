import { cellGeometry } from '@equitensor/io';
import { type CoulombOptions, type CoulombResult, checkCharges, coulombConstantOf } from '../system.ts';
import { type EwaldParameterOptions, type EwaldParameters, ewaldParameters } from './parameters.ts';
import { ewaldRealSpace } from './real-space.ts';
import { ewaldReciprocal } from './reciprocal.ts';

/**
 * Options of {@link ewaldCoulomb}: the accuracy-driven parameter choice and the Coulomb constant.
 *
 * @example
 * ```ts
 * ewaldCoulomb(positions, charges, cell, { accuracy: 1e-8, cutoff: 10, perAtomEnergies: true });
 * ```
 */
export interface EwaldOptions extends EwaldParameterOptions, CoulombOptions {
  /** Also return per-atom energies (real-space pairs halved, reciprocal Re[S*·qᵢe^{ik·rᵢ}] shares, self and background). */
  readonly perAtomEnergies?: boolean;
}

/**
 * Energy, forces and virial of an Ewald sum, its parts and the parameters used.
 *
 * @example
 * ```ts
 * const { energy, parts, parameters } = ewaldCoulomb(positions, charges, cell);
 * ```
 */
export interface EwaldResult extends CoulombResult {
  readonly parameters: EwaldParameters;
  /** The energy split (eV): real space, reciprocal space, self term, neutralising background. */
  readonly parts: { readonly real: number; readonly reciprocal: number; readonly self: number; readonly background: number };
}

/**
 * Coulomb energy, forces and virial of a periodic (triclinic) system of point charges by Ewald
 * summation with tin-foil (conducting) boundary conditions:
 * E = E_real + E_recip − k_e α/√π Σqᵢ² − k_e π Q²/(2Vα²), the last term (a neutralising background) only when
 * the net charge Q ≠ 0. α and the cutoffs follow {@link ewaldParameters} from `accuracy`.
 * The stress is −virial/V (ASE sign).
 *
 * @example
 * ```ts
 * import { ewaldCoulomb } from '@equitensor/electrostatics';
 * const a = 5.64;
 * const positions = new Float64Array([0, 0, 0, a / 2, a / 2, a / 2]); // CsCl-type pair
 * const cell = new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]);
 * const { energy, forces, virial } = ewaldCoulomb(positions, new Float64Array([1, -1]), cell, { accuracy: 1e-10 });
 * ```
 */
export function ewaldCoulomb(positions: Float64Array, charges: Float64Array, cell: Float64Array, options: EwaldOptions = {}): EwaldResult {
  const n = checkCharges(positions, charges, 'ewaldCoulomb');
  const k = coulombConstantOf(options);
  const geometry = cellGeometry(cell);
  const parameters = ewaldParameters(cell, n, options);
  const { alpha, cutoff, kmax } = parameters;
  const real = ewaldRealSpace(positions, charges, geometry, alpha, cutoff);
  const reciprocal = ewaldReciprocal(positions, charges, geometry, alpha, kmax);
  let q2 = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    q += charges[i]!;
    q2 += charges[i]! * charges[i]!;
  }
  const self = (-alpha / Math.sqrt(Math.PI)) * q2;
  const background = (-Math.PI * q * q) / (2 * geometry.volume * alpha * alpha);
  const forces = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) forces[i] = k * (real.forces[i]! + reciprocal.forces[i]!);
  const virial = new Float64Array(9);
  for (let i = 0; i < 9; i++) virial[i] = k * (real.virial[i]! + reciprocal.virial[i]! + (i % 4 === 0 ? background : 0));
  const perAtom = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const qi = charges[i]!;
    perAtom[i] =
      k * (real.perAtom[i]! + reciprocal.perAtom[i]! - (alpha / Math.sqrt(Math.PI)) * qi * qi + (q === 0 ? 0 : (background * qi) / q));
  }
  return {
    ...(options.perAtomEnergies === true ? { perAtomEnergies: perAtom } : {}),
    energy: k * (real.energy + reciprocal.energy + self + background),
    forces,
    virial,
    parameters,
    parts: { real: k * real.energy, reciprocal: k * reciprocal.energy, self: k * self, background: k * background },
  };
}
