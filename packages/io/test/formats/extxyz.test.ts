import { describe, expect, it } from 'vitest';
import { createStructure, formatExtxyz, type ParseError, parseExtxyz, type Structure } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';

describe('extxyz: the libAtoms grammar', () => {
  it('reads quoted and escaped strings, arrays, logicals, S/R/I/L columns of any width', () => {
    const text = [
      '2',
      'Lattice="4 0 0 0 5 0 1 0 6" Properties=species:S:1:pos:R:3:tags:I:1:fixed:L:3:label:S:2:m:R:1 ' +
        'title="a \\"quoted\\" title" path=\'C:\\\\tmp\' ints="1 2 3" reals={1.5 -2 3e-3} flags="T F T" on=T off=False bare ' +
        'list=[1, 2, 3] words=["x y", "z"] spaced = 7 stress="1 4 7 2 5 8 3 6 9" pbc="T F T"',
      'O 0.0 0.1 0.2 7 T F T a b 15.999',
      'H 1 1.5 -2e-1 -3 F F F c d 1.008',
      '',
    ].join('\n');
    const [s] = parseExtxyz(text);
    expect(s!.cell && Array.from(s!.cell)).toEqual([4, 0, 0, 0, 5, 0, 1, 0, 6]);
    expect(s!.pbc).toEqual([true, false, true]);
    expect(Array.from(s!.numbers)).toEqual([8, 1]);
    expect(Array.from(s!.positions)).toEqual([0, 0.1, 0.2, 1, 1.5, -0.2]);
    expect(s!.arrays.tags).toEqual({ type: 'I', width: 1, data: new Int32Array([7, -3]) });
    expect(s!.arrays.fixed).toEqual({ type: 'L', width: 3, data: new Uint8Array([1, 0, 1, 0, 0, 0]) });
    expect(s!.arrays.label).toEqual({ type: 'S', width: 2, data: ['a', 'b', 'c', 'd'] });
    expect(s!.info).toEqual({
      title: 'a "quoted" title',
      path: 'C:\\tmp',
      ints: [1, 2, 3],
      reals: [1.5, -2, 3e-3],
      flags: [true, false, true],
      on: true,
      off: false,
      bare: true,
      list: [1, 2, 3],
      words: ['x y', 'z'],
      spaced: 7,
      // ASE's column-major 9 numbers, stored row-major
      stress: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    });
    const again = parseExtxyz(formatExtxyz(s!));
    expectSameFrames(again, [s!]);
  });

  it('reads plain XYZ (free comment), Z columns, non-element labels (as X when asked) and multiple frames with blank lines', () => {
    const text = '1\nwater monomer, step 1\nO 0 0 0\n\n1\n\nCA1 1 2 3\n1\nProperties=Z:I:1:pos:R:3\n26 0 0 0\n\n\n';
    // an unknown element is a ParseError by default, at the label
    const e = parseError(text);
    expect([e.line, e.column, e.found]).toEqual([7, 1, '"CA1"']);
    const frames = parseExtxyz(text, { unknownElements: 'X' });
    expect(frames.length).toBe(3);
    expect(frames[0]!.info).toEqual({ comment: 'water monomer, step 1' });
    expect(frames[1]!.numbers[0]).toBe(0);
    expect(frames[1]!.arrays.species).toEqual({ type: 'S', width: 1, data: ['CA1'] });
    expect(frames[2]!.numbers[0]).toBe(26);
    expectSameFrames(parseExtxyz(formatExtxyz(frames), { unknownElements: 'X' }), frames);
  });

  it('writes exact float64 values (shortest round trip) and special values', () => {
    const s = createStructure({
      symbols: ['H', 'He'],
      positions: [0.1 + 0.2, 1 / 3, -1e-300, 6.02214076e23, Number.MIN_VALUE, -0],
      arrays: { e: { type: 'R', width: 1, data: new Float64Array([Number.MAX_VALUE, -Number.MAX_VALUE]) } },
      info: { energy: Math.PI, note: 'T', empty: '', multi: 'line\none' },
    });
    const [back] = parseExtxyz(formatExtxyz(s));
    expect(Array.from(back!.positions)).toEqual(Array.from(s.positions));
    expect(Array.from(back!.arrays.e!.data as Float64Array)).toEqual([Number.MAX_VALUE, -Number.MAX_VALUE]);
    // NaN and infinity: the reader refuses them, so the writer does too (RangeError naming the value)
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => formatExtxyz({ ...s, arrays: { e: { type: 'R', width: 1, data: new Float64Array([0, bad]) } } })).toThrow(
        /array "e", value 1/,
      );
      expect(() => formatExtxyz({ ...s, info: { energy: bad } })).toThrow(/info "energy"/);
      expect(() => formatExtxyz({ ...s, positions: Float64Array.of(0, 0, 0, 0, bad, 0) })).toThrow(/atom 1: y/);
    }
    // a string that would read back as a non-finite number
    expect(() => formatExtxyz({ ...s, info: { note: 'nan' } })).toThrow(/info "note"/);
    // a string that reads as a logical or number comes back as one (extxyz has no way to say otherwise; ASE agrees)
    expect(back!.info).toEqual({ energy: Math.PI, note: true, empty: '', multi: 'line\none' });
  });

  it('refuses frames extxyz cannot hold', () => {
    const s = createStructure({ symbols: ['H'], positions: [0, 0, 0] });
    expect(() => formatExtxyz({ ...s, info: { pbc: true } })).toThrow(RangeError);
    expect(() => formatExtxyz({ ...s, arrays: { 'bad name': { type: 'R', width: 1, data: new Float64Array(1) } } })).toThrow(RangeError);
    expect(() => formatExtxyz({ ...s, arrays: { label: { type: 'S', width: 1, data: ['has space'] } } })).toThrow(RangeError);
    expect(() => formatExtxyz({ ...s, positions: new Float64Array(2) })).toThrow(RangeError);
    expect(() => formatExtxyz({ ...s, arrays: { species: { type: 'I', width: 1, data: new Int32Array(1) } } })).toThrow(/species/);
  });
});

function parseError(text: string): ParseError {
  return parseErrorOf(() => parseExtxyz(text, { fileName: 'bad.xyz' }));
}

describe('extxyz: bad input gives a ParseError naming file, line, column and what was expected', () => {
  const cases: [string, string, number, number, RegExp][] = [
    ['atom count', 'two\n\nH 0 0 0\n', 1, 1, /number of atoms/],
    ['missing atom lines', '3\n\nH 0 0 0\nH 0 0 1\n', 5, 1, /3 atom lines/],
    ['bad real', '1\n\nH 0 zero 0\n', 3, 5, /real number for pos/],
    ['too few fields', '1\n\nH 0 0\n', 3, 6, /4 fields/],
    ['too many fields', '1\n\nH 0 0 0 9\n', 3, 9, /4 fields/],
    ['bad Lattice', '1\nLattice="1 0 0" pbc="T T T"\nH 0 0 0\n', 2, 10, /Lattice with 9/],
    ['bad Properties type', '1\nProperties=species:S:1:pos:X:3\nH 0 0 0\n', 2, 28, /column type/],
    ['Properties without pos', '1\nProperties=species:S:1\nH\n', 2, 1, /pos:R:3/],
    ['unterminated quote', '1\nenergy=1 a="open and never closed\nH 0 0 0\n', 2, 12, /closing "/],
    ['text glued after a quoted value', '1\na="x"y\nH 0 0 0\n', 2, 6, /whitespace after a value/],
    ['bad integer', '1\nProperties=species:S:1:pos:R:3:n:I:1\nH 0 0 0 1.5\n', 3, 9, /integer for n/],
    ['bad logical', '1\nProperties=species:S:1:pos:R:3:m:L:1\nH 0 0 0 yes\n', 3, 9, /logical/],
    ['bad pbc', '1\npbc="T T"\nH 0 0 0\n', 2, 6, /pbc as three/],
    ['value missing', '1\nenergy=\nH 0 0 0\n', 2, 8, /a value for key "energy"/],
  ];
  for (const [name, text, line, column, expected] of cases) {
    it(name, () => {
      const error = parseError(text);
      expect({ file: error.fileName, line: error.line, column: error.column }).toEqual({ file: 'bad.xyz', line, column });
      expect(error.expected).toMatch(expected);
      expect(error.message).toContain(`bad.xyz:${line}:${column}: expected`);
    });
  }
});

export type { Structure };
