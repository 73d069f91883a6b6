import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { ewaldCoulomb, ewaldParameters } from '../src/index.ts';
import { loadCharged, MADELUNG_CASES, triclinicSystem } from './fixtures.ts';

describe('Ewald summation', () => {
  for (const c of MADELUNG_CASES) {
    it(`gives the Madelung constant and the stored energy of ${c.file}, independent of α`, () => {
      const crystal = loadCharged(c.file);
      const a = crystal.cell![0]!;
      const pairs = crystal.charges.length / 2;
      const stored = crystal.structure.info.ewald_energy as number;
      for (const alphaScale of [0.6, 1, 1.7]) {
        const base = ewaldParameters(crystal.cell!, crystal.charges.length, { accuracy: 1e-14 });
        const gaussian = ewaldCoulomb(crystal.positions, crystal.charges, crystal.cell!, {
          accuracy: 1e-14,
          alpha: base.alpha * alphaScale,
          coulombConstant: 1,
        });
        const madelung = (-gaussian.energy * c.nearest(a)) / (pairs * c.charge * c.charge);
        assertScalarClose(madelung, c.constant, { rtol: 1e-10 }, `Madelung constant, α×${alphaScale}`);
        const ev = ewaldCoulomb(crystal.positions, crystal.charges, crystal.cell!, { accuracy: 1e-12, alpha: base.alpha * alphaScale });
        assertScalarClose(ev.energy, stored, { rtol: 1e-9 }, `ewald_energy, α×${alphaScale}`);
      }
    });
  }

  it('chooses α = √(−ln 2δ)/r_c (OpenMM) and k-space extents that grow with the box edge', () => {
    const cell = new Float64Array([20, 0, 0, 0, 20, 0, 0, 0, 30]);
    const p = ewaldParameters(cell, 100, { accuracy: 5e-4, cutoff: 9 });
    // OpenMM's documented splitting parameter (OpenMM user guide, "Coulomb Interaction With Ewald Summation")
    assertScalarClose(p.alpha, Math.sqrt(-Math.log(1e-3)) / 9, { rtol: 1e-15 }, 'alpha');
    // the k-space extents: whether they deliver δ is measured against LAMMPS in ewald-lammps.test.ts
    expect(p.kmax[0]).toBe(p.kmax[1]);
    expect(p.kmax[2]).toBeGreaterThan(p.kmax[0]);
    expect(() => ewaldParameters(cell, 10, { accuracy: 2 })).toThrow(/accuracy/);
    expect(() => ewaldParameters(new Float64Array(9), 10)).toThrow(/singular/);
  });

  it('has forces equal to minus the energy gradient in a triclinic cell', () => {
    const { cell, positions, charges } = triclinicSystem(12, 5);
    const options = { accuracy: 1e-13 };
    const { forces } = ewaldCoulomb(positions, charges, cell, options);
    // central differences: truncation h²·|E'''|/6 ≈ 1e-9 and rounding ε·|E|/h ≈ 1e-9 eV/Å for |E| ~ 100 eV, far inside
    // 1e-7 eV/Å; every one of the 36 components
    const h = 1e-5;
    for (let c = 0; c < positions.length; c++) {
      const p = positions.slice();
      p[c] = p[c]! + h;
      const up = ewaldCoulomb(p, charges, cell, options).energy;
      p[c] = p[c]! - 2 * h;
      const down = ewaldCoulomb(p, charges, cell, options).energy;
      assertScalarClose(forces[c]!, -(up - down) / (2 * h), { rtol: 1e-6, atol: 1e-7 }, `force component ${c}`);
    }
  });

  it('has a virial equal to −dE/dε under finite strain (stress = −W/V), net charge included', () => {
    const { cell, positions, charges } = triclinicSystem(10, 6); // net charge 5·1.2 − 5·0.8 = +2 e
    const options = { accuracy: 1e-13, alpha: 0.5 };
    const { virial } = ewaldCoulomb(positions, charges, cell, options);
    const h = 1e-6;
    for (const [a, b] of [
      [0, 0],
      [1, 1],
      [0, 1],
      [2, 0],
    ] as const) {
      const strainedEnergy = (e: number) => {
        // Deform cell rows and positions by (I + ε) with ε = e·(e_a ⊗ e_b + e_b ⊗ e_a)/2.
        const apply = (v: Float64Array) => {
          const out = v.slice();
          for (let i = 0; i < v.length / 3; i++) {
            out[3 * i + a] = out[3 * i + a]! + 0.5 * e * v[3 * i + b]!;
            out[3 * i + b] = out[3 * i + b]! + 0.5 * e * v[3 * i + a]!;
          }
          return out;
        };
        return ewaldCoulomb(apply(positions), charges, apply(cell), options).energy;
      };
      const dE = (strainedEnergy(h) - strainedEnergy(-h)) / (2 * h);
      const w = a === b ? virial[3 * a + b]! : 0.5 * (virial[3 * a + b]! + virial[3 * b + a]!);
      assertScalarClose(w, -dE, { rtol: 1e-6, atol: 1e-7 }, `W${a}${b}`);
    }
  });

  it('is invariant under a lattice translation of one atom and independent of the cutoff', () => {
    const { cell, positions, charges } = triclinicSystem(8, 7);
    const a = ewaldCoulomb(positions, charges, cell, { accuracy: 1e-12, cutoff: 6 });
    const moved = positions.slice();
    for (let d = 0; d < 3; d++) moved[3 + d] = moved[3 + d]! + cell[3 + d]! - cell[6 + d]!;
    const b = ewaldCoulomb(moved, charges, cell, { accuracy: 1e-12, cutoff: 11 });
    assertScalarClose(b.energy, a.energy, { rtol: 1e-10 }, 'energy');
  });
});
