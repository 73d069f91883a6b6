import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { GPU_ENV, runEquitensor, spawnEquitensorUntil } from './run-cli.ts';

const md = (args: readonly string[]) => runEquitensor(['md', 'run', ...args], { env: GPU_ENV });

/** Whether a trajectory being written holds its first frame. */
const firstFrameWritten = (partial: string) => existsSync(partial) && readFileSync(partial, 'utf8').includes('Lattice=');

describe('md run --backend webgpu', () => {
  it('follows the float64 CPU trajectory within float32 accuracy and writes the frames', () => {
    const input = fixturePath('lammps/ref_lj_fcc256_perfect.xyz');
    const common = ['--input', input, '--potential', 'lj', '--ensemble', 'nve', '--temperature', '1.44', '--seed', '3'];
    const run = ['--dt', '0.005', '--steps', '20', '--every', '10', '--json'];
    const cpu = md([...common, ...run, '--backend', 'cpu']);
    expect(cpu.code, cpu.stderr).toBe(0);
    const out = join(mkdtempSync(join(tmpdir(), 'md-gpu-')), 'traj.xyz');
    const gpu = md([...common, ...run, '--backend', 'webgpu', '--out', out]);
    expect(gpu.code, gpu.stderr).toBe(0);
    const c = JSON.parse(cpu.stdout) as Record<string, number>;
    const g = JSON.parse(gpu.stdout) as Record<string, number | string>;
    expect(g.backend).toBe('webgpu');
    expect(g.step).toBe(20);
    expect(Math.abs((g.potentialEnergy as number) - (c.potentialEnergy as number)) / Math.abs(c.potentialEnergy as number)).toBeLessThan(
      1e-5,
    );
    expect(Math.abs((g.totalEnergy as number) - (c.totalEnergy as number)) / Math.abs(c.totalEnergy as number)).toBeLessThan(1e-5);
    // Frames at steps 0, 10 and 20, each a full 256-atom extxyz frame.
    const text = readFileSync(out, 'utf8');
    expect(text.match(/Lattice=/g)?.length).toBe(3);
    expect(text.split('\n')[0]?.trim()).toBe('256');
  });

  it('runs born:FILE+coulomb:pme (smooth PME on the device) and follows the float64 CPU run', () => {
    const common = [
      '--input',
      fixturePath('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'),
      '--potential',
      `born:${fixturePath('lammps/NaCl_tosi_fumi.born')}+coulomb:pme`,
      '--ensemble',
      'nve',
      '--temperature',
      '300',
      '--seed',
      '4',
      '--dt',
      '2',
      '--steps',
      '5',
      '--json',
    ];
    const cpu = md([...common, '--backend', 'cpu']);
    expect(cpu.code, cpu.stderr).toBe(0);
    const gpu = md([...common, '--backend', 'webgpu']);
    expect(gpu.code, gpu.stderr).toBe(0);
    const c = JSON.parse(cpu.stdout) as { potentialEnergy: number; stress: number[] };
    const g = JSON.parse(gpu.stdout) as { potentialEnergy: number; stress: number[]; backend: string };
    expect(g.backend).toBe('webgpu');
    // the float32 bounds of @equitensor/gpu's PME test for this system: energy ≈ 8e-6 relative, virial ≈ 1e-3·max|W|
    expect(Math.abs(g.potentialEnergy - c.potentialEnergy) / Math.abs(c.potentialEnergy)).toBeLessThan(8e-6);
    const maxStress = Math.max(...c.stress.map(Math.abs));
    for (const [k, s] of g.stress.entries()) expect(Math.abs(s - (c.stress[k] as number))).toBeLessThan(1e-3 * maxStress);
  });

  it('refuses a potential without a GPU kernel with exit code 2 and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'md-gpu-')), 'traj.xyz');
    const r = md([
      '--input',
      fixturePath('lammps/ref_lj_fcc256_perfect.xyz'),
      '--potential',
      'sw',
      '--steps',
      '5',
      '--out',
      out,
      '--backend',
      'webgpu',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--backend webgpu supports the potentials/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('born:FILE+coulomb:pme on atoms without charges: exit 2 naming the file (was exit 1, internal error GpuParameterError)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-gpu-'));
    const input = join(dir, 'nacl-uncharged.xyz');
    const sites = [
      'Na 0 0 0',
      'Cl 2.82 0 0',
      'Na 2.82 2.82 0',
      'Cl 0 2.82 0',
      'Na 2.82 0 2.82',
      'Cl 0 0 2.82',
      'Na 0 2.82 2.82',
      'Cl 2.82 2.82 2.82',
    ];
    writeFileSync(input, `8\nLattice="5.64 0 0 0 5.64 0 0 0 5.64" Properties=species:S:1:pos:R:3 pbc="T T T"\n${sites.join('\n')}\n`);
    const out = join(dir, 'traj.xyz');
    const potential = `born:${fixturePath('lammps/NaCl_tosi_fumi.born')}+coulomb:pme`;
    const r = md(['--input', input, '--potential', potential, '--steps', '2', '--out', out, '--backend', 'webgpu', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/nacl-uncharged\.xyz: --potential born:.*coulomb:pme does not cover it: .*carry no charges/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toBe('');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('Ctrl-C twice while a device block runs: exit 130 at once, the frames written so far kept (the second was ignored until the block ended)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'md-gpu-')), 'traj.xyz');
    const potential = `born:${fixturePath('lammps/NaCl_tosi_fumi.born')}+coulomb:pme`;
    // the whole run is one block, one runner call (hours on SwiftShader): the first SIGINT waits for its end
    const partial = `${out}.partial`;
    // frame 0 is written before the first block starts
    const run = await spawnEquitensorUntil(
      ['md', 'run', '--input', fixturePath('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'), '--potential', potential].concat([
        '--backend',
        'webgpu',
        '--steps',
        '100000',
        '--every',
        '500',
        '--out',
        out,
      ]),
      () => firstFrameWritten(partial),
      { env: GPU_ENV },
    );
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGINT');
    const code = await run.closed;
    const stderr = run.stderr();
    expect(code, stderr).toBe(130); // before: the second SIGINT was ignored too, the run went on to the test's timeout
    expect(stderr).toMatch(/SIGINT again: stopped at once; the trajectory kept up to step 0/);
    expect(existsSync(partial)).toBe(false);
    expect(readFileSync(out, 'utf8').match(/Lattice=/g)?.length).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('Ctrl-C once while a long device block runs: stops within a few slices with exit 130, the trajectory kept (it waited for the block)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'md-gpu-')), 'traj.xyz');
    // one block of 100,000 steps (one runner call): before, the first SIGINT waited for its end, past the test's timeout
    // frame 0 is written before the block starts
    const run = await spawnEquitensorUntil(
      ['md', 'run', '--input', fixturePath('lammps/ref_lj_fcc256_perfect.xyz'), '--potential', 'lj', '--backend', 'webgpu'].concat([
        '--temperature',
        '1.44',
        '--seed',
        '3',
        '--dt',
        '0.005',
        '--steps',
        '100000',
        '--every',
        '100000',
        '--out',
        out,
      ]),
      () => firstFrameWritten(`${out}.partial`),
      { env: GPU_ENV },
    );
    run.child.kill('SIGINT');
    const code = await run.closed;
    const stderr = run.stderr();
    expect(code, stderr).toBe(130);
    const step = Number(stderr.match(/interrupted by SIGINT at step (\d+)/)?.[1]);
    // the runner stops at a slice boundary (25 steps) after the slice it waits for: far inside the block
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(100000);
    expect(step % 25).toBe(0);
    expect(readFileSync(out, 'utf8').match(/Lattice=/g)?.length).toBe(2);
  }, 90_000);

  it('refuses an unknown backend', () => {
    const r = md(['--input', fixturePath('lammps/ref_lj_fcc256_perfect.xyz'), '--potential', 'lj', '--backend', 'cuda']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--backend must be cpu or webgpu/);
  });
});
