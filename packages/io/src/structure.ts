/**
 * The data model every package reads and writes: one frame of atoms.
 *
 * Conventions (ASE's): positions in Å as a flat interleaved `Float64Array(3N)` (x0, y0, z0, x1, …);
 * the cell is a row-major 3×3 matrix whose rows are the lattice vectors a, b, c (Å), or `null` for
 * a structure with no cell; `pbc` says which axes are periodic.
 *
 * Per-atom arrays live in `arrays` under their names, each with a column type and a width
 * (the extxyz `Properties=` model), so nothing a file carries is lost. Well-known names:
 * `forces` (R×3, eV/Å), `charges` (R×1, e), `radii` (R×1, Å), `velocities` (R×3, Å/fs),
 * `masses` (R×1, amu), `tags` (I×1). Per-frame values live in `info`: `energy` (eV),
 * `stress` (9 numbers, row-major 3×3, eV/Å³, ASE sign: negative = compressive),
 * `virial` (9 numbers, eV; virial = −stress·volume), and any other key-value.
 *
 * @example
 * ```ts
 * import type { Structure } from '@equitensor/io';
 * const water: Structure = {
 *   numbers: new Int32Array([8, 1, 1]),
 *   positions: new Float64Array([0, 0, 0, 0.757, 0.586, 0, -0.757, 0.586, 0]),
 *   cell: null,
 *   pbc: [false, false, false],
 *   arrays: {},
 *   info: {},
 * };
 * ```
 */
export interface Structure {
  /** Atomic numbers, one per atom (0 for a dummy or unknown species). */
  numbers: Int32Array;
  /** Cartesian positions, Å, flat interleaved, length 3N. */
  positions: Float64Array;
  /** Row-major 3×3 cell, rows are lattice vectors (Å); null when the structure has no cell. */
  cell: Float64Array | null;
  /** Periodicity along the three cell vectors. */
  pbc: [boolean, boolean, boolean];
  /** Named per-atom arrays (forces, charges, velocities, …), each with its column type and width. */
  arrays: Record<string, AtomArray>;
  /** Per-frame values: energy, stress, virial and free-form key-values. */
  info: Record<string, InfoValue>;
}

/**
 * A named per-atom array with `width` columns per atom, stored atom-major (row i holds atom i).
 * Column types follow extxyz: R real, I integer, L logical, S string.
 */
export type AtomArray =
  | { readonly type: 'R'; readonly width: number; readonly data: Float64Array }
  | { readonly type: 'I'; readonly width: number; readonly data: Int32Array }
  | { readonly type: 'L'; readonly width: number; readonly data: Uint8Array }
  | { readonly type: 'S'; readonly width: number; readonly data: string[] };

/** A per-frame value: a scalar, a string, a boolean, or a flat array of one of those. */
export type InfoValue = number | string | boolean | number[] | string[] | boolean[];
