import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStructures } from '../../src/index.ts';
import { readFramesFromFile, readFramesFromFileSync } from '../../src/node/index.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';

// requireStructure: a file with no structure in it is bad input that names the file, the line and what was expected
// there (an extxyz atom count on the first line), not an empty list the caller has to explain without a line.

const COUNT = 'the number of atoms (a non-negative integer) on the first line';
const required = { fileName: 'e.xyz', requireStructure: true };

describe('requireStructure: a text without a structure is a ParseError at line 1', () => {
  it('an empty extxyz text (or a byte-order mark alone): line 1, the atom count expected, "an empty file"', () => {
    for (const text of ['', '\ufeff']) {
      const e = parseErrorOf(() => parseStructures(text, 'extxyz', required));
      expect(e).toMatchObject({ fileName: 'e.xyz', line: 1, column: 1, expected: COUNT, found: 'an empty file' });
      expect(e.message).toBe(`e.xyz:1:1: expected ${COUNT}, found an empty file`);
    }
  });

  it('only blank lines: line 1, "only blank lines"; counted from lineOffset for a piece of a file', () => {
    const e = parseErrorOf(() => parseStructures('\n  \n\t\r\n', 'extxyz', required));
    expect(e.message).toBe(`e.xyz:1:1: expected ${COUNT}, found only blank lines`);
    expect(parseErrorOf(() => parseStructures('\n\n', 'extxyz', { ...required, lineOffset: 40 })).line).toBe(41);
  });

  it('a first line that is no integer stays the reader’s own error at line 1 (with or without the option)', () => {
    for (const options of [required, { fileName: 'e.xyz' }]) {
      const e = parseErrorOf(() => parseStructures('two\nLattice="1 0 0 0 1 0 0 0 1"\nH 0 0 0\n', 'extxyz', options));
      expect(e.message).toBe('e.xyz:1:1: expected the number of atoms (a non-negative integer), found "two"');
    }
  });

  it('other formats name what they start with; content without a structure is named at the end of the text', () => {
    const pdb = parseErrorOf(() => parseStructures('REMARK 1\nREMARK 2\n', 'pdb', { fileName: 'r.pdb', requireStructure: true }));
    expect(pdb.message).toBe('r.pdb:3:1: expected ATOM or HETATM records, found end of file');
    expect(parseErrorOf(() => parseStructures('', 'cif', { fileName: 'c.cif', requireStructure: true })).message).toBe(
      'c.cif:1:1: expected a data_ block with atom sites, found an empty file',
    );
  });

  it('without the option an empty text is no frames, as before (a list reader: ASE reads index=":" so)', () => {
    expect(parseStructures('', 'extxyz')).toEqual([]);
    expect(parseStructures('\n\n', 'extxyz', { fileName: 'e.xyz' })).toEqual([]);
  });
});

describe('requireStructure in the file readers (sync: one string; async: extxyz streamed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'equitensor-io-empty-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const empty = file('empty.xyz', '');
  const blank = file('blank.extxyz', '\n   \n\n');

  it('an empty file and a file of blank lines: the file, line 1 and the atom count expected', async () => {
    for (const [path, found] of [
      [empty, 'an empty file'],
      [blank, 'only blank lines'],
    ] as const) {
      const message = `${path}:1:1: expected ${COUNT}, found ${found}`;
      expect(() => readFramesFromFileSync(path, { requireStructure: true })).toThrow(message);
      await expect(readFramesFromFile(path, { requireStructure: true })).rejects.toThrow(message);
      expect(readFramesFromFileSync(path)).toEqual([]);
      expect(await readFramesFromFile(path)).toEqual([]);
    }
  });
});
