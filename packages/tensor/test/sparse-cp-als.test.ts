import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { cp, cpToDense } from '../src/cp.ts';
import { mat } from '../src/matrix.ts';
import { type SparseTensor3, sparseCpAls, sparseCpRelativeError } from '../src/sparse-cp-als.ts';

/** A sparse tensor holding every entry of a dense 3-way tensor (row-major). */
function sparseOf(data: Float64Array, shape: [number, number, number]): SparseTensor3 {
  const [n1, n2, n3] = shape;
  const a = new Int32Array(data.length);
  const b = new Int32Array(data.length);
  const c = new Int32Array(data.length);
  for (let i = 0; i < n1; i++)
    for (let j = 0; j < n2; j++)
      for (let k = 0; k < n3; k++) {
        const e = (i * n2 + j) * n3 + k;
        a[e] = i;
        b[e] = j;
        c[e] = k;
      }
  return { a, b, c, value: Float64Array.from(data), shape };
}

describe('sparseCpAls (CP-ALS on the non-zeros of a 3-way tensor)', () => {
  it('recovers an exactly rank-3 tensor (relative error → 0) and its error agrees with the dense definition', () => {
    const rng = new SeededRng(4);
    const shape: [number, number, number] = [5, 4, 6];
    const x = cpToDense(
      cp(
        shape.map((n) => mat(n, 3, rng.normalArray(n * 3))),
        Float64Array.of(1, 1, 1),
      ),
    );
    const t = sparseOf(x.data, shape);
    const fit = sparseCpAls(t, 3, { iterations: 2000, tolerance: 1e-9, seed: 1 });
    // An exact rank-3 tensor: ALS converges to it; the stopping tolerance is the bound.
    expect(fit.relativeError).toBeLessThan(1e-9);
    // The same error computed the long way: ‖T − T̂‖_F / ‖T‖_F over the dense entries.
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 4; j++)
        for (let k = 0; k < 6; k++) {
          let s = 0;
          for (let r = 0; r < 3; r++) s += fit.A[i * 3 + r]! * fit.B[j * 3 + r]! * fit.C[k * 3 + r]!;
          const v = x.data[(i * 4 + j) * 6 + k]!;
          diff += (v - s) ** 2;
          norm += v * v;
        }
    const dense = Math.sqrt(diff / norm);
    // sparseCpRelativeError expands ‖T‖² − 2⟨T, T̂⟩ + ‖T̂‖²: cancellation leaves it resolved to ~1e-8 (doc comment).
    expect(Math.abs(sparseCpRelativeError(t, fit.A, fit.B, fit.C, 3) - dense)).toBeLessThan(1e-7);
  });

  it('rejects a rank that is not a positive integer with a RangeError', () => {
    const t = sparseOf(Float64Array.of(1, 0, 0, 1, 0, 0, 0, 1), [2, 2, 2]);
    expect(() => sparseCpAls(t, 0)).toThrow(RangeError);
    expect(() => sparseCpAls(t, 1.5)).toThrow(/positive integer/);
  });
});
