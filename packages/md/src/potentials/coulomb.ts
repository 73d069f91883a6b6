import { DirectCoulombPotential, EwaldPotential } from '@equitensor/electrostatics';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';

/** Options of {@link Coulomb}. */
export interface CoulombOptions {
  /** `auto` (default): Ewald for fully periodic atoms, direct summation for open boundaries. */
  readonly method?: 'auto' | 'direct' | 'ewald';
  /** Relative accuracy of the Ewald sums (default: `@equitensor/electrostatics`' default). */
  readonly accuracy?: number;
  /** Charges (e) used when the atoms carry none. */
  readonly charges?: Float64Array;
}

/**
 * Coulomb interaction of point charges (e, Å, eV; k_e = 14.399645478 eV·Å) computed by
 * `@equitensor/electrostatics`: Ewald summation (tin-foil) for periodic cells, direct summation for
 * open boundaries. Charges come from `atoms.charges` (a `System` built from a file with a `charges`
 * column has them) or from the options. Combine it with a short-range term in a {@link SumPotential}.
 *
 * @example
 * ```ts
 * const ionic = new SumPotential([new Morse({ D: 0.1, alpha: 1.5, r0: 2.8, cutoff: 8 }), new Coulomb()]);
 * ionic.compute(nacl).energy;
 * ```
 */
export class Coulomb implements Potential {
  readonly name: string;
  readonly cutoff = Number.POSITIVE_INFINITY;
  private readonly method: 'auto' | 'direct' | 'ewald';
  private readonly direct: DirectCoulombPotential;
  private readonly ewald: EwaldPotential;

  constructor(options: CoulombOptions = {}) {
    this.method = options.method ?? 'auto';
    this.name = this.method === 'auto' ? 'coulomb' : `coulomb:${this.method}`;
    const shared = options.charges === undefined ? {} : { charges: options.charges };
    this.direct = new DirectCoulombPotential(shared);
    this.ewald = new EwaldPotential(options.accuracy === undefined ? shared : { ...shared, accuracy: options.accuracy });
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    const periodic = atoms.pbc[0] && atoms.pbc[1] && atoms.pbc[2];
    const useEwald = this.method === 'ewald' || (this.method === 'auto' && periodic);
    return useEwald ? this.ewald.compute(atoms, options) : this.direct.compute(atoms, options);
  }
}
