import { assertClose, SeededRng } from '@equitensor/testing';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { mat, matFromRows } from '../src/matrix.ts';
import { symmetricEigen } from '../src/symmetric-eigen.ts';

/** The flat row-major form the tests were written in: `symmetricEigen` on `mat(n, n, a)`, vectors as their data. */
function eig(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const { values, vectors } = symmetricEigen(mat(n, n, a));
  return { values, vectors: vectors.data };
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** XᵀX for a random rows×n X: rank min(rows, n). */
function gram(rows: number, n: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const X = rng.normalArray(rows * n);
  const G = new Float64Array(n * n);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      const xi = X[r * n + i] as number;
      for (let j = 0; j < n; j++) G[i * n + j] = (G[i * n + j] as number) + xi * (X[r * n + j] as number);
    }
  }
  return G;
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) ** 2;
  return Math.sqrt(s);
}

/** ‖AV − VΛ‖_F / ‖A‖_F and max_ij |(VᵀV − I)_ij| for the row-major A and the result's column eigenvectors. */
function residuals(a: Float64Array, n: number, values: Float64Array, V: Float64Array): { residual: number; orthogonality: number } {
  const R = new Float64Array(n * n);
  const O = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k] as number;
      const vik = V[i * n + k] as number;
      for (let j = 0; j < n; j++) {
        R[i * n + j] = (R[i * n + j] as number) + aik * (V[k * n + j] as number);
        O[k * n + j] = (O[k * n + j] as number) + vik * (V[i * n + j] as number);
      }
    }
  }
  let orthogonality = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      R[i * n + j] = (R[i * n + j] as number) - (V[i * n + j] as number) * (values[j] as number);
      orthogonality = Math.max(orthogonality, Math.abs((O[i * n + j] as number) - (i === j ? 1 : 0)));
    }
  }
  return { residual: frobenius(R) / Math.max(frobenius(a), Number.MIN_VALUE), orthogonality };
}

function mlMatrixEigenvalues(a: Float64Array, n: number): Float64Array {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j] as number);
  return Float64Array.from(new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues).sort();
}

function expectAscending(values: Float64Array): void {
  for (let k = 1; k < values.length; k++) expect(values[k] as number).toBeGreaterThanOrEqual(values[k - 1] as number);
}

describe('symmetricEigen (Householder tridiagonalisation + implicit QL)', () => {
  for (const n of [1, 2, 7, 64, 200]) {
    it(`matches ml-matrix's EVD on a random symmetric ${n}×${n} matrix, with AV = VΛ and VᵀV = I to 1e-12`, () => {
      const a = randomSymmetric(n, 100 + n);
      const copy = Float64Array.from(a);
      const { values, vectors } = eig(a, n);
      expect(a).toEqual(copy); // input untouched
      expect(values.length).toBe(n);
      expect(vectors.length).toBe(n * n);
      expectAscending(values);
      const reference = mlMatrixEigenvalues(a, n);
      const largest = Math.max(...Array.from(reference, Math.abs));
      assertClose(values, reference, { atol: 1e-12 * largest, rtol: 0 }, 'eigenvalues vs ml-matrix');
      const { residual, orthogonality } = residuals(a, n, values, vectors);
      expect(residual).toBeLessThan(1e-12);
      expect(orthogonality).toBeLessThan(1e-12);
    });
  }

  it('reads only the upper triangle', () => {
    const n = 9;
    const full = randomSymmetric(n, 5);
    const upper = Float64Array.from(full);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) upper[i * n + j] = 1e300; // garbage below the diagonal
    const fromFull = eig(full, n);
    const fromUpper = eig(upper, n);
    expect(fromUpper.values).toEqual(fromFull.values);
    expect(fromUpper.vectors).toEqual(fromFull.vectors);
  });

  it('reproduces the analytic spectrum and eigenvectors of the tridiagonal Toeplitz matrix tridiag(−1, 2, −1)', () => {
    for (const n of [3, 50, 160]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        a[i * n + i] = 2;
        if (i + 1 < n) {
          a[i * n + i + 1] = -1;
          a[(i + 1) * n + i] = -1;
        }
      }
      const { values, vectors } = eig(a, n);
      // λ_k = 2 − 2 cos(kπ/(n+1)), ascending in k = 1…n; eigenvector v_k(j) = √(2/(n+1)) sin(jkπ/(n+1)), j = 1…n.
      const exact = Float64Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
      assertClose(values, exact, { atol: 1e-13, rtol: 0 }, `Toeplitz eigenvalues n=${n}`);
      for (let k = 0; k < n; k++) {
        const column = Float64Array.from({ length: n }, (_, j) => vectors[j * n + k] as number);
        const exactVector = Float64Array.from(
          { length: n },
          (_, j) => Math.sqrt(2 / (n + 1)) * Math.sin(((j + 1) * (k + 1) * Math.PI) / (n + 1)),
        );
        const sign = Math.sign(column.reduce((s, v, j) => s + v * (exactVector[j] as number), 0));
        // The smallest eigenvalue gap is ≈ 3π²/(n+1)² ≈ 1e-3 at n = 160, so the vectors are determined to ~ε/gap.
        assertClose(
          column.map((v) => sign * v),
          exactVector,
          { atol: 1e-10, rtol: 0 },
          `Toeplitz eigenvector ${k} n=${n}`,
        );
      }
    }
  });

  it('handles a rank-deficient Gram matrix: the null space gets (numerically) zero eigenvalues and orthonormal vectors in ker X', () => {
    const n = 60;
    const rank = 15;
    const rng = new SeededRng(77);
    const X = rng.normalArray(rank * n);
    const G = gram(0, n, 0);
    for (let r = 0; r < rank; r++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) G[i * n + j] = (G[i * n + j] as number) + (X[r * n + i] as number) * (X[r * n + j] as number);
      }
    }
    const { values, vectors } = eig(G, n);
    expectAscending(values);
    const largest = Math.max(...Array.from(values, Math.abs));
    for (let k = 0; k < n - rank; k++) expect(Math.abs(values[k] as number)).toBeLessThan(1e-13 * largest);
    for (let k = n - rank; k < n; k++) expect(values[k] as number).toBeGreaterThan(1e-3 * largest);
    assertClose(values, mlMatrixEigenvalues(G, n), { atol: 1e-12 * largest, rtol: 0 }, 'eigenvalues vs ml-matrix');
    const { residual, orthogonality } = residuals(G, n, values, vectors);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-12);
    // ‖X v‖ ≈ 0 for the null-space vectors (‖X‖₂ = √λ_max; measured ~2e-16·‖X‖₂).
    for (let k = 0; k < n - rank; k++) {
      let worst = 0;
      for (let r = 0; r < rank; r++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (X[r * n + j] as number) * (vectors[j * n + k] as number);
        worst = Math.max(worst, Math.abs(s));
      }
      expect(worst).toBeLessThan(1e-14 * Math.sqrt(largest));
    }
  });

  it('handles a unit-diagonal Gram matrix of a wide design (as the ridge path sees it)', () => {
    const n = 80;
    const G = gram(30, n, 3);
    const d = Float64Array.from({ length: n }, (_, k) => Math.sqrt(G[k * n + k] as number));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G[i * n + j] = (G[i * n + j] as number) / ((d[i] as number) * (d[j] as number));
    const { values, vectors } = eig(G, n);
    // trace = n (unit diagonal), 50 zero eigenvalues.
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(n, 10);
    for (let k = 0; k < n - 30; k++) expect(Math.abs(values[k] as number)).toBeLessThan(1e-12 * (values[n - 1] as number));
    const { residual, orthogonality } = residuals(G, n, values, vectors);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-12);
  });

  it('decouples a block-diagonal matrix (some Householder steps are skipped): spectrum = union of the blocks', () => {
    const sizes = [5, 5, 11];
    const n = sizes.reduce((s, v) => s + v, 0);
    const a = new Float64Array(n * n);
    const expected: number[] = [];
    let offset = 0;
    sizes.forEach((size, b) => {
      const block = randomSymmetric(size, 40 + b);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) a[(offset + i) * n + offset + j] = block[i * size + j] as number;
      expected.push(...mlMatrixEigenvalues(block, size));
      offset += size;
    });
    const { values, vectors } = eig(a, n);
    const exact = Float64Array.from(expected).sort();
    assertClose(values, exact, { atol: 1e-13 * Math.max(...exact.map(Math.abs)), rtol: 0 }, 'block spectra');
    const { residual, orthogonality } = residuals(a, n, values, vectors);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-12);
  });

  it('returns a diagonal matrix exactly: sorted diagonal and a permutation of unit vectors', () => {
    const diagonal = [3, -1, 0, 7.5, -1, 2];
    const n = diagonal.length;
    const a = new Float64Array(n * n);
    diagonal.forEach((v, k) => {
      a[k * n + k] = v;
    });
    const { values, vectors } = eig(a, n);
    expect(Array.from(values)).toEqual([...diagonal].sort((x, y) => x - y));
    for (let k = 0; k < n; k++) {
      const column = Array.from({ length: n }, (_, j) => Math.abs(vectors[j * n + k] as number));
      expect(column.filter((v) => v === 1).length).toBe(1);
      expect(column.filter((v) => v === 0).length).toBe(n - 1);
      const j = column.indexOf(1);
      expect(diagonal[j]).toBe(values[k]);
    }
  });

  it('accepts n = 0 and rejects a too-short array or a non-finite entry', () => {
    expect(eig(new Float64Array(0), 0).values.length).toBe(0);
    expect(() => eig(new Float64Array(3), 2)).toThrow(RangeError);
    expect(() => eig(new Float64Array([1, Number.NaN, Number.NaN, 1]), 2)).toThrow(/entry \(0, 1\) is NaN/);
  });
});

describe('symmetricEigen on a Mat (the one ordering: ascending)', () => {
  it('gives the exact spectrum {1, 3} of [[2, 1], [1, 2]] in ascending order with eigenvectors (1, ∓1)/√2', () => {
    const { values, vectors } = symmetricEigen(
      matFromRows([
        [2, 1],
        [1, 2],
      ]),
    );
    // Exact values; a 2×2 eigenproblem is solved to a few ulps.
    assertClose(values, [1, 3], { atol: 1e-15 }, 'eigenvalues');
    expect(Math.abs(vectors.data[0 * 2 + 0]! + vectors.data[1 * 2 + 0]!)).toBeLessThan(1e-15); // (1, −1)/√2 for 1
    expect(Math.abs(vectors.data[0 * 2 + 1]! - vectors.data[1 * 2 + 1]!)).toBeLessThan(1e-15); // (1, 1)/√2 for 3
    expect(Math.abs(Math.abs(vectors.data[0]!) - Math.SQRT1_2)).toBeLessThan(1e-15);
  });

  it('rejects a non-square matrix with a RangeError', () => {
    expect(() => symmetricEigen(mat(2, 3))).toThrow(RangeError);
  });
});
