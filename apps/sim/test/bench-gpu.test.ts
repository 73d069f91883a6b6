import { describe, expect, it } from 'vitest';
import { GPU_ENV, runEquitensor } from './run-cli.ts';

// Runs the real CLI on this machine's WebGPU adapter (SwiftShader without a GPU): a run without an
// adapter exits non-zero and fails here.
const cli = (args: string[]) => runEquitensor(args, { env: GPU_ENV });

describe('equitensor bench gpu', () => {
  it('reports GPU and CPU throughput of LJ MD steps and their ratio as one JSON object', () => {
    const r = cli(['bench', 'gpu', '--kernel', 'lj', '--size', '500', '--steps', '3', '--cpu-seconds', '0.2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] as string);
    expect(out.kernel).toBe('lj');
    expect(out.atoms).toBe(500);
    expect(out.gpu.unit).toBe('atom-steps/s');
    expect(out.gpu.throughput).toBeGreaterThan(0);
    expect(out.cpu.throughput).toBeGreaterThan(0);
    expect(out.ratio).toBeCloseTo(out.gpu.throughput / out.cpu.throughput, 10);
    expect(typeof out.adapter.isSoftware).toBe('boolean');
    // The same system as LAMMPS' bench/in.lj, a few steps in: potential energy per atom near −6.7.
    expect(out.finalPotentialEnergy / 500).toBeGreaterThan(-7.2);
    expect(out.finalPotentialEnergy / 500).toBeLessThan(-6.2);
  });

  it('runs PME MD steps (molten Tosi-Fumi NaCl, Born + PME) and reports the PME parameters', () => {
    const r = cli(['bench', 'gpu', '--kernel', 'pme', '--size', '64', '--steps', '2', '--cpu-seconds', '0.2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.kernel).toBe('pme');
    expect(out.atoms).toBe(64); // 2³ rock-salt cells
    expect(out.mesh).toMatch(/^\d+x\d+x\d+$/);
    expect(out.order).toBeGreaterThanOrEqual(4);
    // pmeParameters keeps the real and mesh estimates each ≤ δ/√2, so the total is ≤ the requested δ = 1e-5
    expect(out.estimatedError).toBeLessThanOrEqual(1e-5);
    expect(out.gpu.throughput).toBeGreaterThan(0);
    expect(out.cpu.throughput).toBeGreaterThan(0);
  });

  it('rejects an unknown kernel and a bad size with exit code 2', () => {
    const bad = cli(['bench', 'gpu', '--kernel', 'fft', '--size', '10', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kernel must be one of lj, eam, sh, tp/);
    expect(bad.stdout).toBe('');
    const size = cli(['bench', 'gpu', '--kernel', 'sh', '--size', '-4', '--json']);
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/--size/);
  });
});
