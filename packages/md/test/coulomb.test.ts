import type { Structure } from '@equitensor/io';
import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { Coulomb, Morse, SumPotential, systemFromStructure, velocityVerlet } from '../src/index.ts';
import { readReference } from './helpers.ts';

describe('Coulomb (wired to @equitensor/electrostatics)', () => {
  it('gives the Ewald energy of rock salt (shared reference, Madelung 1.747564594633)', () => {
    const frame = readReference('crystals/NaCl_conventional.xyz');
    const system = systemFromStructure(frame);
    expect(system.charges).toBeDefined();
    const result = new Coulomb({ accuracy: 1e-12 }).compute(system);
    assertScalarClose(result.energy, frame.info.ewald_energy as number, { rtol: 1e-9 }, 'Ewald energy');
  });

  it('gives the direct energy of an open NaCl cluster and sums with a short-range term', () => {
    const frame = readReference('crystals/NaCl_cluster_8x8x8_open.xyz');
    const system = systemFromStructure(frame);
    const coulomb = new Coulomb();
    assertScalarClose(coulomb.compute(system).energy, frame.info.coulomb_energy as number, { rtol: 1e-9 }, 'direct energy');
    const morse = new Morse({ D: 0.05, alpha: 1.2, r0: 3.0, cutoff: 6 });
    const total = new SumPotential([morse, coulomb]);
    assertScalarClose(
      total.compute(system).energy,
      morse.compute(system).energy + (frame.info.coulomb_energy as number),
      { rtol: 1e-9 },
      'sum',
    );
  });

  it('drives NVE dynamics of an ionic cluster with second-order energy conservation', () => {
    const system = systemFromStructure(readReference('crystals/NaCl_cluster_8x8x8_open.xyz'));
    // keep it small: the 64 ions of one 4×4×4 corner
    const keep = Array.from({ length: 512 }, (_, i) => i).filter((i) =>
      [0, 1, 2].every((k) => system.positions[3 * i + k]! < 4 * 2.82 - 0.1),
    );
    const toStructure = (): Structure => ({
      numbers: Int32Array.from(keep.map((i) => system.numbers[i]!)),
      positions: Float64Array.from(keep.flatMap((i) => [0, 1, 2].map((k) => system.positions[3 * i + k]!))),
      cell: null,
      pbc: [false, false, false],
      arrays: { charges: { type: 'R', width: 1, data: Float64Array.from(keep.map((i) => system.charges![i]!)) } },
      info: {},
    });
    expect(toStructure().numbers.length).toBe(64);
    const drift = (dt: number) => {
      const potential = new SumPotential([new Morse({ D: 0.3, alpha: 1.5, r0: 2.6, cutoff: 8, shift: true }), new Coulomb()]);
      const nve = velocityVerlet(potential, { dt });
      const state = nve.init(systemFromStructure({ ...toStructure(), info: {} }));
      const e0 = nve.conservedEnergy(state);
      for (let s = 0; s < 50 / dt; s++) nve.step(state);
      return Math.abs(nve.conservedEnergy(state) - e0);
    };
    const coarse = drift(0.5);
    const fine = drift(0.25);
    expect(fine).toBeLessThan(5e-3); // eV, 64 ions collapsing from an unrelaxed cube
    expect(coarse / fine).toBeGreaterThan(3); // ≈ 4: second-order error, consistent forces
    expect(coarse / fine).toBeLessThan(5.5);
  });
});
