import { availableParallelism } from 'node:os';
import { fixturePath } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

// LAMMPS' Cu_u3 reference frame (108 atoms) and potential; 1,200 K from a fixed seed, 20 NVE steps.
const cuRef = fixturePath('lammps/ref_Cu_u3_fcc108_perfect.xyz');
const cuEam = `eam:${fixturePath('lammps/potentials/Cu_u3.eam')}`;
/** `md run --json` of `input` with `potential` on `workers` workers (more options after). */
const runOn = (input: string, potential: string, workers: string, ...more: string[]) =>
  runEquitensor(['md', 'run', '--input', input, '--potential', potential, '--workers', workers, ...more, '--json']);
const run = (potential: string, workers: string) => runOn(cuRef, potential, workers, '--temperature', '1200', '--steps', '20');
const summary = (stdout: string) =>
  JSON.parse(stdout) as { workers: number; potentialEnergy: number; totalEnergy: number; potential: string };

describe('equitensor md run --workers', () => {
  it('runs eam on 2 workers: the one-thread trajectory to reassociation, and says how many workers ran', () => {
    const one = run(cuEam, '1');
    const two = run(cuEam, '2');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = summary(one.stdout);
    const b = summary(two.stdout);
    expect(a.workers).toBe(1);
    expect(b.workers).toBe(2);
    expect(b.potential).toBe(a.potential); // the same potential: a checkpoint restarts with any worker count
    // the same terms summed per worker slot (parallel-eam.test.ts: 1e-12 per evaluation); 20 steps of a 108-atom
    // crystal amplify that by far less than 100
    expect(Math.abs(b.potentialEnergy - a.potentialEnergy)).toBeLessThan(1e-10 * Math.abs(a.potentialEnergy));
    expect(Math.abs(b.totalEnergy - a.totalEnergy)).toBeLessThan(1e-10 * Math.abs(a.totalEnergy));
  });

  it('runs lj on 2 workers and reports its force loop (the WebAssembly SIMD kernel, as on one thread)', () => {
    const lj = (workers: string) => runOn(fixturePath('lammps/ref_lj_fcc256_rattled.xyz'), 'lj', workers, '--steps', '5');
    const [one, two] = [lj('1'), lj('2')];
    expect(two.code, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout) as { workers: number; forceLoop?: string; potentialEnergy: number };
    const b = JSON.parse(two.stdout) as { workers: number; forceLoop?: string; potentialEnergy: number };
    expect([a.workers, a.forceLoop]).toEqual([1, 'wasm-simd']);
    expect([b.workers, b.forceLoop]).toEqual([2, 'wasm-simd']);
    // the same pair terms summed per worker slot (parallel.test.ts: 1e-12 per evaluation), 5 steps
    expect(Math.abs(b.potentialEnergy - a.potentialEnergy)).toBeLessThan(1e-10 * Math.abs(a.potentialEnergy));
    // a potential without a choice of force loop reports none
    expect('forceLoop' in summary(run(cuEam, '1').stdout)).toBe(false);
  });

  it('runs morse on 2 workers too, equal to one thread to reassociation', () => {
    const morse = 'morse:0.3429,1.3588,2.866,6';
    const a = summary(run(morse, '1').stdout);
    const b = summary(run(morse, '2').stdout);
    expect(b.workers).toBe(2);
    // as for eam: 1e-12 per evaluation (parallel-morse.test.ts), 20 steps
    expect(Math.abs(b.potentialEnergy - a.potentialEnergy)).toBeLessThan(1e-10 * Math.abs(a.potentialEnergy));
  });

  it('runs born:FILE+coulomb:pme (Tosi-Fumi NaCl) on 2 workers, equal to one thread to reassociation', () => {
    const nacl = (workers: string) =>
      runEquitensor([
        'md',
        'run',
        '--input',
        fixturePath('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'),
        '--potential',
        `born:${fixturePath('lammps/NaCl_tosi_fumi.born')}+coulomb:pme:1e-6`,
        '--temperature',
        '1000',
        '--steps',
        '10',
        '--workers',
        workers,
        '--json',
      ]);
    const one = nacl('1');
    const two = nacl('2');
    expect(two.code, two.stderr).toBe(0);
    const a = summary(one.stdout);
    const b = summary(two.stdout);
    expect(b.workers).toBe(2);
    expect(b.potential).toBe('born+coulomb:pme');
    // 1e-12 per evaluation (parallel-coulomb-pme.test.ts), 10 steps of a 216-ion crystal amplify it by far less than 100
    expect(Math.abs(b.potentialEnergy - a.potentialEnergy)).toBeLessThan(1e-10 * Math.abs(a.potentialEnergy));
    expect(Math.abs(b.totalEnergy - a.totalEnergy)).toBeLessThan(1e-10 * Math.abs(a.totalEnergy));
  });

  it('says so and runs on one thread for a potential without a pooled kernel; auto is the available cores', () => {
    const r = run('morse:0.3429,1.3588,2.866,6+morse:0.01,1,4,6', 'auto'); // a sum: no pooled kernel
    expect(r.code, r.stderr).toBe(0);
    expect(summary(r.stdout).workers).toBe(1);
    if (availableParallelism() > 1) expect(r.stderr).toContain(`--workers ${availableParallelism()}: `);
    if (availableParallelism() > 1)
      expect(r.stderr).toContain(
        'has no pooled kernel yet (lj, eam, morse, mace, mlip (cg, gaunt) and coulomb:pme (+born|buck) have); running on one thread',
      );
  });
});
