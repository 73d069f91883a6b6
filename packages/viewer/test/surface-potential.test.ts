import { parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { molecularSurface } from '../src/bio/molecular-surface.ts';
import { surfacePotential } from '../src/bio/surface-potential.ts';

/** k_e in eV·Å/e² (CODATA 2018 via ASE: ../shared/data README). */
const KE = 14.399645478;

/** The float64 Coulomb potential of the charges at the points, summed directly (the reference). */
function direct(points: ArrayLike<number>, positions: Float64Array, charges: Float64Array): Float64Array {
  const m = points.length / 3;
  const out = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    let s = 0;
    for (let j = 0; j < charges.length; j++) {
      const r = Math.hypot(
        points[3 * p]! - positions[3 * j]!,
        points[3 * p + 1]! - positions[3 * j + 1]!,
        points[3 * p + 2]! - positions[3 * j + 2]!,
      );
      if (r > 0) s += charges[j]! / r;
    }
    out[p] = KE * s;
  }
  return out;
}

describe('surfacePotential', () => {
  it('1AJJ SES: every vertex within the trilinear bound of the far charges of the exact direct sum', () => {
    const protein = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
    const radii = (protein.arrays.radii as { data: Float64Array }).data;
    const charges = (protein.arrays.charges as { data: Float64Array }).data;
    const mesh = molecularSurface(protein.positions, radii, { kind: 'ses', spacing: 0.7 });
    const [rc, h] = [6, 3];
    const phi = surfacePotential(mesh.positions, protein.positions, charges, {
      cutoff: rc,
      spacing: h,
      potentialAt: (nodes) => direct(nodes, protein.positions, charges),
    });
    const exact = direct(mesh.positions, protein.positions, charges);
    let worst = 0;
    for (let p = 0; p < exact.length; p++) {
      // trilinear error ≤ Σ_axes (h²/8)·max|∂²φ_far/∂x²|, |∂²(1/r)/∂x²| ≤ 2/r³; a charge left to the map is ≥ rc from
      // every point of the cell, and the cell is within h√3 of the point
      let bound = 0;
      for (let j = 0; j < charges.length; j++) {
        const r = Math.hypot(
          mesh.positions[3 * p]! - protein.positions[3 * j]!,
          mesh.positions[3 * p + 1]! - protein.positions[3 * j + 1]!,
          mesh.positions[3 * p + 2]! - protein.positions[3 * j + 2]!,
        );
        if (r < rc) continue; // always summed exactly
        const rMin = Math.max(rc, r - h * Math.sqrt(3));
        bound += (Math.abs(charges[j]!) * 2) / rMin ** 3;
      }
      bound *= KE * 3 * ((h * h) / 8);
      const error = Math.abs(phi[p]! - exact[p]!);
      // 1e-9 V: float64 summation-order differences between the two sums
      expect(error).toBeLessThan(bound + 1e-9);
      worst = Math.max(worst, error);
    }
    expect(worst).toBeGreaterThan(0); // the map is really interpolated
  });

  it('a single charge: exact at every point (it is always near), whatever the map', () => {
    const points = new Float64Array([3, 0, 0, 0, 4, 0, 1, 1, 1, 10, 10, 10]);
    const phi = surfacePotential(points, new Float64Array([0, 0, 0]), new Float64Array([-2]), {
      cutoff: 30,
      potentialAt: (nodes) => direct(nodes, new Float64Array([0, 0, 0]), new Float64Array([-2])),
    });
    const expected = [3, 4, Math.sqrt(3), Math.sqrt(300)].map((r) => (KE * -2) / r);
    // 1e-12 relative: float64 rounding of one term
    for (const [i, v] of phi.entries()) expect(Math.abs(v / expected[i]! - 1)).toBeLessThan(1e-12);
  });
});
