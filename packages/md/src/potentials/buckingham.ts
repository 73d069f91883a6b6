import { chemicalSymbol } from '@equitensor/io';
import { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import type { BornPairTerms, SpeciesPairOptions } from './born-mayer-huggins.ts';
import { ExpTable } from './exp-table.ts';
import { parsePairFile, SpeciesPairs } from './pair-file.ts';
import { sumSpeciesPairs } from './species-pair-loop.ts';

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
  /** The neighbour list this potential keeps between calls. */
  readonly neighborList: NeighborList;
  private readonly table: SpeciesPairs;
  private readonly params: Float64Array;
  private readonly cutoff2: Float64Array;
  /** Per row: A e^{−r/ρ} without Math.exp per pair. */
  private readonly exps: ExpTable[];
  /** Per row in the layout of {@link BornPairTerms}: A, 1/ρ, C, D = 0, shift. */
  private readonly terms: Float64Array;

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
    const pairs = options.pairs;
    if (pairs.length === 0) throw new RangeError('Buckingham needs at least one element pair');
    for (const p of pairs) {
      if (!(p.rho > 0) || !(p.cutoff > 0) || !Number.isFinite(p.A) || !Number.isFinite(p.C)) {
        throw new RangeError(`Buckingham: pair ${chemicalSymbol(p.a)}–${chemicalSymbol(p.b)} needs ρ > 0, cutoff > 0 and finite A, C`);
      }
    }
    this.pairs = pairs;
    this.table = new SpeciesPairs(pairs);
    this.cutoff = Math.max(...pairs.map((p) => p.cutoff));
    const shift = options.shift ?? false;
    this.params = new Float64Array(4 * pairs.length);
    this.cutoff2 = new Float64Array(pairs.length);
    pairs.forEach((p, k) => {
      const rc = p.cutoff;
      const shiftValue = shift ? p.A * Math.exp(-rc / p.rho) - p.C / rc ** 6 : 0;
      this.params.set([p.A, 1 / p.rho, p.C, shiftValue], 4 * k);
      this.cutoff2[k] = rc * rc;
    });
    this.exps = pairs.map((p) => new ExpTable(p.A, p.rho, p.cutoff));
    this.terms = new Float64Array(5 * pairs.length);
    for (let k = 0; k < pairs.length; k++) {
      this.terms.set(
        [
          this.params[4 * k] as number,
          this.params[4 * k + 1] as number,
          this.params[4 * k + 2] as number,
          0,
          this.params[4 * k + 3] as number,
        ],
        5 * k,
      );
    }
    this.neighborList = new NeighborList({
      cutoff: this.cutoff,
      skin: options.skin ?? 1,
      kind: 'half',
      method: options.neighborMethod ?? 'cells',
      ...options.rebuild,
    });
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
    return {
      types: this.table.typesOf(numbers, 'Buckingham', chemicalSymbol),
      typeCount: this.table.types,
      pairIndex: this.table.pairIndex,
      params: this.terms,
      cutoff2: this.cutoff2,
      exps: this.exps,
    };
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.neighborList.update(atoms);
    const types = this.table.typesOf(atoms.numbers, 'Buckingham', chemicalSymbol);
    const q = this.params;
    const exps = this.exps;
    return sumSpeciesPairs(
      this.neighborList,
      atoms.positions,
      types,
      this.table.types,
      this.table.pairIndex,
      this.cutoff2,
      (row, r2, out) => {
        const o = 4 * row;
        const r = Math.sqrt(r2);
        const ir2 = 1 / r2;
        const invRho = q[o + 1] as number;
        const rexp = (exps[row] as ExpTable).at(r);
        const c6 = (q[o + 2] as number) * ir2 * ir2 * ir2;
        out[0] = rexp - c6 - (q[o + 3] as number);
        // −φ'/r = (A/ρ) e^{−r/ρ}/r − 6C/r⁸
        out[1] = (rexp * invRho) / r - 6 * c6 * ir2;
      },
      options.perAtomEnergies === true,
    );
  }
}
