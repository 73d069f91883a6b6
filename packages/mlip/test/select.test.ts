import { describe, expect, it } from 'vitest';
import { type ErrorStats, prepareFit, selectionScore, selectWeights, solveFit } from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

const stats = (energyMAE: number, forcesMAE: number): ErrorStats => ({
  configs: 1,
  atoms: 1,
  energyMAE,
  energyRMSE: energyMAE,
  forcesMAE,
  forcesRMSE: forcesMAE,
  virialRMSE: Number.NaN,
});

describe('selectionScore', () => {
  it('is ln(E MAE) + ln(F MAE): a product, so the ranking does not depend on units or on a reference', () => {
    // MTP's published Zuo Si test MAEs, 2.21 meV/atom and 0.06 eV/Å.
    expect(selectionScore(stats(0.00221, 0.06))).toBeCloseTo(Math.log(0.00221 * 0.06), 14);
    // 10 % better energies and 10 % worse forces cancel (to rounding): equal relative gains count the same.
    expect(selectionScore(stats(0.00221 / 1.1, 0.06 * 1.1))).toBeCloseTo(selectionScore(stats(0.00221, 0.06)), 12);
    // meV instead of eV shifts every score by ln 1000, so the order of two candidates is the same.
    const a = stats(0.0025, 0.055);
    const b = stats(0.0022, 0.064);
    expect(Math.sign(selectionScore(a) - selectionScore(b))).toBe(
      Math.sign(selectionScore(stats(2.5, 0.055)) - selectionScore(stats(2.2, 0.064))),
    );
  });

  it('uses the one MAE there is when a kind of label is missing', () => {
    expect(selectionScore(stats(0.004, Number.NaN))).toBeCloseTo(Math.log(0.004), 14);
    expect(Number.isNaN(selectionScore(stats(Number.NaN, Number.NaN)))).toBe(true);
  });
});

describe('selectWeights on Si_tiny', () => {
  const configs = siTinyConfigs();
  const design = prepareFit(configs, { basis: { order: 3, maxDegree: [8, 8, 8], rcut: 5.5 } });
  const candidates = [
    { energy: 30, forces: 1, virial: 1 },
    { energy: 3, forces: 1, virial: 1 },
    { energy: 30, forces: 1, virial: 0.2 },
  ];
  const selection = selectWeights(design, { folds: 4, candidates });

  it('scores each candidate by the cross-validation solveFit gives it, and keeps the lowest score', () => {
    expect(selection.candidates.map((c) => c.weights)).toEqual(candidates);
    for (const c of selection.candidates) {
      // Independent path: solveFit called directly with the same weights and folds (same seed, same split).
      const direct = solveFit(design, { folds: 4, committee: 0, weights: { default: c.weights } });
      expect(c.validation).toEqual(direct.validation?.all);
      expect(c.lambda).toBe(direct.lambda);
      expect(c.score).toBe(selectionScore(direct.validation!.all));
    }
    const best = Math.min(...selection.candidates.map((c) => c.score));
    expect(selection.chosen.score).toBe(best);
    expect(selection.result.validation?.all).toEqual(selection.chosen.validation);
    expect(selection.result.potential.uncertainty?.members.length).toBe(8);
  });

  it('drops the virial candidates of data without virials', () => {
    const noVirials = prepareFit(
      configs.map((c) => ({ ...c, virial: null })),
      { basis: { order: 2, maxDegree: [6, 6], rcut: 5.5 } },
    );
    const s = selectWeights(noVirials, { folds: 3, candidates, committee: 0 });
    expect(s.candidates.map((c) => c.weights)).toEqual([
      { energy: 30, forces: 1, virial: 0 },
      { energy: 3, forces: 1, virial: 0 },
    ]);
  });
});
