import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { cartesianToFractional, formatCif, type ParseError, parseCif, parseExtxyz, type Structure } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';
import { atomSet, QUARTZ_CIF } from '../helpers/reader-samples.ts';

describe('CIF: the shared NaCl files', () => {
  const p1 = parseCif(readFixtureText('crystals/NaCl_conventional_P1.cif'), { fileName: 'NaCl_conventional_P1.cif' })[0]!;
  const sym = parseCif(readFixtureText('crystals/NaCl_symmetric.cif'), { fileName: 'NaCl_symmetric.cif' })[0]!;
  const xyz = parseExtxyz(readFixtureText('crystals/NaCl_conventional.xyz'))[0]!;

  it('P1 and symmetric (2 sites × 192 operations, duplicates merged) give the 8 atoms of the conventional cell', () => {
    expect(sym.numbers.length).toBe(8);
    expect(p1.numbers.length).toBe(8);
    const reference = atomSet(xyz.numbers, xyz.positions, xyz.cell!);
    expect(atomSet(p1.numbers, p1.positions, p1.cell!)).toEqual(reference);
    expect(atomSet(sym.numbers, sym.positions, sym.cell!)).toEqual(reference);
    expect(Array.from(sym.cell!)).toEqual([5.64, 0, 0, 0, 5.64, 0, 0, 0, 5.64]);
    expect(sym.info).toEqual({ dataBlock: 'NaCl', spaceGroup: 'F m -3 m', spaceGroupNumber: 225 });
    expect(sym.arrays.labels!.data).toEqual(['Na1', 'Na1', 'Na1', 'Na1', 'Cl1', 'Cl1', 'Cl1', 'Cl1']);
  });

  it('round trips through formatCif', () => {
    for (const s of [p1, sym]) {
      const back = parseCif(formatCif(s))[0]!;
      expect(back.info.spaceGroup).toBe('P 1');
      expectSameFrames([{ ...back, info: s.info }], [s]);
    }
  });
});

describe('CIF: syntax and symmetry', () => {
  const cif = QUARTZ_CIF;
  it('expands a trigonal cell with quoted strings, text fields and uncertainties (six operations, two sites)', () => {
    const [s] = parseCif(cif);
    expect(s!.info.spaceGroup).toBe('P 32 2 1');
    const frac = cartesianToFractional(s!.positions, s!.cell!);
    for (const v of frac) expect(v >= 0 && v < 1).toBe(true);
    // the second operation maps Si1 (0.4697, 0, 0) to (0, 0.4697, 1/3)
    expect(atomSet(s!.numbers, s!.positions, s!.cell!)).toContain('14 0.00000 0.46970 0.33333');
  });

  it('bad input gives ParseErrors with line and column', () => {
    const bad = (text: string): ParseError => parseErrorOf(() => parseCif(text, { fileName: 'bad.cif' }));
    const e1 = bad(cif.replace("'-y, x-y, z+1/3'", "'-y, x-q, z+1/3'"));
    expect([e1.line, e1.column]).toEqual([18, 1]);
    expect(e1.expected).toMatch(/symmetry operation/);
    const e2 = bad(cif.replace('O1 O2- 0.4135 0.2669 0.1191', 'O1 O2- 0.4135 0.2669'));
    expect(e2.expected).toMatch(/multiple of 5/);
    const e3 = bad(cif.replace('_cell_length_c 5.4054', '_cell_length_c abc'));
    expect([e3.line, e3.column, e3.expected]).toEqual([5, 16, 'a finite number for _cell_length_c']);
    const e4 = bad(cif.replace("'P 32 2 1'", "'P 32 2 1"));
    expect(e4.expected).toMatch(/closing '/);
    expect(bad('_cell_length_a 1\n').expected).toMatch(/data_/);
  });
});

export type { Structure };
