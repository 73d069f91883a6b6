/**
 * Peak memory of reading a large structure file, per format (not a test). Run from the repository root:
 *
 *   pnpm tsx packages/io/bench/read-memory.ts [--atoms 1000000] [--formats cif,pdb,lammps-dump]
 *
 * Writes one frame of N atoms (rock salt, seeded positions) in each format to a temporary folder, then reads each
 * file in a fresh Node process (`readFramesFromFileSync`: the whole text, then the parser) and reports the peak
 * resident memory above that process's baseline (RSS after start-up and imports), as a multiple of the file size,
 * and the read time. Prints a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Structure, StructureFormat } from '../src/index.ts';
import { readFramesFromFileSync, writeFramesToFileSync } from '../src/node/index.ts';
import { randomSalt } from '../test/helpers/random-salt.ts';

const EXTENSION: Record<StructureFormat, string> = {
  extxyz: 'xyz',
  pdb: 'pdb',
  pqr: 'pqr',
  cif: 'cif',
  'lammps-data': 'data',
  'lammps-dump': 'lammpstrj',
};

if (process.argv[2] === '--child') {
  const path = process.argv[3]!;
  const format = process.argv[4]!;
  const baseline = process.memoryUsage().rss;
  const start = performance.now();
  const frames = readFramesFromFileSync(path, { format });
  const seconds = (performance.now() - start) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ atoms: frames[0]!.numbers.length, baseline, peak, seconds }));
} else {
  const option = (name: string, fallback: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1]! : fallback;
  };
  const n = Number(option('atoms', '1000000'));
  const formats = option('formats', 'cif,pdb,lammps-dump,lammps-data,pqr,extxyz').split(',') as StructureFormat[];
  const structure: Structure = {
    ...randomSalt(n),
    arrays: {
      charges: { type: 'R', width: 1, data: Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1)) },
      radii: { type: 'R', width: 1, data: new Float64Array(n).fill(1.5) },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'equitensor-io-memory-'));
  try {
    console.log(`| format | file (MB) | peak above baseline (MB) | × file | read (s) |\n|---|---|---|---|---|`);
    for (const format of formats) {
      const path = join(dir, `big.${EXTENSION[format]}`);
      writeFramesToFileSync(path, structure, { format });
      const size = statSync(path).size;
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child', path, format], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${format}: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { atoms: number; baseline: number; peak: number; seconds: number };
      if (r.atoms !== n) throw new Error(`${format}: read ${r.atoms} atoms, wrote ${n}`);
      const above = r.peak - r.baseline;
      console.log(
        `| ${format} | ${(size / 1e6).toFixed(1)} | ${(above / 1e6).toFixed(0)} | ${(above / size).toFixed(1)} | ${r.seconds.toFixed(2)} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
