import { chemicalSymbol } from '@equitensor/io';
import { NeighborList, type NeighborRebuildOptions } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import { ExpTable } from './exp-table.ts';
import { sumIonicPairs } from './ionic-pairs.ts';
import { parsePairFile, SpeciesPairs } from './pair-file.ts';

/**
 * Born-Mayer-Huggins parameters of one element pair (LAMMPS `pair_coeff` of `pair_style born`, metal units).
 *
 * @example
 * ```ts
 * const nacl: BornPair = { a: 11, b: 17, A: 0.211, rho: 0.317, sigma: 2.755, C: 6.99, D: 8.676, cutoff: 8 };
 * ```
 */
export interface BornPair {
  /** Atomic numbers of the two elements. */
  readonly a: number;
  readonly b: number;
  /** eV. */
  readonly A: number;
  /** Å. */
  readonly rho: number;
  /** Å. */
  readonly sigma: number;
  /** eV·Å⁶. */
  readonly C: number;
  /** eV·Å⁸. */
  readonly D: number;
  /** Å. */
  readonly cutoff: number;
}

/**
 * What a fused real-space loop (`CoulombPme`'s `shortRange`) needs to evaluate Born-Mayer-Huggins pairs: per atom its
 * type, per type pair the parameter row, and per row A e^{σ/ρ} (through `exps`), 1/ρ, C, D, the energy shift and r_c².
 *
 * @example
 * ```ts
 * const terms = born.pairTerms(atoms.numbers);
 * const row = terms.pairIndex[terms.types[i]! * terms.typeCount + terms.types[j]!]!;
 * ```
 */
export interface BornPairTerms {
  readonly types: Int32Array;
  readonly typeCount: number;
  readonly pairIndex: Int32Array;
  /** 5 per row: A e^{σ/ρ}, 1/ρ, C, D, shift. */
  readonly params: Float64Array;
  readonly cutoff2: Float64Array;
  readonly exps: readonly ExpTable[];
}

/** Options shared by the species-pair potentials ({@link BornMayerHuggins}, `Buckingham`). */
export interface SpeciesPairOptions {
  /** Subtract φ(r_c) per pair so the energy is continuous (LAMMPS `pair_modify shift yes`; default false). */
  readonly shift?: boolean;
  /** Verlet skin of the neighbour list (default 1 Å, LAMMPS' metal default `neighbor 2.0` halved). */
  readonly skin?: number;
  /** `cells` (default) or `all-pairs` (O(N²) reference). */
  readonly neighborMethod?: 'cells' | 'all-pairs';
  /** Rebuild schedule of the neighbour list (LAMMPS' `neigh_modify every/delay/check`; default: check every step). */
  readonly rebuild?: NeighborRebuildOptions;
}

/** Options of {@link BornMayerHuggins}. */
export interface BornMayerHugginsOptions extends SpeciesPairOptions {
  readonly pairs: readonly BornPair[];
}

/**
 * The Born-Mayer-Huggins pair potential, as LAMMPS' `pair_style born`: φ(r) = A exp((σ − r)/ρ) − C/r⁶ + D/r⁸ for
 * r < r_c of the pair, truncated (not shifted unless `shift`), with parameters per element pair (e.g. Tosi & Fumi's
 * alkali halides). Combine it with `CoulombPme` by `sumPotentials` for an ionic melt (`born/coul/long` + `pppm`: one fused pair loop).
 *
 * @example
 * ```ts
 * const born = BornMayerHuggins.fromFile(readFileSync('NaCl_tosi_fumi.born', 'utf8'), { fileName: 'NaCl_tosi_fumi.born' });
 * const salt = sumPotentials([born, new CoulombPme({ accuracy: 1e-5 })]);
 * salt.compute(system).energy;
 * ```
 */
export class BornMayerHuggins implements Potential {
  readonly name = 'born';
  readonly cutoff: number;
  readonly pairs: readonly BornPair[];
  /** The neighbour list this potential keeps between calls. */
  readonly neighborList: NeighborList;
  private readonly table: SpeciesPairs;
  private readonly params: Float64Array;
  private readonly cutoff2: Float64Array;
  /** Per row: A e^{σ/ρ} e^{−r/ρ} without Math.exp per pair. */
  private readonly exps: ExpTable[];

  /**
   * Read the pairs from a file with lines `element element A ρ σ C D cutoff` (the format of
   * `NaCl_tosi_fumi.born`); bad lines throw io's `ParseError` with file, line and column.
   *
   * @example
   * ```ts
   * BornMayerHuggins.fromFile('Na Cl 0.2110 0.317 2.755 6.99 8.676 8.0\n', { fileName: 'NaCl.born' });
   * ```
   */
  static fromFile(text: string, options: SpeciesPairOptions & { fileName?: string } = {}): BornMayerHuggins {
    const { fileName, ...rest } = options;
    const rows = parsePairFile(text, ['A', 'rho', 'sigma', 'C', 'D', 'cutoff'], fileName === undefined ? {} : { fileName });
    const pairs = rows.map(({ a, b, values: [A, rho, sigma, C, D, cutoff] }) => ({ a, b, A, rho, sigma, C, D, cutoff }) as BornPair);
    return new BornMayerHuggins({ ...rest, pairs });
  }

  /** The class name in error messages (`Buckingham` when that potential runs on this one). */
  private readonly label: string;

  /**
   * @param label - the potential named in error messages; `Buckingham` passes its own name, users leave it.
   */
  constructor(options: BornMayerHugginsOptions, label = 'BornMayerHuggins') {
    this.label = label;
    const pairs = options.pairs;
    if (pairs.length === 0) throw new RangeError(`${label} needs at least one element pair`);
    for (const p of pairs) {
      if (!(p.rho > 0) || !(p.cutoff > 0) || ![p.A, p.sigma, p.C, p.D].every(Number.isFinite)) {
        throw new RangeError(
          `BornMayerHuggins: pair ${chemicalSymbol(p.a)}–${chemicalSymbol(p.b)} needs ρ > 0, cutoff > 0 and finite A, σ, C, D`,
        );
      }
    }
    this.pairs = pairs;
    this.table = new SpeciesPairs(pairs);
    this.cutoff = Math.max(...pairs.map((p) => p.cutoff));
    const shift = options.shift ?? false;
    // per row: A e^{σ/ρ}, 1/ρ, C, D, energy shift
    this.params = new Float64Array(5 * pairs.length);
    this.cutoff2 = new Float64Array(pairs.length);
    pairs.forEach((p, k) => {
      const rc = p.cutoff;
      const shiftValue = shift ? p.A * Math.exp((p.sigma - rc) / p.rho) - p.C / rc ** 6 + p.D / rc ** 8 : 0;
      this.params.set([p.A * Math.exp(p.sigma / p.rho), 1 / p.rho, p.C, p.D, shiftValue], 5 * k);
      this.cutoff2[k] = rc * rc;
    });
    this.exps = pairs.map((p) => new ExpTable(p.A * Math.exp(p.sigma / p.rho), p.rho, p.cutoff));
    this.neighborList = new NeighborList({
      cutoff: this.cutoff,
      skin: options.skin ?? 1,
      kind: 'half',
      method: options.neighborMethod ?? 'cells',
      ...options.rebuild,
    });
  }

  /**
   * The tables of {@link BornPairTerms} for these atoms (a RangeError names an element or pair without parameters).
   *
   * @example
   * ```ts
   * born.pairTerms(Int32Array.of(11, 17)).pairIndex;
   * ```
   */
  pairTerms(numbers: Int32Array): BornPairTerms {
    return {
      types: this.table.typesOf(numbers, this.label, chemicalSymbol),
      typeCount: this.table.types,
      pairIndex: this.table.pairIndex,
      params: this.params,
      cutoff2: this.cutoff2,
      exps: this.exps,
    };
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.neighborList.update(atoms);
    const n = atoms.numbers.length;
    const forces = new Float64Array(3 * n);
    const eAtom = options.perAtomEnergies === true ? new Float64Array(n) : null;
    const { energy, virial } = sumIonicPairs(this.neighborList, atoms.positions, null, this.pairTerms(atoms.numbers), forces, eAtom);
    return eAtom === null ? { energy, forces, virial } : { energy, forces, virial, perAtomEnergies: eAtom };
  }
}
