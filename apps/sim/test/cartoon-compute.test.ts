/**
 * The cartoon worker's work (`src/worker/cartoon-compute.ts`), in Node: the secondary structure DSSP 4.2.2 assigns
 * 1A63, the HELIX/SHEET records of a PDB kept by the part of the structure posted to the worker, the same mesh as the
 * viewer's functions on the whole structure, and the refusal of a structure without protein residues.
 */
import { readFileSync } from 'node:fs';
import { BIO_ARRAYS, formatPdb, parsePdb, parsePqr, type Structure } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { cartoonMesh, computeSecondaryStructure, residuesOf, SECONDARY_STRUCTURE_COLORS } from '@equitensor/viewer';
import { describe, expect, it } from 'vitest';
import { cartoonInput, computeCartoon } from '../src/worker/cartoon-compute.ts';

const protein = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;

describe('computeCartoon (the cartoon worker)', () => {
  it('1A63: helix and strand residues as mkdssp 4.2.2 assigns them; the mesh of the viewer’s functions, bit for bit', () => {
    const cartoon = computeCartoon({ type: 'cartoon', id: 7, structure: cartoonInput(protein) });
    // ../../packages/viewer/test/fixtures/1a63-dssp.txt: mkdssp's one-letter assignment of residues 1-129 (130 has no O)
    const dssp = readFileSync(new URL('../../../packages/viewer/test/fixtures/1a63-dssp.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('#'))[0]!;
    expect(cartoon).toMatchObject({
      type: 'cartoon',
      id: 7,
      residues: 130,
      helix: [...dssp].filter((c) => c === 'H').length,
      strand: [...dssp].filter((c) => c === 'E').length,
      source: 'computed (DSSP rules)',
    });
    // the columns posted to the worker are all the cartoon reads: the same mesh as from the whole structure
    const residues = residuesOf(protein);
    const ss = computeSecondaryStructure(protein.positions, residues);
    const mesh = cartoonMesh(
      protein.positions,
      residues,
      ss,
      ss.map((s) => SECONDARY_STRUCTURE_COLORS[s]),
    );
    for (const key of ['positions', 'normals', 'colors', 'indices'] as const) expect(cartoon[key]).toEqual(mesh[key]);
  });

  it('a PDB with HELIX and SHEET records: the records reach the worker and set the secondary structure', () => {
    const chains = Array.from(protein.numbers, () => 'A');
    const withChain: Structure = {
      ...protein,
      arrays: { ...protein.arrays, [BIO_ARRAYS.chainIds]: { type: 'S', width: 1, data: chains } },
    };
    const records = [
      'HELIX    1  H1 ALA A    2  ALA A   10  1                                   9',
      'SHEET    1  S1 1 ALA A  30  ALA A  34  0',
    ];
    const pdb = parsePdb(`${records.join('\n')}\n${formatPdb(withChain)}`)[0]!;
    const input = cartoonInput(pdb);
    expect(Object.keys(input.arrays)).not.toContain(BIO_ARRAYS.occupancies); // only what the cartoon reads travels
    // residues 2-10 (9) and 30-34 (5), as the records say
    expect(computeCartoon({ type: 'cartoon', id: 1, structure: input })).toMatchObject({
      helix: 9,
      strand: 5,
      source: 'HELIX/SHEET records',
    });
  });

  it('a structure without protein residues is refused with the reason', () => {
    const argon: Structure = {
      numbers: new Int32Array([18, 18]),
      positions: new Float64Array(6),
      cell: null,
      pbc: [false, false, false],
      arrays: {},
      info: {},
    };
    expect(() => computeCartoon({ type: 'cartoon', id: 1, structure: cartoonInput(argon) })).toThrow(/no protein residues/);
  });
});
