import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatExtxyz, parseExtxyz } from '@equitensor/io';
import { loadModel } from '@equitensor/mlip';
import { fixturePath } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runEquitensor, runMdJson } from './run-cli.ts';

const run = (args: readonly string[]) => runEquitensor(args);

const dir = mkdtempSync(join(tmpdir(), 'equitensor-mlip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = fixturePath('mlip/Si_tiny.xyz');
const model = join(dir, 'si.json');
const keys = ['--energy-key', 'dft_energy', '--forces-key', 'dft_force', '--virial-key', 'dft_virial'];

describe('equitensor mlip', () => {
  it('fit writes a model and prints one JSON object; eval reproduces its training errors', () => {
    const fit = run(['mlip', 'fit', '--train', data, ...keys, '--kind', 'cg', '--degree', '8', '--out', model, '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    const summary = JSON.parse(fit.stdout) as { featureCount: number; train: { energyRMSE: number; forcesRMSE: number; configs: number } };
    expect(summary.featureCount).toBeGreaterThan(10);
    expect(summary.train.configs).toBe(52); // the isolated atom defines E0 and is not fitted
    expect(JSON.parse(readFileSync(model, 'utf8')).format).toBe('equitensor-mlip');

    const ev = run(['mlip', 'eval', '--model', model, '--data', data, ...keys, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const r = JSON.parse(ev.stdout) as Record<string, number> & {
      perConfigType: Record<string, { forcesRMSE: number; energyRMSE: number }>;
    };
    for (const k of ['energyMAE', 'energyRMSE', 'forcesMAE', 'forcesRMSE']) expect(Number.isFinite(r[k])).toBe(true);
    expect(r.perConfigType.isolated_atom!.energyRMSE).toBe(0);
    // Same configurations (minus the exact isolated atom): identical per-type errors.
    expect(r.perConfigType.dia!.forcesRMSE).toBeCloseTo(
      (summary.train as unknown as { perConfigType: Record<string, { forcesRMSE: number }> }).perConfigType.dia!.forcesRMSE,
      10,
    );
    // --workers 2: the model on the worker pool, bit-identical to one thread, so the same errors to the last digit
    const ev2 = run(['mlip', 'eval', '--model', model, '--data', data, ...keys, '--workers', '2', '--json']);
    expect(ev2.code, ev2.stderr).toBe(0);
    const r2 = JSON.parse(ev2.stdout) as Record<string, number>;
    expect([r.workers, r2.workers]).toEqual([1, 2]);
    for (const k of ['energyMAE', 'energyRMSE', 'forcesMAE', 'forcesRMSE']) expect(r2[k]).toBe(r[k]);
  });

  it('fit --order 4 with --rin and row weights stores them in the model; eval reproduces its training errors', () => {
    const model4 = join(dir, 'si4.json');
    const args = ['--order', '4', '--degree', '8', '--rin', '1.5', '--energy-weight', '50', '--forces-weight', '2'];
    const fit = run(['mlip', 'fit', '--train', data, ...keys, ...args, '--out', model4, '--json']);
    expect(fit.code, fit.stderr).toBe(0);
    const basis = JSON.parse(readFileSync(model4, 'utf8')).basis as { order: number; maxDegree: number[]; rin: number };
    expect(basis).toMatchObject({ order: 4, maxDegree: [8, 8, 8, 8], rin: 1.5 });
    type PerType = { perConfigType: Record<string, { energyRMSE: number; forcesRMSE: number }> };
    const summary = JSON.parse(fit.stdout) as { train: PerType };
    const ev = run(['mlip', 'eval', '--model', model4, '--data', data, ...keys, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const r = JSON.parse(ev.stdout) as PerType;
    for (const type of ['dia', 'liq', 'bt']) {
      expect(r.perConfigType[type]!.forcesRMSE).toBeCloseTo(summary.train.perConfigType[type]!.forcesRMSE, 10);
      expect(r.perConfigType[type]!.energyRMSE).toBeCloseTo(summary.train.perConfigType[type]!.energyRMSE, 10);
    }
    const badOrder = run(['mlip', 'fit', '--train', data, ...keys, '--order', '5', '--out', join(dir, 'x.json')]);
    expect(badOrder.code).toBe(2);
    expect(badOrder.stderr).toMatch(/--order must be 1, 2, 3 or 4/);
  });

  it('exits 2 with a message for a bad kind and for a broken model file', () => {
    const badKind = run(['mlip', 'fit', '--train', data, '--kind', 'fft', '--out', join(dir, 'x.json'), '--json']);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/--kind/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format":"equitensor-mlip","version":7}');
    const badModel = run(['mlip', 'eval', '--model', broken, '--data', data, '--json']);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/version/);
    expect(badModel.stdout).toBe('');
  });

  it('md run --potential mlip:MODEL evaluates the fitted model (single point and a few NVE steps)', () => {
    const frame = parseExtxyz(readFileSync(data, 'utf8')).find((f) => f.numbers.length > 1 && f.cell !== null);
    if (frame === undefined) throw new Error('Si_tiny.xyz has no periodic multi-atom frame');
    const input = join(dir, 'frame.xyz');
    writeFileSync(input, formatExtxyz(frame));
    const expected = loadModel(readFileSync(model, 'utf8')).compute(frame).energy;
    const single = runMdJson(input, `mlip:${model}`, '--steps', '0');
    expect(single.code, single.stderr).toBe(0);
    expect(Math.abs((JSON.parse(single.stdout) as { potentialEnergy: number }).potentialEnergy - expected)).toBeLessThan(
      1e-9 * Math.abs(expected),
    );
    const nve = runMdJson(input, `mlip:${model}`, '--temperature', '300', '--dt', '1', '--steps', '10');
    expect(nve.code, nve.stderr).toBe(0);
    const summary = JSON.parse(nve.stdout) as { step: number; energyDrift: number; atoms: number };
    expect(summary.step).toBe(10);
    expect(Math.abs(summary.energyDrift) / summary.atoms).toBeLessThan(1e-3);
    // --workers 2: the ACE model on the worker pool (MlipPotential.usePool), bit-identical to one thread, so the same
    // 10-step trajectory to the last digit; the summary says how many workers ran
    const pooled = runMdJson(input, `mlip:${model}`, '--temperature', '300', '--dt', '1', '--steps', '10', '--workers', '2');
    expect(pooled.code, pooled.stderr).toBe(0);
    const two = JSON.parse(pooled.stdout) as { workers: number; potentialEnergy: number; totalEnergy: number };
    const one = JSON.parse(nve.stdout) as { workers: number; potentialEnergy: number; totalEnergy: number };
    expect([one.workers, two.workers]).toEqual([1, 2]);
    expect(two.potentialEnergy).toBe(one.potentialEnergy);
    expect(two.totalEnergy).toBe(one.totalEnergy);
    const missing = runMdJson(input, `mlip:${join(dir, 'nope.json')}`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read model file/);
  });
});
