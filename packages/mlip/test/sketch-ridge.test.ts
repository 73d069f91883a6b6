import { describe, expect, it } from 'vitest';
import {
  type DesignRows,
  fitPotential,
  logGrid,
  NormalEquations,
  prepareFit,
  ridgePath,
  ridgeSolve,
  SKETCH_FACTOR,
  sketchRidge,
} from '../src/index.ts';
import { ridgeProblem as problem } from './ridge-problem.ts';
import { siTinyConfigs } from './si-tiny.ts';

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

describe('sketchRidge: sketch-and-precondition against the normal-equation solvers', () => {
  const P = 40;
  const n = 3000; // n ≫ m = 4P = 160: the sketch compresses the rows 19×
  const { rows, ne } = problem(n, P, 3);
  const eigen = ridgePath(ne, [1e-10, 1e-7, 1e-4]);
  const lambdas = [1e-10, 1e-7, 1e-4];

  for (let l = 0; l < lambdas.length; l++) {
    const lambda = lambdas[l] as number;
    it(`λ = ${lambda}: the eigen path's solution to within its own error bound`, () => {
      const ridge = sketchRidge(rows, P);
      const x = ridge.solve(lambda);
      const ref = eigen.solution(l);
      // Bound: both solve (Ĝ + λI)y = b; PCG stops at a residual ≤ 1e-10‖b‖ (PCG_TOLERANCE) and the eigen path is
      // backward stable (≈ P·ε‖Ĝ‖ per solve), so ‖y − y_ref‖/‖y_ref‖ ≤ κ·(1e-10 + 2Pε) with κ = (λ_max + λ)/(λ_min + λ),
      // the condition number of Ĝ + λI from the eigen path's eigenvalues (Golub & Van Loan §2.6).
      const ev = eigen.eigenvalues;
      const kappa = ((ev[0] as number) + lambda) / (Math.max(ev[ev.length - 1] as number, 0) + lambda);
      const bound = kappa * (1e-10 + 2 * P * 2.2e-16);
      // Compare in the scaled variables y = D x (the ones both solvers work in).
      const d = Float64Array.from({ length: P }, (_, k) => Math.sqrt(ne.gram[k * P + k] as number));
      const dy = Float64Array.from({ length: P }, (_, k) => ((x[k] as number) - (ref[k] as number)) * (d[k] as number));
      const y = Float64Array.from({ length: P }, (_, k) => (ref[k] as number) * (d[k] as number));
      expect(norm(dy) / norm(y)).toBeLessThanOrEqual(Math.min(bound, 1e-2));
      // The sketch compressed the rows (m = 4P < n) and PCG needed a bounded number of iterations (the preconditioned
      // spectrum of a 4P-row OSNAP embedding lies within a small factor of 1; 500 is the cap, OPERATOR_MAX_ITERATIONS).
      expect(SKETCH_FACTOR * P).toBeLessThan(n);
      expect(ridge.iterations).toBeLessThan(500);
    });
  }

  it('with no more rows than 4P it factors the rows themselves: the direct Cholesky solve (0–1 PCG iterations)', () => {
    const small = problem(120, P, 5);
    const ridge = sketchRidge(small.rows, P);
    const x = ridge.solve(1e-6);
    const ref = ridgeSolve(small.ne, 1e-6);
    // Same factor up to the order of the row additions: agreement to rounding × κ (κ ≤ 1/λ = 1e6 here).
    const d = Float64Array.from({ length: P }, (_, k) => Math.sqrt(small.ne.gram[k * P + k] as number));
    const err = norm(Float64Array.from({ length: P }, (_, k) => ((x[k] as number) - (ref[k] as number)) * (d[k] as number)));
    const size = norm(Float64Array.from({ length: P }, (_, k) => (ref[k] as number) * (d[k] as number)));
    expect(err / size).toBeLessThan(1e6 * 1e-12);
    expect(ridge.iterations).toBeLessThanOrEqual(1);
  });

  it('an ACE fit (Si_tiny design, 347 columns, 52 energies and 687 force rows, m = 1.5P) gives the same coefficients as ridgeSolve', () => {
    const design = prepareFit(siTinyConfigs());
    const Pd = design.descriptor.columns;
    const rowsOf: DesignRows[] = [];
    const neD = new NormalEquations(Pd);
    for (const p of design.configs) {
      const N = p.config.atoms.numbers.length;
      if (p.config.forces) {
        rowsOf.push({ data: p.block.forces, rows: 3 * N, targets: p.config.forces, weight: 1 });
        neD.addRows(p.block.forces, 3 * N, p.config.forces, 1);
      }
      if (p.config.energy !== null) {
        const e = [p.config.energy - p.e0Sum];
        rowsOf.push({ data: p.block.energy, rows: 1, targets: e, weight: 30 / Math.sqrt(N) });
        neD.addRows(p.block.energy, 1, e, 30 / Math.sqrt(N));
      }
    }
    const lambda = 1e-6;
    const x = sketchRidge(rowsOf, Pd, { sketchFactor: 1.5 }).solve(lambda);
    const path = ridgePath(neD, [lambda]);
    const ref = path.solution(0);
    const ev = path.eigenvalues;
    const kappa = ((ev[0] as number) + lambda) / lambda;
    // Same bound as above (κ ≤ (λ_max + λ)/λ): predictions A x agree within it.
    let num = 0;
    let den = 0;
    for (const r of rowsOf)
      for (let i = 0; i < r.rows; i++) {
        let a = 0;
        let b = 0;
        for (let k = 0; k < Pd; k++) {
          a += (r.data[i * Pd + k] as number) * (x[k] as number);
          b += (r.data[i * Pd + k] as number) * (ref[k] as number);
        }
        num += (a - b) ** 2;
        den += b * b;
      }
    expect(Math.sqrt(num / den)).toBeLessThanOrEqual(Math.min(kappa * (1e-10 + 2 * Pd * 2.2e-16), 1e-3));
  });

  it("fitPotential with solver 'sketch' chooses the Cholesky path's λ and gives its model (Si_tiny, degree 8: 4P < rows)", () => {
    const configs = siTinyConfigs();
    const options = { basis: { maxDegree: [8, 8, 8] }, lambdas: logGrid(-12, 0, 1) } as const;
    const chol = fitPotential(configs, { ...options, solver: 'cholesky' });
    const sk = fitPotential(configs, { ...options, solver: 'sketch' });
    // the sketch compresses: its 4P rows are fewer than the force rows alone (3 per fitted atom)
    expect(SKETCH_FACTOR * sk.columns).toBeLessThan(3 * sk.train.all.atoms);
    expect(sk.lambda).toBe(chol.lambda);
    // Both solve (Ĝ + λI)y = b to a relative residual of 1e-10 (PCG_TOLERANCE); at the chosen λ (≥ 1e-12 on the unit
    // diagonal) the training errors then agree far below their own size: 1e-6 relative is a loose bound.
    expect(Math.abs(sk.train.all.energyRMSE / chol.train.all.energyRMSE - 1)).toBeLessThan(1e-6);
    expect(Math.abs(sk.train.all.forcesRMSE / chol.train.all.forcesRMSE - 1)).toBeLessThan(1e-6);
    expect(sk.potential.uncertainty).toBeNull();
  });
});
