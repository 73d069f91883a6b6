import { COULOMB_CONSTANT } from '@equitensor/io';
import { assertClose, assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { directCoulomb, directPotentialAtPoints, directPotentialOnGrid, uniformGrid } from '../src/index.ts';
import { loadCharged } from './fixtures.ts';

function randomCharges(n: number, seed: number, box = 10) {
  const rng = new SeededRng(seed);
  const positions = rng.uniformArray(3 * n, -box / 2, box / 2);
  const charges = new Float64Array(n).map((_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + rng.uniform()));
  return { positions, charges };
}

describe('direct summation', () => {
  it('reproduces the open 8×8×8 NaCl cube energy (k_e is given to 11 figures, hence 1e-10)', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const reference = cube.structure.info.coulomb_energy as number;
    expect(reference).toBe(-2214.2922941889);
    const { energy, forces, virial } = directCoulomb(cube.positions, cube.charges);
    expect(Math.abs(energy - reference) / Math.abs(reference)).toBeLessThan(1e-10);
    // tr W = E for a 1/r potential; the net force vanishes.
    assertScalarClose(virial[0]! + virial[4]! + virial[8]!, energy, { rtol: 1e-12 }, 'trace of the virial');
    let net = 0;
    for (let d = 0; d < 3; d++) for (let i = 0; i < 512; i++) net += forces[3 * i + d]!;
    expect(Math.abs(net)).toBeLessThan(1e-9);
  });

  it('gives block-size independent results and the pair formula', () => {
    const { positions, charges } = randomCharges(300, 1);
    const a = directCoulomb(positions, charges, { blockSize: 7 });
    const b = directCoulomb(positions, charges, { blockSize: 1000 });
    assertScalarClose(a.energy, b.energy, { rtol: 1e-13 }, 'energy');
    assertClose(a.forces, b.forces, { rtol: 1e-12, atol: 1e-12 }, 'forces');
    const pair = directCoulomb(new Float64Array([0, 0, 0, 2.82, 0, 0]), new Float64Array([1, -1]));
    assertScalarClose(pair.energy, -COULOMB_CONSTANT / 2.82, { rtol: 1e-15 }, 'pair energy');
  });

  it('has forces equal to minus the energy gradient (central differences)', () => {
    const { positions, charges } = randomCharges(20, 2);
    const { forces } = directCoulomb(positions, charges);
    const h = 1e-5;
    for (const c of [0, 7, 31, 59]) {
      const p = positions.slice();
      p[c] = p[c]! + h;
      const up = directCoulomb(p, charges).energy;
      p[c] = p[c]! - 2 * h;
      const down = directCoulomb(p, charges).energy;
      assertScalarClose(forces[c]!, -(up - down) / (2 * h), { rtol: 1e-6, atol: 1e-7 }, `force component ${c}`);
    }
  });

  it('has a virial equal to −dE/dε (finite strain)', () => {
    const { positions, charges } = randomCharges(15, 3);
    const { virial } = directCoulomb(positions, charges);
    const h = 1e-6;
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [2, 1],
    ] as const) {
      const strained = (e: number) => {
        const p = positions.slice();
        for (let i = 0; i < 15; i++) p[3 * i + a] = positions[3 * i + a]! + e * positions[3 * i + b]!;
        return directCoulomb(p, charges).energy;
      };
      const dE = (strained(h) - strained(-h)) / (2 * h);
      const w = virial[3 * a + b]!;
      expect(w).toBe(virial[3 * b + a]!);
      assertScalarClose(w, -dE, { rtol: 1e-6, atol: 1e-8 }, `W${a}${b}`);
    }
  });

  it('gives the potential at points and on grids consistently with the energy', () => {
    const { positions, charges } = randomCharges(50, 4);
    // E = ½ Σ qᵢ φ_{≠i}(rᵢ): the potential at each charge excludes the charge itself.
    const phi = directPotentialAtPoints(positions, charges, positions, { blockSize: 13 });
    let e = 0;
    for (let i = 0; i < 50; i++) e += 0.5 * charges[i]! * phi[i]!;
    assertScalarClose(e, directCoulomb(positions, charges).energy, { rtol: 1e-13 }, 'energy from potentials');
    const grid = uniformGrid([-6, -6, -6], [6, 6, 6], [4, 5, 6]);
    const values = directPotentialOnGrid(positions, charges, grid);
    const point = new Float64Array([grid.x[2]!, grid.y[3]!, grid.z[1]!]);
    assertScalarClose(values[(2 * 5 + 3) * 6 + 1]!, directPotentialAtPoints(positions, charges, point)[0]!, { rtol: 1e-14 }, 'grid node');
  });

  it('rejects mismatched arrays and coincident charges', () => {
    expect(() => directCoulomb(new Float64Array(5), new Float64Array(2))).toThrow(/3·N = 6/);
    expect(() => directCoulomb(new Float64Array(6), new Float64Array([1, 1]))).toThrow(/coincide/);
  });
});
