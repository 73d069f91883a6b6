import { ParseError } from '@equitensor/io';
import { assertClose, assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { BornMayerHuggins, Buckingham, parsePairFile, stressTensor } from '../src/index.ts';
import { LAMMPS_NKTV2P_METAL, pressVector, readPotentialText, readReference, systemOf } from './helpers.ts';

// LAMMPS references from fixtures/generate_born_buck_reference.py (dump and thermo at %.17g: full double precision),
// so tolerances are float64 rounding of sums of ~10⁴ pair terms: 1e-10 relative.
describe('Born-Mayer-Huggins and Buckingham against LAMMPS (pair_style born / buck, 216 rattled NaCl ions)', () => {
  const cases = [
    {
      file: 'ref_NaCl_born_216_rattled.xyz',
      make: () => BornMayerHuggins.fromFile(readPotentialText('lammps/NaCl_tosi_fumi.born'), { fileName: 'NaCl_tosi_fumi.born' }),
    },
    {
      file: 'ref_NaCl_buck_216_rattled.xyz',
      make: () => Buckingham.fromFile(readPotentialText('local:NaCl_tosi_fumi.buck'), { fileName: 'NaCl_tosi_fumi.buck' }),
    },
  ];
  for (const c of cases) {
    it(c.file, () => {
      const frame = readReference(`local:${c.file}`);
      const system = systemOf(frame);
      const potential = c.make();
      const result = potential.compute(system, { perAtomEnergies: true });
      assertScalarClose(result.energy, frame.info.energy as number, { rtol: 1e-10 }, 'energy');
      const reference = frame.arrays.forces!.data as Float64Array;
      const scale = Math.max(...Array.from(reference, Math.abs));
      assertClose(result.forces, reference, { rtol: 1e-9, atol: 1e-10 * scale }, 'forces');
      assertClose(result.perAtomEnergies!, frame.arrays.energies!.data as Float64Array, { rtol: 1e-9, atol: 1e-12 }, 'per-atom energies');
      const press = pressVector(stressTensor(system, result.virial, undefined, { includeKinetic: false }), LAMMPS_NKTV2P_METAL);
      // LAMMPS' nktv2p is 1.6021765e6 to 8 digits: the conversion limits the pressure to ~1e-7 relative
      assertClose(press, frame.info.lammps_press_tensor as number[], { rtol: 1e-7, atol: 1e-7 * 1e5 }, 'pressure tensor');
    });
  }

  it('gives the same result with an O(N²) neighbour search and with a shifted energy continuous at the cutoff', () => {
    const frame = readReference('local:ref_NaCl_born_216_rattled.xyz');
    const system = systemOf(frame);
    const text = readPotentialText('lammps/NaCl_tosi_fumi.born');
    const cells = BornMayerHuggins.fromFile(text).compute(system);
    const allPairs = BornMayerHuggins.fromFile(text, { neighborMethod: 'all-pairs' }).compute(system);
    expect(allPairs.energy).toBeCloseTo(cells.energy, 10);
    // every pair of present elements needs parameters (as LAMMPS' "all pair coeffs set"): zero Na–Na and Cl–Cl terms
    const zero = { A: 0, rho: 1, sigma: 0, C: 0, D: 0, cutoff: 4 };
    const born = new BornMayerHuggins({
      pairs: [
        { a: 11, b: 17, A: 0.211, rho: 0.317, sigma: 2.755, C: 6.99, D: 8.676, cutoff: 4 },
        { a: 11, b: 11, ...zero },
        { a: 17, b: 17, ...zero },
      ],
      shift: true,
    });
    const pair = (r: number) =>
      born.compute({
        numbers: Int32Array.of(11, 17),
        positions: new Float64Array([0, 0, 0, r, 0, 0]),
        cell: null,
        pbc: [false, false, false],
      });
    expect(Math.abs(pair(3.999999).energy)).toBeLessThan(1e-7); // φ(r) − φ(r_c) → 0 at r_c
    // −dφ/dr by central differences at 3 Å: O(h²) truncation with h = 1e-5
    const h = 1e-5;
    const fd = -(pair(3 + h).energy - pair(3 - h).energy) / (2 * h);
    expect(pair(3).forces[3]).toBeCloseTo(fd, 8);
  });

  it('reads pair files with clear errors', () => {
    const rows = parsePairFile('# comment\nNa Cl 1 2 # tail\n\nCl Cl 3 4\n', ['A', 'rho']);
    expect(rows).toEqual([
      { a: 11, b: 17, values: [1, 2] },
      { a: 17, b: 17, values: [3, 4] },
    ]);
    const fail = (text: string) => {
      try {
        parsePairFile(text, ['A', 'rho'], { fileName: 'bad.born' });
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        const p = e as ParseError;
        return `${p.line}:${p.column}`;
      }
      throw new Error('no error');
    };
    expect(fail('Na Cl 1 x\n')).toBe('1:9');
    expect(fail('Na Xx 1 2\n')).toBe('1:4');
    expect(fail('\nNa Cl 1\n')).toBe('2:8');
    expect(fail('Na Cl 1 2 3\n')).toBe('1:11');
    expect(fail('Na Cl 1 2\nCl Na 1 2\n')).toBe('2:1');
    expect(() => parsePairFile('# nothing\n', ['A'])).toThrow(ParseError);
    const born = BornMayerHuggins.fromFile('Na Na 0.2637 0.317 2.340 1.0487 0.4994 8.0\n');
    const salt = {
      numbers: Int32Array.of(11, 17),
      positions: new Float64Array([0, 0, 0, 3, 0, 0]),
      cell: null,
      pbc: [false, false, false] as const,
    };
    expect(() => born.compute(salt)).toThrow(/element Cl/);
    expect(() => new Buckingham({ pairs: [{ a: 11, b: 11, A: 1, rho: 0, C: 0, cutoff: 5 }] })).toThrow(RangeError);
  });
});
