import { type DirectOptions, directCoulomb } from './direct.ts';
import { type EwaldOptions, ewaldCoulomb } from './ewald/ewald.ts';
import { type RangeSeparatedOptions, type RangeSeparatedResult, rangeSeparatedCoulomb } from './rs/range-separated.ts';

/**
 * The atoms a Coulomb potential reads: the fields of `@equitensor/md`'s `AtomsState` it needs (declared here so
 * that this package does not import md; md's `AtomsState` is assignable to it).
 *
 * @example
 * ```ts
 * const atoms: ChargedAtoms = { positions, cell: null, pbc: [false, false, false], charges };
 * ```
 */
export interface ChargedAtoms {
  readonly positions: Float64Array;
  readonly cell: Float64Array | null;
  readonly pbc: readonly [boolean, boolean, boolean];
  /** Per-atom charges (e); a potential constructed with fixed charges uses those instead when these are absent. */
  readonly charges?: Float64Array;
}

/**
 * `@equitensor/md`'s `PotentialResult` shape.
 *
 * @example
 * ```ts
 * const { energy, forces, virial }: CoulombPotentialResult = new DirectCoulombPotential().compute(atoms);
 * ```
 */
export interface CoulombPotentialResult {
  readonly energy: number;
  readonly forces: Float64Array;
  readonly virial: Float64Array;
  readonly perAtomEnergies?: Float64Array;
}

/**
 * Options shared by the Coulomb potentials: fixed charges used when the atoms carry none.
 *
 * @example
 * ```ts
 * const potential = new EwaldPotential({ charges: new Float64Array([1, -1]), accuracy: 1e-8 });
 * ```
 */
export interface CoulombPotentialOptions {
  readonly charges?: Float64Array;
}

function chargesOf(atoms: ChargedAtoms, fallback: Float64Array | undefined, name: string): Float64Array {
  const charges = atoms.charges ?? fallback;
  if (charges === undefined) throw new RangeError(`${name}: the atoms carry no charges and none were given to the potential`);
  if (charges.length * 3 !== atoms.positions.length) {
    throw new RangeError(`${name}: ${charges.length} charges for ${atoms.positions.length / 3} atoms`);
  }
  return charges;
}

function requireOpen(atoms: ChargedAtoms, name: string): void {
  if (atoms.pbc.some((p) => p))
    throw new RangeError(`${name}: open boundaries only (pbc must be [false, false, false]); use EwaldPotential for periodic systems`);
}

/**
 * Exact Coulomb interaction by direct summation (open boundaries) as an `@equitensor/md` `Potential`.
 *
 * @example
 * ```ts
 * import { DirectCoulombPotential } from '@equitensor/electrostatics';
 * const potential = new DirectCoulombPotential();
 * const { energy, forces } = potential.compute({ numbers, positions, cell: null, pbc: [false, false, false], charges });
 * ```
 */
export class DirectCoulombPotential {
  readonly name = 'coulomb:direct';
  readonly cutoff = Number.POSITIVE_INFINITY;
  constructor(private readonly options: DirectOptions & CoulombPotentialOptions = {}) {}

  compute(atoms: ChargedAtoms, options: { readonly perAtomEnergies?: boolean } = {}): CoulombPotentialResult {
    requireOpen(atoms, this.name);
    const charges = chargesOf(atoms, this.options.charges, this.name);
    return directCoulomb(atoms.positions, charges, { ...this.options, perAtomEnergies: options.perAtomEnergies === true });
  }
}

/**
 * Ewald summation (periodic in all three directions, tin-foil boundary) as an `@equitensor/md` `Potential`;
 * the parameters follow the requested accuracy for each configuration's cell.
 *
 * @example
 * ```ts
 * const potential = new EwaldPotential({ accuracy: 1e-8 });
 * const { energy, virial } = potential.compute({ numbers, positions, cell, pbc: [true, true, true], charges });
 * ```
 */
export class EwaldPotential {
  readonly name = 'coulomb:ewald';
  readonly cutoff = Number.POSITIVE_INFINITY;
  constructor(private readonly options: EwaldOptions & CoulombPotentialOptions = {}) {}

  compute(atoms: ChargedAtoms, options: { readonly perAtomEnergies?: boolean } = {}): CoulombPotentialResult {
    if (atoms.cell === null || !atoms.pbc.every((p) => p))
      throw new RangeError(`${this.name}: needs a cell periodic in all three directions`);
    const charges = chargesOf(atoms, this.options.charges, this.name);
    const { energy, forces, virial, perAtomEnergies } = ewaldCoulomb(atoms.positions, charges, atoms.cell, {
      ...this.options,
      perAtomEnergies: options.perAtomEnergies === true,
    });
    return perAtomEnergies === undefined ? { energy, forces, virial } : { energy, forces, virial, perAtomEnergies };
  }
}

/**
 * The range-separated tensor-format Coulomb interaction (open boundaries) as an `@equitensor/md` `Potential`.
 * The last result (with its Tucker ranks and its potential model) stays readable as `last`.
 *
 * @example
 * ```ts
 * const potential = new RangeSeparatedPotential({ accuracy: 1e-6 });
 * const { energy } = potential.compute(atoms);
 * potential.last?.ranks; // Tucker ranks of the long-range part
 * ```
 */
export class RangeSeparatedPotential {
  readonly name = 'coulomb:rs';
  readonly cutoff = Number.POSITIVE_INFINITY;
  last: RangeSeparatedResult | undefined;
  constructor(private readonly options: RangeSeparatedOptions & CoulombPotentialOptions = {}) {}

  compute(atoms: ChargedAtoms, options: { readonly perAtomEnergies?: boolean } = {}): CoulombPotentialResult {
    requireOpen(atoms, this.name);
    const charges = chargesOf(atoms, this.options.charges, this.name);
    this.last = rangeSeparatedCoulomb(atoms.positions, charges, { ...this.options, perAtomEnergies: options.perAtomEnergies === true });
    const { energy, forces, virial, perAtomEnergies } = this.last;
    return perAtomEnergies === undefined ? { energy, forces, virial } : { energy, forces, virial, perAtomEnergies };
  }
}
