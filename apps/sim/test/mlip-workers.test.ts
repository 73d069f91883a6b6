import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'equitensor-mlip-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first `count` frames of an extxyz file, as text. */
function firstFrames(text: string, count: number): string {
  const lines = text.split('\n');
  let at = 0;
  for (let f = 0; f < count; f++) at += Number(lines[at]) + 2;
  return `${lines.slice(0, at).join('\n')}\n`;
}

// Si_tiny's isolated atom and its first eight frames: a fit of seconds.
const slice = join(dir, 'si-slice.xyz');
writeFileSync(slice, firstFrames(readFileSync(fixturePath('mlip/Si_tiny.xyz'), 'utf8'), 9));
const keys = ['--energy-key', 'dft_energy', '--forces-key', 'dft_force', '--virial-key', 'dft_virial'];
const fit = (workers: string, out: string) =>
  runEquitensor(['mlip', 'fit', '--train', slice, ...keys, '--degree', '6', '--out', out, '--json', '--workers', workers]);
const coefficients = (file: string): number[] => (JSON.parse(readFileSync(file, 'utf8')) as { coefficients: number[] }).coefficients;

describe('equitensor mlip fit --workers', () => {
  const one = fit('1', join(dir, 'one.json'));
  const two = fit('2', join(dir, 'two.json'));

  it('assembles on 2 workers, says so, and writes the one-thread coefficients bit for bit', () => {
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/normal equations: \d+ rows × \d+ columns assembled in [\d.]+ s on this thread/);
    expect(two.stderr).toMatch(/assembled in [\d.]+ s on 2 workers/);
    expect((JSON.parse(two.stdout) as { workers: number }).workers).toBe(2);
    // The pooled assembly adds the same numbers in the same order (gram-pool.test.ts): identical normal equations.
    expect(coefficients(join(dir, 'two.json'))).toEqual(coefficients(join(dir, 'one.json')));
  });

  it('auto means the available cores; 0 and words are usage errors (exit 2)', () => {
    // commander wraps --help at the terminal width: compare with runs of white space as one space.
    expect(runEquitensor(['mlip', 'fit', '--help']).stdout.replace(/\s+/g, ' ')).toContain(
      `auto = the available cores (${availableParallelism()} here)`,
    );
    const bad = fit('0', join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers must be a positive integer or auto, got "0"');
    expect(fit('many', join(dir, 'bad.json')).code).toBe(2);
  });
});
