import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { loadCharged } from './fixtures.ts';

describe('range-separated (RS) tensor format: consistency', () => {
  it('gives forces equal to minus the gradient of its own energy and tr W = Σ x·F', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const positions = cube.positions.slice(0, 3 * 64);
    const charges = cube.charges.slice(0, 64);
    const options = { accuracy: 1e-5, box: { lo: [-2, -2, -2] as const, size: 24 } };
    const rs = rangeSeparatedCoulomb(positions, charges, options);
    const exact = directCoulomb(positions, charges);
    assertScalarClose(rs.energy, exact.energy, { rtol: 1e-5 }, 'energy');
    let trace = 0;
    for (let i = 0; i < 64; i++) for (let d = 0; d < 3; d++) trace += positions[3 * i + d]! * rs.forces[3 * i + d]!;
    assertScalarClose(rs.virial[0]! + rs.virial[4]! + rs.virial[8]!, trace, { rtol: 1e-12 }, 'trace of the virial');
    // For 1/r, tr W = E (Euler's theorem for a degree −1 homogeneous energy).
    assertScalarClose(trace, exact.energy, { rtol: 5e-4 }, 'tr W = E (force errors weighted by |x| ≤ 20 Å)');
    const hStep = 1e-4;
    for (const c of [20, 100]) {
      const p = positions.slice();
      p[c] = p[c]! + hStep;
      const up = rangeSeparatedCoulomb(p, charges, options).energy;
      p[c] = p[c]! - 2 * hStep;
      const down = rangeSeparatedCoulomb(p, charges, options).energy;
      assertScalarClose(rs.forces[c]!, -(up - down) / (2 * hStep), { rtol: 1e-3, atol: 1e-4 }, `force ${c}`);
    }
  });

  it('reports a point outside its grid box and coincident charges', () => {
    const rs = rangeSeparatedCoulomb(new Float64Array([0, 0, 0, 3, 0, 0]), new Float64Array([1, -1]), { accuracy: 1e-4 });
    expect(() => rs.model.potentialAt(new Float64Array([100, 0, 0]))).toThrow(/outside the grid box/);
    expect(() => rangeSeparatedCoulomb(new Float64Array([0, 0, 0, 0, 0, 0]), new Float64Array([1, -1]))).toThrow(/coincide/);
  });
});
