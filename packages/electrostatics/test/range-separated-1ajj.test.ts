import { describe, expect, it } from 'vitest';
import { directPotentialAtPoints } from '../src/index.ts';
import { maxAbs, maxDifference, rangeSeparatedAndDirect } from './fixtures.ts';

describe('range-separated (RS) tensor format against direct summation on 1ajj', () => {
  it('matches direct summation on 1ajj (519 atoms) within δ = 1e-6: energy, forces, potential', () => {
    const { protein, direct, rs } = rangeSeparatedAndDirect('pqr/1ajj.pqr', 1e-6);
    expect(protein.charges.length).toBe(519);
    console.info(
      `1ajj RS δ=1e-6: ranks ${rs.ranks.join('×')}, n ${rs.model.grid.n}, R_l ${rs.model.longCount}, R_s ${rs.model.shortCount}`,
    );
    expect(Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy)).toBeLessThan(1e-6);
    // the accuracy contract of RangeSeparatedOptions.accuracy: forces within δ of max |F| (0.22δ measured)
    expect(maxDifference(rs.forces, direct.forces) / maxAbs(direct.forces)).toBeLessThan(1e-6);
    // Long-range Tucker ranks stay far below the canonical rank N·R_l.
    expect(rs.ranks[0]).toBeLessThan(60);
    expect(rs.model.longRange.canonicalRank).toBe(519 * rs.model.longCount);
    // Potential at points away from the atoms (nearest atom ≥ 1 Å) against the direct sum.
    const { lo, h, n } = rs.model.grid;
    const points: number[] = [];
    for (let s = 1; s < 9; s++) points.push(lo[0] + (s / 9) * h * (n - 1), lo[1] + ((9 - s) / 9) * h * (n - 1), lo[2] + 0.37 * h * (n - 1));
    const at = new Float64Array(points);
    const exact = directPotentialAtPoints(protein.positions, protein.charges, at);
    const approx = rs.model.potentialAt(at);
    const scale = maxAbs(exact);
    for (let p = 0; p < exact.length; p++) expect(Math.abs(approx[p]! - exact[p]!) / scale).toBeLessThan(1e-5);
  });
});
