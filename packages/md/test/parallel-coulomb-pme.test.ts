import { assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { BornMayerHuggins, CoulombPme, createSystem, systemFromStructure } from '../src/index.ts';
import { ParallelCoulombPme } from '../src/node/index.ts';
import { lammpsPrecision, readPotentialText, readReference } from './helpers.ts';
import { expectSerialAgreement } from './pooled.ts';

const born = () => BornMayerHuggins.fromFile(readPotentialText('lammps/NaCl_tosi_fumi.born'), { fileName: 'NaCl_tosi_fumi.born' });

describe('ParallelCoulombPme (tabulated Born + Coulomb real space on the shared worker pool)', () => {
  it('k = 1, 2, 3 (pairs, PME spreading and gathering) equal the serial CoulombPme to 1e-12 (sheared rattled NaCl) and repeat bit for bit', async () => {
    const frame = readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz');
    const base = systemFromStructure(frame);
    const a = 16.919999999999998;
    const sheared = (tilt: number, rattle: number) => {
      const rng = new SeededRng(16);
      return createSystem({
        numbers: base.numbers,
        positions: base.positions.map((v) => v + rng.normal() * rattle),
        cell: [a, 0, 0, tilt, a, 0, -0.5 * tilt, 0.6 * tilt, a],
        pbc: true,
        charges: base.charges as Float64Array,
      });
    };
    // a small shear: image pairs with off-diagonal shifts in the virial, every pair in the table's range; a large
    // one brings Na-Cl pairs to 1.83 Å, below the table's exact radius (2.0 Å): that step takes the serial walk
    for (const [system, pooled] of [
      [sheared(0.2, 0), true],
      [sheared(0.8, 0.05), false],
    ] as const) {
      const make = () => new CoulombPme({ accuracy: 1e-6, cutoff: 8 }).withShortRange(born());
      const serial = make().compute(system);
      for (const workers of [1, 2, 3]) {
        const parallel = new ParallelCoulombPme(make(), { workers });
        try {
          const r = parallel.compute(system);
          expect(parallel.pooled).toBe(pooled);
          expect(parallel.meshPooled).toBe(true);
          // one worker: the serial walks' operations in the same order, so the same bits
          if (workers === 1) expect(Buffer.compare(Buffer.from(r.forces.buffer), Buffer.from(serial.forces.buffer))).toBe(0);
          // the same pair terms added per worker slot and the same mesh: reassociation only (~1e-16 per term, ≤ 300
          // terms per sum)
          expectSerialAgreement(r, serial, workers);
          const again = parallel.compute(system);
          expect(again.energy).toBe(r.energy);
          expect(Buffer.compare(Buffer.from(again.forces.buffer), Buffer.from(r.forces.buffer))).toBe(0);
          expect(Buffer.compare(Buffer.from(again.virial.buffer), Buffer.from(r.virial.buffer))).toBe(0);
          expect(parallel.name).toBe('born+coulomb:pme');
          // per-atom energies: the serial walk on the calling thread, adding up to the pooled energy
          const perAtom = parallel.compute(system, { perAtomEnergies: true });
          expect(parallel.pooled).toBe(false);
          assertScalarClose(
            perAtom.perAtomEnergies!.reduce((p, q) => p + q, 0),
            r.energy,
            { rtol: 1e-12 },
            'Σ per-atom',
          );
        } finally {
          await parallel.close();
        }
      }
    }
  });

  it('Coulomb alone (erfc-table walk) on k = 1, 2, 3 equals the serial CoulombPme to 1e-12; Born with mixed charges stays serial', async () => {
    const frame = readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz');
    const system = systemFromStructure(frame);
    const make = () => new CoulombPme({ accuracy: 1e-6, cutoff: 8 });
    const serial = make().compute(system);
    for (const workers of [1, 2, 3]) {
      const parallel = new ParallelCoulombPme(make(), { workers });
      try {
        const r = parallel.compute(system);
        expect(parallel.pooled).toBe(true);
        // reassociation only, as above
        expectSerialAgreement(r, serial, workers);
        const again = parallel.compute(system);
        expect(Buffer.compare(Buffer.from(again.forces.buffer), Buffer.from(r.forces.buffer))).toBe(0);
      } finally {
        await parallel.close();
      }
    }
    // one Na with another charge (the cell keeps a net charge: PME's neutralising background): no species table, and
    // the Born + erfc walk (sumIonicPairs with Born rows) runs on the calling thread, equal to the serial potential
    const charges = Float64Array.from(system.charges as Float64Array);
    charges[0] = 0.5;
    const mixed = { ...system, charges };
    const withBorn = () => new CoulombPme({ accuracy: 1e-6, cutoff: 8 }).withShortRange(born());
    const parallel = new ParallelCoulombPme(withBorn(), { workers: 2 });
    try {
      const r = parallel.compute(mixed);
      expect(parallel.pooled).toBe(false);
      expect(parallel.meshPooled).toBe(true);
      // the mesh spread on 2 workers: reassociation only
      assertScalarClose(r.energy, withBorn().compute(mixed).energy, { rtol: 1e-12 }, 'energy, mixed charges');
    } finally {
      await parallel.close();
    }
  });

  it('reproduces LAMMPS born/coul/long + ewald 1e-12 (shared reference) on 2 workers', async () => {
    const frame = readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz');
    const system = systemFromStructure(frame);
    const parallel = new ParallelCoulombPme(new CoulombPme({ accuracy: 1e-10, cutoff: 8 }).withShortRange(born()), { workers: 2 });
    try {
      const r = parallel.compute(system);
      expect(parallel.pooled).toBe(true);
      const reference = frame.arrays.forces!.data as Float64Array;
      // twice LAMMPS' own spread between its erfc variants on this input (~4e-7 eV, ~1e-6 eV/Å), as the serial test
      const precision = lammpsPrecision(frame);
      expect(Math.abs(r.energy - (frame.info.energy as number))).toBeLessThan(2 * precision.energy);
      let worst = 0;
      for (let k = 0; k < reference.length; k++) worst = Math.max(worst, Math.abs(r.forces[k]! - reference[k]!));
      expect(worst).toBeLessThan(2 * precision.force);
    } finally {
      await parallel.close();
    }
  });
});
