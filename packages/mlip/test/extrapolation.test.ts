import { describe, expect, it } from 'vitest';
import {
  atomEnergySpreads,
  extrapolationGrades,
  fitPotential,
  gradeReference,
  loadModel,
  ModelFormatError,
  neighborData,
  withGradeReference,
} from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

const DIAMOND = [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.75];

/** Cubic diamond Si, 8 atoms, lattice constant a (Å). */
function diamond(a: number) {
  return {
    numbers: new Int32Array(8).fill(14),
    positions: Float64Array.from(DIAMOND, (x) => x * a),
    cell: new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]),
    pbc: [true, true, true] as [boolean, boolean, boolean],
  };
}

describe('extrapolation grades from the posterior committee (Si_tiny)', () => {
  const all = siTinyConfigs();
  // Fit on the even configurations, keep the odd ones as unseen data of the same kinds.
  const train = all.filter((_, i) => i % 2 === 0);
  const heldOut = all.filter((_, i) => i % 2 === 1 && all[i]!.atoms.numbers.length > 1);
  const fitted = fitPotential(train, { basis: { order: 3, maxDegree: [10, 10, 10], rcut: 5.5 } }).potential;
  const model = withGradeReference(fitted, train);

  it('spreads equal the standard deviation of the members’ per-atom energies from the force path', () => {
    // Independent path: descriptor.evaluate (the adjoint code MD runs) with each member's coefficients.
    const c = heldOut[0]!;
    const spreads = atomEnergySpreads(model, c.atoms);
    const nd = neighborData(c.atoms, model.cutoff);
    const base = model.descriptor.evaluate(c.atoms, nd, model.coefficients).perAtomEnergies;
    const members = model.uncertainty!.members.map((m) => model.descriptor.evaluate(c.atoms, nd, m).perAtomEnergies);
    for (let i = 0; i < c.atoms.numbers.length; i++) {
      let v = 0;
      for (const e of members) v += (e[i]! - base[i]!) ** 2;
      const expected = Math.sqrt(v / (members.length - 1));
      // Both take differences of F-term sums of per-atom energies of O(10 eV): rounding ≤ F·ε·10 eV ≈ 1e-12 eV;
      // 1e-10 eV is far above it and far below the spreads (≥ 1e-4 eV here).
      expect(Math.abs(spreads[i]! - expected)).toBeLessThan(1e-10);
      expect(spreads[i]).toBeGreaterThan(1e-4);
    }
  });

  it('grades every training atom at most 1, the most uncertain one exactly 1', () => {
    let max = 0;
    for (const c of train) max = Math.max(max, extrapolationGrades(model, c.atoms).max);
    // The reference is this maximum, recomputed by the same code: equal to rounding.
    expect(Math.abs(max - 1)).toBeLessThan(1e-12);
  });

  it('keeps unseen crystals inside the training range and grades a crushed crystal as extrapolation, more so the more it is crushed', () => {
    // Unseen diamond and β-tin configurations (the kinds Si_tiny has many of) interpolate: below 1. (Measured: ≤ 0.09;
    // the training maximum comes from one close contact in the liquid.)
    for (const c of heldOut.filter((c) => c.configType !== 'liq')) expect(extrapolationGrades(model, c.atoms).max).toBeLessThan(1);
    // Diamond Si squeezed to a = 4.3, 4.0, 3.8 Å (nearest neighbours 1.86, 1.73, 1.65 Å; Si_tiny's closest pairs are
    // ≈ 2 Å): outside the data, the grade passes 1 and grows with the compression (at 5.43 Å it is ≈ 0.02).
    const g = [4.3, 4.0, 3.8].map((a) => extrapolationGrades(model, diamond(a)).max);
    expect(g[0]).toBeGreaterThan(1);
    expect(g[1]).toBeGreaterThan(g[0]!);
    expect(g[2]).toBeGreaterThan(g[1]!);
    expect(extrapolationGrades(model, diamond(5.43)).max).toBeLessThan(1);
  });

  it('round-trips the grade reference through the model file and refuses a bad one', () => {
    const loaded = loadModel(model.serialize());
    expect(loaded.uncertainty?.gradeReference).toEqual(model.uncertainty?.gradeReference);
    expect(Object.keys(gradeReference(model, train))).toEqual(['14']);
    const json = model.toJSON();
    const bad = { ...json, uncertainty: { ...json.uncertainty!, gradeReference: { 14: -1 } } };
    expect(() => loadModel(JSON.stringify(bad))).toThrow(ModelFormatError);
    expect(() => loadModel(JSON.stringify(bad))).toThrow(/gradeReference\.14/);
  });

  it('asks for a refit when the model has a committee but no reference, and for a committee when it has none', () => {
    expect(() => extrapolationGrades(fitted, diamond(5.43))).toThrow(/no grade reference/);
    expect(() => extrapolationGrades(fitted.withUncertainty(null), diamond(5.43))).toThrow(/no uncertainty committee/);
  });
});
