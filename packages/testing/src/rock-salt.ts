/** Lattice constant of the rock-salt supercells of the tests and benchmarks, Å. */
export const NACL_LATTICE = 5.64;

/** The eight ions of the conventional rock-salt cell: fractional x, y, z and charge (Na⁺ +1 e, Cl⁻ −1 e). */
export const ROCK_SALT_BASIS = [
  [0, 0, 0, 1],
  [0, 0.5, 0.5, 1],
  [0.5, 0, 0.5, 1],
  [0.5, 0.5, 0, 1],
  [0.5, 0, 0, -1],
  [0, 0.5, 0, -1],
  [0, 0, 0.5, -1],
  [0.5, 0.5, 0.5, -1],
] as const;

/** Options of {@link rockSalt}. */
export interface RockSaltOptions {
  /** Added to each coordinate, called once per coordinate in the order ions × (x, y, z) (e.g. a seeded rattle). */
  readonly displace?: () => number;
  /** The cell (rows = lattice vectors) the fractional positions are taken in; default the m·a cube. */
  readonly cell?: Float64Array;
}

/**
 * m³ conventional rock-salt cells (a = 5.64 Å, ±1 e), the test and benchmark system of electrostatics' and md's periodic
 * methods; ions in the order x, y, z (cells), then {@link ROCK_SALT_BASIS}. Without `cell` a position is (x + b)·a;
 * with it, the fractional position (x + b)/m times the cell.
 *
 * @example
 * ```ts
 * const { positions, charges, cell } = rockSalt(2); // 64 ions in an 11.28 Å cube
 * ```
 */
export function rockSalt(m: number, options: RockSaltOptions = {}): { positions: Float64Array; charges: Float64Array; cell: Float64Array } {
  const a = NACL_LATTICE;
  const displace = options.displace;
  const given = options.cell;
  const cell = given ?? new Float64Array([m * a, 0, 0, 0, m * a, 0, 0, 0, m * a]);
  const n = 8 * m ** 3;
  const positions = new Float64Array(3 * n);
  const charges = new Float64Array(n);
  let i = 0;
  for (let x = 0; x < m; x++)
    for (let y = 0; y < m; y++)
      for (let z = 0; z < m; z++)
        for (const [bx, by, bz, q] of ROCK_SALT_BASIS) {
          const s = [x + bx, y + by, z + bz];
          for (let d = 0; d < 3; d++) {
            const at = given
              ? ((s[0] as number) / m) * (given[d] as number) +
                ((s[1] as number) / m) * (given[3 + d] as number) +
                ((s[2] as number) / m) * (given[6 + d] as number)
              : (s[d] as number) * a;
            positions[3 * i + d] = displace ? at + displace() : at;
          }
          charges[i++] = q;
        }
  return { positions, charges, cell };
}
