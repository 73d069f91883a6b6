import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureSlice, SI_TINY_KEYS, testFolder } from './fixture-slice.ts';
import { runEquitensor } from './run-cli.ts';

const dir = testFolder('equitensor-mlip-workers-');

// Si_tiny's isolated atom and its first eight frames: a fit of seconds.
const slice = fixtureSlice(dir, 'mlip/Si_tiny.xyz', 9, 'si-slice.xyz');
const keys = SI_TINY_KEYS;
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
