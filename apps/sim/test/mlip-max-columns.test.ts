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
});
