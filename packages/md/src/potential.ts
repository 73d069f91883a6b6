/**
 * The interface every interatomic potential implements — classical ones here, the machine-learned
 * ones in `@equitensor/mlip`, Coulomb in `@equitensor/electrostatics` and the GPU ones in
 * `@equitensor/gpu`. Those packages implement it structurally (TypeScript's structural typing), so
 * `@equitensor/electrostatics` needs no import of this package and the dependency graph has no cycle.
 *
 * Units are ASE's: Å, eV, eV/Å. The virial is W = −∂E/∂ε (the derivative with respect to a
 * homogeneous strain ε of the cell and positions), a symmetric 3×3 in eV, row-major; the stress is
 * σ = −W / V in eV/Å³ (ASE's sign: negative = compressive), and extxyz's `virial` key holds W.
 * For a pair potential φ(r): W = Σ_{i<j} r_ij ⊗ f_ij with r_ij = r_j − r_i and f_ij = −φ'(r) r_ij / r
 * the force on j from i.
 *
 * @example
 * ```ts
 * import type { AtomsState, Potential } from '@equitensor/md';
 * function energyOf(potential: Potential, atoms: AtomsState): number {
 *   return potential.compute(atoms).energy;
 * }
 * ```
 */
export interface Potential {
  /** A short name for logs and reports, e.g. `"lj"`, `"eam:Cu_u3.eam"`. */
  readonly name: string;
  /** Interaction range in Å (Infinity for long-range terms); neighbour lists use it. */
  readonly cutoff: number;
  /** Energy, forces and virial of one configuration. */
  compute(atoms: AtomsState, options?: ComputeOptions): PotentialResult;
}

/**
 * A potential whose evaluation is asynchronous (GPU backends read results back asynchronously).
 *
 * @example
 * ```ts
 * const { energy } = await gpuPotential.computeAsync(atoms);
 * ```
 */
export interface AsyncPotential {
  readonly name: string;
  readonly cutoff: number;
  computeAsync(atoms: AtomsState, options?: ComputeOptions): Promise<PotentialResult>;
}

/**
 * What a potential needs to know about the atoms. A `Structure` from `@equitensor/io` provides the
 * first four fields; `charges` (e) is read by Coulomb terms.
 *
 * @example
 * ```ts
 * const atoms: AtomsState = { numbers, positions, cell, pbc: [true, true, true] };
 * ```
 */
export interface AtomsState {
  readonly numbers: Int32Array;
  /** Flat interleaved positions, Å, length 3N. */
  readonly positions: Float64Array;
  /** Row-major 3×3 cell (rows are lattice vectors), or null for open boundaries. */
  readonly cell: Float64Array | null;
  readonly pbc: readonly [boolean, boolean, boolean];
  /** Per-atom charges in e, when the potential needs them. */
  readonly charges?: Float64Array;
}

/** What to compute beyond energy and forces. */
export interface ComputeOptions {
  /** Also return per-atom energies (default false). */
  readonly perAtomEnergies?: boolean;
  /**
   * An array of 3N values to write the forces into (its contents are overwritten) and return as `forces`, so that a
   * caller evaluating every step (an integrator) allocates nothing per step: a fresh 3N array costs about 2 ms at
   * 32,000 atoms in a short run (the memory comes from the operating system, page by page), more than a whole
   * pooled force evaluation saves. A potential may ignore it and return a new array; one made of several terms
   * (`SumPotential`) does not pass it on to them. An array of another length is ignored.
   */
  readonly forces?: Float64Array;
}

/**
 * The array a potential writes its forces into: `options.forces` zeroed when it holds 3N values (see
 * {@link ComputeOptions.forces}), else a new zero array of that length.
 *
 * @example
 * ```ts
 * const f = forcesOutput(options, 3 * n); // all zero; accumulate into it and return it as `forces`
 * ```
 */
export function forcesOutput(options: ComputeOptions, length: number): Float64Array {
  const into = options.forces;
  return into !== undefined && into.length === length ? into.fill(0) : new Float64Array(length);
}

/** The result of one evaluation. */
export interface PotentialResult {
  /** Total energy, eV. */
  readonly energy: number;
  /** Forces −∂E/∂r, eV/Å, flat, length 3N. */
  readonly forces: Float64Array;
  /** Virial W = −∂E/∂ε, row-major 3×3, eV (see {@link Potential}). */
  readonly virial: Float64Array;
  /** Per-atom energies (eV) summing to `energy`, when requested. */
  readonly perAtomEnergies?: Float64Array;
}
