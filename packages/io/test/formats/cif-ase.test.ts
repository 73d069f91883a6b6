import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { formatCif, parseCif } from '../../src/index.ts';
import { ASE_DUMP, type AseFrame } from '../helpers/ase-dump.ts';
import { runPython } from '../helpers/python.ts';
import { atomSet, QUARTZ_CIF } from '../helpers/reader-samples.ts';

// CIF against ASE 3.22 (a Python subprocess each: kept apart from cif.test.ts, which mutation testing runs)
describe('CIF interop with ASE 3.22', () => {
  const sym = parseCif(readFixtureText('crystals/NaCl_symmetric.cif'), { fileName: 'NaCl_symmetric.cif' })[0]!;

  it('ASE 3.22 expands the symmetric file to the same atoms, and reads our CIF', () => {
    const out = runPython<{ sym: AseFrame[]; ours: AseFrame[] }>(
      `${ASE_DUMP}
import io, json, sys
from ase.io import read
data = json.load(sys.stdin)
print(json.dumps({'sym': dump(read(io.StringIO(data['sym']), index=':', format='cif')),
                  'ours': dump(read(io.StringIO(data['ours']), index=':', format='cif'))}))`,
      JSON.stringify({ sym: readFixtureText('crystals/NaCl_symmetric.cif'), ours: formatCif(sym) }),
    );
    for (const ase of [out.sym[0]!, out.ours[0]!]) {
      const cell = Float64Array.from(ase.cell);
      expect(atomSet(ase.numbers, Float64Array.from(ase.positions), cell)).toEqual(atomSet(sym.numbers, sym.positions, sym.cell!));
      ase.cell.forEach((x, i) => {
        expect(Math.abs(x - sym.cell![i]!)).toBeLessThan(1e-12);
      });
    }
  });

  it('expands the trigonal quartz-like cell exactly as ASE does', () => {
    const cif = QUARTZ_CIF;
    const [s] = parseCif(cif);
    const [ase] = runPython<AseFrame[]>(
      `${ASE_DUMP}
import io, json, sys
from ase.io import read
print(json.dumps(dump(read(io.StringIO(sys.stdin.read()), index=':', format='cif'))))`,
      cif,
    );
    expect(s!.numbers.length).toBe(ase!.numbers.length);
    expect(atomSet(ase!.numbers, Float64Array.from(ase!.positions), Float64Array.from(ase!.cell))).toEqual(
      atomSet(s!.numbers, s!.positions, s!.cell!),
    );
    ase!.cell.forEach((x, i) => {
      expect(Math.abs(x - s!.cell![i]!)).toBeLessThan(1e-9);
    });
  });
});
