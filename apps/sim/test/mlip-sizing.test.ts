import { join } from 'node:path';
import { enumerateFeatures } from '@equitensor/mlip';
import { describe, expect, it } from 'vitest';
import { fixtureSlice, testFolder } from './fixture-slice.ts';
import { runEquitensor } from './run-cli.ts';

const dir = testFolder('equitensor-mlip-sizing-');

// The solvent set starts with its three isolated atoms (H, C, O), then molecules: a small H/C/O slice.
const slice = fixtureSlice(dir, 'mlip/solvent_xtb_train.xyz', 13, 'solvent-slice.xyz');

describe('equitensor mlip fit: the default basis is sized and estimated first', () => {
  it('a default fit of three elements reports its columns and estimate on stderr before the features, and in --json', () => {
    const out = join(dir, 'm.json');
    const fit = runEquitensor(['mlip', 'fit', '--train', slice, '--out', out, '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    const estimateLine = fit.stderr.indexOf('estimate: ');
    expect(estimateLine).toBeGreaterThanOrEqual(0);
    expect(estimateLine).toBeLessThan(fit.stderr.indexOf('features: configuration'));
    const summary = JSON.parse(fit.stdout) as {
      species: number[];
      columns: number;
      basis: { maxDegree: number[]; rcut: number };
      estimate: { columns: number; bytes: number; cpuSeconds: { total: number } };
    };
    expect(summary.species).toEqual([1, 6, 8]);
    expect(summary.estimate.columns).toBe(summary.columns);
    expect(fit.stderr).toContain(`estimate: ${summary.columns} columns`);
    expect(summary.estimate.bytes).toBeGreaterThan(0);
    expect(summary.estimate.cpuSeconds.total).toBeGreaterThan(0);
    // 10 molecules of ~30 atoms give ~1,000 rows: at least 3 rows per column keeps the sized basis far below (12, 12, 12).
    expect(summary.basis.maxDegree).not.toEqual([12, 12, 12]);
    expect(summary.basis.rcut).toBe(5);
  });

  it('refuses a basis whose estimate exceeds the free memory with exit 2 and the options that shrink it', () => {
    // Degree 16 with three elements: 83,709 columns, a 56 GB normal matrix on its own.
    const fit = runEquitensor(['mlip', 'fit', '--train', slice, '--degree', '16', '--out', join(dir, 'big.json')]);
    expect(fit.code).toBe(2);
    expect(fit.stderr).toMatch(/needs about [\d.]+ GB/);
    expect(fit.stderr).toMatch(/--max-columns|--degree/);
  });

  it('--degree per element (H:6,5,4;C:5,4,4;O:4) fits each element its own basis; a malformed one exits 2', () => {
    const out = join(dir, 'per-element.json');
    const fit = runEquitensor(['mlip', 'fit', '--train', slice, '--degree', 'H:6,5,4;C:5,4,4;O:4', '--out', out, '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    const summary = JSON.parse(fit.stdout) as { columns: number; basis: { maxDegree: number[]; elementDegrees: Record<string, number[]> } };
    expect(summary.basis.elementDegrees).toEqual({ 1: [6, 5, 4], 6: [5, 4, 4], 8: [4, 4, 4] });
    expect(summary.basis.maxDegree).toEqual([6, 5, 4]);
    // Columns: each element's own basis as enumerateFeatures lists it (three neighbour species).
    const count = (maxDegree: number[]): number =>
      enumerateFeatures({ species: [1, 6, 8], order: 3, maxDegree, wL: 1, rcut: 5, lambda: 0 }).count;
    expect(summary.columns).toBe(count([6, 5, 4]) + count([5, 4, 4]) + count([4, 4, 4]));
    expect(fit.stderr).toContain('per element H:6,5,4;C:5,4,4;O:4,4,4');
    const bad = runEquitensor(['mlip', 'fit', '--train', slice, '--degree', 'H:6,5;C:5', '--out', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--degree: 'H:6,5': give one degree or 3/);
  });

  it("--degree per element without an element of the data, or with one it lacks: exit 2 in the options' words, before the fit", () => {
    // was "elementDegrees has no degrees for element 8 (and no basis.maxDegree for the others)", the library's names
    const missing = runEquitensor(['mlip', 'fit', '--train', slice, '--degree', 'H:4;C:4', '--out', join(dir, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--degree gives no degrees for O of .*solvent-slice\.xyz \(its elements: H, C, O\)/);
    expect(missing.stderr).not.toMatch(/features: configuration|elementDegrees/);
    const extra = runEquitensor(['mlip', 'fit', '--train', slice, '--degree', 'H:4;C:4;O:4;Si:4', '--out', join(dir, 'extra.json')]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/--degree names Si, not in .*solvent-slice\.xyz \(its elements: H, C, O\)/);
  });
});
