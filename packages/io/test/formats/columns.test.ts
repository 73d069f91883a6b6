import { describe, expect, it } from 'vitest';
import { Float64List, Int32List, intern, LineBuilder } from '../../src/formats/columns.ts';
import { createStructure, formatExtxyz, formatLammpsDump, formatPdb, parseExtxyz, parseLammpsDump, parsePdb } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';

describe('writer and reader columns', () => {
  it.each([0, 1, 4095, 4096, 4097, 8192, 10_001])('LineBuilder of %i lines: every line and a newline, whole or through a sink', (count) => {
    const lines = Array.from({ length: count }, (_, i) => (i % 7 === 0 ? '' : `line ${i}`));
    const expected = lines.map((line) => `${line}\n`).join('');
    const builder = new LineBuilder();
    for (const line of lines) builder.push(line);
    expect(builder.text()).toBe(expected);
    const pieces: string[] = [];
    const sunk = new LineBuilder((text) => pieces.push(text));
    sunk.push(...lines);
    sunk.end();
    expect(pieces.join('')).toBe(expected);
    expect(pieces.length).toBe(Math.ceil(count / 4096)); // chunks of 4096 lines, none empty
  });

  it('growable lists keep every value; intern gives one object per distinct string', () => {
    const f = new Float64List();
    const k = new Int32List();
    for (let i = 0; i < 5000; i++) {
      f.push(i / 3);
      k.push(-i);
    }
    expect(f.toArray()).toEqual(Float64Array.from({ length: 5000 }, (_, i) => i / 3));
    expect(Array.from(k.toArray().subarray(4997))).toEqual([-4997, -4998, -4999]);
    const table = new Map<string, string>();
    expect(intern(table, 'CA')).toBe(intern(table, ['C', 'A'].join('')));
    expect(table.size).toBe(1);
  });

  it('files of more lines than one chunk round trip through the writers', () => {
    const n = 9000; // > 2 chunks of 4096 lines
    const s = createStructure({
      symbols: Array.from({ length: n }, (_, i) => (i % 2 ? 'Na' : 'Cl')),
      positions: Array.from({ length: 3 * n }, (_, i) => ((i * 37) % 1000) / 8),
      cell: [200, 0, 0, 0, 200, 0, 0, 0, 200],
      pbc: [true, true, true],
    });
    expectSameFrames(parseExtxyz(formatExtxyz(s)), [s]);
    const [dump] = parseLammpsDump(formatLammpsDump(s));
    expect(Array.from(dump!.positions)).toEqual(Array.from(s.positions));
    const [pdb] = parsePdb(formatPdb(s));
    expect(pdb!.numbers.length).toBe(n);
    expect(pdb!.positions[3 * n - 1]).toBeCloseTo(s.positions[3 * n - 1]!, 3); // PDB holds 3 decimals
  });
});
