import { choleskyInPlace, choleskySolveInPlace, Random } from '@equitensor/tensor';
import { choleskyResidual } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { NormalEquations, prepareFit, ridgePath, solveFit } from '../src/index.ts';
import { CholeskyRidge, patternSearch } from '../src/ridge-cholesky.ts';
import { siTinyConfigs } from './si-tiny.ts';

const EPS = 2.220446049250313e-16;

/** A random n×n SPD matrix B Bᵀ + n·I, full storage. */
function randomSpd(n: number, seed: number): Float64Array {
  const rng = Random.mulberry32(seed);
  const B = Float64Array.from({ length: n * n }, () => rng.uniform() - 0.5);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += (B[i * n + k] as number) * (B[j * n + k] as number);
      A[i * n + j] = s;
    }
  return A;
}

/** Normal equations of a design with strongly correlated columns (a smooth basis sampled at random points). */
function correlatedProblem(rows: number, P: number, seed: number): NormalEquations {
  const rng = Random.mulberry32(seed);
  const ne = new NormalEquations(P);
  for (let r = 0; r < rows; r++) {
    const t = rng.uniform();
    const row = Float64Array.from({ length: P }, (_, k) => Math.cos(k * Math.acos(2 * t - 1)) * (1 + 0.1 * k));
    ne.addRow(row, Math.sin(3 * t) + 0.01 * (rng.uniform() - 0.5), 0.5 + rng.uniform());
  }
  return ne;
}

describe('choleskyInPlace (blocked)', () => {
  for (const [n, block] of [
    [1, 64],
    [7, 3],
    [61, 16],
    [130, 64],
  ] as const) {
    it(`factors a random SPD ${n}×${n} matrix (block ${block}): L Lᵀ = A to backward-error size`, () => {
      const A = randomSpd(n, n);
      const L = Float64Array.from(A);
      expect(choleskyInPlace(L, n, block)).toBe(true);
      const { err: worst, scale: norm } = choleskyResidual(L, A, n);
      // Cholesky is backward stable: ‖LLᵀ − A‖ ≤ c·n·ε·‖A‖ (Higham, Accuracy and Stability, Thm 10.3), c = 4 here.
      expect(worst).toBeLessThanOrEqual(4 * n * EPS * norm);
      // And the solve inverts A: A·(A⁻¹b) = b to the same order times the condition (≤ 1 + ‖BBᵀ‖/n, small here).
      const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      const x = Float64Array.from(b);
      choleskySolveInPlace(L, n, x);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (A[i * n + j] as number) * (x[j] as number);
        expect(Math.abs(s - (b[i] as number))).toBeLessThan(1e-11 * n);
      }
    });
  }

  it('reports an indefinite matrix', () => {
    const a = new Float64Array([1, 2, 2, 1]); // eigenvalues 3, −1
    expect(choleskyInPlace(a, 2)).toBe(false);
  });
});

describe('CholeskyRidge against the eigendecomposition ridge path', () => {
  const P = 60;
  const ne = correlatedProblem(400, P, 7);
  const lambdas = [1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-2];
  const path = ridgePath(ne, lambdas);
  const ridge = new CholeskyRidge(ne);
  for (let l = 0; l < lambdas.length; l++) {
    const lambda = lambdas[l] as number;
    it(`λ = ${lambda}: same coefficients to the conditioning's precision`, () => {
      // Both solvers are backward stable on the scaled matrix Ĝ + λI; the forward error of either is ≲ κ·P·ε with
      // κ = (μ_max + λ)/(μ_min + λ) from the path's eigenvalues; PCG stops at relative residual 1e-10, worth κ·1e-10.
      const mu = path.eigenvalues;
      const kappa = ((mu[0] as number) + lambda) / (Math.max(mu[mu.length - 1] as number, 0) + lambda);
      const tol = kappa * (P * EPS + 1e-10);
      const a = path.solution(l);
      const b = ridge.solve(lambda);
      // Compare in the scaled coordinates (D x), where the bound holds.
      let diff = 0;
      let norm = 0;
      for (let k = 0; k < P; k++) {
        const d = Math.sqrt(ne.gram[k * P + k] as number);
        diff += (d * ((a[k] as number) - (b[k] as number))) ** 2;
        norm += (d * (a[k] as number)) ** 2;
      }
      expect(Math.sqrt(diff / norm)).toBeLessThanOrEqual(Math.max(tol, 1e-13));
    });
  }

  it('reuses one factor for λ within two decades (conjugate gradients) and refactors beyond', () => {
    const r = new CholeskyRidge(ne);
    r.solve(1e-6);
    r.solve(1e-5);
    r.solve(1e-7);
    expect(r.factorizations).toBe(1);
    expect(r.iterations).toBeGreaterThan(0);
    r.solve(1e-2);
    expect(r.factorizations).toBe(2);
  });
});

describe('patternSearch', () => {
  it('finds the minimum of a unimodal sequence with fewer evaluations than the grid', () => {
    const f = (i: number): number => (i - 17) ** 2;
    const { best, evaluated } = patternSearch(25, f, 12, 4);
    expect(best).toBe(17);
    expect(evaluated.size).toBeLessThan(25);
  });

  it('stays inside the grid at an edge minimum', () => {
    expect(patternSearch(25, (i) => i, 12, 4).best).toBe(0);
    expect(patternSearch(25, (i) => -i, 12, 4).best).toBe(24);
  });
});

describe('solveFit with the Cholesky path', () => {
  const configs = siTinyConfigs();
  const design = prepareFit(configs, { basis: { order: 3, maxDegree: [10, 10, 10], rcut: 5.5 } });
  const eigen = solveFit(design, { solver: 'eigen' });
  const chol = solveFit(design, { solver: 'cholesky' });

  it('chooses the λ the full eigen scan chooses, from fewer λ values', () => {
    expect(chol.lambda).toBe(eigen.lambda);
    expect(chol.scan.length).toBeLessThan(eigen.scan.length);
  });

  it('gives the same model and training errors (to the final solve’s precision)', () => {
    // Same λ, same normal equations; the two final Cholesky solves (ml-matrix's and the blocked one) differ by
    // rounding amplified by κ(Ĝ + λI); the training RMSEs are minimised quantities, first-order insensitive to it.
    expect(chol.train.all.energyRMSE).toBeCloseTo(eigen.train.all.energyRMSE, 9);
    expect(chol.train.all.forcesRMSE).toBeCloseTo(eigen.train.all.forcesRMSE, 8);
  });

  it('computes validation losses that agree far below their spread across the λ grid', () => {
    // What the search needs: the loss differences between neighbouring λ (which decide the choice) dwarf the
    // PCG / direct-solve differences (relative residual 1e-10, amplified by κ at small λ).
    const lossAt = (r: typeof eigen, lambda: number): number => r.scan.find((e) => e.lambda === lambda)!.validationLoss;
    const i = eigen.scan.findIndex((e) => e.lambda === eigen.lambda);
    const neighbours = [eigen.scan[i - 1], eigen.scan[i + 1]].filter((e) => e !== undefined);
    const spread = Math.min(...neighbours.map((e) => Math.abs(e.validationLoss - eigen.scan[i]!.validationLoss)));
    for (const e of chol.scan) expect(Math.abs(e.validationLoss - lossAt(eigen, e.lambda))).toBeLessThan(1e-2 * spread);
  });
});
