import { describe, expect, it } from 'vitest';
import { BornMayerHuggins, CoulombPme, LennardJones, SumPotential, sumPotentials, systemFromStructure } from '../src/index.ts';
import { readPotentialText, readReference } from './helpers.ts';

const born = () => BornMayerHuggins.fromFile(readPotentialText('lammps/NaCl_tosi_fumi.born'), { fileName: 'NaCl_tosi_fumi.born' });

describe('sumPotentials', () => {
  it('fuses Born into a plain CoulombPme: the same numbers as the explicitly fused potential, bit for bit', () => {
    const system = systemFromStructure(readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'));
    const options = { accuracy: 1e-6, cutoff: 9 };
    const salt = sumPotentials([born(), new CoulombPme(options)]);
    expect(salt).toBeInstanceOf(CoulombPme);
    expect(salt.name).toBe('born+coulomb:pme');
    const a = salt.compute(system);
    const b = new CoulombPme({ ...options, shortRange: born() }).compute(system);
    // the same construction (withShortRange keeps every other option): identical sums, no tolerance
    expect(a.energy).toBe(b.energy);
    expect(Array.from(a.forces)).toEqual(Array.from(b.forces));
    expect(Array.from(a.virial)).toEqual(Array.from(b.virial));
  });

  it('keeps the other terms, and sums unfused when the Born cutoff exceeds the real-space one or there is no PME', () => {
    const lj = new LennardJones({ epsilon: 0.01, sigma: 2.5, cutoff: 6 });
    const withLj = sumPotentials([lj, born(), new CoulombPme({ accuracy: 1e-5, cutoff: 10 })]);
    expect(withLj).toBeInstanceOf(SumPotential);
    expect((withLj as SumPotential).terms.map((t) => t.name)).toEqual([lj.name, 'born+coulomb:pme']);
    // NaCl_tosi_fumi.born's cutoffs are 8 Å: a 7 Å real-space cutoff cannot hold them
    const tooShort = sumPotentials([born(), new CoulombPme({ accuracy: 1e-5, cutoff: 7 })]);
    expect((tooShort as SumPotential).terms.map((t) => t.name)).toEqual(['born', 'coulomb:pme']);
    expect(sumPotentials([lj])).toBe(lj);
  });
});
