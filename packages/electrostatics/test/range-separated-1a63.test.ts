import { describe, expect, it } from 'vitest';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { loadCharged, maxAbs, maxDifference } from './fixtures.ts';

describe('range-separated (RS) tensor format against direct summation on 1a63', () => {
  it('matches direct summation on 1a63 (2,065 atoms) within δ = 1e-5', () => {
    const protein = loadCharged('pqr/1a63.pqr');
    expect(protein.charges.length).toBe(2065);
    const direct = directCoulomb(protein.positions, protein.charges);
    const rs = rangeSeparatedCoulomb(protein.positions, protein.charges, { accuracy: 1e-5 });
    console.info(`1a63 RS δ=1e-5: ranks ${rs.ranks.join('×')}, n ${rs.model.grid.n}`);
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(1e-5);
    expect(maxDifference(rs.forces, direct.forces) / maxAbs(direct.forces)).toBeLessThan(5e-5);
  });
});
