/**
 * The RS method on sparse open systems (charges 10³–10⁹ Å apart, a split radius millions of times the
 * closest pair) meets the requested accuracy against direct summation, and refuses with a RangeError that
 * advises direct summation when its own interpolation-error estimate says the accuracy is out of reach.
 * Before: the short-range table was capped at 2²⁰ steps, so for σ·t_max ≫ 2¹⁴ its step reached the
 * closest pair (−45.11 eV instead of −5.106 eV at 10⁹ Å, a 1.2e-3 error at 10⁷ Å with δ = 1e-6).
 */
import { describe, expect, it } from 'vitest';
import { directCoulomb, rangeSeparatedCoulomb, ShortRangeTable, shortKernel, sincQuadrature, splitQuadrature } from '../src/index.ts';
import { forceError, loadCharged } from './fixtures.ts';

/** A Na⁺Cl⁻ pair 2.82 Å apart (rock-salt nearest neighbours) and a third ion `far` Å away. */
function ionPairAndFarIon(far: number): { positions: Float64Array; charges: Float64Array } {
  return { positions: new Float64Array([0, 0, 0, 2.82, 0, 0, far, 0, 0]), charges: new Float64Array([1, -1, 1]) };
}

/** Two such pairs `far` Å apart along a diagonal (four ions, two clusters). */
function twoIonPairs(far: number): { positions: Float64Array; charges: Float64Array } {
  const d = far / Math.sqrt(3);
  return {
    positions: new Float64Array([0, 0, 0, 2.82, 0, 0, d, d, d, d, d + 2.82, d]),
    charges: new Float64Array([1, -1, -1, 1]),
  };
}

describe('RS on sparse open systems meets the requested accuracy', () => {
  // δ is the method's contract: relative energy error, and force error relative to max |F| (RangeSeparatedOptions.accuracy)
  const accuracy = 1e-6;
  it.each([1e3, 1e5, 1e7, 1e9])('an ion pair and an ion %s Å away: energy and forces within δ = 1e-6 of direct summation', (far) => {
    const { positions, charges } = ionPairAndFarIon(far);
    const direct = directCoulomb(positions, charges);
    const rs = rangeSeparatedCoulomb(positions, charges, { accuracy });
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(accuracy);
    expect(forceError(rs.forces, direct.forces)).toBeLessThan(accuracy);
  });

  it('the reported cases: −5.106 eV at 10⁹ Å (was −45.11 eV) and at 10⁷ Å (was off by 1.2e-3)', () => {
    for (const far of [1e7, 1e9]) {
      const { positions, charges } = ionPairAndFarIon(far);
      const e = rangeSeparatedCoulomb(positions, charges, { accuracy }).energy;
      // −k_e/2.82 Å = −5.10625… eV; the far ion adds −k_e(1/far − 1/(far − 2.82)) < 1e-12 eV
      expect(e).toBeCloseTo(-14.399645478425668 / 2.82, 5);
    }
  });

  it.each([1e4, 1e8])('two ion pairs %s Å apart: energy within δ = 1e-6', (far) => {
    const { positions, charges } = twoIonPairs(far);
    const direct = directCoulomb(positions, charges);
    const rs = rangeSeparatedCoulomb(positions, charges, { accuracy });
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(accuracy);
  });

  it('two lone charges 10⁸ Å apart (all of the energy in the long-range part): within δ = 1e-6', () => {
    const positions = new Float64Array([0, 0, 0, 1e8, 0, 0]);
    const charges = new Float64Array([1, -1]);
    const direct = directCoulomb(positions, charges);
    const rs = rangeSeparatedCoulomb(positions, charges, { accuracy });
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(accuracy);
  });
});

describe('the short-range table', () => {
  it('is not built when it could not resolve the narrowest Gaussian (σ·t_max > 2¹⁴): p_s is then summed exactly', () => {
    const q = sincQuadrature({ accuracy: 2.5e-7, rMin: 1.41, rMax: 1.9e9 });
    const split = splitQuadrature(q, 2.75e8, 2.5e-7);
    expect(split.sigma * q.t[q.t.length - 1]!).toBeGreaterThan(2 ** 14);
    const table = new ShortRangeTable(split);
    expect(table.tabulated).toBe(false);
    for (const r of [0, 1.41, 2.82, 100, 1e6, 2e8]) {
      const [v, s] = shortKernel(split, r);
      const [tv, ts] = table.evaluate(r);
      expect(tv).toBe(v);
      expect(ts).toBe(s);
    }
  });

  it('is built for a compact system (σ·t_max well below 2¹⁴)', () => {
    const q = sincQuadrature({ accuracy: 2.5e-7, rMin: 1.4, rMax: 50 });
    const table = new ShortRangeTable(splitQuadrature(q, 8, 2.5e-7));
    expect(table.tabulated).toBe(true);
  });
});

describe('RS refuses an accuracy its interpolation-error estimate says it cannot reach', () => {
  const { positions, charges } = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');

  it('a split radius so small that the grid would need more than 1024 nodes per axis', () => {
    expect(() => rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-6, splitRadius: 0.05 })).toThrow(RangeError);
    expect(() => rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-6, splitRadius: 0.05 })).toThrow(
      /accuracy 1e-6 is out of reach .* more than the 1024 allowed; use direct summation \(`--method direct`, directCoulomb\), or a larger split radius/,
    );
  });

  it('a given grid too coarse for the accuracy: 7·(h·t)⁷ > δ', () => {
    expect(() => rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-9, gridSize: 32 })).toThrow(
      /accuracy 1e-9 is out of reach .* but the grid has 32 \(estimated error [\d.]+e-\d+\).*or a finer grid/,
    );
    // a grid the estimate accepts (45 nodes needed for δ = 1e-3 on this cube) meets δ
    const direct = directCoulomb(positions, charges);
    const rs = rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-3, gridSize: 48 });
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(1e-3);
  });

  it('names the accepted range of the accuracy itself (not the quadrature’s internal δ/4)', () => {
    for (const accuracy of [1e-16, 0, 1, Number.NaN])
      expect(() => rangeSeparatedCoulomb(positions, charges, { accuracy })).toThrow(
        new RegExp(`rangeSeparatedCoulomb: accuracy must lie in \\(4e-15, 1\\), got ${accuracy}`),
      );
  });

  it('names the two atoms of coincident charges', () => {
    const p = new Float64Array([0, 0, 0, 5, 0, 0, 0, 0, 0]);
    expect(() => rangeSeparatedCoulomb(p, new Float64Array([1, -1, 1]))).toThrow(/atoms 0 and 2 coincide/);
  });
});
