/**
 * `lineOffset`: a file parsed piece by piece, each piece told how many lines come before it, gives the
 * frames and the very `ParseError` (file, line, column, message) of the whole file parsed at once.
 */
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { type ParseError, parseExtxyz, parseLammpsDump, parseStructures, type Structure, type StructureFormat } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';
import { cuDump } from '../helpers/reader-samples.ts';

function errorOf(parse: () => unknown): ParseError {
  return parseErrorOf(parse, 'the parse did not fail');
}

function fields(error: ParseError) {
  return {
    fileName: error.fileName,
    line: error.line,
    column: error.column,
    expected: error.expected,
    found: error.found,
    message: error.message,
  };
}

/** Pieces of a file's lines: [first line index, text] at each index in `starts`. */
function cut(lines: readonly string[], starts: readonly number[]): [number, string][] {
  return starts.map((s, k) => [s, lines.slice(s, starts[k + 1] ?? lines.length).join('\n')]);
}

/** extxyz frame starts, found by counting (count line, comment, N atom lines). */
function extxyzStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < lines.length && lines[i]!.trim() !== ''; i += Number(lines[i]!.trim()) + 2) starts.push(i);
  return starts;
}

function parsePieces(pieces: [number, string][], parse: (text: string, lineOffset: number) => Structure[]): Structure[] {
  return pieces.flatMap(([offset, text]) => parse(text, offset));
}

/** The ParseError of `lines` parsed whole by `parse`, after checking that frame by frame with offsets gives the same. */
function wholeErrorAsPieces(
  lines: readonly string[],
  starts: readonly number[],
  parse: (text: string) => unknown,
  byFrame: (text: string, lineOffset: number) => Structure[],
): ParseError {
  const whole = errorOf(() => parse(lines.join('\n')));
  const piece = errorOf(() => parsePieces(cut(lines, starts), byFrame));
  expect(fields(piece)).toEqual(fields(whole));
  return whole;
}

/** A multi-frame file cut into frames, its frame parser with a line offset, and a bad field to plant in one frame. */
interface FramedFile {
  readonly title: string;
  readonly text: string;
  readonly lines: readonly string[];
  readonly starts: readonly number[];
  readonly frames: number;
  readonly byFrame: (text: string, lineOffset: number) => Structure[];
  readonly whole: (text: string) => Structure[];
  /** The bad field: its test's name, frame (0-based) and line within the frame, the edit and the token ParseError finds. */
  readonly bad: {
    readonly name: string;
    readonly frame: number;
    readonly line: number;
    readonly edit: (line: string) => string;
    readonly found: string;
  };
}

/** A parser's frame-by-frame (with a line offset) and whole-file calls, both naming `fileName`. */
function parsers(
  parse: (text: string, options: { fileName: string; lineOffset?: number }) => Structure[],
  fileName: string,
): Pick<FramedFile, 'byFrame' | 'whole'> {
  return { byFrame: (t, lineOffset) => parse(t, { fileName, lineOffset }), whole: (t) => parse(t, { fileName }) };
}

const siTiny = readFixtureText('mlip/Si_tiny.xyz');
const cu = cuDump(6, 10);
const FILES: FramedFile[] = [
  {
    title: 'extxyz (Si_tiny.xyz, 53 frames of 1–8 atoms)',
    ...parsers(parseExtxyz, 'Si.xyz'),
    text: siTiny,
    lines: siTiny.split('\n'),
    starts: extxyzStarts(siTiny.split('\n')),
    frames: 53,
    bad: {
      name: 'a bad number in frame 40: the same ParseError (line, column, message) as the whole file',
      frame: 39,
      line: 3,
      edit: (line) => line.replace(/^(\s*\S+\s+\S+\s+)\S+/, '$10.5.1'),
      found: '"0.5.1"',
    },
  },
  {
    title: 'LAMMPS dump (zuo2020 Cu frames written as a custom dump)',
    ...parsers(parseLammpsDump, 'Cu.dump'),
    ...cu,
    frames: 6,
    bad: {
      name: 'a bad column in frame 5: the same ParseError as the whole file',
      frame: 4,
      line: 12,
      edit: (line) => line.replace(/ \S+$/, ' nope'),
      found: '"nope"',
    },
  },
];

describe.each(FILES)('lineOffset: $title', ({ text, lines, starts, frames, byFrame, whole, bad }) => {
  it('frame by frame with offsets gives the frames of the whole file', () => {
    expect(starts.length).toBe(frames);
    expectSameFrames(parsePieces(cut(lines, starts), byFrame), whole(text));
  });

  it(bad.name, () => {
    const edited = [...lines];
    const target = starts[bad.frame]! + bad.line;
    edited[target] = bad.edit(edited[target]!);
    const error = wholeErrorAsPieces(edited, starts, whole, byFrame);
    expect(error.line).toBe(target + 1);
    expect(error.found).toBe(bad.found);
  });
});

describe('lineOffset: extxyz cut short', () => {
  const { lines, starts, byFrame, whole } = FILES[0]!;

  it('a last frame cut short: the message’s “frame starting at line N” is the whole file’s too', () => {
    const short = lines.slice(0, starts[52]! + 3);
    const error = wholeErrorAsPieces(short, starts, whole, byFrame);
    expect(error.expected).toContain(`the frame starting at line ${starts[52]! + 1}`);
  });
});

describe('lineOffset: every text parser counts from it', () => {
  const broken: [string, string, StructureFormat][] = [
    [
      'PDB',
      'CRYST1   10.000   10.000   10.000  90.00  90.00  90.00 P 1\nATOM      1  N   ALA A   1      11.1x4   6.581  14.200  1.00  0.00           N\n',
      'pdb',
    ],
    [
      'PQR',
      'ATOM      1  N   ALA     1      11.104   6.581  14.200  0.1414 1.8240\nATOM      2  CA  ALA     1      11.639   oops  15.100  0.0962 1.9080\n',
      'pqr',
    ],
    [
      'CIF',
      'data_x\n_cell_length_a 4.0\n_cell_length_b 4.0\n_cell_length_c 4.0\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 zero\n',
      'cif',
    ],
    [
      'LAMMPS data',
      'title\n\n2 atoms\n1 atom types\n\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\nAtoms # atomic\n\n1 1 0 0 0\n2 1 0 0 x\n',
      'lammps-data',
    ],
  ];
  // the registry's parse of each format is the format's own parser (parsePdb, parsePqr, parseCif, parseLammpsData)
  it.each(broken)('%s: line and message shifted by the offset, column and found unchanged', (_name, text, format) => {
    const base = errorOf(() => parseStructures(text, format, { fileName: 'f' }));
    const shifted = errorOf(() => parseStructures(text, format, { fileName: 'f', lineOffset: 250 }));
    expect(base.line).toBeGreaterThan(1);
    expect(shifted.line).toBe(base.line + 250);
    expect(shifted.column).toBe(base.column);
    expect(shifted.found).toBe(base.found);
    expect(shifted.message).toBe(`f:${base.line + 250}:${base.column}: expected ${base.expected}, found ${base.found}`);
  });

  it('parseStructures passes it on', () => {
    const error = errorOf(() => parseStructures('1\n\nH 0 0 zero\n', 'extxyz', { fileName: 'h.xyz', lineOffset: 7 }));
    expect([error.line, error.column]).toEqual([10, 7]);
  });

  it('a negative or fractional offset is a RangeError', () => {
    expect(() => parseExtxyz('1\n\nH 0 0 0\n', { lineOffset: -1 })).toThrow(RangeError);
    expect(() => parseLammpsDump('', { lineOffset: 1.5 })).toThrow(RangeError);
  });
});
