/**
 * Peak memory of converting a large structure file (not a test). Run from the repository root:
 *
 *   pnpm tsx packages/io/bench/convert-memory.ts [--atoms 1000000]
 *
 * Writes one frame of N atoms (rock salt, seeded positions) as extxyz, CIF, PDB and LAMMPS dump to a temporary
 * folder, then converts CIF, PDB and dump to extxyz and extxyz to PDB, CIF and dump, each in a fresh Node process
 * (`readFramesFromFileSync`, then `writeFramesToFileSync`, as `equitensor convert` does), and reports the peak
 * resident memory above that process's baseline as a multiple of the input file size. Prints a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFramesFromFileSync, writeFramesToFileSync } from '../src/node/index.ts';
import { randomSalt } from '../test/helpers/random-salt.ts';

if (process.argv[2] === '--child') {
  const [input, output] = process.argv.slice(3) as [string, string];
  const baseline = process.memoryUsage().rss;
  const frames = readFramesFromFileSync(input);
  const afterRead = process.resourceUsage().maxRSS * 1024;
  writeFramesToFileSync(output, frames);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ baseline, afterRead, peak }));
} else {
  const i = process.argv.indexOf('--atoms');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const structure = randomSalt(n);
  const dir = mkdtempSync(join(tmpdir(), 'equitensor-io-convert-'));
  try {
    for (const extension of ['xyz', 'cif', 'pdb', 'lammpstrj']) writeFramesToFileSync(join(dir, `big.${extension}`), structure);
    console.log('| conversion | input (MB) | output (MB) | read peak (× input) | convert peak (× input) |\n|---|---|---|---|---|');
    for (const [from, to] of [
      ['cif', 'xyz'],
      ['pdb', 'xyz'],
      ['lammpstrj', 'xyz'],
      ['xyz', 'pdb'],
      ['xyz', 'cif'],
      ['xyz', 'lammpstrj'],
    ] as const) {
      const input = join(dir, `big.${from}`);
      const output = join(dir, `out.${to}`);
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child', input, output], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${from} → ${to}: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { baseline: number; afterRead: number; peak: number };
      const size = statSync(input).size;
      console.log(
        `| ${from} → ${to} | ${(size / 1e6).toFixed(1)} | ${(statSync(output).size / 1e6).toFixed(1)} | ${((r.afterRead - r.baseline) / size).toFixed(1)} | ${((r.peak - r.baseline) / size).toFixed(1)} |`,
      );
      rmSync(output);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
