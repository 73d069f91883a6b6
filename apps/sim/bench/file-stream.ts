/**
 * Reading a trajectory frame by frame (the app's `FrameStream`, fed 64 KiB chunks as `File.stream()`
 * gives them) against io's whole-text `parseExtxyz`, in one run: time until the first frame is available,
 * and total time for all frames. Node, no browser; the text is generated in memory
 * (`--frames` × `--atoms`, default 500 × 2000).
 *
 * @example
 * ```sh
 * pnpm tsx apps/sim/bench/file-stream.ts --frames 500 --atoms 2000
 * ```
 */
import { parseExtxyz } from '@equitensor/io';
import { FrameStream } from '../src/worker/frame-stream.ts';

const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const frames = flag('--frames', 500);
const atoms = flag('--atoms', 2000);
const CHUNK = 64 * 1024;

const lines: string[] = [];
for (let f = 0; f < frames; f++) {
  lines.push(String(atoms), `Lattice="40 0 0 0 40 0 0 0 40" Properties=species:S:1:pos:R:3:forces:R:3 energy=${-f} pbc="T T T"`);
  for (let i = 0; i < atoms; i++) {
    const x = (i % 13) * 3 + Math.sin(f + i);
    lines.push(`Cu ${x.toFixed(8)} ${((i * 7) % 13).toFixed(8)} ${(i / 169).toFixed(8)} 0.01 -0.02 0.03`);
  }
}
const text = `${lines.join('\n')}\n`;
console.log(`${frames} frames × ${atoms} atoms, ${(text.length / 1e6).toFixed(1)} MB`);

function streamed(): { first: number; total: number; count: number } {
  const t0 = performance.now();
  let first = 0;
  let count = 0;
  const stream = new FrameStream('bench.xyz', 'extxyz');
  const take = (): void => {
    if (count++ === 0) first = performance.now() - t0;
  };
  for (let at = 0; at < text.length; at += CHUNK) for (const _ of stream.push(text.slice(at, at + CHUNK))) take();
  for (const _ of stream.finish()) take();
  return { first, total: performance.now() - t0, count };
}

function whole(): { first: number; total: number; count: number } {
  const t0 = performance.now();
  const all = parseExtxyz(text, { fileName: 'bench.xyz' });
  const total = performance.now() - t0;
  return { first: total, total, count: all.length };
}

for (let round = 0; round < 3; round++) {
  const w = whole();
  const s = streamed();
  if (s.count !== frames || w.count !== frames) throw new Error('frame count mismatch');
  console.log(
    `round ${round + 1}: whole parseExtxyz first frame ${w.first.toFixed(0)} ms, all ${w.total.toFixed(0)} ms | ` +
      `FrameStream first frame ${s.first.toFixed(1)} ms, all ${s.total.toFixed(0)} ms (${(s.total / w.total).toFixed(2)}× whole)`,
  );
}
