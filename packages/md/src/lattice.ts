import { createSystem, type System } from './system.ts';

/** Options of {@link cubicLattice}. */
export interface CubicLatticeOptions {
  /** `fcc` (4 atoms per cubic cell), `bcc` (2) or `sc` (1). */
  readonly structure: 'fcc' | 'bcc' | 'sc';
  /** Cubic lattice constant (Å or σ). */
  readonly a: number;
  /** Replications along x, y, z. */
  readonly repeat: readonly [number, number, number];
  /** Atomic number of every atom (default 0). */
  readonly number?: number;
  /** Mass of every atom (default: standard mass of `number`; 1 when number is 0). */
  readonly mass?: number;
}

const BASIS: Record<CubicLatticeOptions['structure'], readonly number[]> = {
  sc: [0, 0, 0],
  bcc: [0, 0, 0, 0.5, 0.5, 0.5],
  fcc: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
};

/**
 * A periodic cubic crystal, atoms ordered as LAMMPS' `create_atoms` loops (z outermost, then y, x,
 * basis). For LAMMPS' `lattice fcc ρ*` in LJ units, a = (4/ρ*)^{1/3}.
 *
 * @example
 * ```ts
 * const lj = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [20, 20, 20] }); // in.lj, 32,000 atoms
 * ```
 */
export function cubicLattice(options: CubicLatticeOptions): System {
  const basis = BASIS[options.structure];
  const [nx, ny, nz] = options.repeat;
  if (![nx, ny, nz].every((v) => Number.isInteger(v) && v > 0))
    throw new RangeError(`repeat must be positive integers, got ${options.repeat.join(',')}`);
  if (!(options.a > 0)) throw new RangeError(`lattice constant must be > 0, got ${options.a}`);
  const nb = basis.length / 3;
  const n = nx * ny * nz * nb;
  const positions = new Float64Array(3 * n);
  let q = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        for (let b = 0; b < nb; b++) {
          positions[q++] = (i + (basis[3 * b] as number)) * options.a;
          positions[q++] = (j + (basis[3 * b + 1] as number)) * options.a;
          positions[q++] = (k + (basis[3 * b + 2] as number)) * options.a;
        }
  const z = options.number ?? 0;
  return createSystem({
    numbers: new Int32Array(n).fill(z),
    positions,
    cell: [nx * options.a, 0, 0, 0, ny * options.a, 0, 0, 0, nz * options.a],
    pbc: true,
    ...(options.mass !== undefined || z === 0 ? { masses: new Float64Array(n).fill(options.mass ?? 1) } : {}),
  });
}
