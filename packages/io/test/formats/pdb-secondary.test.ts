import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { parsePdb } from '../../src/formats/pdb/pdb.ts';

// HELIX and SHEET records as the PDB format (v3.3, section 5) lays them out, from entry 1CRN
const TEXT = [
  'HELIX    1  H1 ILE A    7  PRO A   19  5/10 CONFORMATION RES 17,19       13',
  'HELIX    2  H2 GLU A   23  THR A   30  1DISTORTED 3/10 AT RES 30           8',
  'SHEET    1  S1 2 THR A   1  CYS A   4  0',
  'SHEET    2  S1 2 CYS A  32  ILE A  35 -1',
  'ATOM      1  N   THR A   1      17.047  14.099   3.625  1.00 13.79           N',
  'END',
].join('\n');

describe('PDB HELIX and SHEET records', () => {
  it('go to info.helices and info.sheets as "chain first last"', () => {
    const [s] = parsePdb(TEXT);
    expect(s!.info.helices).toEqual(['A 7 19', 'A 23 30']);
    expect(s!.info.sheets).toEqual(['A 1 4', 'A 32 35']);
  });

  it('a record without residue numbers is a ParseError naming the columns', () => {
    const bad = 'HELIX    1  H1 ILE A   xx  PRO A   19  1                                  13\nEND';
    expect(() => parsePdb(bad, { fileName: 'x.pdb' })).toThrow(ParseError);
    expect(() => parsePdb(bad, { fileName: 'x.pdb' })).toThrow(/HELIX first and last residue numbers \(columns 22-25 and 34-37\)/);
  });
});
