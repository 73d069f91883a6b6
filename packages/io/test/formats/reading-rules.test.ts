import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  ChunkedFrameReader,
  formatLammpsDump,
  formatPdb,
  type ParseError,
  parseCif,
  parseExtxyz,
  parseLammpsData,
  parseLammpsDump,
  parsePdb,
  parsePqr,
  parseStructures,
  type Structure,
  type StructureFormat,
} from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';

// The reading rules every format follows (issue 17): a leading BOM is skipped; the Unicode spaces (U+00A0 …) are
// whitespace; non-finite numbers, unknown elements (unless unknownElements: 'X'), cut-short fixed-column records
// and cells that are no cells are ParseErrors with a line and column.

const BOM = '\ufeff';
const NBSP = '\u00a0';

function parseError(parse: () => unknown): ParseError {
  return parseErrorOf(parse, 'expected a ParseError, the text was accepted');
}

const PDB = `CRYST1   10.000   12.000   14.000  90.00 100.00  90.00 P 1 21 1      2
ATOM      1  N   ALA A  10      11.104   6.134  -6.504  1.00 20.00           N
HETATM    2 CL    CL A 301       5.000   5.000   5.000  1.00 30.00          CL1-
END
`;

const PQR = readFixtureText('pqr/1ajj.pqr').split('\n').slice(0, 30).join('\n');
const CIF = readFixtureText('crystals/NaCl_symmetric.cif');
const XYZ = readFixtureText('crystals/NaCl_conventional.xyz');
const DATA = readFixtureText('lammps/nacl_216_rattled.data');
const DUMP = formatLammpsDump(parseLammpsData(DATA, { typeSymbols: ['Na', 'Cl'] }));

const SAMPLES: [StructureFormat, string][] = [
  ['extxyz', XYZ],
  ['pdb', PDB],
  ['pqr', PQR],
  ['cif', CIF],
  ['lammps-data', DATA],
  ['lammps-dump', DUMP],
];

describe('a leading byte-order mark is skipped by every reader', () => {
  it('CIF: a BOM (or a no-break space) no longer loops forever, it is skipped', () => {
    // before: the tokenizer pushed empty tokens without advancing until Node ran out of memory
    const e = parseError(() => parseCif(`${BOM}data_x\n`, { fileName: 'b.cif' }));
    expect([e.line, e.column, e.expected]).toEqual([1, 1, 'a data block with an _atom_site_fract_x loop']);
    expect(parseError(() => parseCif(`data_x${NBSP}\n`)).line).toBe(1);
    expect(parseError(() => parseCif(`data_x\n_cell_length_a${NBSP}${BOM}\n`)).line).toBe(2);
  });

  it.each(SAMPLES)('%s: a BOM-prefixed file parses to exactly the same structures', (format, text) => {
    const clean = parseStructures(text, format);
    expect(clean.length).toBeGreaterThan(0);
    expectSameFrames(parseStructures(BOM + text, format), clean);
  });

  it('PDB keeps its cell and PQR its first atom (they were dropped silently)', () => {
    expect(parsePdb(BOM + PDB)[0]!.cell).not.toBeNull();
    const [pqr] = parsePqr(BOM + PQR);
    expect(pqr!.arrays.serials!.data[0]).toBe(5);
    expect(pqr!.numbers.length).toBe(parsePqr(PQR)[0]!.numbers.length);
  });

  it('the chunked reader skips it too, even when it arrives after an empty chunk', () => {
    const reader = new ChunkedFrameReader('extxyz');
    const frames = [...reader.push(''), ...reader.push(BOM + XYZ.slice(0, 10)), ...reader.push(XYZ.slice(10)), ...reader.end()];
    expectSameFrames(frames, parseExtxyz(XYZ));
    const dump = new ChunkedFrameReader('lammps-dump');
    expectSameFrames([...dump.push(BOM + DUMP), ...dump.end()], parseLammpsDump(DUMP));
  });
});

describe('whitespace: tabs and no-break spaces separate fields wherever spaces do', () => {
  const spaced = (text: string, by: string) =>
    text
      .split('\n')
      .map((line) => (/['"]/.test(line) ? line : line.replace(/ +/g, by)))
      .join('\n');
  it.each(SAMPLES.filter(([f]) => f !== 'pdb'))('%s with tabs, then no-break spaces, for spaces', (format, text) => {
    const clean = parseStructures(text, format);
    expectSameFrames(parseStructures(spaced(text, '\t'), format), clean);
    expectSameFrames(parseStructures(spaced(text, NBSP), format), clean);
  });

  it('LAMMPS dump ITEM lines with tabs', () => {
    const tabbed = DUMP.replace(/ITEM: /g, 'ITEM:\t').replace('NUMBER OF ATOMS', 'NUMBER\tOF ATOMS');
    expectSameFrames(parseLammpsDump(tabbed), parseLammpsDump(DUMP));
    const reader = new ChunkedFrameReader('lammps-dump');
    expectSameFrames([...reader.push(tabbed + tabbed), ...reader.end()], parseLammpsDump(DUMP + DUMP));
  });

  it('PDB: a no-break space inside a fixed-column field reads as a space', () => {
    expectSameFrames(parsePdb(PDB.replace('  11.104', `${NBSP} 11.104`)), parsePdb(PDB));
  });
});

describe('PDB: a record cut short is a ParseError, never zeros', () => {
  const lines = PDB.split('\n');
  it.each([
    // cut in the middle of y: before, y = z = 0 and the element (CL) was guessed from the name as C
    ['inside y', 2, 42, 43],
    ['after x', 2, 38, 39],
    ['inside CRYST1 γ', 0, 50, 51],
  ])('cut %s', (_label, line, keep, column) => {
    const cut = [...lines.slice(0, line), lines[line]!.slice(0, keep)].join('\n');
    const e = parseError(() => parsePdb(cut, { fileName: 'cut.pdb' }));
    expect([e.line, e.column, e.found]).toEqual([line + 1, column, '"end of line"']);
    expect(e.message).toMatch(/^cut\.pdb:\d+:\d+: expected .*cut short/);
  });

  it('a line that ends inside the occupancy or B-factor columns', () => {
    const cut = PDB.replace('5.000  1.00 30.00          CL1-', '5.000  1.');
    expect([parseError(() => parsePdb(cut)).line, parseError(() => parsePdb(cut)).column]).toEqual([3, 59]);
    const cutB = PDB.replace('5.000  1.00 30.00          CL1-', '5.000  1.00 30');
    expect(parseError(() => parsePdb(cutB)).column).toBe(64);
    // a line that stops after a whole field is fine (writers trim trailing blanks)
    expect(parsePdb(PDB.replace('5.000  1.00 30.00          CL1-', '5.000  1.00 30.00'))[0]!.numbers[1]).toBe(17);
  });
});

describe('LAMMPS data with 200,000 atoms (a spread into Math.max overflowed the call stack)', () => {
  it('reads every atom', () => {
    const n = 200_000;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(`${i + 1} ${1 + (i % 2)} ${(i % 97) * 0.1} ${(i % 89) * 0.1} ${(i % 83) * 0.1}`);
    const text = `big\n\n${n} atoms\n2 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 63.546\n2 58.6934\n\nAtoms # atomic\n\n${rows.join('\n')}\n`;
    const [s] = parseLammpsData(text, { fileName: 'data.big' });
    expect(s!.numbers.length).toBe(n);
    expect([s!.numbers[0], s!.numbers[1]]).toEqual([29, 28]);
    expect(Array.from(s!.positions.subarray(3 * (n - 1)))).toEqual([((n - 1) % 97) * 0.1, ((n - 1) % 89) * 0.1, ((n - 1) % 83) * 0.1]);
    expect(s!.info.typeMasses).toEqual([63.546, 58.6934]);
  });
});

describe('non-finite numbers are a ParseError in every format', () => {
  const xyzAtom = 'Na     0.00000000     0.00000000     0.00000000   1.00';
  it.each(['nan', 'NaN', 'inf', '-Infinity', '1e400'])('%s', (bad) => {
    const cases: [string, () => unknown, number, number][] = [
      ['extxyz position', () => parseExtxyz(XYZ.replace(xyzAtom, `Na ${bad} 0 0 1.00`)), 3, 4],
      ['extxyz per-atom real', () => parseExtxyz(XYZ.replace(xyzAtom, `Na 0 0 0 ${bad}`)), 3, 10],
      ['extxyz info', () => parseExtxyz(XYZ.replace('ewald_energy=-35.694057607612', `ewald_energy=${bad}`)), 2, 118],
      ['extxyz Lattice', () => parseExtxyz(XYZ.replace('Lattice="5.640000', `Lattice="${bad}`)), 2, 10],
      ['pdb', () => parsePdb(PDB.replace('  11.104', bad.padStart(8))), 2, 31],
      ['pqr', () => parsePqr(PQR.replace('-0.16900', bad)), 1, 27],
      ['cif', () => parseCif(CIF.replace('_cell_length_b 5.6400', `_cell_length_b ${bad}`)), 5, 16],
      ['lammps data', () => parseLammpsData(DATA.replace('0.0000984123', bad)), 17, 9],
      ['lammps dump', () => parseLammpsDump(DUMP.replace(/\n1 1 Na (\S+)/, `\n1 1 Na ${bad}`)), 10, 8],
    ];
    for (const [label, parse, line, column] of cases) {
      const e = parseError(parse);
      expect([label, e.line, e.column], e.message).toEqual([label, line, column]);
    }
  });

  it('the PDB writer refuses NaN coordinates its reader refuses', () => {
    const [s] = parsePdb(PDB);
    const positions = s!.positions.slice();
    positions[4] = Number.NaN;
    expect(() => formatPdb({ ...s!, positions })).toThrow(RangeError);
    expect(() => formatPdb({ ...s!, positions })).toThrow(/atom 1: y/);
  });
});

describe("unknown elements are a ParseError unless the caller asks for 'X'", () => {
  const cases: [string, StructureFormat, string, number, number][] = [
    ['extxyz species', 'extxyz', XYZ.replace('Na     0.00000000     0.00000000     0.00000000', 'Qq 0 0 0'), 3, 1],
    ['extxyz Z', 'extxyz', '1\nProperties=Z:I:1:pos:R:3\n200 0 0 0\n', 3, 1],
    ['pdb element column', 'pdb', PDB.replace('CL1-', 'QQ1-'), 3, 77],
    ['pdb atom name', 'pdb', PDB.replace('  N   ALA', '  Q   ALA').replace('           N\n', '            \n'), 2, 13],
    ['pqr atom name', 'pqr', PQR.replace('HN1    PRO', 'QN1    PRO'), 2, 9],
    ['cif type symbol', 'cif', CIF.replace(/\nNa1? Na/, '\nQq Qq').replace(/\nNa(\S*) Na/, '\nQq$1 Qq'), 0, 0],
    ['lammps dump element', 'lammps-dump', DUMP.replace(/\n1 1 Na /, '\n1 1 Qq '), 10, 5],
  ];
  it.each(cases)('%s', (_label, format, text, line, column) => {
    const e = parseError(() => parseStructures(text, format));
    expect(e.expected).toMatch(/unknownElements/);
    if (line > 0) expect([e.line, e.column]).toEqual([line, column]);
    const frames = parseStructures(text, format, { unknownElements: 'X' });
    expect(frames.some((f: Structure) => f.numbers.includes(0))).toBe(true);
  });

  it('typeSymbols that are not elements are a RangeError naming the option, in data and dump alike', () => {
    expect(() => parseLammpsData(DATA, { typeSymbols: ['Na', 'Qq'] })).toThrow(/typeSymbols\[1\]/);
    expect(() => parseLammpsDump(DUMP, { typeSymbols: ['Qq'] })).toThrow(RangeError);
    expect(() => parseExtxyz(XYZ, { unknownElements: 'maybe' as 'X' })).toThrow(/unknownElements/);
  });
});

describe('a cell must be a cell', () => {
  it.each([
    ['extxyz zero Lattice', () => parseExtxyz(XYZ.replace(/Lattice="[^"]*"/, 'Lattice="0 0 0 0 0 0 0 0 0"')), 2, 10],
    ['extxyz flat Lattice', () => parseExtxyz(XYZ.replace(/Lattice="[^"]*"/, 'Lattice="1 0 0 0 1 0 1 1 0"')), 2, 10],
    ['CIF angle of 200°', () => parseCif(CIF.replace('_cell_angle_beta 90.0', '_cell_angle_beta 200')), 8, 18],
    ['CIF zero length', () => parseCif(CIF.replace('_cell_length_c 5.6400', '_cell_length_c 0')), 6, 16],
    ['PDB CRYST1 angle of 200°', () => parsePdb(PDB.replace(' 100.00', ' 200.00')), 1, 41],
    ['PDB CRYST1 zero lengths', () => parsePdb(PDB.replace('   10.000   12.000   14.000', '    0.000    0.000    0.000')), 1, 7],
    ['LAMMPS dump zero box', () => parseLammpsDump(DUMP.replace(/\n0 16\.\d+\n/, '\n0 0\n')), 6, 3],
    ['LAMMPS data without a box', () => parseLammpsData(DATA.replace(/\n0 16\.\d+ zlo zhi/, '')), 9, 1],
  ])('%s', (_label, parse, line, column) => {
    const e = parseError(parse);
    expect([e.line, e.column], e.message).toEqual([line, column]);
  });

  it('a zero lattice vector along a non-periodic direction is a slab, as ASE writes it', () => {
    const [slab] = parseExtxyz(XYZ.replace(/Lattice="[^"]*"/, 'Lattice="5 0 0 0 5 0 0 0 0"').replace('pbc="T T T"', 'pbc="T T F"'));
    expect(Array.from(slab!.cell!)).toEqual([5, 0, 0, 0, 5, 0, 0, 0, 0]);
  });
});
