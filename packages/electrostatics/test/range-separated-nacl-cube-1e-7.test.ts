import { describe, expect, it } from 'vitest';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { forceError, loadCharged } from './fixtures.ts';

describe('range-separated (RS) tensor format on the open 8×8×8 NaCl cube at δ = 1e-7', () => {
  it('meets δ = 1e-7: energy relative error and force error relative to max |F|', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const exact = directCoulomb(cube.positions, cube.charges);
    const rs = rangeSeparatedCoulomb(cube.positions, cube.charges, { accuracy: 1e-7 });
    expect(Math.abs(rs.energy + 2214.2922941889) / 2214.2922941889).toBeLessThan(1e-7);
    expect(forceError(rs.forces, exact.forces)).toBeLessThan(1e-7);
  });
});
