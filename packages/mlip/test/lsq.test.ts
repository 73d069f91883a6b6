import { assertClose, SeededRng } from '@equitensor/testing';
import { EigenvalueDecomposition, Matrix, QrDecomposition, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { NormalEquations, ridgePath, ridgeSolve } from '../src/lsq.ts';

function problem(rows: number, cols: number, seed: number) {
  const rng = new SeededRng(seed);
  const A = new Matrix(rows, cols);
  const scales = rng.uniformArray(cols, 0.01, 100); // badly scaled columns
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) A.set(r, c, rng.normal() * (scales[c] as number));
  const b = rng.normalArray(rows);
  const w = rng.uniformArray(rows, 0.5, 2);
  return { A, b, w };
}

describe('weighted ridge least squares', () => {
  it('equals a Householder QR solve (ml-matrix) of the weighted problem for a tiny λ', () => {
    const { A, b, w } = problem(60, 8, 7);
    const ne = new NormalEquations(8);
    const row = new Float64Array(8);
    const Aw = new Matrix(60, 8);
    const bw = new Matrix(60, 1);
    for (let r = 0; r < 60; r++) {
      for (let c = 0; c < 8; c++) {
        row[c] = A.get(r, c);
        Aw.set(r, c, A.get(r, c) * (w[r] as number));
      }
      bw.set(r, 0, (b[r] as number) * (w[r] as number));
      ne.addRow(row, b[r] as number, w[r] as number);
    }
    const x = ridgePath(ne, [0]).solution(0);
    const expected = new QrDecomposition(Aw).solve(bw).getColumn(0);
    assertClose(x, expected, { rtol: 1e-9, atol: 1e-12 }, 'least-squares solution');
  });

  it('solves (G + λ·diag(G)·p²) x = g for every λ of the path', () => {
    const { A, b, w } = problem(40, 6, 11);
    const ne = new NormalEquations(6);
    for (let r = 0; r < 40; r++) ne.addRow(Float64Array.from(A.getRow(r)), b[r] as number, w[r] as number);
    const prior = new Float64Array([1, 2, 3, 1, 1, 5]);
    const lambdas = [1e-6, 1e-3, 1];
    const path = ridgePath(ne, lambdas, prior);
    lambdas.forEach((lambda, index) => {
      const M = new Matrix(6, 6);
      for (let a = 0; a < 6; a++) {
        for (let c = 0; c < 6; c++) M.set(a, c, ne.gram[Math.min(a, c) * 6 + Math.max(a, c)] as number);
        M.set(a, a, M.get(a, a) * (1 + lambda * (prior[a] as number) ** 2));
      }
      const expected = solve(M, Matrix.columnVector(Array.from(ne.rhs))).getColumn(0);
      assertClose(path.solution(index), expected, { rtol: 1e-9, atol: 1e-12 }, `ridge λ=${lambda}`);
    });
  });

  it('ridgeSolve (Cholesky) equals the eigendecomposition path', () => {
    const { A, b, w } = problem(50, 7, 13);
    const ne = new NormalEquations(7);
    for (let r = 0; r < 50; r++) ne.addRow(Float64Array.from(A.getRow(r)), b[r] as number, w[r] as number);
    const prior = new Float64Array([1, 1, 2, 2, 3, 3, 4]);
    for (const lambda of [1e-10, 1e-4, 0.1]) {
      assertClose(ridgeSolve(ne, lambda, prior), ridgePath(ne, [lambda], prior).solution(0), { rtol: 1e-8, atol: 1e-12 }, `λ=${lambda}`);
    }
  });

  it("reports the scaled Gram matrix's spectrum (descending) as ml-matrix's EVD computes it", () => {
    const { A, b, w } = problem(45, 12, 17);
    const ne = new NormalEquations(12);
    for (let r = 0; r < 45; r++) ne.addRow(Float64Array.from(A.getRow(r)), b[r] as number, w[r] as number);
    const prior = Float64Array.from({ length: 12 }, (_, k) => 1 + k / 4);
    const scaled = new Matrix(12, 12);
    const scale = Array.from({ length: 12 }, (_, k) => Math.sqrt(ne.gram[k * 12 + k] as number) * (prior[k] as number));
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++)
        scaled.set(i, j, (ne.gram[Math.min(i, j) * 12 + Math.max(i, j)] as number) / ((scale[i] as number) * (scale[j] as number)));
    }
    const expected = Float64Array.from(new EigenvalueDecomposition(scaled, { assumeSymmetric: true }).realEigenvalues)
      .sort()
      .reverse();
    const path = ridgePath(ne, [1e-6], prior);
    assertClose(path.eigenvalues, expected, { atol: 1e-13, rtol: 0 }, 'scaled Gram eigenvalues');
  });

  it('ridge path on a rank-deficient problem (more columns than rows, one empty column) equals the Cholesky solve', () => {
    const rows = 14;
    const P = 30;
    const { A, b, w } = problem(rows, P, 23);
    const ne = new NormalEquations(P);
    for (let r = 0; r < rows; r++) {
      const row = Float64Array.from(A.getRow(r));
      row[7] = 0; // a column no row touches (as for an absent species)
      ne.addRow(row, b[r] as number, w[r] as number);
    }
    const lambdas = [1e-8, 1e-4, 1e-1];
    const path = ridgePath(ne, lambdas);
    // rank 14 of 30: at least 16 zero eigenvalues, which the path clamps to 0 before adding λ.
    const zeros = Array.from(path.eigenvalues).filter((v) => Math.abs(v) < 1e-12).length;
    expect(zeros).toBe(P - rows);
    lambdas.forEach((lambda, index) => {
      const x = path.solution(index);
      expect(Math.abs(x[7] as number)).toBeLessThan(1e-12); // the empty column gets no weight
      // Cholesky of D⁻¹GD⁻¹ + λI: condition ~ λ_max / λ, so agreement to ~ε/λ.
      assertClose(x, ridgeSolve(ne, lambda), { rtol: Math.max(1e-9, 1e-13 / lambda), atol: 1e-12 }, `rank-deficient λ=${lambda}`);
    });
  });

  it('addRows (tiled block update over the non-zero columns) equals one addRow per row', () => {
    const rng = new SeededRng(21);
    const P = 13;
    const R = 11;
    const block = rng.normalArray(P * R + 5);
    // Two all-zero columns, as in multi-species designs.
    for (let r = 0; r < R; r++) {
      block[5 + r * P + 2] = 0;
      block[5 + r * P + 9] = 0;
    }
    const targets = rng.normalArray(R);
    const tiled = new NormalEquations(P);
    const plain = new NormalEquations(P);
    tiled.addRows(block, R, targets, 0.7, 5);
    for (let r = 0; r < R; r++) plain.addRow(block, targets[r] as number, 0.7, 5 + r * P);
    assertClose(tiled.gram, plain.gram, { rtol: 1e-13, atol: 1e-13 }, 'gram');
    assertClose(tiled.rhs, plain.rhs, { rtol: 1e-13, atol: 1e-13 }, 'rhs');
    expect(tiled.targetSquare).toBeCloseTo(plain.targetSquare, 12);
    expect(tiled.rows).toBe(R);
    expect(tiled.gram[2 * P + 2]).toBe(0);
  });

  it('adds and subtracts normal equations (folds)', () => {
    const a = new NormalEquations(2);
    const b = new NormalEquations(2);
    a.addRow(new Float64Array([1, 2]), 3, 1);
    b.addRow(new Float64Array([4, 5]), 6, 2);
    const total = new NormalEquations(2);
    total.add(a);
    total.add(b);
    total.add(b, -1);
    assertClose(total.gram, a.gram, { atol: 1e-15 }, 'gram');
    expect(total.rows).toBe(1);
  });
});
