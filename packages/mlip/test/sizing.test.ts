import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_COLUMNS, dataSize, enumerateFeatures, estimateFit, FitTooLargeError, fitPotential, sizeBasis } from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

const columnsOf = (species: number, order: number, maxDegree: readonly number[]): number =>
  species *
  enumerateFeatures({ species: Array.from({ length: species }, (_, i) => i + 1), order, maxDegree, wL: 1, rcut: 5, lambda: 0 }).count;

const siTiny = siTinyConfigs();

describe('sizeBasis: the default basis from elements and rows', () => {
  it('keeps one element at the validated (12, 12, 12) basis, 347 columns', () => {
    // 347: the order-3 degree-12 basis of ACEpotentials.jl's Si_tiny test (basis.ts, fit.test.ts) that meets its bounds.
    const s = sizeBasis({ species: 1, rows: 41839 }); // rows of Zuo Si
    expect(s.maxDegree).toEqual([12, 12, 12]);
    expect(s.columns).toBe(347);
    expect(s.columns).toBe(columnsOf(1, 3, [12, 12, 12]));
    expect(s.limitedBy).toBe('ceiling');
  });

  for (const species of [1, 2, 3, 4]) {
    it(`${species} element(s): columns within the budget, the largest step of the walk that fits, staircase degrees`, () => {
      const s = sizeBasis({ species, rows: 1e6 });
      // Recount independently of the walk: the reported columns are the enumerated ones.
      expect(s.columns).toBe(columnsOf(species, 3, s.maxDegree));
      expect(s.columns).toBeLessThanOrEqual(DEFAULT_MAX_COLUMNS);
      const [d1, d2, d3] = s.maxDegree as [number, number, number];
      expect(d1 >= d2 && d2 >= d3 && d1 - d2 <= 2 && d2 - d3 <= 2).toBe(true);
      // Maximal: the walk's previous state (one of the three single-degree increases) was over the budget.
      if (s.limitedBy !== 'ceiling') {
        const previous = [
          [d1 + 1, d2, d3],
          [d1, d2 + 1, d3],
          [d1, d2, d3 + 1],
        ].map((d) => columnsOf(species, 3, d));
        expect(Math.max(...previous)).toBeGreaterThan(s.budget);
      }
    });
  }

  it('lowers the degrees as the element count grows (per-element degrees)', () => {
    const sum = (d: readonly number[]): number => d.reduce((a, b) => a + b, 0);
    const degrees = [1, 2, 3, 4].map((species) => sum(sizeBasis({ species, rows: 1e6 }).maxDegree));
    for (let k = 1; k < degrees.length; k++) expect(degrees[k]).toBeLessThan(degrees[k - 1] as number);
  });

  it('keeps at least 3 rows per column', () => {
    const s = sizeBasis({ species: 1, rows: 600 });
    expect(s.budget).toBe(200);
    expect(s.limitedBy).toBe('rows');
    expect(s.columns).toBeLessThanOrEqual(200);
  });

  it('gives a larger basis for a larger --max-columns', () => {
    const s = sizeBasis({ species: 1, rows: 1e6 }, { maxColumns: 5000 });
    expect(s.columns).toBeGreaterThan(347);
    expect(s.columns).toBeLessThanOrEqual(5000);
  });

  it('refuses impossible arguments with a RangeError naming them', () => {
    expect(() => sizeBasis({ species: 2, rows: 100 }, { maxColumns: 0 })).toThrow(/maxColumns/);
    expect(() => sizeBasis({ species: 2, rows: 100 }, { order: 5 })).toThrow(/order/);
  });
});

describe('dataSize and estimateFit', () => {
  it('counts Si_tiny as its provenance table states (53 frames, 229 atoms)', () => {
    const size = dataSize(siTiny, 5.5);
    expect(size.configs).toBe(53);
    expect(size.atoms).toBe(229);
    expect(size.species).toBe(1);
    expect(size.designRows).toBe(53 * 10 + 3 * 229);
  });

  it('counts design bytes as 8 bytes per row and column, and P×P matrices per split', () => {
    const size = { species: 1, configs: 10, atoms: 100, rows: 310, designRows: 400, pairs: 1000 };
    const a = estimateFit(size, { columns: 100, featuresPerElement: 100, splits: 1 });
    const b = estimateFit(size, { columns: 100, featuresPerElement: 100, splits: 5 });
    expect(a.designBytes).toBe(8 * 100 * 400);
    expect(b.matrixBytes - a.matrixBytes).toBe(4 * 8 * 100 * 100);
    expect(b.seconds.solve).toBeGreaterThan(a.seconds.solve);
  });
});

describe('fitPotential sizes its basis and refuses what does not fit', () => {
  const slice = siTiny.slice(0, 12);

  it('reports the estimate before the features and returns it', () => {
    const messages: string[] = [];
    const r = fitPotential(slice, { log: (m) => messages.push(m) });
    const estimateAt = messages.findIndex((m) => m.startsWith('estimate:'));
    const firstFeature = messages.findIndex((m) => m.startsWith('features:'));
    expect(estimateAt).toBeGreaterThanOrEqual(0);
    expect(estimateAt).toBeLessThan(firstFeature);
    expect(r.estimate.columns).toBe(r.columns);
    expect(r.sizing?.columns).toBe(r.columns);
  });

  it('names the solver the fit uses in its estimate: sketch, costed as the Cholesky path that bounds it', () => {
    const messages: string[] = [];
    const r = fitPotential(slice, { basis: { maxDegree: [6, 6, 6] }, solver: 'sketch', log: (m) => messages.push(m) });
    const line = messages.find((m) => m.startsWith('estimate:'));
    expect(line).toMatch(/sketch solve/);
    expect(line).not.toMatch(/cholesky solve/);
    expect(r.estimate.solver).toBe('sketch');
    const size = { species: 1, configs: 10, atoms: 100, rows: 310, designRows: 400, pairs: 1000 };
    const chol = estimateFit(size, { columns: 100, featuresPerElement: 100, splits: 5, solver: 'cholesky' });
    const sketch = estimateFit(size, { columns: 100, featuresPerElement: 100, splits: 5, solver: 'sketch' });
    expect({ ...sketch, solver: 'cholesky' }).toEqual(chol);
  });

  it('refuses a fit whose memory estimate exceeds memoryLimit, with advice (a RangeError)', () => {
    let error: unknown;
    try {
      fitPotential(slice, { basis: { maxDegree: [16, 16, 16] }, memoryLimit: 1e8 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FitTooLargeError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/GB/);
    expect((error as Error).message).toMatch(/--degree|--max-columns|subset/);
  });
});
