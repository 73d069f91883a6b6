import type { AtomsState } from '@equitensor/md';
import { maxDeviation, readFixtureText } from '@equitensor/testing';

const Z: Record<string, number> = { H: 1, C: 6, O: 8 };

/** The reference file `mace/mace_small_reference.json` (model and structures) as the benchmarks read it. */
export interface MaceReferenceJson {
  readonly config: unknown;
  readonly state_dict: Record<string, { shape: number[]; data: number[] }>;
  readonly structures: { symbols: string[]; positions: number[]; cell: number[]; pbc: boolean }[];
}

/** Parse the reference file. */
export function readMaceReference(): MaceReferenceJson {
  return JSON.parse(readFixtureText('mace/mace_small_reference.json')) as MaceReferenceJson;
}

/** A reference structure as periodic atoms (the clusters sit in the reference's 100 Å box). */
export function referenceAtoms(s: MaceReferenceJson['structures'][number]): AtomsState {
  return {
    numbers: Int32Array.from(s.symbols.map((x) => Z[x] as number)),
    positions: Float64Array.from(s.positions),
    cell: Float64Array.from(s.cell),
    pbc: [true, true, true],
  };
}

/**
 * A periodic cell replicated n×n×n (issue 20's benchmark structures: the reference's periodic cell at n = 3, 7).
 *
 * @example
 * ```ts
 * const big = replicate(referenceAtoms(readMaceReference().structures[4]), 3); // 648 atoms
 * ```
 */
export function replicate(a: AtomsState, n: number): AtomsState {
  const cell = a.cell as Float64Array;
  const N = a.numbers.length;
  const numbers = new Int32Array(N * n ** 3);
  const positions = new Float64Array(3 * N * n ** 3);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++)
        for (let q = 0; q < N; q++, k++) {
          numbers[k] = a.numbers[q] as number;
          for (let c = 0; c < 3; c++) {
            positions[3 * k + c] =
              (a.positions[3 * q + c] as number) + i * (cell[c] as number) + j * (cell[3 + c] as number) + l * (cell[6 + c] as number);
          }
        }
  return { numbers, positions, cell: cell.map((v) => v * n), pbc: [true, true, true] };
}

/**
 * max |F_a − F_b| and max |F_a| over all force components: the force error of one evaluation against another.
 *
 * @example
 * ```ts
 * const { maxDiff, maxForce } = forceDeviation(exact.forces, tabulated.forces);
 * ```
 */
export function forceDeviation(a: Float64Array, b: Float64Array): { maxDiff: number; maxForce: number } {
  const { err, scale } = maxDeviation(b, a);
  return { maxDiff: err, maxForce: scale };
}
