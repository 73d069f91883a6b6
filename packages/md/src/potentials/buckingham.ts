import { chemicalSymbol } from '@equitensor/io';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import { BornMayerHuggins, type BornPairTerms, type SpeciesPairOptions } from './born-mayer-huggins.ts';
import { parsePairFile } from './pair-file.ts';

/**
 * Buckingham parameters of one element pair (LAMMPS `pair_coeff` of `pair_style buck`, metal units).
 *
 * @example
 * ```ts
 * const oo: BuckinghamPair = { a: 8, b: 8, A: 9547.96, rho: 0.2192, C: 32, cutoff: 10 };
 * ```
 */
export interface BuckinghamPair {
  readonly a: number;
  readonly b: number;
  /** eV. */
  readonly A: number;
  /** Å. */
  readonly rho: number;
  /** eV·Å⁶. */
  readonly C: number;
  /** Å. */
  readonly cutoff: number;
}

/** Options of {@link Buckingham}. */
export interface BuckinghamOptions extends SpeciesPairOptions {
  readonly pairs: readonly BuckinghamPair[];
}

/**
 * The Buckingham pair potential, as LAMMPS' `pair_style buck`: φ(r) = A exp(−r/ρ) − C/r⁶ for r < r_c of the pair,
 * truncated (not shifted unless `shift`), with parameters per element pair. Pair it with `CoulombPme` for oxides
 * (`buck/coul/long` + `pppm`).
 *
 * @example
 * ```ts
 * const buck = Buckingham.fromFile('O O 9547.96 0.2192 32.0 10.0\n', { fileName: 'oxide.buck' });
 * buck.compute(system).energy;
 * ```
 */
export class Buckingham implements Potential {
  readonly name = 'buck';
  readonly cutoff: number;
  readonly pairs: readonly BuckinghamPair[];
  /** Buckingham is Born-Mayer-Huggins with σ = 0 and D = 0: the same tables, pair loop and fused PME loop. */
  private readonly born: BornMayerHuggins;

  /**
   * Read the pairs from a file with lines `element element A ρ C cutoff`; bad lines throw io's `ParseError`.
   *
   * @example
   * ```ts
   * Buckingham.fromFile('Si O 18003.7572 0.205205 133.5381 10\n', { fileName: 'bks.buck' });
   * ```
   */
  static fromFile(text: string, options: SpeciesPairOptions & { fileName?: string } = {}): Buckingham {
    const { fileName, ...rest } = options;
    const rows = parsePairFile(text, ['A', 'rho', 'C', 'cutoff'], fileName === undefined ? {} : { fileName });
    const pairs = rows.map(({ a, b, values: [A, rho, C, cutoff] }) => ({ a, b, A, rho, C, cutoff }) as BuckinghamPair);
    return new Buckingham({ ...rest, pairs });
  }

  constructor(options: BuckinghamOptions) {
    const { pairs, ...rest } = options;
    if (pairs.length === 0) throw new RangeError('Buckingham needs at least one element pair');
    for (const p of pairs) {
      if (!(p.rho > 0) || !(p.cutoff > 0) || !Number.isFinite(p.A) || !Number.isFinite(p.C)) {
        throw new RangeError(`Buckingham: pair ${chemicalSymbol(p.a)}–${chemicalSymbol(p.b)} needs ρ > 0, cutoff > 0 and finite A, C`);
      }
    }
    this.pairs = pairs;
    this.born = new BornMayerHuggins({ ...rest, pairs: pairs.map((p) => ({ ...p, sigma: 0, D: 0 })) }, 'Buckingham');
    this.cutoff = this.born.cutoff;
  }

  /** The neighbour list this potential keeps between calls. */
  get neighborList(): NeighborList {
    return this.born.neighborList;
  }

  /**
   * The pair tables a fused real-space loop reads (`CoulombPme`'s `shortRange`), in Born-Mayer-Huggins' layout with
   * σ = 0 and D = 0 (a RangeError names an element or pair without parameters).
   *
   * @example
   * ```ts
   * buck.pairTerms(Int32Array.of(8, 14)).pairIndex;
   * ```
   */
  pairTerms(numbers: Int32Array): BornPairTerms {
    return this.born.pairTerms(numbers);
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    return this.born.compute(atoms, options);
  }
}
