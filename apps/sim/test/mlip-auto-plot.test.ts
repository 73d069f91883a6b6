import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SI_TINY as data, SI_TINY_KEYS as keys, testFolder } from './fixture-slice.ts';
import { runEquitensor } from './run-cli.ts';

const dir = testFolder('equitensor-mlip-auto-');

interface Selection {
  folds: number;
  chosen: { energy: number; forces: number; virial: number };
  candidates: { weights: { energy: number; forces: number; virial: number }; energyMAE: number; forcesMAE: number; score: number }[];
}

describe('equitensor mlip fit --auto', () => {
  const model = join(dir, 'auto.json');
  const fit = runEquitensor(['mlip', 'fit', '--train', data, ...keys, '--degree', '8', '--auto', '--folds', '3', '--out', model, '--json']);

  it('scans the six weight candidates, keeps the lowest ln(E MAE) + ln(F MAE), and reports its cross-validation', () => {
    expect(fit.code, fit.stderr).toBe(0);
    const r = JSON.parse(fit.stdout) as { selection: Selection; validation: { energyMAE: number; forcesMAE: number } };
    const s = r.selection;
    expect(s.folds).toBe(3);
    expect(s.candidates.map((c) => `${c.weights.energy}/${c.weights.virial}`)).toEqual([
      '10/1',
      '10/0.2',
      '30/1',
      '30/0.2',
      '100/1',
      '100/0.2',
    ]);
    for (const c of s.candidates) expect(c.score).toBeCloseTo(Math.log(c.energyMAE) + Math.log(c.forcesMAE), 12);
    const best = s.candidates.reduce((a, c) => (c.score < a.score ? c : a));
    expect(s.chosen).toEqual(best.weights);
    // The reported validation is the chosen candidate's cross-validation (the same folds, refitted with its committee).
    expect(r.validation.energyMAE).toBe(best.energyMAE);
    expect(r.validation.forcesMAE).toBe(best.forcesMAE);
    expect(fit.stderr).toMatch(/weights E 30, F 1, V 0\.2: CV E MAE [\d.]+ meV\/atom/);
    expect(existsSync(model)).toBe(true);
  });

  it('mlip eval --plot writes a parity plot with one point per configuration and per force component', () => {
    const plot = join(dir, 'parity.svg');
    const ev = runEquitensor(['mlip', 'eval', '--model', model, '--data', data, ...keys, '--plot', plot, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    expect((JSON.parse(ev.stdout) as { plot: string }).plot).toBe(plot);
    const svg = readFileSync(plot, 'utf8');
    const panels = [...svg.matchAll(/<g class="panel" data-panel="(\w+)" data-min="([^"]+)" data-max="([^"]+)" data-points="(\d+)"/g)];
    // Si_tiny: 53 configurations with energies (one an isolated atom), 229 atoms → 687 force components.
    expect(panels.map((m) => [m[1], Number(m[4])])).toEqual([
      ['energy', 53],
      ['forces', 687],
    ]);
    expect((svg.match(/<circle cx="[\d.-]+" cy="[\d.-]+" r="2.5"\/>/g) ?? []).length).toBe(53 + 687); // data points (the legend's have r 5)
    // Every per-atom energy lies inside the energy axis (Si_tiny: ≈ −163 eV/atom for bulk, E0 −158.5 eV for the atom).
    const [lo, hi] = [Number(panels[0]?.[2]), Number(panels[0]?.[3])];
    expect(lo).toBeLessThan(-158.54);
    expect(hi).toBeGreaterThan(-158.55);
    for (const type of ['dia', 'bt', 'liq', 'isolated_atom']) expect(svg).toContain(`data-type="${type}"`);
  });

  it('refuses a plot into a missing folder before evaluating (exit 2)', () => {
    const ev = runEquitensor(['mlip', 'eval', '--model', model, '--data', data, ...keys, '--plot', join(dir, 'nope', 'p.svg')]);
    expect(ev.code).toBe(2);
    expect(ev.stderr).toMatch(/--plot .*does not exist/);
  });
});
