import { describe, expect, it } from 'vitest';
import {
  type DesignRows,
  estimateFit,
  FitTooLargeError,
  fitPotential,
  KRYLOV_TOLERANCE,
  LanczosRidge,
  logGrid,
  type NormalEquations,
  ridgePath,
} from '../src/index.ts';
import { ridgeProblem } from './ridge-problem.ts';
import { siTinyConfigs } from './si-tiny.ts';

const EPS = 2.2e-16;
const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

/** The scaled problem of `ridgePath` from the normal equations: D, Ĝ = D⁻¹GD⁻¹ (full), b̂ = D⁻¹g. */
function scaled(ne: NormalEquations): { d: Float64Array; G: Float64Array; b: Float64Array } {
  const P = ne.size;
  const d = Float64Array.from({ length: P }, (_, k) => Math.sqrt(ne.gram[k * P + k] as number));
  const G = new Float64Array(P * P);
  for (let i = 0; i < P; i++)
    for (let j = i; j < P; j++) {
      const g = (ne.gram[i * P + j] as number) / ((d[i] as number) * (d[j] as number));
      G[i * P + j] = g;
      G[j * P + i] = g;
    }
  return { d, G, b: Float64Array.from(ne.rhs, (g, k) => g / (d[k] as number)) };
}

/** (Ĝ + λI)y. */
function apply(G: Float64Array, P: number, lambda: number, y: Float64Array): Float64Array {
  return Float64Array.from({ length: P }, (_, i) => {
    let s = lambda * (y[i] as number);
    for (let j = 0; j < P; j++) s += (G[i * P + j] as number) * (y[j] as number);
    return s;
  });
}

/** Σ w²(aᵀx − y)² over the rows. */
function loss(rows: readonly DesignRows[], P: number, x: Float64Array): number {
  let s = 0;
  for (const r of rows)
    for (let i = 0; i < r.rows; i++) {
      let a = 0;
      for (let k = 0; k < P; k++) a += (r.data[i * P + k] as number) * (x[k] as number);
      s += (r.weight * (a - (r.targets[i] as number))) ** 2;
    }
  return s;
}

describe('LanczosRidge: matrix-free ridge by Lanczos, against the eigen path', () => {
  const P = 40;
  // Over- and under-determined (the 20,000-column solvent fit has fewer rows than columns).
  for (const n of [3000, 28]) {
    const { rows, ne } = ridgeProblem(n, P, 3);
    const { d, G, b } = scaled(ne);
    const lambdas = [1e-10, 1e-7, 1e-4];
    const eigen = ridgePath(ne, lambdas);
    const ev = eigen.eigenvalues;

    it(`${n} rows: the exhausted Krylov space gives the eigen path's solution within κ·(residual + 2Pε)`, () => {
      const ridge = new LanczosRidge(rows, P);
      ridge.extend(P + 5);
      // Full reorthogonalisation: the space is invariant after at most P steps (rank ≤ min(n, P)).
      expect(ridge.exhausted).toBe(true);
      expect(ridge.iterations).toBeLessThanOrEqual(Math.min(n, P));
      lambdas.forEach((lambda, l) => {
        const x = ridge.solve(lambda);
        const ref = eigen.solution(l);
        const y = Float64Array.from(x, (v, k) => v * (d[k] as number));
        const yRef = Float64Array.from(ref, (v, k) => v * (d[k] as number));
        // Its true residual, computed independently from the normal equations.
        const r = apply(G, P, lambda, y).map((v, k) => (b[k] as number) - v);
        const rho = norm(r) / norm(b);
        expect(rho).toBeLessThan(1e-10);
        // Perturbation bound (Golub & Van Loan §2.6): ‖y − y*‖/‖y*‖ ≤ κ(Ĝ + λI)·(ρ + backward error of the reference,
        // ≈ 2Pε), κ from the eigen path's eigenvalues; 1e-2 caps it where κ·ε says nothing.
        const kappa = ((ev[0] as number) + lambda) / (Math.max(ev[ev.length - 1] as number, 0) + lambda);
        const dy = norm(y.map((v, k) => v - (yRef[k] as number))) / norm(yRef);
        expect(dy).toBeLessThanOrEqual(Math.min(kappa * (rho + 2 * P * EPS), 1e-2));
      });
    });

    it(`${n} rows: after k < P steps the residual and objective are those the tridiagonal predicts, and the objective's decrease is the energy-norm error's`, () => {
      const ridge = new LanczosRidge(rows, P);
      const lambda = 1e-4;
      const yStar = Float64Array.from(eigen.solution(2), (v, k) => v * (d[k] as number));
      const energyError = (y: Float64Array): number => {
        const e = y.map((v, k) => v - (yStar[k] as number));
        const Ae = apply(G, P, lambda, e);
        return e.reduce((a, v, k) => a + v * (Ae[k] as number), 0);
      };
      ridge.extend(6);
      const y6 = Float64Array.from(ridge.solve(lambda), (v, k) => v * (d[k] as number));
      const f6 = ridge.objective(lambda);
      ridge.extend(6);
      expect(ridge.exhausted).toBe(false);
      const x = ridge.solve(lambda);
      const y = Float64Array.from(x, (v, k) => v * (d[k] as number));
      const Ay = apply(G, P, lambda, y);
      const rho = norm(Ay.map((v, k) => (b[k] as number) - v)) / norm(b);
      // Rounding of the explicit residual: P-term sums of |Ĝ||y| and of b̂, relative to ‖b̂‖.
      const rhoRounding = (4 * P * EPS * (norm(Ay) + norm(b))) / norm(b);
      expect(Math.abs(ridge.residual(lambda) - rho)).toBeLessThanOrEqual(rhoRounding + 1e-3 * rho);
      // The objective ‖b − Âŷ‖² + λ‖ŷ‖² from the rows (x = D⁻¹ŷ): equal to ‖b‖² − ‖b̂‖t₁ up to the cancellation of
      // sums of n squares, ≈ 4nε·‖Wy‖².
      const targetSquare = loss(rows, P, new Float64Array(P));
      const f = loss(rows, P, x) + lambda * norm(y) ** 2;
      expect(Math.abs(ridge.objective(lambda) - f)).toBeLessThanOrEqual(4 * n * EPS * targetSquare);
      // Hestenes–Stiefel: f(y₆) − f(y₁₂) = ‖e₆‖² − ‖e₁₂‖² in the energy norm of Ĝ + λI (f(y) = f* + ‖y − y*‖²), to the
      // same cancellation plus the reference's error (κ·2Pε relative in y*, entering ‖e‖² through 2‖e‖·‖δy*‖·‖Ĝ + λI‖).
      const kappa = ((ev[0] as number) + lambda) / ((ev[ev.length - 1] as number) + lambda);
      const drop = energyError(y6) - energyError(y);
      const refError = 2 * Math.sqrt(energyError(y6)) * kappa * 2 * P * EPS * norm(yStar) * Math.sqrt((ev[0] as number) + lambda);
      expect(f6 - ridge.objective(lambda)).toBeGreaterThan(0);
      expect(Math.abs(f6 - ridge.objective(lambda) - drop)).toBeLessThanOrEqual(8 * n * EPS * targetSquare + refError);
    });

    it(`${n} rows: the held-out loss from the kept basis predictions is the loss of solve(λ) on those rows`, () => {
      const heldOut = ridgeProblem(21, P, 9).rows;
      const ridge = new LanczosRidge(rows, P, { heldOut });
      ridge.extend(15);
      for (const lambda of lambdas) {
        const direct = loss(heldOut, P, ridge.solve(lambda));
        // Two orders of summing the same k·n_v products: rounding ≈ 4kε relative to the summed squares of the terms.
        expect(Math.abs(ridge.heldOutLoss(lambda) - direct)).toBeLessThanOrEqual(1e-9 * (direct + loss(heldOut, P, new Float64Array(P))));
      }
    });
  }

  it("fitPotential with solver 'krylov' chooses the eigen path's λ and gives its model to the stopping tolerance (Si_tiny, degree 8)", () => {
    const configs = siTinyConfigs();
    const options = { basis: { maxDegree: [8, 8, 8] }, lambdas: logGrid(-12, 0, 1) } as const;
    const chol = fitPotential(configs, { ...options, solver: 'eigen' });
    const kr = fitPotential(configs, { ...options, solver: 'krylov' });
    expect(kr.lambda).toBe(chol.lambda);
    expect(kr.estimate.solver).toBe('krylov');
    // The refit stops when the objective f fell by ≤ τ f (KRYLOV_TOLERANCE) over the last check: the weighted training
    // residuals then move by ‖Âe‖ ≤ ‖e‖_{Ĝ+λI} ≈ √(τ f), i.e. each RMSE by about √τ = 3.2e-3 relative (the force and
    // energy parts of f are of one size with these weights); 1e-2 allows the delay estimate's slack.
    expect(Math.abs(kr.train.all.energyRMSE / chol.train.all.energyRMSE - 1)).toBeLessThan(Math.sqrt(KRYLOV_TOLERANCE) * 3);
    expect(Math.abs(kr.train.all.forcesRMSE / chol.train.all.forcesRMSE - 1)).toBeLessThan(Math.sqrt(KRYLOV_TOLERANCE) * 3);
    expect(kr.potential.uncertainty).toBeNull();
    expect(kr.seconds.assembly).toBeLessThan(1e-3);
  });

  it('the estimate of a krylov fit holds no P×P matrix: the design rows and a basis of P × (steps + 1) per split and refit', () => {
    const size = { species: 3, configs: 200, atoms: 5800, rows: 17630, designRows: 19400, pairs: 75000 };
    const P = 19512;
    const e = estimateFit(size, { columns: P, featuresPerElement: 6504, splits: 1, solver: 'krylov', krylovSteps: 300 });
    expect(e.matrixBytes).toBe(8 * P * 301 * 2);
    expect(e.seconds.assembly).toBe(0);
    expect(e.bytes).toBe(150e6 + 8 * P * 19400 + e.matrixBytes);
    // a refusal names the Krylov bases, not P×P matrices
    expect(() => fitPotential(siTinyConfigs(), { basis: { maxDegree: [8, 8, 8] }, solver: 'krylov', memoryLimit: 1e6 })).toThrow(
      /Krylov bases/,
    );
    expect(() => fitPotential(siTinyConfigs(), { basis: { maxDegree: [8, 8, 8] }, solver: 'krylov', memoryLimit: 1e6 })).toThrow(
      FitTooLargeError,
    );
  });
});
