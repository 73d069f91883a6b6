import { chebTuckerEvaluate, chebTuckerRanks } from '@equitensor/tensor';
import { describe, expect, it } from 'vitest';
import { evaluateLongRange, rangeSeparatedCoulomb } from '../src/index.ts';
import { loadCharged } from './fixtures.ts';

describe('long-range part in the two-level Chebyshev-Tucker format', () => {
  it('reproduces the long-range Tucker tensor of 1ajj at scattered points', () => {
    const protein = loadCharged('pqr/1ajj.pqr');
    const rs = rangeSeparatedCoulomb(protein.positions, protein.charges, { accuracy: 1e-5 });
    const ct = rs.model.longRangeChebTucker({ m: 65, eps: 1e-8 });
    const ranks = chebTuckerRanks(ct);
    expect(Math.max(...ranks)).toBeLessThanOrEqual(65);
    const { lo, h, n } = rs.model.grid;
    const size = h * (n - 1);
    const out = new Float64Array(4);
    let worst = 0;
    let scale = 0;
    for (let p = 0; p < 100; p++) {
      const x = lo[0] + size * ((p * 0.618) % 1);
      const y = lo[1] + size * ((p * 0.377) % 1);
      const z = lo[2] + size * ((p * 0.123 + 0.05) % 1);
      evaluateLongRange(rs.model.longRange, x, y, z, out);
      worst = Math.max(worst, Math.abs(chebTuckerEvaluate(ct, [x], [y], [z])[0]! - out[0]!));
      scale = Math.max(scale, Math.abs(out[0]!));
    }
    expect(worst / scale).toBeLessThan(1e-6);
  });
});
