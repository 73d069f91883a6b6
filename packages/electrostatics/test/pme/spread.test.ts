import { cellGeometry } from '@equitensor/io';
import { rockSalt } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { PmeReciprocal } from '../../src/index.ts';
import { bsplineStencils, gatherForces, MeshStencils, spreadCharges } from '../../src/pme/spread.ts';

function rattled(m: number, cell?: Float64Array) {
  let seed = 7;
  const uniform = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return rockSalt(m, { displace: () => 0.4 * (uniform() - 0.5), ...(cell === undefined ? {} : { cell }) });
}

describe('PME spreading and gathering over atom ranges', () => {
  it('puts each charge on the mesh with weights summing to q (B-spline partition of unity), for orders 4–8', () => {
    const cell = new Float64Array([11.28, 0, 0, 1.5, 11.0, 0, -0.7, 0.9, 10.5]);
    const { positions, charges } = rattled(2, cell);
    const n = charges.length;
    const inverse = cellGeometry(cell).inverse;
    for (let order = 4; order <= 8; order++) {
      const stencils = new MeshStencils([10, 12, 9], order);
      stencils.reserve(n);
      bsplineStencils(stencils, positions, inverse, 0, n);
      for (let i = 0; i < n; i++) {
        const one = new Float64Array(n);
        one[i] = charges[i] as number;
        const grid = new Float64Array(10 * 12 * 9);
        spreadCharges(stencils, one, grid, 0, n);
        const total = grid.reduce((s, v) => s + v, 0);
        // Σ_j M_p(w + j) = 1 per direction: the mesh holds exactly q_i (rounding of ~p³ O(1) terms, 1e-14)
        expect(Math.abs(total - (charges[i] as number))).toBeLessThan(1e-14);
      }
    }
  });

  it('splits into disjoint ranges (one mesh per range, summed) with the whole-range result, as a worker pool would', () => {
    const { positions, charges, cell } = rattled(3);
    const n = charges.length;
    const inverse = cellGeometry(cell).inverse;
    const mesh: [number, number, number] = [18, 20, 16];
    const stencils = new MeshStencils(mesh, 6);
    stencils.reserve(n);
    bsplineStencils(stencils, positions, inverse, 0, 100);
    bsplineStencils(stencils, positions, inverse, 100, n);
    const whole = new Float64Array(18 * 20 * 16);
    spreadCharges(stencils, charges, whole, 0, n);
    const first = new Float64Array(whole.length);
    const second = new Float64Array(whole.length);
    spreadCharges(stencils, charges, first, 0, 137);
    spreadCharges(stencils, charges, second, 137, n);
    let worst = 0;
    for (let k = 0; k < whole.length; k++)
      worst = Math.max(worst, Math.abs((first[k] as number) + (second[k] as number) - (whole[k] as number)));
    // a different summation order of the same O(1) terms: rounding only
    expect(worst).toBeLessThan(1e-13);
    // gathering is per atom: ranges give bit-identical forces
    const phi = Float64Array.from(whole, (v, k) => v + Math.sin(k));
    const all = new Float64Array(3 * n);
    const parts = new Float64Array(3 * n);
    gatherForces(stencils, charges, phi, inverse, 1, 0, n, all, undefined);
    gatherForces(stencils, charges, phi, inverse, 1, 0, 50, parts, undefined);
    gatherForces(stencils, charges, phi, inverse, 1, 50, n, parts, undefined);
    expect(Array.from(parts)).toEqual(Array.from(all));
  });

  it('gives the PmeReciprocal forces as −∂E/∂r of its own energy (central differences)', () => {
    const { positions, charges, cell } = rattled(1);
    const reciprocal = new PmeReciprocal([16, 16, 16], 7);
    const forces = new Float64Array(3 * charges.length);
    reciprocal.compute(positions, charges, cell, 0.5, forces);
    const h = 1e-5;
    for (const c of [0, 4, 13, 23]) {
      const plus = positions.slice();
      plus[c] = (plus[c] as number) + h;
      const minus = positions.slice();
      minus[c] = (minus[c] as number) - h;
      const fd = -(reciprocal.compute(plus, charges, cell, 0.5).energy - reciprocal.compute(minus, charges, cell, 0.5).energy) / (2 * h);
      // central difference: O(h²·E''') ≈ 1e-9 eV/Å plus rounding ε·E/h ≈ 1e-9 for E ~ 10 eV
      expect(Math.abs((forces[c] as number) - fd)).toBeLessThan(1e-7);
    }
  });
});
