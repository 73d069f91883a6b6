import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createStructure, formatExtxyz, formatStructures, ParseError, parseExtxyz, parsePqr } from '../../src/index.ts';
import {
  chooseFormat,
  readFramesFromFile,
  readFramesFromFileSync,
  readNpyFile,
  streamExtxyzFrames,
  writeFramesToFile,
  writeFramesToFileSync,
  writeNpyFile,
} from '../../src/node/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';

const dir = mkdtempSync(join(tmpdir(), 'equitensor-io-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string, chunkSize: number) {
  const frames = [];
  for await (const frame of streamExtxyzFrames(path, { chunkSize })) frames.push(frame);
  return frames;
}

describe('streamExtxyzFrames', () => {
  it('yields the frames parseExtxyz gives, for any chunk size (chunk boundaries inside lines and frames)', async () => {
    for (const file of ['mlip/Si_tiny.xyz', 'crystals/NaCl_conventional.xyz']) {
      const expected = parseExtxyz(readFixtureText(file));
      for (const chunkSize of [61, 1000, 1 << 20]) expectSameFrames(await collect(fixturePath(file), chunkSize), expected);
    }
  });

  it('handles CRLF line ends, blank lines between frames and a missing final newline', async () => {
    const path = join(dir, 'crlf.xyz');
    writeFileSync(path, '1\r\nenergy=-1\r\nH 0 0 0\r\n\r\n2\r\n\r\nH 0 0 0\r\nH 0 0 0.74');
    const frames = await collect(path, 5);
    expect(frames.map((f) => f.numbers.length)).toEqual([1, 2]);
    expect(frames[0]!.info.energy).toBe(-1);
    expect(frames[1]!.positions[5]).toBe(0.74);
  });

  it('reports the true line number of an error deep in the file', async () => {
    const good = readFixtureText('mlip/Si_tiny.xyz');
    const lines = good.split('\n');
    const target = lines.length - 5;
    lines[target] = lines[target]!.replace(/^(\S+\s+)\S+/, '$1oops');
    const path = join(dir, 'bad.xyz');
    writeFileSync(path, lines.join('\n'));
    let error: unknown;
    try {
      await collect(path, 4096);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).line).toBe(target + 1);
    expect((error as ParseError).fileName).toBe(path);
    expect((error as ParseError).found).toBe('"oops"');
  });

  it('a truncated last frame is an error, not a silent partial read', async () => {
    const path = join(dir, 'truncated.xyz');
    writeFileSync(path, '1\n\nH 0 0 0\n3\n\nH 0 0 0\n');
    await expect(collect(path, 3)).rejects.toThrow(/3 atom lines/);
  });
});

describe('readFramesFromFile / writeFramesToFile', () => {
  it('format from the extension or explicit, every format', async () => {
    const [protein] = parsePqr(readFixtureText('pqr/1ajj.pqr'));
    const [nacl] = parseExtxyz(readFixtureText('crystals/NaCl_conventional.xyz'));
    for (const [name, frames] of [
      ['p.pqr', [protein!]],
      ['p.xyz', [protein!]],
      ['n.extxyz', [nacl!]],
      ['n.cif', [nacl!]],
      ['data.nacl', [nacl!]],
      ['n.lammpstrj', [nacl!, nacl!]],
      ['n.pdb', [nacl!, nacl!]],
    ] as const) {
      const path = join(dir, name);
      await writeFramesToFile(path, frames);
      const back = await readFramesFromFile(path);
      expect(back.length, name).toBe(frames.length);
      expect(Array.from(back[0]!.numbers), name).toEqual(Array.from(frames[0].numbers));
      expect(readFramesFromFileSync(path).length).toBe(frames.length);
    }
    const explicit = join(dir, 'structure.txt');
    writeFramesToFileSync(explicit, [nacl!], { format: 'xyz' });
    expectSameFrames(await readFramesFromFile(explicit, { format: 'extxyz' }), [nacl!]);
    expect(chooseFormat('x.lmp')).toBe('lammps-data');
    expect(() => chooseFormat('x.txt')).toThrow(/cannot tell the format/);
    expect(() => chooseFormat('x.xyz', { format: 'gro' })).toThrow(/unknown format/);
  });

  it('writes atomically: a frame the format cannot hold leaves the old file untouched and no temporary file', async () => {
    const path = join(dir, 'keep.pqr');
    const [protein] = parsePqr(readFixtureText('pqr/ion.pqr'));
    await writeFramesToFile(path, [protein!]);
    const before = readFileSync(path, 'utf8');
    const noCharges = createStructure({ symbols: ['H'], positions: [0, 0, 0] });
    await expect(writeFramesToFile(path, [noCharges])).rejects.toThrow(/charges/);
    expect(() => writeFramesToFileSync(path, [noCharges])).toThrow(/charges/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads and writes .npy files', async () => {
    const path = join(dir, 'a.npy');
    await writeNpyFile(path, { shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) });
    const a = await readNpyFile(path);
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4]);
    const u = await readNpyFile(fixturePath('chebtuck/newton_cp_n256_U1r.npy'));
    expect(u.shape).toEqual([256, 26]);
  });

  it('parse errors carry the path', async () => {
    const path = join(dir, 'broken.xyz');
    writeFileSync(path, formatExtxyz(createStructure({ symbols: ['H'], positions: [0, 0, 0] })).replace('H 0 0 0', 'H 0 0'));
    await expect(readFramesFromFile(path)).rejects.toThrow(`${path}:3:6`);
  });
});

describe('file reading follows the reading rules (BOM, unknownElements)', () => {
  it('a BOM-prefixed file on disk reads as without it, streamed (extxyz) or whole (PQR)', async () => {
    for (const file of ['crystals/NaCl_conventional.xyz', 'pqr/1ajj.pqr']) {
      const name = file.split('/').pop()!;
      const path = join(dir, `bom-${name}`);
      writeFileSync(path, `\ufeff${readFixtureText(file)}`);
      expectSameFrames(await readFramesFromFile(path), await readFramesFromFile(fixturePath(file)));
      expectSameFrames(readFramesFromFileSync(path), readFramesFromFileSync(fixturePath(file)));
    }
  });

  it('unknownElements is passed to every reader, the streamed extxyz one included', async () => {
    const path = join(dir, 'cg.xyz');
    writeFileSync(path, '2\n\nBead 0 0 0\nBead 0 0 1\n');
    await expect(readFramesFromFile(path)).rejects.toThrow(ParseError);
    const [frame] = await readFramesFromFile(path, { unknownElements: 'X' });
    expect(Array.from(frame!.numbers)).toEqual([0, 0]);
    expect(readFramesFromFileSync(path, { unknownElements: 'X' })[0]!.arrays.species!.data).toEqual(['Bead', 'Bead']);
  });
});

describe('files are written chunk by chunk as the text is made', () => {
  const n = 9000; // more lines than two chunks of 4096
  const big = createStructure({
    symbols: Array.from({ length: n }, (_, i) => (i % 2 ? 'Na' : 'Cl')),
    positions: Array.from({ length: 3 * n }, (_, i) => ((i * 37) % 1000) / 8),
    cell: [200, 0, 0, 0, 200, 0, 0, 0, 200],
    pbc: [true, true, true],
    arrays: {
      charges: { type: 'R', width: 1, data: new Float64Array(n).fill(0.5) },
      radii: { type: 'R', width: 1, data: new Float64Array(n).fill(1.5) },
    },
  });

  it.each(['extxyz', 'pdb', 'pqr', 'cif', 'lammps-data', 'lammps-dump'] as const)(
    '%s: the file is exactly formatStructures’ text',
    async (format) => {
      const path = join(dir, `chunked.${format}`);
      writeFramesToFileSync(path, big, { format });
      expect(readFileSync(path, 'utf8')).toBe(formatStructures(big, format));
      await writeFramesToFile(path, big, { format });
      expect(readFileSync(path, 'utf8')).toBe(formatStructures(big, format));
    },
  );

  it('a value the format cannot hold, late in the file, leaves no file and no temporary file', async () => {
    const positions = big.positions.slice();
    positions[3 * 8500] = Number.NaN; // in the third chunk: two chunks are already written when it fails
    const path = join(dir, 'late-nan.xyz');
    expect(() => writeFramesToFileSync(path, { ...big, positions })).toThrow(/atom 8500: x/);
    await expect(writeFramesToFile(path, { ...big, positions })).rejects.toThrow(RangeError);
    expect(readdirSync(dir).filter((f) => f.includes('late-nan'))).toEqual([]);
  });

  it('a text with non-ASCII info round trips through writeFramesToFile(Sync)', async () => {
    const s = createStructure({ symbols: ['O'], positions: [0, 0, 0], info: { note: 'Å 😀 ü' } });
    const path = join(dir, 'unicode.xyz');
    writeFramesToFileSync(path, s);
    expect(readFileSync(path, 'utf8')).toBe(formatExtxyz(s));
    await writeFramesToFile(path, [s, s]);
    expect(readFileSync(path, 'utf8')).toBe(formatExtxyz([s, s]));
  });
});

describe('writing to a target that is not a regular file', () => {
  it('writes a FIFO in place (never renames a temporary file over it), so a reader gets exactly the text', async () => {
    const { execFileSync, spawn } = await import('node:child_process');
    const { statSync } = await import('node:fs');
    const fifo = join(dir, 'frames.fifo');
    execFileSync('mkfifo', [fifo]);
    const frames = parseExtxyz(readFixtureText('crystals/NaCl_conventional.xyz'));
    const reader = spawn('cat', [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    await writeFramesToFile(fifo, frames, { format: 'extxyz' });
    await done;
    expect(Buffer.concat(chunks).toString('utf8')).toBe(formatStructures(frames, 'extxyz'));
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('.frames.fifo'))).toEqual([]);
  });
});
