import { assertClose, assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  DirectCoulombPotential,
  directPotentialOnGrid,
  EwaldPotential,
  potentialField,
  RangeSeparatedPotential,
  rangeSeparatedCoulomb,
  uniformGrid,
} from '../src/index.ts';
import { loadCharged } from './fixtures.ts';

describe('Coulomb potentials with the md Potential shape', () => {
  it('direct: reads the charges of the atoms and refuses periodic input', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const atoms = { positions: cube.positions, cell: null, pbc: [false, false, false] as const, charges: cube.charges };
    const potential = new DirectCoulombPotential();
    const result = potential.compute(atoms, { perAtomEnergies: true });
    assertScalarClose(result.energy, -2214.2922941889, { rtol: 1e-10 }, 'energy');
    assertScalarClose(
      result.perAtomEnergies!.reduce((s, e) => s + e, 0),
      result.energy,
      { rtol: 1e-12 },
      'per-atom sum',
    );
    expect(() => potential.compute({ positions: cube.positions, cell: null, pbc: [false, false, false] })).toThrow(/no charges/);
    expect(() => potential.compute({ ...atoms, pbc: [true, true, true] })).toThrow(/open boundaries/);
    expect(potential.cutoff).toBe(Number.POSITIVE_INFINITY);
  });

  it('Ewald: gives equal per-atom energies in rock salt summing to the stored energy', () => {
    const crystal = loadCharged('crystals/NaCl_conventional.xyz');
    const potential = new EwaldPotential({ accuracy: 1e-12 });
    const result = potential.compute(
      { positions: crystal.positions, cell: crystal.cell, pbc: [true, true, true], charges: crystal.charges },
      { perAtomEnergies: true },
    );
    assertScalarClose(result.energy, crystal.structure.info.ewald_energy as number, { rtol: 1e-9 }, 'energy');
    assertClose(result.perAtomEnergies!, new Float64Array(8).fill(result.energy / 8), { rtol: 1e-10 }, 'per-atom energies');
    expect(() =>
      potential.compute({ positions: crystal.positions, cell: null, pbc: [false, false, false], charges: crystal.charges }),
    ).toThrow(/periodic/);
  });

  it('RS: agrees with the direct potential and keeps its ranks', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const atoms = { positions: cube.positions, cell: null, pbc: [false, false, false] as const, charges: cube.charges };
    const potential = new RangeSeparatedPotential({ accuracy: 1e-5 });
    const result = potential.compute(atoms, { perAtomEnergies: true });
    expect(Math.abs(result.energy + 2214.2922941889) / 2214.2922941889).toBeLessThan(1e-5);
    assertScalarClose(
      result.perAtomEnergies!.reduce((sum, e) => sum + e, 0),
      result.energy,
      { rtol: 1e-12 },
      'per-atom sum',
    );
    expect(potential.last?.ranks.length).toBe(3);
  });
});

describe('potential fields', () => {
  it('slices a grid in C order', () => {
    const grid = uniformGrid([0, 0, 0], [1, 1, 1], [2, 3, 4]);
    const values = Float64Array.from({ length: 24 }, (_, i) => i);
    const field = potentialField(grid, values);
    expect(field.range).toEqual([0, 23]);
    expect(field.at(1, 2, 3)).toBe(23);
    expect(Array.from(field.slice(0, 1).values)).toEqual(Array.from(values.slice(12)));
    expect(Array.from(field.slice(2, 0).values)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(field.slice(1, 2).rows).toBe(2);
    expect(() => field.slice(0, 2)).toThrow(/outside/);
  });

  it('RS grid potential matches the direct potential on a grid away from the ions', () => {
    const cube = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const rs = rangeSeparatedCoulomb(cube.positions, cube.charges, { accuracy: 1e-6 });
    // Nodes midway between lattice sites (≥ 1.2 Å from every ion).
    const axis = [0, 1, 2].map(() => Float64Array.from({ length: 7 }, (_, i) => 1.41 + 2 * 2.82 * (i / 2)));
    const grid = { x: axis[0]!, y: axis[1]!, z: axis[2]! };
    const field = rs.model.potentialOnGrid(grid);
    const exact = directPotentialOnGrid(cube.positions, cube.charges, grid);
    let scale = 0;
    for (const v of exact) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < exact.length; i++) expect(Math.abs(field.values[i]! - exact[i]!) / scale).toBeLessThan(1e-5);
  });
});
