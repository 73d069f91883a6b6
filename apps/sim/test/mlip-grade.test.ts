import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtxyz } from '@equitensor/io';
import { extrapolationGrades, loadModel } from '@equitensor/mlip';
import { fixturePath } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'equitensor-mlip-grade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = fixturePath('mlip/Si_tiny.xyz');
const keys = ['--energy-key', 'dft_energy', '--forces-key', 'dft_force', '--virial-key', 'dft_virial'];
const DIAMOND = [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.75];

/** An 8-atom diamond Si cell of lattice constant a as an extxyz file. */
function diamondFile(a: number): string {
  const path = join(dir, `si-${a}.xyz`);
  const rows = Array.from(
    { length: 8 },
    (_, i) =>
      `Si ${DIAMOND.slice(3 * i, 3 * i + 3)
        .map((x) => (x * a).toFixed(6))
        .join(' ')}`,
  );
  writeFileSync(path, `8\nLattice="${a} 0 0 0 ${a} 0 0 0 ${a}" Properties=species:S:1:pos:R:3 pbc="T T T"\n${rows.join('\n')}\n`);
  return path;
}

interface Summary {
  step: number;
  frames: number;
  extrapolation: { checks: number; maxGrade: number; maxGradeStep: number; warnings: number };
  stopped?: { reason: string; exitCode: number; step: number; quantity: string };
}

describe('equitensor md run --max-grade / --warn-grade with an mlip model', () => {
  const model = join(dir, 'si.json');
  const fit = runEquitensor(['mlip', 'fit', '--train', data, ...keys, '--degree', '8', '--out', model, '--json']);
  const md = ['md', 'run', '--potential', `mlip:${model}`, '--ensemble', 'nve', '--temperature', '2000', '--dt', '2', '--seed', '3'];

  it('stores the grade reference with the fitted model', () => {
    expect(fit.code, fit.stderr).toBe(0);
    const ref = loadModel(readFileSync(model, 'utf8')).uncertainty?.gradeReference;
    expect(ref?.[14]).toBeGreaterThan(0);
  });

  it('mlip eval --json reports per-atom grades: at most 1 on the training file, exactly 1 for its most uncertain atom', () => {
    const ev = runEquitensor(['mlip', 'eval', '--model', model, '--data', data, ...keys, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const rows = (JSON.parse(ev.stdout) as { uncertainty: { perConfiguration: { atoms: number; maxGrade: number; grades: number[] }[] } })
      .uncertainty.perConfiguration;
    expect(rows.length).toBe(53);
    for (const r of rows) {
      expect(r.grades.length).toBe(r.atoms);
      expect(r.maxGrade).toBe(Math.max(...r.grades));
    }
    // The reference is the largest spread over this same file (mlip fit computes it on the training data): the largest
    // grade is 1 up to the rounding of a ratio printed through JSON (exact doubles), so 1e-12.
    expect(Math.abs(Math.max(...rows.map((r) => r.maxGrade)) - 1)).toBeLessThan(1e-12);
  });

  it('stops at the first checked frame above the threshold, keeping the trajectory up to it (exit code 4)', () => {
    const input = diamondFile(5.43);
    // A free run to see how far the grades go; then a threshold just below its largest grade must stop it there or earlier.
    const free = runEquitensor([...md, '--input', input, '--steps', '80', '--every', '10', '--warn-grade', '1e9', '--json']);
    expect(free.code, free.stderr).toBe(0);
    const a = JSON.parse(free.stdout) as Summary;
    expect(a.extrapolation.checks).toBe(9); // step 0 and every 10 steps
    expect(a.extrapolation.warnings).toBe(0);
    const threshold = 0.999 * a.extrapolation.maxGrade;
    const out = join(dir, 'stopped.xyz');
    const r = runEquitensor([
      ...md,
      '--input',
      input,
      '--steps',
      '80',
      '--every',
      '10',
      '--max-grade',
      String(threshold),
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(4);
    const b = JSON.parse(r.stdout) as Summary;
    const step = b.stopped?.step as number;
    expect(b.stopped).toMatchObject({ reason: 'extrapolation', exitCode: 4, quantity: 'extrapolation grade' });
    expect(step).toBeLessThanOrEqual(a.extrapolation.maxGradeStep);
    expect(b.step).toBe(step);
    expect(r.stderr).toMatch(new RegExp(`extrapolation grade [\\d.]+ of atom \\d+ \\(Z = 14\\) at step ${step} exceeds --max-grade`));
    expect(r.stderr).toMatch(new RegExp(`keeping the trajectory up to step ${step}`));
    // The trajectory holds every checked frame up to the stop (not a .partial file), and its last frame is the first
    // one whose grade, recomputed from the written positions by the library, is above the threshold.
    expect(existsSync(`${out}.partial`)).toBe(false);
    const frames = parseExtxyz(readFileSync(out, 'utf8'));
    expect(frames.length).toBe(step / 10 + 1);
    const potential = loadModel(readFileSync(model, 'utf8'));
    const grades = frames.map(
      (f) => extrapolationGrades(potential, { numbers: f.numbers, positions: f.positions, cell: f.cell, pbc: [true, true, true] }).max,
    );
    // Written with 8+ significant digits: the recomputed grade agrees with the run's to ~1e-6 relative.
    for (const g of grades.slice(0, -1)) expect(g).toBeLessThanOrEqual(threshold * (1 + 1e-6));
    expect(grades[grades.length - 1]).toBeGreaterThan(threshold * (1 - 1e-6));
  });

  it('stops at step 0 for a crushed crystal and warns without stopping with --warn-grade', () => {
    const crushed = diamondFile(4.0);
    const r = runEquitensor([...md, '--input', crushed, '--steps', '20', '--every', '10', '--max-grade', '1', '--json']);
    expect(r.code, r.stderr).toBe(4);
    expect((JSON.parse(r.stdout) as Summary).stopped?.step).toBe(0);
    const w = runEquitensor([
      'md',
      'run',
      '--potential',
      `mlip:${model}`,
      '--input',
      crushed,
      '--steps',
      '0',
      '--warn-grade',
      '1',
      '--json',
    ]);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stderr).toMatch(/md run: extrapolation grade [\d.]+ of atom \d+ \(Z = 14\) at step 0 exceeds --warn-grade 1/);
    expect((JSON.parse(w.stdout) as Summary).extrapolation.warnings).toBe(1);
  });

  it('refuses (exit 2) a potential without grades', () => {
    const input = diamondFile(5.43);
    const sw = runEquitensor(['md', 'run', '--potential', 'sw', '--input', input, '--max-grade', '2']);
    expect(sw.code).toBe(2);
    expect(sw.stderr).toMatch(/--max-grade needs --potential mlip:MODEL/);
    const json = JSON.parse(readFileSync(model, 'utf8')) as { uncertainty: Record<string, unknown> };
    delete json.uncertainty.gradeReference;
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(json));
    const r = runEquitensor(['md', 'run', '--potential', `mlip:${old}`, '--input', input, '--max-grade', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no grade reference .*fit it again/);
  });
});
