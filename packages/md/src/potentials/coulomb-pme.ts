import { ErfcTable, type PmeParameters, PmeReciprocal, type PmeTimings, pmeParameters } from '@equitensor/electrostatics';
import { COULOMB_CONSTANT } from '@equitensor/io';
import { NeighborList, type NeighborRebuildOptions } from '../neighbor-list.ts';
import { type AtomsState, type ComputeOptions, forcesOutput, type Potential, type PotentialResult } from '../potential.ts';
import { IonicWasmKernel } from '../wasm/ionic-wasm.ts';
import type { BornPairTerms } from './born-mayer-huggins.ts';
import { sumIonicPairs } from './ionic-pairs.ts';
import { IonicPairTable, speciesCharges, sumTabulatedPairs } from './ionic-table.ts';

/** Options of {@link CoulombPme}. */
export interface CoulombPmeOptions {
  /** Relative RMS force accuracy δ (LAMMPS' `kspace_style pppm δ` convention; default 1e-5). */
  readonly accuracy?: number;
  /** Real-space cutoff in Å (default 10). */
  readonly cutoff?: number;
  /** Splitting parameter α (1/Å); default from `accuracy` (Kolafa-Perram). */
  readonly alpha?: number;
  /** B-spline order 4–8; default the cheapest meeting `accuracy`. */
  readonly order?: number;
  /** Mesh points per lattice direction; default the smallest meeting `accuracy`. */
  readonly mesh?: readonly [number, number, number];
  /** Charges (e) used when the atoms carry none. */
  readonly charges?: Float64Array;
  /** k_e (default 14.399645478 eV·Å). */
  readonly coulombConstant?: number;
  /** Verlet skin of the real-space neighbour list (default 1 Å). */
  readonly skin?: number;
  /** Rebuild schedule of the real-space neighbour list (default: check every step). */
  readonly rebuild?: NeighborRebuildOptions;
  /**
   * A `BornMayerHuggins` or `Buckingham` term evaluated in the same real-space pair loop (as LAMMPS'
   * `born/coul/long`, `buck/coul/long`): one neighbour list and one pass instead of two; the result equals
   * `SumPotential([term, coulombPme])`. Its cutoffs must not exceed this `cutoff`.
   */
  readonly shortRange?: ShortRangePairs;
  /**
   * With a `shortRange` term, evaluate each species pair's whole real-space function (Coulomb + Born) from one
   * {@link IonicPairTable} when every species carries one charge (default true; false keeps the separate erfc table
   * and Born functions of `sumIonicPairs`).
   */
  readonly tabulatePairs?: boolean;
  /**
   * The walk that evaluates the tabulated real-space pairs (default `sumTabulatedPairs`); `ParallelCoulombPme` of
   * `@equitensor/md/node` passes a pooled one. It must return what `sumTabulatedPairs` returns for the same arguments.
   */
  readonly tabulatedWalk?: TabulatedPairWalk;
  /** The walk that evaluates the untabulated real-space pairs (default `sumIonicPairs`); as `tabulatedWalk`. */
  readonly ionicWalk?: IonicPairWalk;
  /** PME spreading and gathering elsewhere (`PmeReciprocal.stages`; `ParallelCoulombPme` runs them on its pool). */
  readonly meshStages?: PmeMeshStages;
  /**
   * The real-space walks of Coulomb alone (`sumIonicPairs`, unless `ionicWalk` is given) and of the species-pair table
   * with a `shortRange` term (`sumTabulatedPairs`, unless `tabulatedWalk`): `auto` (default) WebAssembly kernels where
   * the runtime has WebAssembly, else TypeScript; `typescript` the TypeScript walks (the reference); `wasm` the kernels
   * or a thrown error. Same results bit for bit; per-atom energies, a Born term with mixed charges per species and
   * pairs closer than where the tables start (1 Å) take the TypeScript walks.
   */
  readonly kernel?: 'auto' | 'typescript' | 'wasm';
}

/**
 * Spreading and gathering of the PME mesh done elsewhere: electrostatics' `PmeMeshStages` (the type of
 * `PmeReciprocal.stages`), for {@link CoulombPmeOptions.meshStages}.
 *
 * @example
 * ```ts
 * const salt = new CoulombPme({ meshStages: stages });
 * ```
 */
export type PmeMeshStages = NonNullable<PmeReciprocal['stages']>;

/**
 * The signature of `sumIonicPairs` (erfc-table Coulomb pairs, optionally with Born rows), for
 * {@link CoulombPmeOptions.ionicWalk}.
 *
 * @example
 * ```ts
 * new CoulombPme({ ionicWalk: sumIonicPairs });
 * ```
 */
export type IonicPairWalk = typeof sumIonicPairs;

/**
 * The signature of `sumTabulatedPairs`: an ionic real-space pair walk through an `IonicPairTable`, forces added into
 * `forces`, per-atom halves into `perAtom` (when given); returns the energy and the f·r virial.
 *
 * @example
 * ```ts
 * const walk: TabulatedPairWalk = sumTabulatedPairs;
 * new CoulombPme({ shortRange: born, tabulatedWalk: walk });
 * ```
 */
export type TabulatedPairWalk = typeof sumTabulatedPairs;

/**
 * A species-pair potential whose pairs a fused real-space loop can evaluate (`BornMayerHuggins`, `Buckingham`).
 *
 * @example
 * ```ts
 * const short: ShortRangePairs = BornMayerHuggins.fromFile(text);
 * new CoulombPme({ accuracy: 1e-5, cutoff: 10, shortRange: short });
 * ```
 */
export interface ShortRangePairs {
  readonly name: string;
  readonly cutoff: number;
  pairTerms(numbers: Int32Array): BornPairTerms;
}

/**
 * Seconds of the last evaluation by stage (as LAMMPS' timing breakdown: Pair, Neigh, Kspace).
 *
 * @example
 * ```ts
 * const { pair, neighbor, spread, fft, gather } = pme.timings;
 * ```
 */
export interface CoulombPmeTimings extends PmeTimings {
  /** Real-space erfc pairs. */
  pair: number;
  /** Neighbour-list update (mostly 0: rebuilt only when atoms moved beyond the skin). */
  neighbor: number;
}

/**
 * Coulomb interaction of point charges in a periodic (triclinic) cell by smooth particle-mesh Ewald, as an md
 * {@link Potential} (LAMMPS' `coul/long` + `kspace_style pppm`): the real-space erfc(αr)/r pairs over this
 * package's {@link NeighborList} (cell lists, each pair once), the mesh part by `@equitensor/electrostatics`'
 * `PmeReciprocal` (B-splines, FFT, influence function cached per cell), the self term and the neutralising
 * background of a net charge. The real-space pair functions come from a cubic-Hermite `ErfcTable` accurate to 10⁻³ of
 * the requested accuracy (no erfc or exp per pair). α, the cutoff, the mesh and the order are chosen on the first evaluation from the
 * requested relative force accuracy by `pmeParameters` (Kolafa-Perram and Deserno-Holm estimates) and then kept,
 * as LAMMPS keeps them for a run; `parameters` reports them with the error estimate. Forces are the exact
 * gradient of the PME energy, so dynamics conserve energy whatever the accuracy. Charges come from
 * `atoms.charges` or the options.
 *
 * @example
 * ```ts
 * const salt = sumPotentials([BornMayerHuggins.fromFile(text), new CoulombPme({ accuracy: 1e-5, cutoff: 10 })]); // Born fused into the real-space loop
 * const { energy, forces, virial } = salt.compute(system);
 * ```
 */
export class CoulombPme implements Potential {
  readonly name: string;
  /** The real-space cutoff (the mesh covers the long range). */
  readonly cutoff: number;
  readonly neighborList: NeighborList;
  readonly timings: CoulombPmeTimings = { pair: 0, neighbor: 0, spread: 0, fft: 0, convolve: 0, gather: 0 };
  /** The options it was made with (backends that evaluate the same sum elsewhere read them, e.g. @equitensor/gpu). */
  readonly options: CoulombPmeOptions;
  /** Which walk evaluates the real-space pairs of Coulomb alone (see {@link CoulombPmeOptions.kernel}). */
  readonly kernel: 'wasm' | 'typescript';
  private readonly wasm: IonicWasmKernel | null;
  private chosen: PmeParameters | null = null;
  private reciprocal: PmeReciprocal | null = null;
  private table: ErfcTable | null = null;
  private realForces = new Float64Array(0);
  private chosenFor = -1;
  private readonly coulombConstant: number;
  private readonly shortRange: ShortRangePairs | null;
  /** The species-pair table of the last evaluation (null: not applicable to those charges). */
  private ionicTable: IonicPairTable | null = null;
  private ionicTableRefused = false;
  private lastTabulated: IonicPairTable | null = null;

  constructor(options: CoulombPmeOptions = {}) {
    this.options = options;
    this.cutoff = options.cutoff ?? 10;
    this.shortRange = options.shortRange ?? null;
    this.name = this.shortRange === null ? 'coulomb:pme' : `${this.shortRange.name}+coulomb:pme`;
    if (this.shortRange !== null && this.shortRange.cutoff > this.cutoff) {
      throw new RangeError(`CoulombPme: the shortRange cutoff ${this.shortRange.cutoff} exceeds the real-space cutoff ${this.cutoff}`);
    }
    if (!(this.cutoff > 0) || !Number.isFinite(this.cutoff))
      throw new RangeError(`CoulombPme: cutoff must be a positive number, got ${this.cutoff}`);
    if (options.accuracy !== undefined && !(options.accuracy > 0 && options.accuracy < 1)) {
      throw new RangeError(`CoulombPme: accuracy must lie in (0, 1), got ${options.accuracy}`);
    }
    this.coulombConstant = options.coulombConstant ?? COULOMB_CONSTANT;
    const kernel = options.kernel ?? 'auto';
    this.wasm = kernel === 'typescript' ? null : IonicWasmKernel.create();
    if (kernel === 'wasm' && this.wasm === null) throw new Error('CoulombPme: this runtime has no WebAssembly: use kernel "typescript"');
    this.kernel = this.wasm === null ? 'typescript' : 'wasm';
    this.neighborList = new NeighborList({ cutoff: this.cutoff, skin: options.skin ?? 1, kind: 'half', ...options.rebuild });
  }

  /**
   * This potential with `term` evaluated in its real-space loop (see {@link CoulombPmeOptions.shortRange}): the same
   * options otherwise; a RangeError when the term's cutoff exceeds this one's.
   *
   * @example
   * ```ts
   * const salt = new CoulombPme({ accuracy: 1e-5 }).withShortRange(BornMayerHuggins.fromFile(text));
   * ```
   */
  withShortRange(term: ShortRangePairs): CoulombPme {
    return new CoulombPme({ ...this.options, shortRange: term });
  }

  /**
   * This potential with its tabulated real-space pairs evaluated by `walk` and the others by `ionicWalk` when given (see
   * {@link CoulombPmeOptions.tabulatedWalk}).
   *
   * @example
   * ```ts
   * const same = salt.withTabulatedWalk(sumTabulatedPairs);
   * ```
   */
  withTabulatedWalk(walk: TabulatedPairWalk, ionicWalk?: IonicPairWalk): CoulombPme {
    return new CoulombPme({ ...this.options, tabulatedWalk: walk, ...(ionicWalk === undefined ? {} : { ionicWalk }) });
  }

  /**
   * This potential with PME spreading and gathering done by `stages` (see {@link CoulombPmeOptions.meshStages}).
   *
   * @example
   * ```ts
   * const pooled = salt.withMeshStages(stages);
   * ```
   */
  withMeshStages(stages: PmeMeshStages): CoulombPme {
    return new CoulombPme({ ...this.options, meshStages: stages });
  }

  /** The species-pair table used by the last evaluation (null: none, or `sumIonicPairs` took the pairs). */
  get pairTable(): IonicPairTable | null {
    return this.lastTabulated;
  }

  /** The parameters and error estimate in use (null before the first evaluation). */
  get parameters(): PmeParameters | null {
    return this.chosen;
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    const n = atoms.numbers.length;
    const charges = atoms.charges ?? this.options.charges;
    if (charges === undefined) throw new RangeError('CoulombPme: the atoms carry no charges and none were given (option `charges`)');
    if (charges.length !== n) throw new RangeError(`CoulombPme: ${charges.length} charges for ${n} atoms`);
    const cell = atoms.cell;
    if (cell === null || !(atoms.pbc[0] && atoms.pbc[1] && atoms.pbc[2])) {
      throw new RangeError('CoulombPme: needs a fully periodic cell (use Coulomb for open boundaries)');
    }
    if (this.chosen === null || this.chosenFor !== n) {
      const o = this.options;
      this.chosen = pmeParameters(cell, charges, {
        cutoff: this.cutoff,
        ...(o.accuracy === undefined ? {} : { accuracy: o.accuracy }),
        ...(o.alpha === undefined ? {} : { alpha: o.alpha }),
        ...(o.order === undefined ? {} : { order: o.order }),
        ...(o.mesh === undefined ? {} : { mesh: o.mesh }),
      });
      this.reciprocal = new PmeReciprocal(this.chosen.mesh, this.chosen.order, this.coulombConstant);
      this.reciprocal.stages = o.meshStages ?? null;
      this.table = new ErfcTable(this.chosen.alpha, this.cutoff, this.chosen.accuracy);
      this.chosenFor = n;
      this.ionicTable = null;
      this.ionicTableRefused = false;
    }
    const { alpha } = this.chosen;
    const reciprocal = this.reciprocal as PmeReciprocal;
    const t0 = performance.now();
    this.neighborList.update(atoms);
    const t1 = performance.now();
    const perAtom = options.perAtomEnergies === true ? new Float64Array(n) : null;
    const forces = forcesOutput(options, 3 * n);
    const born = this.shortRange === null ? null : this.shortRange.pairTerms(atoms.numbers);
    const tabulated = born === null || this.options.tabulatePairs === false ? null : this.tabulated(charges, born);
    this.lastTabulated = tabulated;
    const real =
      tabulated === null
        ? this.realSpace(atoms.positions, charges, this.table as ErfcTable, born, forces, perAtom)
        : this.realSpaceTabulated(atoms.positions, (born as BornPairTerms).types, tabulated, forces, perAtom);
    const t2 = performance.now();
    const mesh = reciprocal.compute(atoms.positions, charges, cell, alpha, forces, perAtom ?? undefined);
    Object.assign(this.timings, reciprocal.timings, { pair: (t2 - t1) * 1e-3, neighbor: (t1 - t0) * 1e-3 });
    const k = this.coulombConstant;
    let q = 0;
    let q2 = 0;
    for (let i = 0; i < n; i++) {
      q += charges[i] as number;
      q2 += (charges[i] as number) ** 2;
    }
    const selfScale = (-k * alpha) / Math.sqrt(Math.PI);
    const volume = Math.abs(
      (cell[0] as number) * ((cell[4] as number) * (cell[8] as number) - (cell[5] as number) * (cell[7] as number)) -
        (cell[1] as number) * ((cell[3] as number) * (cell[8] as number) - (cell[5] as number) * (cell[6] as number)) +
        (cell[2] as number) * ((cell[3] as number) * (cell[7] as number) - (cell[4] as number) * (cell[6] as number)),
    );
    const background = (-k * Math.PI * q * q) / (2 * volume * alpha * alpha);
    const virial = new Float64Array(9);
    for (let c = 0; c < 9; c++) virial[c] = (real.virial[c] as number) + (mesh.virial[c] as number) + (c % 4 === 0 ? background : 0);
    const energy = real.energy + mesh.energy + selfScale * q2 + background;
    if (perAtom === null) return { energy, forces, virial };
    for (let i = 0; i < n; i++) {
      const qi = charges[i] as number;
      perAtom[i] = (perAtom[i] as number) + selfScale * qi * qi + (q === 0 ? 0 : (background * qi) / q);
    }
    return { energy, forces, virial, perAtomEnergies: perAtom };
  }

  /** The species-pair table for these charges (rebuilt when the species' charges change), or null when it does not apply. */
  private tabulated(charges: Float64Array, born: BornPairTerms): IonicPairTable | null {
    const speciesCharge = speciesCharges(charges, born.types, born.typeCount);
    if (speciesCharge === null) return null;
    const cached = this.ionicTable;
    if (
      cached !== null &&
      cached.speciesCharge.length === speciesCharge.length &&
      cached.speciesCharge.every((q, s) => q === speciesCharge[s])
    ) {
      return cached;
    }
    if (this.ionicTableRefused) return null;
    const chosen = this.chosen as PmeParameters;
    this.ionicTable = IonicPairTable.build({
      speciesCharge,
      born,
      alpha: chosen.alpha,
      cutoff: this.cutoff,
      coulombConstant: this.coulombConstant,
      accuracy: chosen.accuracy,
    });
    // refused for the Born cutoffs, which do not change
    this.ionicTableRefused = this.ionicTable === null;
    return this.ionicTable;
  }

  /**
   * The real-space sum through the species-pair table (`sumTabulatedPairs`, or without per-atom energies the
   * WebAssembly kernel, same bits); as {@link CoulombPme.realSpace}.
   */
  private realSpaceTabulated(
    x: Float64Array,
    types: Int32Array,
    table: IonicPairTable,
    forces: Float64Array,
    perAtom: Float64Array | null,
  ): { energy: number; virial: Float64Array } {
    const n = types.length;
    if (this.wasm !== null && perAtom === null && this.options.tabulatedWalk === undefined) {
      // null: a pair closer than its row's exact-below distance; sumTabulatedPairs below
      const real = this.wasm.computeTabulated(this.neighborList, x, types, table, forces);
      if (real !== null) return real;
    }
    if (this.realForces.length !== 3 * n) this.realForces = new Float64Array(3 * n);
    const f = this.realForces;
    f.fill(0);
    const real = (this.options.tabulatedWalk ?? sumTabulatedPairs)(this.neighborList, x, types, table, f, perAtom);
    for (let q = 0; q < 3 * n; q++) forces[q] = (forces[q] as number) + (f[q] as number);
    return real;
  }

  /**
   * Σ_{pairs < r_c} k_e q_i q_j erfc(αr)/r over the half list (plus the `shortRange` pairs), by `sumIonicPairs`
   * (Coulomb alone without per-atom energies: the WebAssembly kernel, same bits); forces added into `forces`; energy and virial returned. The virial is LAMMPS' f·r form, Σ_i x_i ⊗ F_i over the
   * real-space forces plus Σ S ⊗ f over the pairs with an image shift S (see `virialFromForces`).
   */
  private realSpace(
    x: Float64Array,
    charges: Float64Array,
    table: ErfcTable,
    born: BornPairTerms | null,
    forces: Float64Array,
    perAtom: Float64Array | null,
  ): { energy: number; virial: Float64Array } {
    const n = charges.length;
    const cutoff2 = this.cutoff * this.cutoff;
    if (this.wasm !== null && born === null && perAtom === null && this.options.ionicWalk === undefined) {
      // null: a pair closer than the table's start; sumIonicPairs below
      const real = this.wasm.compute(this.neighborList, x, charges, table, this.coulombConstant, cutoff2, forces);
      if (real !== null) return real;
    }
    if (this.realForces.length !== 3 * n) this.realForces = new Float64Array(3 * n);
    const f = this.realForces;
    f.fill(0);
    const coulomb = { charges, scale: this.coulombConstant, cutoff2, table };
    const real = (this.options.ionicWalk ?? sumIonicPairs)(this.neighborList, x, coulomb, born, f, perAtom);
    for (let q = 0; q < 3 * n; q++) forces[q] = (forces[q] as number) + (f[q] as number);
    return real;
  }
}
