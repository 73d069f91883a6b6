import { describe, expect, it } from 'vitest';
import { type ParseError, parseExtxyz } from '../../src/index.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';

// The extxyz comment line and atom lines, checked value by value against outside references: ASE 3.22.1's
// `ase.io.extxyz.key_val_str_to_dict` (its output for the same comment lines is written out below; run once with
// Debian's python3-ase) where ASE and the libAtoms extxyz grammar agree, and the libAtoms grammar itself
// (github.com/libAtoms/extxyz README: quoted strings with backslash escapes, `{}`/`[]` arrays, T/F/True/False
// logicals, bare keys meaning true) where ASE 3.22 predates it. Every comparison is exact: the values are short
// decimal literals, read by the same float64 rounding on both sides.

/** The single frame of a one-atom extxyz text with this comment line. */
function infoOf(comment: string): Record<string, unknown> {
  return parseExtxyz(`1\n${comment}\nH 0 0 0\n`)[0]!.info;
}

/** The ParseError (line, column, expected, found) of a text. */
function errorOf(text: string): ParseError {
  return parseErrorOf(() => parseExtxyz(text, { fileName: 'g.xyz' }));
}

/** The error of a one-atom frame with this comment line: [column, expected, found]. */
function commentError(comment: string): [number, string, string] {
  const e = errorOf(`1\n${comment}\nH 0 0 0\n`);
  expect(e.line).toBe(2);
  return [e.column, e.expected, e.found];
}

describe('extxyz key=value typing as ASE 3.22 reads it', () => {
  it('numbers, logicals, strings, quoted and brace arrays', () => {
    // ASE 3.22: {'a': 1, 'd': array([1, 2]), 'e': True, 'f': [True, False], 'g': 'x y', 'm': -7, 'n': True, 'p': 'abc'}
    expect(infoOf('a="1" d="1 2" e="T" f="T F" g="x y" m=-7 n=T p=abc')).toEqual({
      a: 1,
      d: [1, 2],
      e: true,
      f: [true, false],
      g: 'x y',
      m: -7,
      n: true,
      p: 'abc',
    });
    // ASE 3.22: {'q': 1.5, 'r': -2, 's': 1000.0, 'u': array([3., 4.5]), 'ints': array([1, 2, 3]), 'commas': array([1, 2, 3]),
    // 'mixed': '1 T', 'ml': array([1., 2.]), 'www': False}
    expect(infoOf('q="1.5" r="-2" s=1e3 u="3 4.5" ints={1 2 3} commas="1,2,3" mixed="1 T" ml={1.0 2} www=F')).toEqual({
      q: 1.5,
      r: -2,
      s: 1000,
      u: [3, 4.5],
      ints: [1, 2, 3],
      commas: [1, 2, 3],
      mixed: '1 T',
      ml: [1, 2],
      www: false,
    });
  });

  it('single-quoted values, quoted keys, spaces around "=", bare keys', () => {
    // ASE 3.22: {'quoted': 'single q', 'key with space': 3} and {'x': 1, 'y': 2, 'bare': True, 'z': True}
    expect(infoOf(`quoted='single q' "key with space"=3`)).toEqual({ quoted: 'single q', 'key with space': 3 });
    expect(infoOf('x=1   y = 2  bare  z')).toEqual({ x: 1, y: 2, bare: true, z: true });
    expect(infoOf('x=1\ty\t=\t2\tbare')).toEqual({ x: 1, y: 2, bare: true });
    expect(infoOf('\'single key\'="v w" last')).toEqual({ 'single key': 'v w', last: true });
  });

  it('stress and virial are column-major 3×3 (ASE reshapes them with order="F"); other 9-number keys stay as written', () => {
    // ASE 3.22: 'v': array([1..9]), 'stress' and 'virial': [[1, 4, 7], [2, 5, 8], [3, 6, 9]] (stored row-major here)
    expect(infoOf('v="1 2 3 4 5 6 7 8 9" stress="1 2 3 4 5 6 7 8 9" virial={1 2 3 4 5 6 7 8 9}')).toEqual({
      v: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      stress: [1, 4, 7, 2, 5, 8, 3, 6, 9],
      virial: [1, 4, 7, 2, 5, 8, 3, 6, 9],
    });
    // not 9 numbers: nothing to transpose
    expect(infoOf('stress="1 2 3 4 5 6" virial="a b c d e f g h i" stress2=[a, b, c, d, e, f, g, h, i]')).toEqual({
      stress: [1, 2, 3, 4, 5, 6],
      virial: 'a b c d e f g h i',
      stress2: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    });
    expect(infoOf('virial=[a, b, c, d, e, f, g, h, i]').virial).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });
});

describe('extxyz key=value grammar (libAtoms)', () => {
  it('backslash escapes in quoted strings: \\n \\t \\r \\\\ \\" \\\' and any other escaped character as itself', () => {
    expect(infoOf(String.raw`t="a\nb\tc\rd\\e\"f\'g\qh" u='it\'s'`)).toEqual({ t: 'a\nb\tc\rd\\e"f\'gqh', u: "it's" });
    // a quote of the other kind inside a string is an ordinary character
    expect(infoOf(`s="it's" d='say "hi"'`)).toEqual({ s: "it's", d: 'say "hi"' });
  });

  it('[] arrays: commas and spaces separate, quoted elements, a nested bracket closes at its own depth', () => {
    expect(infoOf('h=[1, 2,3 ,4] w=["x y", \'z\', "a]b"] k=1')).toEqual({ h: [1, 2, 3, 4], w: ['x y', 'z', 'a]b'], k: 1 });
    expect(infoOf('n=[[1, 2], [3, 4]] after=5')).toEqual({ n: [1, 2, 3, 4], after: 5 });
    expect(infoOf("s=['a]b'] t=1")).toEqual({ s: ['a]b'], t: 1 });
    expect(infoOf('b={1 {2} 3} c={"}" x} d=0')).toEqual({ b: [1, 2, 3], c: ['}', 'x'], d: 0 });
    expect(infoOf('l=[T, F, True, false] s=[word]')).toEqual({ l: [true, false, true, false], s: ['word'] });
  });

  it('one element: a quoted number or logical is a scalar, a bracketed one stays an array; empty values', () => {
    expect(infoOf('q="5" b=[5] c={5} t="T" u=[F] e="" f=[] g={} h=" "')).toEqual({
      q: 5,
      b: [5],
      c: [5],
      t: true,
      u: [false],
      e: '',
      f: [],
      g: [],
      h: ' ',
    });
  });

  it('logicals: T True true TRUE and F False false FALSE; anything else is a string', () => {
    expect(infoOf('a=T b=True c=true d=TRUE e=F f=False g=false h=FALSE i=t j=yes k=1')).toEqual({
      a: true,
      b: true,
      c: true,
      d: true,
      e: false,
      f: false,
      g: false,
      h: false,
      i: 't',
      j: 'yes',
      k: 1,
    });
  });

  it('whitespace at the ends of the line and inside quoted number lists is not a value', () => {
    expect(infoOf(' a=1 \t ')).toEqual({ a: 1 });
    expect(infoOf('q=" 1 2 " r="  T F\t"')).toEqual({ q: [1, 2], r: [true, false] });
  });

  it('a bare value runs to the next whitespace, quotes and "=" included', () => {
    expect(infoOf('a=x"y" b=c=d e=1,2')).toEqual({ a: 'x"y"', b: 'c=d', e: '1,2' });
  });

  it('non-finite numbers are refused at the value, alone or among numbers; among words they are text', () => {
    expect(commentError('e=nan')).toEqual([3, 'a finite number for "e" (NaN and infinity are not read)', '"nan"']);
    expect(commentError('x=1 e="1 2 inf"')[0]).toBe(8);
    expect(commentError('x=1 e=[1, -Infinity]')[0]).toBe(8);
    expect(commentError('e="1e400"')[0]).toBe(4);
    expect(infoOf('w="a nan" v=[inf, x]')).toEqual({ w: 'a nan', v: ['inf', 'x'] });
  });

  it('syntax errors name the column (1-based) of the problem', () => {
    expect(commentError('=1')).toEqual([1, 'a key before "="', '"=1"']);
    expect(commentError('a=1 =2')).toEqual([5, 'a key before "="', '"=2"']);
    expect(commentError('a==1')).toEqual([3, 'a value for key "a"', '"=1"']);
    expect(commentError('a= =1')[0]).toBe(4);
    expect(commentError('ok=1 a=   ')).toEqual([11, 'a value for key "a"', '"end of line"']); // the comment line ends there, not the file
    expect(commentError('x=1 a=[1 2')).toEqual([7, 'a closing ] for the array opened here', '"[1 2"']);
    expect(commentError('x=1 a={1 {2}')[1]).toBe('a closing } for the array opened here');
    expect(commentError(`x=1 a='open`)).toEqual([7, "a closing ' for the string opened here", `"'open"`]);
    expect(commentError('x=1 "open=1')[0]).toBe(5);
    expect(commentError('x=1 a=[1]b')).toEqual([10, 'whitespace after a value', '"b"']);
    expect(commentError('x=1 a={1}{2}')[0]).toBe(10);
    expect(commentError(String.raw`a="ends in a backslash\"`)[0]).toBe(3);
  });
});

describe('extxyz header: Lattice, pbc and Properties', () => {
  const frame = (comment: string, atom = 'H 0 0 0') => parseExtxyz(`1\n${comment}\n${atom}\n`)[0]!;

  it('a comment line without "=" is plain XYZ: free text, trimmed, no cell, not periodic', () => {
    const plain = frame('  water, step 1 \t');
    expect([plain.info, plain.cell, plain.pbc]).toEqual([{ comment: 'water, step 1' }, null, [false, false, false]]);
    expect(frame(' \t ').info).toEqual({});
  });

  it('pbc defaults as in ASE: all periodic with a Lattice, none without; pbc= as one or three logicals', () => {
    expect(frame('Lattice="2 0 0 0 3 0 0 0 4"').pbc).toEqual([true, true, true]);
    expect(frame('energy=1').pbc).toEqual([false, false, false]);
    expect(frame('energy=1').cell).toBeNull();
    expect(frame('Lattice="2 0 0 0 3 0 0 0 4" pbc=F').pbc).toEqual([false, false, false]);
    expect(frame('pbc=T Lattice="2 0 0 0 3 0 0 0 4"').pbc).toEqual([true, true, true]);
    expect(frame('Lattice="2 0 0 0 3 0 0 0 4" pbc=[F, T, F]').pbc).toEqual([false, true, false]);
    expect(frame('Lattice="2 0 0 0 3 0 0 0 4" pbc="T F F"').pbc).toEqual([true, false, false]);
    expect(Array.from(frame('Lattice={2 0 0 0 3 0 0 0 4}').cell!)).toEqual([2, 0, 0, 0, 3, 0, 0, 0, 4]);
    // neither Lattice nor pbc go to info
    expect(frame('Lattice="2 0 0 0 3 0 0 0 4" pbc="T F F" e=2').info).toEqual({ e: 2 });
  });

  it('a Lattice must be 9 finite numbers, a pbc three logicals; the error is at the value', () => {
    const lattice = 'Lattice with 9 finite numbers (a, b, c row by row)';
    expect(commentError('e=1 Lattice="2 0 0 0 3 0 0 0"')).toEqual([14, lattice, '"2 0 0 0 3 0 0 0"']);
    expect(commentError('Lattice=abc')[0]).toBe(9);
    expect(commentError('Lattice="T T T T T T T T T"')[1]).toBe(lattice);
    expect(commentError('Lattice="a b c d e f g h i"')[1]).toBe(lattice);
    expect(commentError('Lattice=2')[1]).toBe(lattice);
    expect(commentError('e=1 pbc="T T T T"')).toEqual([10, 'pbc as three logicals ("T T F")', '"T T T T"']);
    expect(commentError('pbc="1 0 1"')[1]).toBe('pbc as three logicals ("T T F")');
    expect(commentError('pbc=yes')[1]).toBe('pbc as three logicals ("T T F")');
    // a flat cell is refused at the Lattice value, wherever the key stands
    expect(commentError('e=1 Lattice="1 0 0 2 0 0 0 0 1"').slice(0, 2)).toEqual([14, 'a Lattice of a real cell']);
    // a bare key Lattice (= true) is no lattice: refused at the key
    expect(commentError('e=1 Lattice')).toEqual([5, lattice, 'end of file']);
  });

  it('Properties: pos must be R with width 3; errors inside the value count from its first character', () => {
    const pos = 'Properties with a pos:R:3 column';
    expect(commentError('Properties=species:S:1:pos:R:2')).toEqual([1, pos, '"Properties=species:S:1:pos:R:2"']);
    expect(commentError('Properties=species:S:1:pos:I:3')[1]).toBe(pos);
    expect(commentError('e=1 Properties="species:S:1:pos:Q:3"')[0]).toBe(33);
    const s = frame('Properties=pos:R:3:species:S:1 e=1', '0 1 2 He');
    expect([Array.from(s.numbers), Array.from(s.positions)]).toEqual([[2], [0, 1, 2]]);
  });
});

describe('extxyz atom lines', () => {
  it('reads I, L, S and R columns of any width into arrays, in order, several atoms', () => {
    const text = [
      '2',
      'Properties=species:S:1:pos:R:3:n:I:2:fix:L:2:tag:S:1:q:R:1',
      'O 1 2 3 -4 5 T F w -0.5',
      'H 4 5 6 7 -8 F T v 2.5',
    ].join('\n');
    const s = parseExtxyz(text)[0]!;
    expect(Array.from(s.numbers)).toEqual([8, 1]);
    expect(Array.from(s.positions)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.arrays).toEqual({
      n: { type: 'I', width: 2, data: new Int32Array([-4, 5, 7, -8]) },
      fix: { type: 'L', width: 2, data: new Uint8Array([1, 0, 0, 1]) },
      tag: { type: 'S', width: 1, data: ['w', 'v'] },
      q: { type: 'R', width: 1, data: new Float64Array([-0.5, 2.5]) },
    });
  });

  it('element labels in another case are read as the element and kept; Z gives numbers only without species', () => {
    const s = parseExtxyz('2\n\nCL 0 0 0\nna 1 1 1\n')[0]!;
    expect(Array.from(s.numbers)).toEqual([17, 11]);
    expect(s.arrays.species).toEqual({ type: 'S', width: 1, data: ['CL', 'na'] });
    const both = parseExtxyz('1\nProperties=species:S:1:pos:R:3:Z:I:1\nH 0 0 0 8\n')[0]!;
    expect(Array.from(both.numbers)).toEqual([1]);
    expect(both.arrays).toEqual({ Z: { type: 'I', width: 1, data: new Int32Array([8]) } });
    const z = parseExtxyz('2\nProperties=pos:R:3:Z:I:1\n0 0 0 0\n1 1 1 118\n')[0]!;
    expect(Array.from(z.numbers)).toEqual([0, 118]);
    expect(z.arrays).toEqual({});
    // Z beyond the periodic table: refused at the Z field, or X = 0 when asked
    const e = errorOf('2\nProperties=pos:R:3:Z:I:1\n0 0 0 8\n1 1 1 119\n');
    expect([e.line, e.column, e.found]).toEqual([4, 7, '"119"']);
    expect(e.expected).toMatch(/^an atomic number from 0 to 118 for Z/);
    expect(errorOf('1\nProperties=pos:R:3:Z:I:1\n0 0 0 -1\n').line).toBe(3);
    expect(Array.from(parseExtxyz('1\nProperties=pos:R:3:Z:I:1\n0 0 0 119\n', { unknownElements: 'X' })[0]!.numbers)).toEqual([0]);
    // species and Z give numbers only as S:1 and I:1 columns; others are kept as arrays
    const intSpecies = parseExtxyz('1\nProperties=species:I:1:pos:R:3:Z:I:1\n5 0 0 0 8\n')[0]!;
    expect([Array.from(intSpecies.numbers), intSpecies.arrays]).toEqual([
      [8],
      { species: { type: 'I', width: 1, data: new Int32Array([5]) } },
    ]);
    const wideSpecies = parseExtxyz('1\nProperties=species:S:2:pos:R:3:Z:I:1\nH He 0 0 0 8\n')[0]!;
    expect([Array.from(wideSpecies.numbers), wideSpecies.arrays.species!.data]).toEqual([[8], ['H', 'He']]);
    const neither = parseExtxyz('1\nProperties=pos:R:3:q:R:1\n1 2 3 0.5\n')[0]!;
    expect([Array.from(neither.numbers), Object.keys(neither.arrays)]).toEqual([[0], ['q']]);
    const realZ = parseExtxyz('1\nProperties=pos:R:3:Z:R:1\n0 0 0 8\n')[0]!;
    expect([Array.from(realZ.numbers), realZ.arrays.Z!.type]).toEqual([[0], 'R']);
    const wideZ = parseExtxyz('1\nProperties=pos:R:3:Z:I:2\n0 0 0 8 9\n')[0]!;
    expect([Array.from(wideZ.numbers), wideZ.arrays.Z!.width]).toEqual([[0], 2]);
    expect(errorOf('2\n\nH 0 0 0\nQq 0 0 0\n')).toMatchObject({ line: 4, column: 1, found: '"Qq"' });
    // an unknown label is named at its own field, wherever the species column stands
    const label = errorOf('1\nProperties=q:R:1:pos:R:3:species:S:1\n0.5 0 0 0 Qq\n');
    expect([label.line, label.column, label.found]).toEqual([3, 11, '"Qq"']);
  });

  it('field errors name the line and the field, on every atom line', () => {
    const p = 'Properties=species:S:1:pos:R:3:n:I:2:f:L:1';
    const good = 'H 0 0 0 1 2 T';
    expect(errorOf(`2\n${p}\n${good}\nH 0 0 0 1 2\n`)).toMatchObject({ line: 4, column: 12, found: '"end of line"' });
    expect(errorOf(`2\n${p}\n${good}\nH 0 0 0 1 2 T 9\n`)).toMatchObject({ line: 4, column: 15, found: '"9"' });
    expect(errorOf(`2\n${p}\n${good}\nH 0 0 0 1 x T\n`)).toMatchObject({ line: 4, column: 11, expected: 'an integer for n', found: '"x"' });
    expect(errorOf(`2\n${p}\n${good}\nH 0 0 0 1 2 2\n`)).toMatchObject({ line: 4, column: 13, expected: 'a logical (T or F) for f' });
    expect(errorOf(`2\n${p}\n${good}\nH 0 0 z 1 2 T\n`)).toMatchObject({ line: 4, column: 7, found: '"z"' });
    expect(errorOf(`2\n${p}\n${good}\nH 0 0 z 1 2 T\n`).expected).toMatch(/^a real number for pos/);
    expect(errorOf(`1\n${p}\nH 0 0 0 1 2 T 9 9\n`).expected).toBe('7 fields (species:S:1 pos:R:3 n:I:2 f:L:1)');
    // the first atom line is checked before anything is allocated: same places, same words
    expect(errorOf(`2\n${p}\nH 0 0 0 1 2\n${good}\n`)).toMatchObject({ line: 3, column: 12, found: '"end of line"' });
    expect(errorOf(`2\n${p}\nH 0 0 0 1 2 T 8 9\n${good}\n`)).toMatchObject({ line: 3, column: 15, found: '"8"' });
  });

  it('frame boundaries: counts, a missing comment line, too few atom lines, empty frames', () => {
    expect(errorOf('-1\n\n')).toMatchObject({ line: 1, column: 1, expected: 'the number of atoms (a non-negative integer)' });
    expect(errorOf('2.5\n\n')).toMatchObject({ line: 1, column: 1 });
    expect(errorOf('1\n\nH 0 0 0\n2')).toMatchObject({ line: 5, expected: 'the comment line of a frame of 2 atoms', found: 'end of file' });
    expect(errorOf('1\n\nH 0 0 0\n3\n\nH 0 0 0\n')).toMatchObject({
      line: 7,
      expected: '3 atom lines (the frame starting at line 4), found only 1',
    });
    const frames = parseExtxyz('0\nempty=T\n\n  1  \n\nHe 1 2 3\n0\n\n');
    expect(frames.map((f) => f.numbers.length)).toEqual([0, 1, 0]);
    expect(frames[0]!.info).toEqual({ empty: true });
    expect(Array.from(frames[1]!.positions)).toEqual([1, 2, 3]);
    expect(parseExtxyz('\n\n  \n')).toEqual([]);
  });
});
