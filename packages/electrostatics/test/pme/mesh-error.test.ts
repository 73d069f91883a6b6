import { COULOMB_CONSTANT } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { ewaldCoulomb, pmeCoulomb, pmeMeshError } from '../../src/index.ts';

describe('pmeMeshError (Hockney-Eastwood functional of the B-spline mesh, analytic differentiation)', () => {
  // random charges: the setting the functional averages over (Ballenegger, Cerdà, Holm, JCTC 8, 936 (2012))
  const count = 300;
  const box = 15;
  const alpha = 0.4;
  const rng = new SeededRng(1);
  const positions = Float64Array.from({ length: 3 * count }, () => rng.uniform() * box);
  const charges = Float64Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 1 : -1));
  const cell = new Float64Array([box, 0, 0, 0, box, 0, 0, 0, box]);

  it("predicts SPME's measured RMS mesh force error against Ewald (1e-15) on random charges", () => {
    const reference = ewaldCoulomb(positions, charges, cell, { accuracy: 1e-15 });
    for (const [order, k] of [
      [4, 16],
      [5, 24],
      [7, 16],
    ] as const) {
      // real space negligible (αr_c = 5.6: Kolafa-Perram ~1e-15), so the force error is the mesh's
      const r = pmeCoulomb(positions, charges, cell, { alpha, cutoff: 5.6 / alpha, order, mesh: [k, k, k], accuracy: 1e-12 });
      let sum = 0;
      for (let c = 0; c < 3 * count; c++) sum += (r.forces[c]! - reference.forces[c]!) ** 2;
      const measured = Math.sqrt(sum / count) / COULOMB_CONSTANT;
      const estimate = pmeMeshError(cell, [k, k, k], order, alpha, count, count, 'spme');
      // the functional is an ensemble average: one configuration's 900 components scatter its RMS by ~1/√1800 ≈ 2.4 %
      // (3σ ≈ 7 %), and it leaves out the cross terms m ≠ m' of analytic differentiation, which Ballenegger et al.
      // find to change the error by ≲ 10 %: within 20 %
      expect(measured / estimate, `order ${order}, ${k}³`).toBeGreaterThan(0.8);
      expect(measured / estimate, `order ${order}, ${k}³`).toBeLessThan(1.2);
      // the reported estimate of pmeCoulomb is this functional (real part ≪ mesh part here)
      expect(r.parameters.estimatedError.reciprocal).toBe(estimate);
    }
  });

  it('is least for the optimal influence function (the minimum of the quadratic functional), also on a triclinic cell', () => {
    const tri = new Float64Array([9.1, 0, 0, 1.3, 8.4, 0, -0.9, 1.1, 9.7]);
    for (const [c, mesh] of [
      [cell, [16, 16, 16]],
      [tri, [12, 10, 12]],
    ] as const) {
      for (let order = 4; order <= 8; order++) {
        const spme = pmeMeshError(c, mesh, order, 0.4, count, count, 'spme');
        const optimal = pmeMeshError(c, mesh, order, 0.4, count, count, 'optimal');
        expect(optimal).toBeGreaterThan(0);
        expect(optimal).toBeLessThanOrEqual(spme);
      }
    }
  });

  it('scales as Σq²/√N (random-charge average) and falls with the mesh and the order', () => {
    const a = pmeMeshError(cell, [16, 16, 16], 5, alpha, 300, 300);
    // exact: ΔF = 2Σq²√(Q/N)/V
    expect(pmeMeshError(cell, [16, 16, 16], 5, alpha, 1200, 300) / a).toBeCloseTo(4, 12);
    expect(pmeMeshError(cell, [16, 16, 16], 5, alpha, 300, 1200) / a).toBeCloseTo(0.5, 12);
    expect(pmeMeshError(cell, [20, 20, 20], 5, alpha, 300, 300)).toBeLessThan(a);
    expect(pmeMeshError(cell, [16, 16, 16], 6, alpha, 300, 300)).toBeLessThan(a);
  });
});
