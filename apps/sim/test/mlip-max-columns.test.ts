import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureSlice, SI_TINY_KEYS, testFolder } from './fixture-slice.ts';
import { runEquitensor } from './run-cli.ts';

const dir = testFolder('equitensor-mlip-max-columns-');

// Si_tiny's isolated atom and its first five diamond frames: one element, a fit of seconds.
const slice = fixtureSlice(dir, 'mlip/Si_tiny.xyz', 6, 'si-slice.xyz');
const keys = SI_TINY_KEYS;
const fit = (extra: readonly string[], out: string) =>
  runEquitensor(['mlip', 'fit', '--train', slice, ...keys, '--kind', 'cg', '--out', out, '--json', ...extra]);

describe('equitensor mlip fit --degree with --max-columns', () => {
  // --degree alone: no budget and no message about one; the JSON says how many columns the basis has.
  const alone = fit(['--degree', '6'], join(dir, 'alone.json'));
  const summary = JSON.parse(alone.stdout || '{}') as { columns: number; train: { configs: number; isolatedConfigs: number } };

  it('--degree alone fits without a budget message and counts the isolated atom apart', () => {
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stderr).not.toMatch(/max-columns|budget/);
    expect(summary.columns).toBeGreaterThan(1);
    expect(summary.train.configs).toBe(5);
    expect(summary.train.isolatedConfigs).toBe(1);
  });

  it('refuses an explicit --degree above an explicit --max-columns with exit 2, naming both, before any feature', () => {
    const out = join(dir, 'refused.json');
    const r = fit(['--degree', '6', '--max-columns', String(summary.columns - 1)], out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--degree 6,6,6 gives ${summary.columns} columns`);
    expect(r.stderr).toContain(`--max-columns ${summary.columns - 1}`);
    expect(r.stderr).not.toContain('features: configuration');
    expect(existsSync(out)).toBe(false);
  });

  it('accepts an explicit --degree exactly at the budget', () => {
    const r = fit(['--degree', '6', '--max-columns', String(summary.columns)], join(dir, 'at.json'));
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { columns: number }).columns).toBe(summary.columns);
  });

  it('--solver sketch fits without the normal matrix: the Cholesky path’s λ and training errors, no error bars', () => {
    type Summary = { lambda: number; train: { energyRMSE: number; forcesRMSE: number } };
    const chol = fit(['--degree', '6', '--solver', 'cholesky'], join(dir, 'chol.json'));
    const sk = fit(['--degree', '6', '--solver', 'sketch'], join(dir, 'sketch.json'));
    expect(sk.code, sk.stderr).toBe(0);
    expect(sk.stderr).toContain('sketch ridge search');
    // the estimate line names the solver the fit uses (it said "cholesky solve", the path it is costed as)
    expect(sk.stderr).toMatch(/^estimate: .*, sketch solve [\d.]+ s\)$/m);
    expect((JSON.parse(sk.stdout) as { estimate: { solver: string } }).estimate.solver).toBe('sketch');
    expect(sk.stderr).toContain('no posterior committee with the sketch solver');
    const a = JSON.parse(chol.stdout) as Summary;
    const b = JSON.parse(sk.stdout) as Summary;
    expect(b.lambda).toBe(a.lambda);
    // The plumbing, not the solver (test/sketch-ridge.test.ts bounds that): both solve (Ĝ + λI)y = b to a relative
    // residual of 1e-10, which at this 5-configuration slice's small λ (κ up to P/λ) leaves the training errors equal
    // only to ~1e-6 (measured 1.3e-6); 1e-3 checks that the CLI's sketch fit is the same fit, not the solver's precision.
    expect(Math.abs(b.train.energyRMSE / a.train.energyRMSE - 1)).toBeLessThan(1e-3);
    expect(Math.abs(b.train.forcesRMSE / a.train.forcesRMSE - 1)).toBeLessThan(1e-3);
    const bad = fit(['--solver', 'qr'], join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--solver/);
  });

  it('--solver krylov fits matrix-free: the eigen path’s λ and training errors, no error bars, the same fit on 2 workers; --krylov-steps is checked', () => {
    type Summary = { lambda: number; train: { energyRMSE: number; forcesRMSE: number }; estimate: { solver: string } };
    const eig = fit(['--degree', '6', '--solver', 'eigen'], join(dir, 'eigen.json'));
    const kr = fit(['--degree', '6', '--solver', 'krylov', '--krylov-steps', '500'], join(dir, 'krylov.json'));
    expect(kr.code, kr.stderr).toBe(0);
    expect(kr.stderr).toContain('krylov ridge search');
    expect(kr.stderr).toMatch(/^estimate: .*, krylov solve [\d.]+ s\)$/m);
    expect(kr.stderr).toContain('no posterior committee with the krylov solver');
    const a = JSON.parse(eig.stdout) as Summary;
    const b = JSON.parse(kr.stdout) as Summary;
    expect(b.estimate.solver).toBe('krylov');
    expect(b.lambda).toBe(a.lambda);
    // The plumbing, not the solver (packages/mlip/test/krylov-ridge.test.ts bounds that): the refit stops at an objective
    // within KRYLOV_TOLERANCE = 1e-5 of its minimum, moving each RMSE by about √1e-5 = 3e-3 relative at most; 1e-2.
    expect(Math.abs(b.train.energyRMSE / a.train.energyRMSE - 1)).toBeLessThan(1e-2);
    expect(Math.abs(b.train.forcesRMSE / a.train.forcesRMSE - 1)).toBeLessThan(1e-2);
    // --workers 2: each Lanczos step's pass over the design rows on the pool (packages/mlip/test/design-pool.test.ts
    // bounds the numbers: within rounding of regrouped sums of the one-thread products); the same fit to the same 1e-2.
    const pooled = fit(['--degree', '6', '--solver', 'krylov', '--krylov-steps', '500', '--workers', '2'], join(dir, 'krylov-2.json'));
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(pooled.stderr).toContain("krylov: each Lanczos step's pass over the design rows on 2 workers");
    expect(kr.stderr).toContain("krylov: each Lanczos step's pass over the design rows on this thread");
    const c = JSON.parse(pooled.stdout) as Summary;
    expect(c.lambda).toBe(b.lambda);
    expect(Math.abs(c.train.energyRMSE / b.train.energyRMSE - 1)).toBeLessThan(1e-2);
    expect(Math.abs(c.train.forcesRMSE / b.train.forcesRMSE - 1)).toBeLessThan(1e-2);
    const bad = fit(['--solver', 'krylov', '--krylov-steps', '0'], join(dir, 'bad-steps.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--krylov-steps/);
  });
});
