import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SI_TINY as data, SI_TINY_KEYS as keys, testFolder } from './fixture-slice.ts';
import { runEquitensor } from './run-cli.ts';

const dir = testFolder('equitensor-mlip-unc-');

interface Uncertainty {
  committee: number;
  noise: { energy: number; forces: number; from: string };
  coverage: { energy: { n: number; within1: number; within2: number }; forceComponents: { n: number; within2: number } };
  perConfiguration: { atoms: number; energySigma: number; energyError: number | null; forceSigmas: number[] }[];
}

describe('equitensor mlip eval: error bars', () => {
  const model = join(dir, 'si.json');
  const fit = runEquitensor(['mlip', 'fit', '--train', data, ...keys, '--degree', '8', '--out', model, '--json']);

  it('reports an energy error bar per configuration, per-atom force error bars and their coverage', () => {
    expect(fit.code, fit.stderr).toBe(0);
    const ev = runEquitensor(['mlip', 'eval', '--model', model, '--data', data, ...keys, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const u = (JSON.parse(ev.stdout) as { uncertainty: Uncertainty }).uncertainty;
    expect(u.committee).toBe(8);
    expect(u.noise.from).toBe('held-out');
    expect(u.perConfiguration.length).toBe(53);
    for (const c of u.perConfiguration) {
      expect(c.energySigma).toBeGreaterThan(0);
      expect(c.forceSigmas.length).toBe(c.atoms);
    }
    // The coverage is the fraction of |error| ≤ kσ over the per-configuration values printed next to it.
    const rows = u.perConfiguration.filter((c) => c.energyError !== null);
    const within = (k: number) => rows.filter((c) => Math.abs(c.energyError as number) <= k * c.energySigma).length / rows.length;
    expect(u.coverage.energy.n).toBe(rows.length);
    expect(u.coverage.energy.within1).toBe(within(1));
    expect(u.coverage.energy.within2).toBe(within(2));
    expect(u.coverage.forceComponents.n).toBe(3 * rows.reduce((a, c) => a + c.atoms, 0));
  });

  it('reports uncertainty null for a model file without the field (older files)', () => {
    const json = JSON.parse(readFileSync(model, 'utf8')) as Record<string, unknown>;
    delete json.uncertainty;
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(json));
    const ev = runEquitensor(['mlip', 'eval', '--model', old, '--data', data, ...keys, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const r = JSON.parse(ev.stdout) as { uncertainty: unknown; energyRMSE: number };
    expect(r.uncertainty).toBeNull();
    expect(Number.isFinite(r.energyRMSE)).toBe(true);
  });
});
