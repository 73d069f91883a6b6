/**
 * ChunkedFrameReader against the whole-text parsers: whatever the chunking, the same frames come out,
 * before the end of the input, and a bad file gives the very ParseError of the whole-text parse after
 * the frames before it.
 */
import { readFixtureText, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type ChunkedFormat,
  ChunkedFrameReader,
  isChunkedFormat,
  ParseError,
  parseExtxyz,
  parseLammpsDump,
  type Structure,
} from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';
import { cuDump } from '../helpers/reader-samples.ts';

interface Read {
  frames: Structure[];
  /** Frames out after each chunk. */
  framesAfterChunk: number[];
  error: unknown;
}

/** Feed `text` in chunks of 1…maxChunk characters (seeded); collect frames and the error, if any. */
function readChunked(format: ChunkedFormat, text: string, maxChunk: number, seed = maxChunk): Read {
  const rng = new SeededRng(seed);
  const reader = new ChunkedFrameReader(format, { fileName: 'f' });
  const read: Read = { frames: [], framesAfterChunk: [], error: null };
  try {
    for (let at = 0; at < text.length; ) {
      const size = 1 + rng.int(maxChunk);
      for (const frame of reader.push(text.slice(at, at + size))) read.frames.push(frame);
      read.framesAfterChunk.push(read.frames.length);
      at += size;
    }
    for (const frame of reader.end()) read.frames.push(frame);
  } catch (error) {
    read.error = error;
  }
  return read;
}

function wholeError(parse: () => unknown): ParseError {
  return parseErrorOf(parse, 'the whole-text parse did not fail');
}

function fields(error: unknown) {
  expect(error).toBeInstanceOf(ParseError);
  const e = error as ParseError;
  return { fileName: e.fileName, line: e.line, column: e.column, expected: e.expected, found: e.found, message: e.message };
}

describe('ChunkedFrameReader: extxyz (Si_tiny.xyz, 53 frames)', () => {
  const text = readFixtureText('mlip/Si_tiny.xyz');
  const expected = parseExtxyz(text, { fileName: 'f' });

  it.each([1, 7, 250, 100_000])('the frames of parseExtxyz for chunks of ≤ %i characters, before the end', (maxChunk) => {
    const read = readChunked('extxyz', text, maxChunk);
    expect(read.error).toBeNull();
    expectSameFrames(read.frames, expected);
    if (maxChunk < text.length / 4) expect(read.framesAfterChunk[Math.floor(read.framesAfterChunk.length / 2)]).toBeGreaterThan(10);
  });

  it('CRLF line ends (split between chunks), blank lines between frames, no final newline', () => {
    const crlf = text.trimEnd().replaceAll('\n', '\r\n').replaceAll('\r\n1\r\n', '\r\n\r\n\r\n1\r\n');
    for (const maxChunk of [2, 97]) expectSameFrames(readChunked('extxyz', crlf, maxChunk).frames, expected);
  });

  it('a bad atom line, a bad count line, a last frame cut short: the whole-text ParseError after every frame before', () => {
    const lines = text.split('\n');
    const starts: number[] = [];
    for (let i = 0; i < lines.length && lines[i]!.trim() !== ''; i += Number(lines[i]!.trim()) + 2) starts.push(i);
    const badAtom = [...lines];
    const atomLine = lines.findIndex((l, i) => i > 200 && /^Si /.test(l));
    badAtom[atomLine] = badAtom[atomLine]!.replace(/^Si(\s+)\S+/, 'Si$1nan0');
    const badCount = [...lines];
    const countLine = lines.findIndex((l, i) => i > 200 && /^\s*\d+\s*$/.test(l));
    badCount[countLine] = 'seven';
    for (const bad of [badAtom.join('\n'), badCount.join('\n'), lines.slice(0, -4).join('\n')]) {
      const whole = wholeError(() => parseExtxyz(bad, { fileName: 'f' }));
      for (const maxChunk of [1, 300]) {
        const read = readChunked('extxyz', bad, maxChunk);
        expect(fields(read.error)).toEqual(fields(whole));
        // every frame whose lines all come before the bad one
        const before = starts.filter((_, k) => (starts[k + 1] ?? Number.POSITIVE_INFINITY) <= whole.line - 1).length;
        expect(before).toBeGreaterThan(20);
        expectSameFrames(read.frames, expected.slice(0, before));
      }
    }
  });
});

describe('ChunkedFrameReader: LAMMPS dump (zuo2020 Cu frames as a custom dump)', () => {
  const { text, lines, starts } = cuDump(8, 5);
  const options = { fileName: 'f', typeSymbols: ['Cu'] };

  it.each([3, 400, 100_000])('the frames of parseLammpsDump for chunks of ≤ %i characters', (maxChunk) => {
    const reader = new ChunkedFrameReader('lammps-dump', options);
    const got: Structure[] = [];
    const rng = new SeededRng(maxChunk);
    for (let at = 0; at < text.length; ) {
      const size = 1 + rng.int(maxChunk);
      got.push(...reader.push(text.slice(at, at + size)));
      if (at < text.length / 2 && at + size >= text.length / 2) expect(got.length).toBeGreaterThan(1);
      at += size;
    }
    got.push(...reader.end());
    expectSameFrames(got, parseLammpsDump(text, options));
    expect(got[0]!.numbers[0]).toBe(29);
  });

  it.each([
    ['a bad number in frame 5', 4, (l: string[]) => l.map((x, i) => (i === starts[4]! + 12 ? x.replace(/ \S+$/, ' nope') : x))],
    // the frame ends early: the whole-text parse reads the next TIMESTEP line as an atom line
    ['frame 5 one atom line short', 4, (l: string[]) => l.filter((_, i) => i !== starts[5]! - 1)],
    // found by the fuzz run: the whole text and a chunk that ends early must agree on which error comes first
    [
      'a bad number in frame 5, which is also two atom lines short',
      4,
      (l: string[]) =>
        l
          .map((x, i) => (i === starts[4]! + 10 ? x.replace(/ \S+$/, ' 1.0D-3') : x))
          .filter((_, i) => i !== starts[5]! - 1 && i !== starts[5]! - 2),
    ],
    // a frame cut after ITEM: UNITS: the parser's skip of the units value runs past the next TIMESTEP line
    [
      'a frame that ends in ITEM: UNITS',
      5,
      (l: string[]) => l.flatMap((x, i) => (i === starts[5]! ? ['ITEM: TIMESTEP', '99', 'ITEM: UNITS', x] : [x])),
    ],
    ['the last frame cut short', 7, (l: string[]) => l.slice(0, -5)],
  ])('%s: the whole-text ParseError after the %i frames before', (_label, before, corrupt) => {
    const bad = corrupt([...lines]).join('\n');
    const whole = wholeError(() => parseLammpsDump(bad, options));
    for (const maxChunk of [1, 50, 5000]) {
      const read = readChunked('lammps-dump', bad, maxChunk);
      expect(fields(read.error)).toEqual(fields(whole));
      expectSameFrames(read.frames, parseLammpsDump(text, options).slice(0, before));
    }
  });
});

describe('ChunkedFrameReader: contract', () => {
  it('frames of a push not iterated come out later; lineOffset counts lines before the first chunk', () => {
    const reader = new ChunkedFrameReader('extxyz', { lineOffset: 100 });
    reader.push('1\n\nH 0 0 0\n2\n\nH 0 0 0\nH 0 0 0.74\n'); // not iterated
    expect([...reader.push('1\n\nHe 0 0 0')].map((f) => f.numbers.length)).toEqual([1, 2]);
    expect([...reader.end()].map((f) => Array.from(f.numbers))).toEqual([[2]]);
    const bad = new ChunkedFrameReader('extxyz', { fileName: 'tail.xyz', lineOffset: 100 });
    expect(() => [...bad.push('1\n\nH 0 0 zero\n')]).toThrow('tail.xyz:103:7:');
    expect(() => [...bad.end()]).toThrow('tail.xyz:103:7:'); // spent: the same error again
  });

  it('push after end is an error; format names', () => {
    const reader = new ChunkedFrameReader('extxyz');
    expect([...reader.end()]).toEqual([]);
    expect(() => reader.push('1\n')).toThrow(/after end/);
    expect([isChunkedFormat('extxyz'), isChunkedFormat('lammps-dump'), isChunkedFormat('pdb')]).toEqual([true, true, false]);
  });
});
