import { describe, expect, it } from 'vitest';
import { maxAbs, maxDifference, rangeSeparatedAndDirect } from './fixtures.ts';

describe('range-separated (RS) tensor format against direct summation on 1a63', () => {
  it('matches direct summation on 1a63 (2,065 atoms) within δ = 1e-5', () => {
    const { protein, direct, rs } = rangeSeparatedAndDirect('pqr/1a63.pqr', 1e-5);
    expect(protein.charges.length).toBe(2065);
    console.info(`1a63 RS δ=1e-5: ranks ${rs.ranks.join('×')}, n ${rs.model.grid.n}`);
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(1e-5);
    // the accuracy contract of RangeSeparatedOptions.accuracy: forces within δ of max |F| (0.19δ measured)
    expect(maxDifference(rs.forces, direct.forces) / maxAbs(direct.forces)).toBeLessThan(1e-5);
  });
});
