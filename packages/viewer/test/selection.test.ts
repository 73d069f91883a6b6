import { parsePdb, parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { parseSelection, SelectionError, selectAtoms } from '../src/bio/selection.ts';

const count = (mask: Uint8Array): number => mask.reduce((a, b) => a + b, 0);

// Five atoms in two chains, written in PDB columns (the reader under test is io's, tested there).
const PDB = [
  'ATOM      1  N   ALA A  10       0.000   0.000   0.000  1.00  0.00           N',
  'ATOM      2  CA  ALA A  10       1.458   0.000   0.000  1.00  0.00           C',
  'ATOM      3  CA  GLY A  11       3.000   0.000   0.000  1.00  0.00           C',
  'ATOM      4  CA  LYS B  20       5.000   0.000   0.000  1.00  0.00           C',
  'ATOM      5  NZ  LYS B  21       7.000   0.000   0.000  1.00  0.00           N',
  'END',
].join('\n');
const small = parsePdb(PDB)[0]!;
const indices = (query: string): number[] => [...selectAtoms(small, query)].flatMap((v, i) => (v ? [i] : []));

describe('selectAtoms', () => {
  it('keywords, lists, ranges, and/or/not and parentheses on a hand-checked five-atom file', () => {
    expect(indices('chain A')).toEqual([0, 1, 2]);
    expect(indices('chain b')).toEqual([3, 4]);
    expect(indices('resn ALA GLY')).toEqual([0, 1, 2]);
    expect(indices('resn ala,lys')).toEqual([0, 1, 3, 4]);
    expect(indices('resi 11-20')).toEqual([2, 3]);
    expect(indices('resi 10 21')).toEqual([0, 1, 4]);
    expect(indices('name CA')).toEqual([1, 2, 3]);
    expect(indices('element N')).toEqual([0, 4]);
    expect(indices('index 0:1 4')).toEqual([0, 1, 4]);
    expect(indices('chain A and name CA')).toEqual([1, 2]);
    expect(indices('chain B or resi 10')).toEqual([0, 1, 3, 4]);
    expect(indices('not chain A')).toEqual([3, 4]);
    expect(indices('chain A and not (name CA or element N)')).toEqual([]);
    expect(indices('(chain A or chain B) and element C and not resn GLY')).toEqual([1, 3]);
    expect(indices('all')).toEqual([0, 1, 2, 3, 4]);
    expect(indices('none')).toEqual([]);
    // and binds tighter than or: a or (b and c)
    expect(indices('resi 10 or chain B and element N')).toEqual([0, 1, 4]);
  });

  it('refuses bad queries naming the column and what was expected', () => {
    expect(() => parseSelection('chian A')).toThrow(/expected a keyword .* at column 1, found "chian"/);
    expect(() => parseSelection('chain')).toThrow(/one or more values after "chain" at column 6/);
    expect(() => parseSelection('chain A and')).toThrow(/at column 12, found the end/);
    expect(() => parseSelection('(chain A')).toThrow(/expected \)/);
    expect(() => parseSelection('resi ten')).toThrow(/integers or ranges .* "ten"/);
    expect(() => parseSelection('chain A )')).toThrow(SelectionError);
    // a column the structure does not have
    const water = { numbers: new Int32Array([8, 1, 1]), arrays: {} };
    expect(() => selectAtoms(water, 'chain A')).toThrow(/no chain identifiers/);
    expect([...selectAtoms(water, 'element H')]).toEqual([0, 1, 1]);
  });

  it('1A63 (PQR, 2065 atoms): counts agree with an independent reading of the file’s columns', () => {
    const text = readFixtureText('pqr/1a63.pqr');
    const protein = parsePqr(text)[0]!;
    // independent count: whitespace fields of the ATOM records (name, residue name, residue number)
    const rows = text
      .split('\n')
      .filter((l) => l.startsWith('ATOM') || l.startsWith('HETATM'))
      .map((l) => l.trim().split(/\s+/));
    const alphaCarbons = rows.filter((f) => f[2] === 'CA').length;
    const lysines = new Set(rows.filter((f) => f[3] === 'LYS').map((f) => f[4])).size;
    expect(count(selectAtoms(protein, 'name CA'))).toBe(alphaCarbons);
    expect(count(selectAtoms(protein, 'resn LYS and name CA'))).toBe(lysines);
    expect(count(selectAtoms(protein, 'resi 1-10'))).toBe(rows.filter((f) => Number(f[4]) >= 1 && Number(f[4]) <= 10).length);
    expect(count(selectAtoms(protein, 'element H')) + count(selectAtoms(protein, 'not element H'))).toBe(rows.length);
  });
});
