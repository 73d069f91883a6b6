import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseExtxyz } from '@equitensor/io';
import { labelledConfigs } from '@equitensor/mlip';
import type { PoolKernel, WorkerPool } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { describe, expect, it } from 'vitest';
import { autoFit } from '../src/cli/commands/mlip-auto.ts';
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

describe('equitensor mlip fit --auto --solver krylov --workers', () => {
  it("every candidate's Krylov passes and the final refit run on the pool; a pool of 1 gives the one-thread fit bit for bit", async () => {
    const configs = labelledConfigs(parseExtxyz(readFileSync(slice, 'utf8')), {
      energyKey: 'dft_energy',
      forcesKey: 'dft_force',
      virialKey: 'dft_virial',
    });
    // what `mlip fit --degree 6 --solver krylov --auto --folds 2` asks of autoFit
    const options = { basis: { order: 3, maxDegree: [6, 6, 6] }, solver: 'krylov' as const, folds: 2, seed: 1 };
    const inner = new NodeWorkerPool({ workers: 1 });
    let runs = 0;
    const pool: WorkerPool = {
      size: inner.size,
      load: (kernel: PoolKernel) => inner.load(kernel),
      run: (phase?: number) => {
        runs++;
        inner.run(phase);
      },
      close: () => inner.close(),
    };
    // the pool's run count at the end of each candidate's cross-validation (6: energy 10/30/100 × virial 1/0.2), of
    // the final fit's λ search and of its refit
    const marks: number[] = [];
    try {
      const pooled = autoFit(configs, {
        ...options,
        pool,
        log: (m) => {
          if (m.startsWith('weights E') || /^krylov ridge search: .*λ values scored/.test(m) || m.startsWith('krylov refit'))
            marks.push(runs);
        },
      });
      expect(marks).toHaveLength(8);
      for (let k = 0; k < marks.length; k++) expect(marks[k], `stage ${k}`).toBeGreaterThan(k === 0 ? 0 : (marks[k - 1] as number));
      // one worker walks every row in the one-thread order (LanczosRidge with { pool }): the same numbers, no tolerance
      const one = autoFit(configs, options);
      expect(pooled.selection).toEqual(one.selection);
      expect(pooled.result.lambda).toBe(one.result.lambda);
      expect(Array.from(pooled.result.potential.coefficients)).toEqual(Array.from(one.result.potential.coefficients));
    } finally {
      await inner.close();
    }
  });

  it('--workers 2 says so in --json and on stderr, and makes the one-thread choice and fit', () => {
    type Summary = {
      workers: number;
      lambda: number;
      train: { energyRMSE: number; forcesRMSE: number };
      selection: { chosen: unknown };
    };
    const auto = (workers: string, out: string) =>
      runEquitensor([
        'mlip',
        'fit',
        '--train',
        slice,
        ...keys,
        '--degree',
        '6',
        '--solver',
        'krylov',
        '--auto',
        '--folds',
        '2',
        '--out',
        join(dir, out),
        '--json',
        '--workers',
        workers,
      ]);
    const one = auto('1', 'auto-1.json');
    const two = auto('2', 'auto-2.json');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toContain("krylov: each Lanczos step's pass over the design rows on this thread");
    expect(two.stderr).toContain("krylov: each Lanczos step's pass over the design rows on 2 workers");
    const a = JSON.parse(one.stdout) as Summary;
    const b = JSON.parse(two.stdout) as Summary;
    expect([a.workers, b.workers]).toEqual([1, 2]);
    expect(b.selection.chosen).toEqual(a.selection.chosen);
    expect(b.lambda).toBe(a.lambda);
    // 2 workers regroup each pass's sums (≈ 1e-16 relative per pass, design-pool.test.ts); both refits end within
    // KRYLOV_TOLERANCE = 1e-5 of the objective's minimum (or at the exhausted Krylov space, the minimum), which moves
    // each RMSE by about √1e-5 = 3e-3 relative at most (the bound mlip-max-columns.test.ts uses): 1e-2.
    expect(Math.abs(b.train.energyRMSE / a.train.energyRMSE - 1)).toBeLessThan(1e-2);
    expect(Math.abs(b.train.forcesRMSE / a.train.forcesRMSE - 1)).toBeLessThan(1e-2);
  });
});
