/**
 * extxyz read/write benchmark beside ASE (not a test). Run from the repository root:
 *
 *   pnpm tsx packages/io/bench/io.bench.ts [--atoms 1000000] [--frames 10000] [--frame-atoms 64] [--keep]
 *
 * Writes two files to a temporary folder — one frame of N atoms (species, pos, forces; Lattice, energy, stress)
 * and a trajectory of F frames — then times, in this one run: our formatExtxyz + write, parseExtxyz of the text,
 * readFramesFromFile (streaming) and streamExtxyzFrames; and ASE 3.22 (`/usr/bin/python3`) `ase.io.read(…, ':')`
 * and `ase.io.write` of the same files (timed inside Python, interpreter start-up excluded). Prints a Markdown
 * table to paste into docs/benchmarks/io.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRng } from '@equitensor/testing';
import { formatExtxyz, parseExtxyz, type Structure } from '../src/index.ts';
import { readFramesFromFile, streamExtxyzFrames } from '../src/node/index.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ATOMS = option('atoms', 1_000_000);
const FRAMES = option('frames', 10_000);
const FRAME_ATOMS = option('frame-atoms', 64);
const keep = process.argv.includes('--keep');
const rng = new SeededRng(7);

function makeFrame(n: number, step: number): Structure {
  const side = Math.cbrt(n) * 2.2;
  return {
    numbers: Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 8 : 1)),
    positions: rng.uniformArray(3 * n, 0, side),
    cell: new Float64Array([side, 0, 0, 0, side, 0, 0, 0, side]),
    pbc: [true, true, true],
    arrays: { forces: { type: 'R', width: 3, data: rng.normalArray(3 * n) } },
    info: { energy: -4.2 * n + rng.normal(), stress: [0.01, 0.002, 0.003, 0.002, 0.02, 0.001, 0.003, 0.001, 0.03], step },
  };
}

function time<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function timeAsync<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

function ase(path: string, out: string): { read: number; write: number; frames: number; atoms: number } {
  const script = `
import json, sys, time
from ase.io import read, write
t0 = time.perf_counter(); frames = read(sys.argv[1], index=':', format='extxyz'); t1 = time.perf_counter()
write(sys.argv[2], frames, format='extxyz'); t2 = time.perf_counter()
print(json.dumps({'read': t1 - t0, 'write': t2 - t1, 'frames': len(frames), 'atoms': len(frames[0])}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', script, path, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`ASE failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { read: number; write: number; frames: number; atoms: number };
}

const dir = mkdtempSync(join(tmpdir(), 'equitensor-io-bench-'));
const rows: string[] = [];
try {
  for (const [label, frames] of [
    [`1 frame × ${ATOMS.toLocaleString('en')} atoms`, () => [makeFrame(ATOMS, 0)]],
    [
      `${FRAMES.toLocaleString('en')} frames × ${FRAME_ATOMS} atoms`,
      () => Array.from({ length: FRAMES }, (_, k) => makeFrame(FRAME_ATOMS, k)),
    ],
  ] as const) {
    const data = frames();
    const path = join(dir, 'bench.xyz');
    const write = time(() => {
      const text = formatExtxyz(data);
      writeFileSync(path, text);
      return text;
    });
    const text = write.value;
    const mb = statSync(path).size / 1e6;
    const parse = time(() => parseExtxyz(text));
    const readFile = await timeAsync(() => readFramesFromFile(path));
    const stream = await timeAsync(async () => {
      let atoms = 0;
      for await (const frame of streamExtxyzFrames(path)) atoms += frame.numbers.length;
      return atoms;
    });
    if (parse.value.length !== data.length || readFile.value.length !== data.length) throw new Error('frame count mismatch');
    const peer = ase(path, join(dir, 'ase.xyz'));
    if (peer.frames !== data.length) throw new Error('ASE read a different frame count');
    // both writers' output reads back to the same numbers (sanity, not timed)
    const aseText = readFileSync(join(dir, 'ase.xyz'), 'utf8');
    const fromAse = parseExtxyz(aseText);
    if (fromAse.length !== data.length) throw new Error('cannot read ASE output');
    rows.push(
      `| ${label} | ${mb.toFixed(1)} | ${write.seconds.toFixed(2)} | ${parse.seconds.toFixed(2)} | ${readFile.seconds.toFixed(2)} | ${stream.seconds.toFixed(2)} | ${peer.read.toFixed(2)} | ${peer.write.toFixed(2)} | ${(peer.read / readFile.seconds).toFixed(1)}× | ${(peer.write / write.seconds).toFixed(1)}× |`,
    );
    console.error(rows[rows.length - 1]);
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(
  '| file | MB | our format+write (s) | parseExtxyz (s) | readFramesFromFile (s) | streamExtxyzFrames (s) | ASE read (s) | ASE write (s) | read speed-up vs ASE | write speed-up vs ASE |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
