import { describe, expect, it } from 'vitest';
import { type ParseError, parsePdb, type Structure } from '../../src/index.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';

// PDB records by the column positions of the wwPDB format description v3.3 (ATOM/HETATM: serial 7-11, name 13-16,
// altLoc 17, resName 18-20, chainID 22, resSeq 23-26, iCode 27, x y z 31-38 39-46 47-54, occupancy 55-60,
// tempFactor 61-66, segID 73-76 (v2), element 77-78, charge 79-80; CRYST1: a b c 7-15 16-24 25-33, α β γ 34-40
// 41-47 48-54, space group 56-66; MODEL serial 11-14; CONECT serials 7-11, 12-16, 17-21, 22-26, 27-31). The lines
// are the specification's own examples, and fields are written into them at those columns by `put` below, so the
// expected values come from the specification, not from the reader.

/** `line` with `text` written at 1-based columns from…from+text.length−1 (padded with spaces as needed). */
function put(line: string, from: number, text: string): string {
  const padded = line.padEnd(from - 1 + text.length);
  return padded.slice(0, from - 1) + text + padded.slice(from - 1 + text.length);
}

// from the v3.3 ATOM and HETATM examples
const ATOM_A = 'ATOM     32  N  AARG A  -3      11.281  86.699  94.383  0.50 35.88           N  ';
const ATOM_B = 'ATOM     33  N  BARG A  -3      11.296  86.721  94.521  0.50 35.60           N  ';
const MG = 'HETATM 8237 MG    MG A1001      13.872  -2.555 -29.045  1.00 27.36          MG  ';
const CRYST1 = 'CRYST1   52.000   58.600   61.900  90.00  90.00  90.00 P 21 21 21    8';

function errorOf(text: string): ParseError {
  return parseErrorOf(() => parsePdb(text, { fileName: 'c.pdb' }));
}

const one = (text: string): Structure => {
  const frames = parsePdb(text);
  expect(frames.length).toBe(1);
  return frames[0]!;
};
const values = (s: Structure, name: string): unknown[] => Array.from(s.arrays[name]!.data as ArrayLike<unknown>);

describe('PDB ATOM/HETATM fields at the specification columns', () => {
  it('the specification examples, field by field', () => {
    const s = one([ATOM_A, ATOM_B, MG].join('\n'));
    expect(Array.from(s.numbers)).toEqual([7, 7, 12]);
    expect(Array.from(s.positions)).toEqual([11.281, 86.699, 94.383, 11.296, 86.721, 94.521, 13.872, -2.555, -29.045]);
    expect(values(s, 'serials')).toEqual([32, 33, 8237]);
    expect(values(s, 'atomNames')).toEqual(['N', 'N', 'MG']);
    expect(values(s, 'altLocs')).toEqual(['A', 'B', '.']);
    expect(values(s, 'residueNames')).toEqual(['ARG', 'ARG', 'MG']);
    expect(values(s, 'chainIds')).toEqual(['A', 'A', 'A']);
    expect(values(s, 'residueNumbers')).toEqual([-3, -3, 1001]);
    expect(values(s, 'insertionCodes')).toEqual(['.', '.', '.']);
    expect(values(s, 'hetero')).toEqual([0, 0, 1]);
    expect(values(s, 'occupancies')).toEqual([0.5, 0.5, 1]);
    expect(values(s, 'bfactors')).toEqual([35.88, 35.6, 27.36]);
    // no segment IDs and no charges in the file: no such arrays
    expect(Object.keys(s.arrays).sort()).toEqual(
      [
        'altLocs',
        'atomNames',
        'bfactors',
        'chainIds',
        'hetero',
        'insertionCodes',
        'occupancies',
        'residueNames',
        'residueNumbers',
        'serials',
      ].sort(),
    );
    expect([s.cell, s.pbc, s.info]).toEqual([null, [false, false, false], {}]);
  });

  it('every column range is read exactly: neighbours written into adjacent columns do not leak', () => {
    let line = ATOM_A;
    line = put(line, 7, '99998'); // serial 7-11
    line = put(line, 12, 'x'); // column 12 is blank in the format: ignored
    line = put(line, 13, 'CA1 '); // name 13-16 (left-aligned, 4 characters)
    line = put(line, 17, 'Z'); // altLoc
    line = put(line, 18, 'GLY'); // resName
    line = put(line, 22, 'Q'); // chainID
    line = put(line, 23, '9999'); // resSeq
    line = put(line, 27, 'K'); // iCode
    line = put(line, 31, '-999.999'); // x
    line = put(line, 39, '1234.567'); // y
    line = put(line, 47, '  -0.001'); // z
    line = put(line, 55, '  0.25'); // occupancy
    line = put(line, 61, '100.00'); // tempFactor
    line = put(line, 73, 'SEG1'); // segID
    line = put(line, 77, ' C'); // element, right-aligned
    line = put(line, 79, '1+'); // charge
    const s = one(line);
    expect(line.length).toBe(80);
    expect(Array.from(s.positions)).toEqual([-999.999, 1234.567, -0.001]);
    expect(Array.from(s.numbers)).toEqual([6]);
    expect([values(s, 'serials'), values(s, 'atomNames'), values(s, 'altLocs'), values(s, 'residueNames')]).toEqual([
      [99998],
      ['CA1'],
      ['Z'],
      ['GLY'],
    ]);
    expect([values(s, 'chainIds'), values(s, 'residueNumbers'), values(s, 'insertionCodes')]).toEqual([['Q'], [9999], ['K']]);
    expect([values(s, 'occupancies'), values(s, 'bfactors'), values(s, 'segmentIds'), values(s, 'formalCharges')]).toEqual([
      [0.25],
      [100],
      ['SEG1'],
      [1],
    ]);
  });

  it('formal charges: digit then sign (the specification) or sign then digit; anything else is refused at column 79', () => {
    const charge = (text: string) => values(one(put(ATOM_A, 79, text)), 'formalCharges')[0];
    expect([charge('2+'), charge('1-'), charge('+3'), charge('-2'), charge('0+')]).toEqual([2, -1, 3, -2, 0]);
    for (const bad of ['++', '2', '+', 'a-', '12', 'a2', '+a']) {
      const e = errorOf(put(ATOM_A, 79, bad.padEnd(2)));
      expect([e.line, e.column, e.expected]).toEqual([1, 79, 'a formal charge such as 2+ or 1- in columns 79-80']);
    }
    // only atoms with a charge make the array; the others read 0
    expect(values(one([put(ATOM_A, 79, '1-'), ATOM_B].join('\n')), 'formalCharges')).toEqual([-1, 0]);
    expect(values(one([ATOM_B, put(ATOM_A, 73, 'W1')].join('\n')), 'segmentIds')).toEqual(['.', 'W1']);
  });

  it('optional fields: a record may end after z (occupancy 1, B 0), after the occupancy, or after the B factor', () => {
    const to54 = ATOM_A.slice(0, 54);
    const s = one([to54, ATOM_A.slice(0, 60), ATOM_A.slice(0, 66), put(to54, 55, '      ')].join('\n'));
    expect(values(s, 'occupancies')).toEqual([1, 0.5, 0.5, 1]);
    expect(values(s, 'bfactors')).toEqual([0, 0, 35.88, 0]);
    // the element then comes from the name (columns 13-16: " N  " is nitrogen)
    expect(Array.from(s.numbers)).toEqual([7, 7, 7, 7]);
    // blank serial, residue number and codes
    const blank = one(put(put(put(to54, 7, '     '), 23, '    '), 22, ' '));
    expect([values(blank, 'serials'), values(blank, 'residueNumbers'), values(blank, 'chainIds')]).toEqual([[1], [0], ['.']]);
  });

  it('a record cut inside a field, or before z ends, is refused at the end of the line', () => {
    // (ATOM_A ends resSeq at column 26 and x starts after blanks, so a cut at 30 ends the line at 26)
    for (const [keep, column] of [
      [53, 54],
      [30, 27],
      [40, 39],
      [57, 58],
      [63, 64],
    ] as const) {
      const e = errorOf(ATOM_A.slice(0, keep));
      expect([keep, e.line, e.column, e.found]).toEqual([keep, 1, column, '"end of line"']);
    }
    // trailing blanks do not count: a record cut inside z and padded with spaces is still cut short
    expect(errorOf(`${ATOM_A.slice(0, 52)}  `)).toMatchObject({ column: 53, found: '"end of line"' });
    // one character into the occupancy field (column 55) is already inside it
    expect(errorOf(put(ATOM_A.slice(0, 54), 55, '1'))).toMatchObject({ column: 56, found: '"end of line"' });
    // non-numbers at their field's first column, blank required fields too
    expect(errorOf(put(ATOM_A, 47, ' 94.3x3')).column).toBe(47);
    expect(errorOf(put(ATOM_A, 39, '        ')).found).toBe('"blank columns"');
    expect(errorOf(put(ATOM_A, 39, '        ')).expected).toMatch(/^y \(a number in columns 39-46\)/);
    expect(errorOf(ATOM_A.slice(0, 57)).expected).toMatch(/^an occupancy to fill columns 55-60 /);
    expect(errorOf(put(ATOM_A, 55, '  0.5x')).column).toBe(55);
    expect(errorOf(put(ATOM_A, 61, ' 35.8x')).column).toBe(61);
    expect(errorOf(put(ATOM_A, 23, '  x3')).expected).toBe('a residue number (an integer or hybrid-36 in columns 23-26)');
  });

  it('elements: columns 77-78 in any case, else the name; unknowns refused (at 77 or 13) unless X is asked for', () => {
    expect(Array.from(one(put(ATOM_A, 77, 'Fe')).numbers)).toEqual([26]);
    expect(Array.from(one(put(ATOM_A, 77, 'fe')).numbers)).toEqual([26]);
    expect(Array.from(one(put(ATOM_A, 77, '  ')).numbers)).toEqual([7]);
    // a HETATM name field "MG  " without an element column: the two-letter element of the name (v3.3 alignment rule)
    expect(Array.from(one(put(MG, 77, '  ')).numbers)).toEqual([12]);
    const unknownName = put(put(ATOM_A, 13, ' Q  '), 77, '  ');
    expect([errorOf(put(ATOM_A, 77, 'Qq')).column, errorOf(unknownName).column]).toEqual([77, 13]);
    expect(errorOf(put(put(ATOM_A, 13, '    '), 77, '  ')).found).toBe('"blank columns"');
    expect(Array.from(parsePdb(unknownName, { unknownElements: 'X' })[0]!.numbers)).toEqual([0]);
    // the v3.3 alignment rule: a two-letter element starts in column 13 ("FE  "), in HETATM records; in ATOM records
    // a left-aligned name is read by its first letter (F)
    const fe = put(put(put(MG, 13, 'FE  '), 18, 'HEM'), 77, '  ');
    expect(Array.from(one(fe).numbers)).toEqual([26]);
    expect(Array.from(one(`ATOM  ${fe.slice(6)}`).numbers)).toEqual([9]);
    // blank names and residue names are stored as "." (the element from columns 77-78)
    const blankNames = one(put(put(ATOM_A, 13, '    '), 18, '   '));
    expect([values(blankNames, 'atomNames'), values(blankNames, 'residueNames')]).toEqual([['.'], ['.']]);
    // a dummy atom named X is not an error
    expect(Array.from(one(put(put(ATOM_A, 13, ' X  '), 77, '  ')).numbers)).toEqual([0]);
    // serials the writer could not fit (*****) count atoms from 1
    expect(values(one([put(ATOM_A, 7, '*****'), put(ATOM_B, 7, '*****')].join('\n')), 'serials')).toEqual([1, 2]);
  });
});

describe('PDB CRYST1, MODEL/ENDMDL, END and CONECT', () => {
  it('CRYST1: the v3.3 example cell and space group; 1 1 1 90 90 90 means no cell', () => {
    const s = one([CRYST1, ATOM_A].join('\n'));
    expect(Array.from(s.cell!)).toEqual([52, 0, 0, 0, 58.6, 0, 0, 0, 61.9]);
    expect([s.pbc, s.info]).toEqual([[true, true, true], { spaceGroup: 'P 21 21 21' }]);
    const none = one(['CRYST1    1.000    1.000    1.000  90.00  90.00  90.00 P 1           1', ATOM_A].join('\n'));
    expect([none.cell, none.pbc, none.info]).toEqual([null, [false, false, false], {}]);
    // only all three lengths 1 are the placeholder; a record ending at column 54 has no space group
    for (const abc of ['    1.000    1.000    2.000', '    2.000    1.000    1.000', '    1.000    2.000    1.000']) {
      const s2 = one([put(CRYST1.slice(0, 54), 7, abc), ATOM_A].join('\n'));
      expect([s2.cell === null, s2.info]).toEqual([false, {}]);
    }
    // fields are read at their columns: a b c α β γ all differ
    const tri = one([put(put(CRYST1, 34, '  80.00'), 48, ' 100.00'), ATOM_A].join('\n'));
    expect(tri.cell![0]).toBe(52);
    expect(tri.cell![3]).toBeCloseTo(58.6 * Math.cos((100 * Math.PI) / 180), 12); // b along (cos γ, sin γ, 0) in ASE's orientation
  });

  it('CRYST1 errors: cut short, non-numbers and angles outside (0°, 180°), each at its field', () => {
    expect(errorOf(CRYST1.slice(0, 50))).toMatchObject({ line: 1, column: 51, found: '"end of line"' });
    for (const [from, text] of [
      [7, '    abc  '],
      [16, '     nan '],
      [25, '      x  '],
      [34, '   abc '],
      [41, '    ?  '],
      [48, '   inf '],
    ] as const) {
      expect(errorOf(put(CRYST1, from, text))).toMatchObject({
        column: from,
        expected: 'CRYST1 a b c α β γ (finite numbers) in columns 7-54',
      });
    }
    for (const [from, text] of [
      [34, ' 180.00'],
      [41, '   0.00'],
      [48, ' -90.00'],
    ] as const) {
      expect(errorOf(put(CRYST1, from, text))).toMatchObject({
        column: from,
        expected: 'CRYST1 angles between 0° and 180° (exclusive)',
        found: `"${text.trim()}"`,
      });
    }
  });

  it('MODEL/ENDMDL frames: model numbers (or the frame count), a CRYST1 per model, END between models', () => {
    const text = [CRYST1, 'MODEL        7', ATOM_A, 'ENDMDL', 'MODEL', put(CRYST1, 7, '   10.000'), ATOM_B, 'ENDMDL', 'END'].join('\n');
    const frames = parsePdb(text);
    expect(frames.map((f) => f.info.model)).toEqual([7, 2]);
    expect(frames.map((f) => f.cell![0])).toEqual([52, 10]);
    // records the reader does not use are skipped (REMARK, TER), and each frame has a cell of its own
    const same = parsePdb(
      [CRYST1, 'REMARK   2 RESOLUTION.    1.50 ANGSTROMS.', 'MODEL 1', ATOM_A, 'TER', 'ENDMDL', 'MODEL 2', ATOM_B, 'ENDMDL'].join('\n'),
    );
    expect(same.map((f) => Array.from(f.cell!))).toEqual([Array.from(frames[0]!.cell!), Array.from(frames[0]!.cell!)]);
    expect(same[0]!.cell).not.toBe(same[1]!.cell);
    // END separates frames outside models (VMD, CP2K), and a CRYST1 after atoms starts no new cell for them
    const traj = parsePdb([ATOM_A, 'END', ATOM_B, put(CRYST1, 7, '   10.000'), MG, 'END', 'END'].join('\n'));
    expect(traj.map((f) => f.numbers.length)).toEqual([1, 2]);
    expect(traj.map((f) => f.cell)).toEqual([null, null]);
    expect(traj.map((f) => f.info.model)).toEqual([undefined, undefined]);
    // END inside a model does not end it
    expect(parsePdb(['MODEL 1', ATOM_A, 'END', ATOM_B, 'ENDMDL'].join('\n')).map((f) => f.numbers.length)).toEqual([2]);
  });

  it('MODEL/ENDMDL errors: nesting, an ENDMDL without MODEL, a model left open', () => {
    expect(errorOf(['MODEL 1', ATOM_A, 'MODEL 2'].join('\n'))).toMatchObject({
      line: 3,
      column: 1,
      expected: 'ENDMDL before the next MODEL',
    });
    expect(errorOf([ATOM_A, 'ENDMDL'].join('\n'))).toMatchObject({ line: 2, column: 1, expected: 'a MODEL record before ENDMDL' });
    expect(errorOf(['MODEL 1', ATOM_A].join('\n'))).toMatchObject({
      line: 3,
      expected: 'ENDMDL to close the last MODEL',
      found: 'end of file',
    });
  });

  it('CONECT: up to four partners at columns 12-31 (v3.3 example "CONECT 1179  746 1184 1195 1203"), bonds once, 0-based', () => {
    const atoms = [746, 1179, 1184, 1195, 1203, 1210].map((serial, k) =>
      put(put(ATOM_A, 7, String(serial).padStart(5)), 31, `${(k * 1.5).toFixed(3).padStart(8)}`),
    );
    const conect = ['CONECT 1179  746 1184 1195 1203', 'CONECT 1184 1179', 'CONECT 1210 1210'];
    const s = one([...atoms, ...conect].join('\n'));
    expect(s.info.bonds).toEqual([0, 1, 1, 2, 1, 3, 1, 4]);
    // columns 32- are not partners (v3.3 has four); a bond listed from both ends is kept once
    const extra = one([...atoms, 'CONECT 1179  746 1184 1195 1203 1210'].join('\n'));
    expect(extra.info.bonds).toEqual([0, 1, 1, 2, 1, 3, 1, 4]);
    // serials wider than the columns (no hybrid-36): whitespace-separated fields instead
    const wide = one([...atoms.slice(0, 2), 'CONECT   746   1179'].join('\n'));
    expect(wide.info.bonds).toEqual([0, 1]);
    // every model gets the bonds
    const models = parsePdb(['MODEL 1', ...atoms, 'ENDMDL', 'MODEL 2', ...atoms, 'ENDMDL', conect[1]!].join('\n'));
    expect(models.map((f) => f.info.bonds)).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('CONECT errors: a serial that is no atom, a field that is no number', () => {
    // a file of bonds and no atoms has no frames to put them on
    expect(parsePdb('CONECT    1    2\nEND')).toEqual([]);
    const e = errorOf([ATOM_A, ATOM_B, 'CONECT   32   99'].join('\n'));
    expect([e.line, e.column, e.expected]).toEqual([3, 7, 'CONECT serials of atoms in the file (99 is not one)']);
    expect(errorOf([ATOM_A, ATOM_B, 'CONECT   77   33'].join('\n')).expected).toBe('CONECT serials of atoms in the file (77 is not one)');
    const f = errorOf([ATOM_A, ATOM_B, 'CONECT   32 x 33'].join('\n'));
    expect([f.line, f.column, f.expected, f.found]).toEqual([3, 13, 'atom serial numbers in CONECT', '"x"']);
  });
});
