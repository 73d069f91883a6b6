import { describe, expect, it } from 'vitest';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { forceError, loadCharged } from './fixtures.ts';

/** The stored direct-sum energy of the open 8×8×8 NaCl cube (eV), from the file's `coulomb_energy`. */
const CUBE_ENERGY = -2214.2922941889;

describe('range-separated (RS) tensor format on the open 8×8×8 NaCl cube (512 ions)', () => {
  const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
  const exact = directCoulomb(cube.positions, cube.charges);

  it('the direct forces and energy are the reference', () => {
    expect(Math.abs(exact.energy - CUBE_ENERGY) / -CUBE_ENERGY).toBeLessThan(1e-10);
  });

  for (const accuracy of [1e-3, 1e-5]) {
    it(`meets δ = ${accuracy}: energy relative error and force error relative to max |F|`, () => {
      const rs = rangeSeparatedCoulomb(cube.positions, cube.charges, { accuracy });
      expect(Math.abs(rs.energy - CUBE_ENERGY) / -CUBE_ENERGY).toBeLessThan(accuracy);
      expect(forceError(rs.forces, exact.forces)).toBeLessThan(accuracy);
    });
  }

  it('meets δ = 1e-5 in the viewer’s box too (4 Å margin; the setting that missed with 1.7e-5 before)', () => {
    const size = (7 * 2.82 + 8) * 1.0001;
    const rs = rangeSeparatedCoulomb(cube.positions, cube.charges, { accuracy: 1e-5, box: { lo: [-4, -4, -4], size } });
    expect(Math.abs(rs.energy - CUBE_ENERGY) / -CUBE_ENERGY).toBeLessThan(1e-5);
    expect(forceError(rs.forces, exact.forces)).toBeLessThan(1e-5);
  });
});
