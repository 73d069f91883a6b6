import { assertClose, assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { cubicLattice, EmbeddedAtom, maxwellBoltzmann, parseEamFuncfl, velocityVerlet } from '../src/index.ts';
import { ParallelEmbeddedAtom } from '../src/node/index.ts';
import { readPotentialText, readReference, stepSideBySide, systemOf } from './helpers.ts';
import { expectPooledAgreement, expectSerialAgreement } from './pooled.ts';

const CASES = [
  {
    file: 'lammps/ref_Cu_mishin1_fcc256_rattled.xyz',
    eam: () => EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), 'Cu_mishin1.eam.alloy'),
  },
  {
    file: 'local:ref_CuX_setfl_rattled.xyz',
    eam: () => EmbeddedAtom.fromFile(readPotentialText('local:CuX_synthetic.eam.alloy'), 'CuX_synthetic.eam.alloy'),
  },
  {
    file: 'local:ref_CuX_funcfl_rattled.xyz',
    eam: () =>
      EmbeddedAtom.fromFuncfl([
        parseEamFuncfl(readPotentialText('lammps/potentials/Cu_u3.eam'), { fileName: 'Cu_u3.eam' }),
        parseEamFuncfl(readPotentialText('local:X_synthetic.eam'), { fileName: 'X_synthetic.eam' }),
      ]),
  },
];

describe('ParallelEmbeddedAtom (four barriers over shared memory)', () => {
  for (const { file, eam } of CASES) {
    it(`${file}: LAMMPS energy and forces, k = 1, 2, 3 equal to the serial EAM to 1e-12, repeats bit for bit`, async () => {
      const frame = readReference(file);
      const system = systemOf(frame);
      const serial = eam().compute(system);
      const lammpsForces = frame.arrays.forces!.data as Float64Array;
      // the same terms added in another order (densities and forces per worker slot): reassociation only, ~1e-16
      // relative per term over ≤ 100 neighbours, far inside 1e-12; repeats bit for bit
      await expectPooledAgreement(
        (workers) => new ParallelEmbeddedAtom(eam(), { workers }),
        system,
        serial,
        2,
        (a, workers) => {
          // LAMMPS wrote the reference with 1e-9-relative precision (potentials.test.ts compares the serial EAM so)
          assertScalarClose(a.energy, frame.info.energy as number, { rtol: 1e-9 }, `LAMMPS energy, ${workers} workers`);
          assertClose(a.forces, lammpsForces, { rtol: 1e-9, atol: 2e-9 }, `LAMMPS forces, ${workers} workers`);
        },
      );
    });
  }

  it('drives NVE through neighbour-list rebuilds like the serial EAM; names an atom it does not describe', async () => {
    const make = () => {
      const s = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [5, 5, 5], number: 29 });
      maxwellBoltzmann(s, { temperature: 1200, seed: 7 });
      return s;
    };
    const file = () => EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam', { skin: 0.3 });
    const parallel = new ParallelEmbeddedAtom(file(), { workers: 2 });
    try {
      const [sa, sb] = stepSideBySide(velocityVerlet(parallel, { dt: 2 }), velocityVerlet(file(), { dt: 2 }), make, 30);
      const [a, b] = [sa.system, sb.system];
      expect(parallel.neighborList.buildCount).toBeGreaterThan(1);
      // 30 steps of a hot crystal amplify reassociation differences (1e-16) by far less than 1e8
      assertClose(a.positions, b.positions, { rtol: 0, atol: 1e-8 }, 'positions');
      assertScalarClose(sa.potentialEnergy, sb.potentialEnergy, { rtol: 1e-10 }, 'energy');
      const bad = make();
      bad.numbers[3] = 13;
      expect(() => parallel.compute(bad)).toThrow(/atom 3 has atomic number 13/);
    } finally {
      await parallel.close();
    }
  });

  it('keeps its buffers across list rebuilds and grows the within-cutoff list when a denser crystal has more pairs', async () => {
    const file = () => EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const parallel = new ParallelEmbeddedAtom(file(), { workers: 2 });
    const rng = new SeededRng(16);
    try {
      // 3.9 → 3.615 → 3.3 Å: (3.9/3.3)³ ≈ 1.65 times the pairs, past the quarter of headroom the first list gets; each
      // crystal rattled by up to ±0.3 Å, so that atoms move more than half the skin (1 Å) and the list is rebuilt
      for (const a of [3.9, 3.615, 3.3]) {
        const system = cubicLattice({ structure: 'fcc', a, repeat: [4, 4, 4], number: 29 });
        for (let c = 0; c < system.positions.length; c++)
          system.positions[c] = (system.positions[c] as number) + 0.6 * (rng.uniform() - 0.5);
        expectSerialAgreement(parallel.compute(system), file().compute(system), 2);
      }
      expect(parallel.neighborList.buildCount).toBe(3);
    } finally {
      await parallel.close();
    }
  });
});
