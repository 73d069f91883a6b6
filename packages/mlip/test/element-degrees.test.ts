import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type AceBasisSpec,
  elementColumnSelection,
  enumerateFeatures,
  FACTOR_SLOTS,
  fitPotential,
  formatElementDegrees,
  labelledConfigs,
  parseElementDegrees,
  sizeBasis,
  unionDegrees,
} from '../src/index.ts';

const spec = (maxDegree: readonly number[], species = [1, 6, 8]): AceBasisSpec => ({
  species,
  order: 3,
  maxDegree,
  wL: 1,
  rcut: 5,
  lambda: 0,
});
const count = (maxDegree: readonly number[], species = [1, 6, 8]): number => enumerateFeatures(spec(maxDegree, species)).count;

describe('per-element degrees as a column selection', () => {
  it("keeps, in each element's block, exactly the features enumerateFeatures lists for that element's degrees", () => {
    // Reference: enumerateFeatures run on each element's own degree tuple (the definition of its basis).
    const degrees = { 1: [11, 9, 7], 6: [10, 8, 7], 8: [9, 7, 5] };
    const union = unionDegrees(degrees, 3);
    expect(union).toEqual([11, 9, 7]);
    const all = enumerateFeatures(spec(union));
    const keep = elementColumnSelection(all, [1, 6, 8], degrees);
    const F = all.count;
    [1, 6, 8].forEach((z, s) => {
      const own = enumerateFeatures(spec(degrees[z as 1 | 6 | 8]));
      const block = [...keep].filter((c) => Math.floor(c / F) === s).map((c) => c - s * F);
      expect(block.length).toBe(own.count);
      block.forEach((k, i) => {
        expect(all.order[k]).toBe(own.order[i]);
        expect(all.degree[k]).toBe(own.degree[i]);
        for (let q = 0; q < FACTOR_SLOTS; q++) {
          expect(all.factorSpecies[FACTOR_SLOTS * k + q]).toBe(own.factorSpecies[FACTOR_SLOTS * i + q]);
          expect(all.factorN[FACTOR_SLOTS * k + q]).toBe(own.factorN[FACTOR_SLOTS * i + q]);
          expect(all.factorL[FACTOR_SLOTS * k + q]).toBe(own.factorL[FACTOR_SLOTS * i + q]);
        }
      });
    });
  });

  it('reads and writes the ELEMENT:DEGREES;… syntax, one degree meaning every order', () => {
    expect(parseElementDegrees('H:8,6,4;C:10,8,6', 3)).toEqual({ 1: [8, 6, 4], 6: [10, 8, 6] });
    expect(parseElementDegrees(' Si:12 ; 8:10,8,7 ', 3)).toEqual({ 14: [12, 12, 12], 8: [10, 8, 7] });
    expect(formatElementDegrees({ 8: [10, 8, 6], 1: [8, 6, 4] })).toBe('H:8,6,4;O:10,8,6');
    expect(parseElementDegrees(formatElementDegrees({ 1: [8, 6, 4], 6: [10, 8, 6] }), 3)).toEqual({ 1: [8, 6, 4], 6: [10, 8, 6] });
    expect(() => parseElementDegrees('H:8,6', 3)).toThrow(/one degree or 3/);
    expect(() => parseElementDegrees('Xq:8', 3)).toThrow(/not an element/);
    expect(() => parseElementDegrees('H8,6,4', 3)).toThrow(/ELEMENT:DEGREES/);
    expect(() => parseElementDegrees('H:8,-1,4', 3)).toThrow(/non-negative integers/);
    expect(() => parseElementDegrees('H:8;H:9', 3)).toThrow(/twice/);
  });
});

describe('sizeBasis with per-element atom counts', () => {
  // The solvent set's fitted atoms per element (H 2,743, C 1,679, O 1,387 over 200 clusters) and force + energy rows.
  const solvent = { species: 3, rows: 17418, elementAtoms: { 1: 2743, 6: 1679, 8: 1387 } };

  it('gives each element its own staircase degrees: columns are the enumerated sum, within the budget', () => {
    const s = sizeBasis(solvent);
    const d = s.elementDegrees as Record<number, number[]>;
    let total = 0;
    for (const z of [1, 6, 8]) {
      const D = d[z] as number[];
      expect(s.elementColumns?.[z]).toBe(count(D));
      total += count(D);
      const [d1, d2, d3] = D as [number, number, number];
      expect(d1 >= d2 && d2 >= d3 && d1 - d2 <= 2 && d2 - d3 <= 2).toBe(true);
    }
    expect(s.columns).toBe(total);
    expect(s.columns).toBeLessThanOrEqual(2000);
    expect(s.maxDegree).toEqual(unionDegrees(d, 3));
    expect(s.featuresPerElement).toBe(count(s.maxDegree));
    // More environments, more columns: H ≥ C ≥ O.
    expect(s.elementColumns?.[1]).toBeGreaterThanOrEqual(s.elementColumns?.[6] as number);
    expect(s.elementColumns?.[6]).toBeGreaterThanOrEqual(s.elementColumns?.[8] as number);
    expect(s.elementColumns?.[1]).toBeGreaterThan(s.elementColumns?.[8] as number);
  });

  it('equal shares give every element the same degrees; shareExponent null gives the single tuple', () => {
    const equal = sizeBasis({ species: 3, rows: 17418, elementAtoms: { 1: 1000, 6: 1000, 8: 1000 } });
    const tuples = Object.values(equal.elementDegrees ?? {}).map((D) => D.join(','));
    const uniform = sizeBasis({ species: 3, rows: 17418 });
    // The greedy steps the elements in turn, so with equal shares they differ by at most one staircase step; the
    // uniform walk's tuple is one of them or between them.
    expect(new Set(tuples).size).toBeLessThanOrEqual(2);
    expect(equal.columns).toBeLessThanOrEqual(2000);
    const none = sizeBasis(solvent, { shareExponent: null });
    expect(none.elementDegrees).toBeUndefined();
    expect(none.maxDegree).toEqual(uniform.maxDegree);
    expect(none.columns).toBe(3 * count(uniform.maxDegree));
  });
});

describe('fitPotential with per-element degrees', () => {
  // 14 configurations of the solvent set: the 3 isolated atoms (E0 of H, C, O) and 11 clusters.
  const configs = labelledConfigs(
    parseExtxyz(readFixtureText('mlip/solvent_xtb_train.xyz'), { fileName: 'solvent_xtb_train.xyz' }),
    {},
  ).slice(0, 14);

  it('fits the selected columns: zeros elsewhere, and the model file reproduces the fit’s own training errors', () => {
    const elementDegrees = { 1: [6, 5, 4], 6: [5, 4, 4], 8: [4, 4, 4] };
    const r = fitPotential(configs, { elementDegrees, basis: { rcut: 4 }, committee: 4 });
    const all = enumerateFeatures(spec([6, 5, 4]));
    const keep = elementColumnSelection(all, [1, 6, 8], elementDegrees);
    expect(r.columns).toBe(keep.length);
    expect(r.columns).toBe(count([6, 5, 4]) + count([5, 4, 4]) + count([4, 4, 4]));
    expect(r.elementDegrees).toEqual(elementDegrees);
    const c = r.potential.coefficients;
    const kept = new Set(keep);
    for (let k = 0; k < c.length; k++) if (!kept.has(k)) expect(c[k]).toBe(0);
    for (const m of r.potential.uncertainty?.members ?? []) for (let k = 0; k < m.length; k++) if (!kept.has(k)) expect(m[k]).toBe(0);
    // The expanded model (full column layout, descriptor evaluation) against the fit's predictions on the selected
    // design columns: the same sums in another order, so equal to rounding (1e-9 relative: ~10³ terms of 1e-16).
    let se = 0;
    let n = 0;
    for (const cfg of configs.slice(3)) {
      const e = r.potential.compute(cfg.atoms).energy;
      se += ((e - (cfg.energy as number)) / cfg.atoms.numbers.length) ** 2;
      n++;
    }
    expect(Math.sqrt(se / n)).toBeCloseTo(r.train.all.energyRMSE, 9);
    // Missing element without a basis.maxDegree: refused, naming it.
    expect(() => fitPotential(configs, { elementDegrees: { 1: [4, 4, 4] } })).toThrow(/element 6/);
  });
});
