import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COULOMB_CONSTANT, parseExtxyz } from '@equitensor/io';
import { CoulombPme, type SumPotential } from '@equitensor/md';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { potentialFromSpec } from '../src/cli/potential-spec.ts';
import { runEquitensorInProcess } from './run-cli.ts';

const reference = 'lammps/ref_NaCl_tosi_fumi_216_rattled.xyz';
const born = `born:${fixturePath('lammps/NaCl_tosi_fumi.born')}`;

describe('equitensor md run --potential born:FILE+coulomb:pme[:ACCURACY]', () => {
  it('gives LAMMPS born/coul/long + ewald 1e-12 energy of Tosi-Fumi NaCl within the PME accuracy', async () => {
    const r = await runEquitensorInProcess([
      'md',
      'run',
      '--input',
      fixturePath(reference),
      '--potential',
      `${born}+coulomb:pme:1e-6`,
      '--steps',
      '0',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(summary.potential).toBe('born+coulomb:pme');
    const [frame] = parseExtxyz(readFixtureText(reference));
    // δ = 1e-6 relative to k_e/Å²: |ΔE| ≤ N δ k_e (an ion's energy error is at most its force error times 1 Å)
    expect(Math.abs((summary.potentialEnergy as number) - (frame!.info.energy as number))).toBeLessThan(216 * 1e-6 * COULOMB_CONSTANT);
  });

  it('fuses born:FILE+coulomb:pme into one CoulombPme pair loop (same result as the sum)', () => {
    const fused = potentialFromSpec(`${born}+coulomb:pme`).potential;
    expect(fused).toBeInstanceOf(CoulombPme);
    expect(fused.name).toBe('born+coulomb:pme');
    // a cutoff beyond PME's real-space cutoff (12 Å > 10 Å) stays a sum of two potentials
    const dir = mkdtempSync(join(tmpdir(), 'md-pme-'));
    const wide = join(dir, 'wide.born');
    writeFileSync(wide, 'Na Cl 0.2110 0.317 2.755 6.99 8.676 12.0\n');
    expect((potentialFromSpec(`born:${wide}+coulomb:pme`).potential as SumPotential).terms).toHaveLength(2);
  });

  it('exits 2 naming the file, line and column of a bad pair file, and for a bad accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-pme-'));
    const bad = join(dir, 'bad.born');
    writeFileSync(bad, 'Na Cl 0.2110 x 2.755 6.99 8.676 8.0\n');
    const file = await runEquitensorInProcess([
      'md',
      'run',
      '--input',
      fixturePath(reference),
      '--potential',
      `born:${bad}`,
      '--steps',
      '0',
      '--json',
    ]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/bad\.born:1:14: expected a number for rho/);
    const accuracy = await runEquitensorInProcess([
      'md',
      'run',
      '--input',
      fixturePath(reference),
      '--potential',
      'coulomb:pme:2',
      '--steps',
      '0',
      '--json',
    ]);
    expect(accuracy.code).toBe(2);
    expect(accuracy.stderr).toMatch(/coulomb:pme:ACCURACY/);
    const missing = await runEquitensorInProcess([
      'md',
      'run',
      '--input',
      fixturePath(reference),
      '--potential',
      'buck:',
      '--steps',
      '0',
      '--json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/buck needs a file/);
  });
});
