/**
 * `equitensor electrostatics --method mesh` (issue 14, open boundaries at mesh speed): the open-boundary mesh sum
 * through the CLI against `--method direct` (the exact reference) on the open 8³ NaCl cube and the 1a63 protein.
 */
import { COULOMB_CONSTANT } from '@equitensor/io';
import { fixturePath } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { runEquitensorInProcess } from './run-cli.ts';

interface Report {
  method: string;
  atoms: number;
  energy: number;
  accuracy: number;
  alpha: number;
  cutoff: number;
  spacing: number;
  order: number;
  mesh: number[];
  estimatedError: { real: number; reciprocal: number; total: number };
  forces: { maxAbs: number; rms: number };
}

async function electrostatics(args: readonly string[]): Promise<Report> {
  const r = await runEquitensorInProcess(['electrostatics', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('electrostatics --method mesh', () => {
  for (const file of ['crystals/NaCl_cluster_8x8x8_open.xyz', 'pqr/1a63.pqr']) {
    it(`${file}: the direct energy within δ, parameters and estimate reported`, async () => {
      const input = fixturePath(file);
      const direct = await electrostatics(['--input', input, '--method', 'direct']);
      const mesh = await electrostatics(['--input', input, '--method', 'mesh', '--accuracy', '1e-6']);
      expect(mesh.method).toBe('mesh');
      expect(mesh.atoms).toBe(direct.atoms);
      // δ relative on the energy (the library test's bound, test/mesh-coulomb.test.ts)
      expect(Math.abs(mesh.energy - direct.energy)).toBeLessThan(1e-6 * Math.abs(direct.energy));
      // RMS forces agree to the RMS force error, which is within 2× the estimate (relative to k_e)
      expect(Math.abs(mesh.forces.rms - direct.forces.rms)).toBeLessThan(2 * mesh.estimatedError.total * COULOMB_CONSTANT);
      expect(mesh.estimatedError.total).toBeLessThanOrEqual(1e-6 * (1 + 1e-7));
      expect([4, 5, 6, 7, 8]).toContain(mesh.order);
      expect(mesh.mesh).toHaveLength(3);
      expect(mesh.alpha * mesh.cutoff).toBeGreaterThan(2);
    });
  }

  it('refuses periodic structures and potential grids (exit 2)', async () => {
    const periodic = await runEquitensorInProcess([
      'electrostatics',
      '--input',
      fixturePath('crystals/NaCl_conventional.xyz'),
      '--method',
      'mesh',
    ]);
    expect(periodic.code).toBe(2);
    expect(periodic.stderr).toMatch(/periodic/);
    const grid = await runEquitensorInProcess([
      'electrostatics',
      '--input',
      fixturePath('pqr/1a63.pqr'),
      '--method',
      'mesh',
      '--potential-out',
      '/tmp/x.npy',
    ]);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toMatch(/--method mesh/);
  });
});
