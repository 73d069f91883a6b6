import { describe, expect, it } from 'vitest';
import {
  BornMayerHuggins,
  CoulombPme,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  Morse,
  type Potential,
  type PotentialResult,
  SumPotential,
  type System,
  systemFromStructure,
  velocityVerlet,
} from '../src/index.ts';
import { ParallelEmbeddedAtom, ParallelLennardJones } from '../src/node/index.ts';
import { readPotentialText, readReference, systemOf } from './helpers.ts';

/**
 * `ComputeOptions.forces`: a potential that honours it writes its forces into the caller's array (whatever that held
 * before) and returns that array; the numbers are exactly those of a call without it (the same operations in the same
 * order into a zeroed array), so the assertions are bit for bit.
 */
function expectWrittenInto(potential: Potential, system: System): void {
  const plain = potential.compute(system);
  const into = new Float64Array(system.positions.length).fill(7.5);
  const reused = potential.compute(system, { forces: into });
  expect(reused.forces).toBe(into);
  expect(reused.energy).toBe(plain.energy);
  expect(Array.from(reused.forces)).toEqual(Array.from(plain.forces));
  expect(Array.from(reused.virial)).toEqual(Array.from(plain.virial));
  // an array of another length is not used
  const wrong = new Float64Array(system.positions.length + 3);
  expect(potential.compute(system, { forces: wrong }).forces).not.toBe(wrong);
}

const ljSystem = () => systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz'));

describe('ComputeOptions.forces (the forces written into the caller’s array)', () => {
  it('LennardJones (WebAssembly and TypeScript kernels) and EmbeddedAtom', () => {
    for (const kernel of ['wasm', 'typescript'] as const) expectWrittenInto(new LennardJones({ cutoff: 2.5, kernel }), ljSystem());
    const eam = EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), 'Cu_mishin1.eam.alloy');
    expectWrittenInto(eam, systemOf(readReference('lammps/ref_Cu_mishin1_fcc256_rattled.xyz')));
  });

  it('CoulombPme with a Born-Mayer-Huggins term fused in', () => {
    const frame = readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz');
    const born = BornMayerHuggins.fromFile(readPotentialText('lammps/NaCl_tosi_fumi.born'), { fileName: 'NaCl_tosi_fumi.born' });
    expectWrittenInto(new CoulombPme({ accuracy: 1e-5, cutoff: 8, shortRange: born }), systemFromStructure(frame));
  });

  it('the pooled potentials (the reduced forces copied into it)', async () => {
    const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
    const eam = new ParallelEmbeddedAtom(
      EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), 'Cu_mishin1.eam.alloy'),
      {
        workers: 2,
      },
    );
    try {
      expectWrittenInto(lj, ljSystem());
      expectWrittenInto(eam, systemOf(readReference('lammps/ref_Cu_mishin1_fcc256_rattled.xyz')));
    } finally {
      await Promise.all([lj.close(), eam.close()]);
    }
  });

  it('SumPotential writes the sum into it and does not pass it on to its terms', () => {
    const system = ljSystem();
    const terms = [new LennardJones({ cutoff: 2.5 }), new Morse({ D: 0.1, alpha: 1.5, r0: 1.2, cutoff: 2.5 })];
    const sum = new SumPotential(terms);
    expectWrittenInto(sum, system);
    // the terms' own forces, added: had a term written into the sum's array, the other term's zeroing would lose it
    const separate = terms.map((t): PotentialResult => t.compute(system));
    const into = new Float64Array(system.positions.length);
    const total = sum.compute(system, { forces: into }).forces;
    for (let k = 0; k < total.length; k++) expect(total[k]).toBe(0 + separate[0]!.forces[k]! + separate[1]!.forces[k]!);
  });

  it('velocity Verlet keeps one force array for the whole run, with the same trajectory as a fresh array per step', () => {
    const run = (potential: Potential) => {
      const integrator = velocityVerlet(potential, { dt: 0.005, units: ljUnits });
      const state = integrator.init(ljSystem());
      const first = state.forces;
      for (let s = 0; s < 5; s++) integrator.step(state);
      return { state, first };
    };
    const reused = run(new LennardJones({ cutoff: 2.5 }));
    expect(reused.state.forces).toBe(reused.first);
    // the same potential without support for the option (a new array each call, as third-party potentials may do)
    const inner = new LennardJones({ cutoff: 2.5 });
    const fresh = run({ name: 'lj', cutoff: 2.5, compute: (atoms) => inner.compute(atoms) });
    expect(fresh.state.forces).not.toBe(fresh.first);
    expect(Array.from(reused.state.system.positions)).toEqual(Array.from(fresh.state.system.positions));
    expect(Array.from(reused.state.forces)).toEqual(Array.from(fresh.state.forces));
  });
});
