import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { loadCharged } from './fixtures.ts';

describe('range-separated assemblies', () => {
  it('RHOSVD of the particles’ side matrices and the box-wide basis give the same energy', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const positions = cube.positions.slice(0, 3 * 64);
    const charges = cube.charges.slice(0, 64);
    const exact = directCoulomb(positions, charges);
    const base = { accuracy: 1e-6, box: { lo: [-2, -2, -2] as const, size: 24 } };
    const viaRhosvd = rangeSeparatedCoulomb(positions, charges, { ...base, assembly: 'rhosvd' });
    const viaBasis = rangeSeparatedCoulomb(positions, charges, { ...base, assembly: 'projected' });
    assertScalarClose(viaRhosvd.energy, exact.energy, { rtol: 2e-6 }, 'RHOSVD energy');
    assertScalarClose(viaBasis.energy, exact.energy, { rtol: 2e-6 }, 'box-basis energy');
    // The particles' own side matrices need no more rank than the box-wide basis.
    expect(viaRhosvd.ranks[0]).toBeLessThanOrEqual(viaBasis.ranks[0]);
    expect(viaRhosvd.model.longRange.canonicalRank).toBe(64 * viaRhosvd.model.longCount);
  });
});
