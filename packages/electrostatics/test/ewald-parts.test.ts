/**
 * The parts of an Ewald result that the energy, force and virial tests do not reach: per-atom energies, the energy
 * split and the parameter checks (mutation testing of issue 21 found them unchecked).
 */
import { COULOMB_CONSTANT } from '@equitensor/io';
import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { ewaldCoulomb, ewaldParameters } from '../src/index.ts';
import { loadCharged, MADELUNG_CASES, maxAbs, triclinicSystem } from './fixtures.ts';

describe('Ewald per-atom energies and energy parts', () => {
  for (const c of MADELUNG_CASES) {
    it(`every ion of ${c.file} has −M q²/(2 r₀), half its Madelung energy, and no others are returned unasked`, () => {
      const crystal = loadCharged(c.file);
      const r0 = c.nearest(crystal.cell![0]!);
      // All ions of rock salt, CsCl and zinc blende are equivalent (±q on sublattices swapped by a symmetry), so
      // each carries E/N = −M q²/(2 r₀) (Madelung constants to 13 figures in MADELUNG_CASES).
      const expected = (-c.constant * c.charge * c.charge) / (2 * r0);
      const options = { accuracy: 1e-14, coulombConstant: 1 };
      const result = ewaldCoulomb(crystal.positions, crystal.charges, crystal.cell!, { ...options, perAtomEnergies: true });
      expect(result.perAtomEnergies).toHaveLength(crystal.charges.length);
      // rtol 1e-10: the tolerance of the Madelung-constant test at the same accuracy (ewald.test.ts)
      for (const [i, e] of result.perAtomEnergies!.entries()) assertScalarClose(e, expected, { rtol: 1e-10 }, `ion ${i}`);
      expect(ewaldCoulomb(crystal.positions, crystal.charges, crystal.cell!, options).perAtomEnergies).toBeUndefined();
      // a neutral cell has no background
      expect(Math.abs(result.parts.background)).toBe(0);
    });
  }

  it('in a charged triclinic cell, per-atom energies sum to the energy and are independent of α (½ qᵢ φ(rᵢ))', () => {
    const { cell, positions, charges } = triclinicSystem(10, 6); // net charge 5·1.2 − 5·0.8 = 2 e
    const base = ewaldParameters(cell, 10, { accuracy: 1e-13 });
    const runs = [0.7, 1, 1.5].map((scale) =>
      ewaldCoulomb(positions, charges, cell, { accuracy: 1e-13, alpha: base.alpha * scale, perAtomEnergies: true }),
    );
    for (const run of runs) {
      let sum = 0;
      for (const e of run.perAtomEnergies!) sum += e;
      // the same terms summed in another order: rounding only (ε times the largest part, ~100 eV, over ~1e4 terms)
      assertScalarClose(sum, run.energy, { rtol: 0, atol: 1e-9 }, 'Σ per-atom energies');
      // E_i = ½ qᵢ φ(rᵢ) (φ without i's own charge, with the neutralising background) is physical, so α-free; each
      // part is good to ~δ = 1e-13 of its size (≲ 100 eV), so 1e-9 eV leaves a wide margin
      for (let i = 0; i < charges.length; i++) {
        assertScalarClose(run.perAtomEnergies![i]!, runs[1]!.perAtomEnergies![i]!, { rtol: 0, atol: 1e-9 }, `atom ${i}, α×`);
      }
    }
    expect(maxAbs(runs[1]!.perAtomEnergies!)).toBeGreaterThan(1);
  });

  it('the parts add up to the energy with k_e applied to each, and the background term is −k_e πQ²/(2Vα²)', () => {
    const { cell, positions, charges } = triclinicSystem(10, 6);
    const result = ewaldCoulomb(positions, charges, cell, { accuracy: 1e-12 });
    const { real, reciprocal, self, background } = result.parts;
    assertScalarClose(real + reciprocal + self + background, result.energy, { rtol: 1e-14 }, 'sum of the parts');
    // the closed forms of ewaldCoulomb's doc comment (standard Ewald; the background is the k → 0 limit of the
    // reciprocal sum for a net charge): self −k_e α/√π Σqᵢ², background −k_e π Q²/(2 V α²), Q = 2 e, V = det(cell)
    const { alpha } = result.parameters;
    const volume = 7.1 * 6.4 * 7.7;
    const q2 = charges.reduce((s, q) => s + q * q, 0);
    assertScalarClose(self, (-COULOMB_CONSTANT * alpha * q2) / Math.sqrt(Math.PI), { rtol: 1e-14 }, 'self');
    assertScalarClose(background, (-COULOMB_CONSTANT * Math.PI * 4) / (2 * volume * alpha * alpha), { rtol: 1e-14 }, 'background');
  });
});

describe('Ewald parameter checks', () => {
  const cell = new Float64Array([20, 0, 0, 0, 20, 0, 0, 0, 30]);

  it('accuracy must lie in (0, 0.5): √(−ln 2δ) is real and positive only there', () => {
    for (const accuracy of [0, -1e-6, 0.5, 0.7, Number.NaN]) {
      expect(() => ewaldParameters(cell, 10, { accuracy }), `δ = ${accuracy}`).toThrow(/accuracy must lie in \(0, 0\.5\)/);
    }
    expect(ewaldParameters(cell, 10, { accuracy: 0.49 }).alpha).toBeGreaterThan(0);
  });

  it('cutoff and α must be positive, named in the message', () => {
    for (const cutoff of [0, -3, Number.NaN]) {
      expect(() => ewaldParameters(cell, 10, { cutoff }), `r_c = ${cutoff}`).toThrow(/cutoff must be positive/);
    }
    for (const alpha of [0, -0.3, Number.NaN]) {
      expect(() => ewaldParameters(cell, 10, { alpha }), `α = ${alpha}`).toThrow(/alpha must be positive/);
      expect(() => ewaldParameters(cell, 10, { alpha, cutoff: 9 }), `α = ${alpha}, r_c = 9`).toThrow(/alpha must be positive/);
    }
  });

  it('ewaldCoulomb names itself when the positions do not match the charges', () => {
    expect(() => ewaldCoulomb(new Float64Array(5), new Float64Array(2), cell)).toThrow(/^ewaldCoulomb: positions must hold/);
  });
});
