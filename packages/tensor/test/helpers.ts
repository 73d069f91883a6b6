import type { SeededRng } from '@equitensor/testing';
import { type Mat, mat, qr } from '../src/index.ts';

/** Gaussian matrix. */
export function gaussian(rng: SeededRng, rows: number, cols: number): Mat {
  return mat(rows, cols, rng.normalArray(rows * cols));
}

/** Matrix with orthonormal columns. */
export function orthonormal(rng: SeededRng, rows: number, cols: number): Mat {
  return qr(gaussian(rng, rows, cols)).q;
}
