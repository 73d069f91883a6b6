/**
 * The app's incremental file reader against io's whole-text parsers: whatever the chunking, the same
 * frames come out, and a bad line gives the very error (file, line, column, expected) io gives for the
 * whole file, after the frames before it.
 */
import type { Structure } from '@equitensor/io';
import { formatExtxyz, formatLammpsDump, formatPdb, ParseError, parseExtxyz, parseLammpsDump } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { FrameStream } from '../src/worker/frame-stream.ts';

function randomFrames(rng: SeededRng, count: number, atoms: number): Structure[] {
  return Array.from({ length: count }, (_, f) => ({
    numbers: Int32Array.from({ length: atoms }, (_, i) => [1, 8, 18][i % 3]!),
    positions: Float64Array.from({ length: 3 * atoms }, () => 10 * rng.uniform()),
    cell: Float64Array.from([10, 0, 0, 0, 10 + f * 0.01, 0, 0, 0, 10]),
    pbc: [true, true, true] as [boolean, boolean, boolean],
    arrays: { forces: { type: 'R' as const, width: 3, data: Float64Array.from({ length: 3 * atoms }, () => rng.uniform() - 0.5) } },
    info: { energy: -f - 0.5 },
  }));
}

/** Feed `text` in chunks of random sizes (1…maxChunk characters); collect frames, and the error if any. */
function readChunked(name: string, format: 'extxyz' | 'lammps-dump' | 'pdb', text: string, rng: SeededRng, maxChunk: number) {
  const stream = new FrameStream(name, format);
  const frames: Structure[] = [];
  const framesAtChunkEnd: number[] = [];
  try {
    for (let at = 0; at < text.length; ) {
      const size = 1 + Math.floor(rng.uniform() * maxChunk);
      for (const frame of stream.push(text.slice(at, at + size))) frames.push(frame);
      framesAtChunkEnd.push(frames.length);
      at += size;
    }
    for (const frame of stream.finish()) frames.push(frame);
    return { frames, framesAtChunkEnd, error: null };
  } catch (error) {
    return { frames, framesAtChunkEnd, error: error as ParseError };
  }
}

function whole(parse: () => Structure[]): ParseError {
  try {
    parse();
  } catch (error) {
    return error as ParseError;
  }
  throw new Error('the whole-file parse did not fail');
}

describe('FrameStream (extxyz)', () => {
  const rng = new SeededRng(20261129);
  const frames = randomFrames(rng, 12, 7);
  const text = formatExtxyz(frames);

  it.each([1, 17, 300, 100_000])('gives io parseExtxyz’s frames whatever the chunk size (≤ %i chars)', (maxChunk) => {
    const expected = parseExtxyz(text, { fileName: 't.xyz' });
    const got = readChunked('t.xyz', 'extxyz', text, new SeededRng(maxChunk), maxChunk);
    expect(got.error).toBeNull();
    expect(got.frames).toEqual(expected);
    expect(got.frames.length).toBe(12);
  });

  it('yields frames before the end of the input (incremental), with CRLF line ends and blank lines between frames', () => {
    const crlf = text.replaceAll('\n', '\r\n').replace(/\r\n(?=7\r\n)/g, '\r\n\r\n');
    const got = readChunked('t.xyz', 'extxyz', crlf, new SeededRng(3), 200);
    expect(got.frames).toEqual(parseExtxyz(text));
    const half = Math.floor(got.framesAtChunkEnd.length / 2);
    expect(got.framesAtChunkEnd[half]).toBeGreaterThan(3);
    expect(got.framesAtChunkEnd[half]).toBeLessThan(12);
  });

  it.each([
    ['a bad number in frame 9', (t: string) => nthAtomLine(t, 9, 4, (l) => l.replace(/ (\S+)/, ' 1.0x'))],
    ['a missing column in frame 9', (t: string) => nthAtomLine(t, 9, 2, (l) => l.split(' ').slice(0, 3).join(' '))],
    [
      'frame 9 cut short at the end of the file',
      (t: string) =>
        t
          .split('\n')
          .slice(0, 8 * 9 + 5)
          .join('\n'),
    ],
    ['a count that is not a number in frame 9', (t: string) => nthCountLine(t, 9, 'seven')],
  ])('%s: io’s whole-file error, after frames 1–8', (_label, corrupt) => {
    const bad = corrupt(text);
    const expected = whole(() => parseExtxyz(bad, { fileName: 'bad.xyz' }));
    const got = readChunked('bad.xyz', 'extxyz', bad, new SeededRng(5), 500);
    expect(got.error).toBeInstanceOf(ParseError);
    expect(got.error!.message).toBe(expected.message);
    expect(got.error!.line).toBeGreaterThan(8 * 9);
    expect(got.frames).toEqual(parseExtxyz(text).slice(0, 8));
  });
});

/** Replace atom line `atom` (1-based) of frame `frame` (1-based) of an extxyz text with 9 lines per frame. */
function nthAtomLine(text: string, frame: number, atom: number, edit: (line: string) => string): string {
  const lines = text.split('\n');
  const index = (frame - 1) * 9 + 1 + atom;
  lines[index] = edit(lines[index]!);
  return lines.join('\n');
}

function nthCountLine(text: string, frame: number, replacement: string): string {
  const lines = text.split('\n');
  lines[(frame - 1) * 9] = replacement;
  return lines.join('\n');
}

describe('FrameStream (LAMMPS dump)', () => {
  const frames = randomFrames(new SeededRng(11), 6, 5).map((f, i) => ({ ...f, info: { timestep: 100 * i } }));
  const text = formatLammpsDump(frames);

  it('gives io parseLammpsDump’s frames in chunks, incrementally', () => {
    const got = readChunked('t.lammpstrj', 'lammps-dump', text, new SeededRng(2), 150);
    expect(got.error).toBeNull();
    expect(got.frames).toEqual(parseLammpsDump(text, { fileName: 't.lammpstrj' }));
    expect(got.frames.length).toBe(6);
    expect(got.framesAtChunkEnd.some((n) => n > 0 && n < 6)).toBe(true);
  });

  it('a bad line in frame 4: io’s whole-file error after frames 1–3', () => {
    const lines = text.split('\n');
    const frameStarts = lines.flatMap((l, i) => (l.startsWith('ITEM: TIMESTEP') ? [i] : []));
    const target = frameStarts[3]! + 11; // the third atom line of frame 4
    lines[target] = lines[target]!.replace(/ (\S+)$/, ' nope');
    const bad = lines.join('\n');
    const expected = whole(() => parseLammpsDump(bad, { fileName: 'bad.dump' }));
    const got = readChunked('bad.dump', 'lammps-dump', bad, new SeededRng(4), 97);
    expect(got.error!.message).toBe(expected.message);
    expect(got.error!.line).toBe(target + 1);
    expect(got.frames).toEqual(parseLammpsDump(text).slice(0, 3));
  });
});

describe('FrameStream (whole-file formats)', () => {
  it('PDB is parsed whole at the end: no frame before finish()', () => {
    const frame = randomFrames(new SeededRng(1), 1, 4)[0]!;
    const text = formatPdb(frame);
    const stream = new FrameStream('x.pdb', 'pdb');
    expect(stream.incremental).toBe(false);
    expect([...stream.push(text.slice(0, 100)), ...stream.push(text.slice(100))]).toEqual([]);
    const frames = [...stream.finish()];
    expect(frames.length).toBe(1);
    expect(Array.from(frames[0]!.positions)).toEqual(Array.from(frame.positions).map((x) => Math.round(x * 1000) / 1000));
  });
});
