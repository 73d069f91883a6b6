import { readFileSync } from 'node:fs';
import { formatPdb, parsePdb, parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { computeSecondaryStructure, recordedSecondaryStructure, residuesOf } from '../src/bio/secondary-structure.ts';

const dssp = readFileSync(new URL('./fixtures/1a63-dssp.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0 && !l.startsWith('#'))[0]!;

describe('secondary structure by DSSP rules', () => {
  it('1A63: α-helix (H) and strand (E) residues are those of DSSP 4.2.2 (mkdssp) on the same coordinates', () => {
    // the coordinates DSSP read: the PDB written from the PQR (3 decimals)
    const protein = parsePdb(formatPdb(parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!))[0]!;
    const residues = residuesOf(protein);
    // DSSP leaves out residue 130 (its carboxyl oxygens are named OT1/OT2, not O): 129 residues in its output
    // (its input named HSD as HIS, which the residue list here does not need)
    expect(residues.length).toBe(dssp.length + 1);
    const ours = computeSecondaryStructure(protein.positions, residues).join('').slice(0, dssp.length);
    const only = (s: string, c: string): string => [...s].map((x) => (x === c ? c : '-')).join('');
    expect(only(ours, 'H')).toBe(only(dssp, 'H'));
    expect(only(ours, 'E')).toBe(only(dssp, 'E'));
    expect(only(ours, 'B')).toBe(only(dssp, 'B'));
  });
});

describe('secondary structure from HELIX/SHEET records', () => {
  it('marks the residues the records name, by chain and number', () => {
    const atoms = [1, 2, 3, 4, 5].map(
      (r) =>
        `ATOM  ${String(r).padStart(5)}  CA  ALA A${String(r).padStart(4)}    ${(3.8 * r).toFixed(3).padStart(8)}   0.000   0.000  1.00  0.00           C`,
    );
    const text = [
      'HELIX    1  H1 ALA A    2  ALA A    3  1                                   2',
      'SHEET    1  S1 1 ALA A   5  ALA A   5  0',
      ...atoms,
      'END',
    ].join('\n');
    const protein = parsePdb(text)[0]!;
    expect(recordedSecondaryStructure(protein, residuesOf(protein))).toEqual(['-', 'H', 'H', '-', 'E']);
    expect(recordedSecondaryStructure({ info: {} }, residuesOf(protein))).toBeNull();
  });
});
