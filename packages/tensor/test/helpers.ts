import type { SeededRng } from '@equitensor/testing';
import { type Box, type Mat, mat, qr } from '../src/index.ts';

/** Gaussian matrix. */
export function gaussian(rng: SeededRng, rows: number, cols: number): Mat {
  return mat(rows, cols, rng.normalArray(rows * cols));
}

/** Matrix with orthonormal columns. */
export function orthonormal(rng: SeededRng, rows: number, cols: number): Mat {
  return qr(gaussian(rng, rows, cols)).q;
}

/** The box [0, 2] × [−1, 3] × [1, 2] the Chebyshev-Tucker tests build on (unequal widths, one mode off zero). */
export const TEST_BOX: Box = [
  [0, 2],
  [-1, 3],
  [1, 2],
];
