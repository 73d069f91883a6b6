import { choleskyResidual, SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { choleskyInPlace } from '../src/index.ts';
import { NodeWorkerPool } from '../src/node/index.ts';

const pools = [1, 2, 3].map((workers) => new NodeWorkerPool({ workers }));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** A = B Bᵀ + n I (symmetric positive definite, condition ≈ 5), lower triangle meaningful, row-major n×n. */
function spd(n: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const B = rng.normalArray(n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = i === j ? n : 0;
      for (let t = 0; t < n; t++) s += (B[i * n + t] as number) * (B[j * n + t] as number);
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  return A;
}

function sharedCopy(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(8 * a.length));
  out.set(a);
  return out;
}

describe('choleskyInPlace on the shared-memory worker pool', () => {
  // n = 203 with 16-column panels: 13 panels, trailing blocks of every size mod 4.
  const n = 203;
  const A = spd(n, 3);
  const serial = A.slice();
  expect(choleskyInPlace(serial, n, 16)).toBe(true);

  it('reconstructs A = L Lᵀ to rounding (backward error ≤ n·ε·max|A|), for 1, 2 and 3 workers', () => {
    for (const pool of pools) {
      const L = sharedCopy(A);
      expect(choleskyInPlace(L, n, 16, pool)).toBe(true);
      const { err: worst, scale } = choleskyResidual(L, A, n);
      // Cholesky's backward error bound is c·n·ε·‖A‖ with a small constant c (Higham, Thm 10.3): n·ε·4 here.
      expect(worst / scale, `${pool.size} workers`).toBeLessThan(4 * n * Number.EPSILON);
    }
  });

  it('gives the one-thread factor bit for bit for every worker count', () => {
    for (const pool of pools) {
      const L = sharedCopy(A);
      choleskyInPlace(L, n, 16, pool);
      expect(Buffer.compare(Buffer.from(L.buffer), Buffer.from(serial.buffer)), `${pool.size} workers`).toBe(0);
    }
  });

  it('reports a matrix that is not positive definite, and refuses an unshared matrix with a pool', () => {
    const bad = sharedCopy(A);
    bad[(n - 1) * n + (n - 1)] = -1e9;
    expect(choleskyInPlace(bad, n, 16, pools[1])).toBe(false);
    expect(() => choleskyInPlace(A.slice(), n, 16, pools[1])).toThrow(/SharedArrayBuffer/);
  });
});
