import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { formatNpy } from '@equitensor/io';
import { mat, tensor, tuckerToDense } from '@equitensor/tensor';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { testFolder } from './fixture-slice.ts';
import { runEquitensor } from './run-cli.ts';

const dir = testFolder('equitensor-tensor-workers-');
const rng = new SeededRng(16);

// An exact Tucker tensor of ranks (3, 4, 3), 40 × 36 × 32: its Gram matrices and first mode products are large enough
// to be split over 2 workers (Gemm keeps products under 65,536 multiply-adds on the calling thread). CP-ALS runs its
// direct loops below 65,536 entries: here only its SVD start's Gram matrices are pooled (the pooled MTTKRPs are
// tested in @equitensor/tensor's linalg.test.ts).
const exact = tuckerToDense({
  core: tensor([3, 4, 3], rng.normalArray(36)),
  factors: [mat(40, 3, rng.normalArray(120)), mat(36, 4, rng.normalArray(144)), mat(32, 3, rng.normalArray(96))],
});
const input = join(dir, 'x.npy');
writeFileSync(input, formatNpy({ shape: exact.shape, data: exact.data }));

const decomposeAs = (format: string, workers: string, out: string, ...extra: string[]) =>
  runEquitensor(['tensor', 'decompose', input, '--format', format, '--out', join(dir, out), '--workers', workers, '--json', ...extra]);
const decompose = (method: string, workers: string, out: string, ...extra: string[]) =>
  decomposeAs('tucker', workers, out, '--method', method, ...extra);
const files = ['core.npy', 'factor0.npy', 'factor1.npy', 'factor2.npy'];
const bytes = (out: string) => files.map((f) => readFileSync(join(dir, out, f)).toString('base64'));

describe('equitensor tensor decompose --workers', () => {
  for (const method of ['hosvd', 'hooi']) {
    it(`${method} on 2 workers writes the one-thread core and factors bit for bit, and says how many workers ran`, () => {
      const one = decompose(method, '1', `${method}-1`, '--rank', '3,4,3');
      const two = decompose(method, '2', `${method}-2`, '--rank', '3,4,3');
      expect(one.code, one.stderr).toBe(0);
      expect(two.code, two.stderr).toBe(0);
      const j1 = JSON.parse(one.stdout) as { workers: number; ranks: number[]; relativeError: number; seconds: number; cpuSeconds: number };
      const j2 = JSON.parse(two.stdout) as { workers: number; relativeError: number };
      expect(j1.workers).toBe(1);
      // the clock of the decomposition in both readings (a GEMM of 46,080 entries cannot take zero CPU time)
      expect(j1.seconds).toBeGreaterThan(0);
      expect(j1.cpuSeconds).toBeGreaterThan(0);
      expect(j2.workers).toBe(2);
      // The input has exact multilinear ranks (3, 4, 3): the error is rounding only (≈ 1e-15; 1e-12 leaves room for
      // the condition of the random factors).
      expect(j1.ranks).toEqual([3, 4, 3]);
      expect(j1.relativeError).toBeLessThan(1e-12);
      // The pooled GEMMs add the same numbers in the same order as one thread (gemm-pool tests of @equitensor/tensor).
      expect(bytes(`${method}-2`)).toEqual(bytes(`${method}-1`));
      expect(j2.relativeError).toBe(j1.relativeError);
    });
  }

  it('tt (Gram and blocked-QR routes) on 2 workers writes the one-thread cores bit for bit', () => {
    const tt = (workers: string, eps: string) => decomposeAs('tt', workers, `tt-${eps}-${workers}`, '--eps', eps);
    const cores = (out: string) => [0, 1, 2].map((k) => readFileSync(join(dir, out, `core${k}.npy`)).toString('base64'));
    for (const eps of ['1e-5', '1e-10']) {
      const one = tt('1', eps);
      const two = tt('2', eps);
      expect(two.code, two.stderr).toBe(0);
      expect(JSON.parse(two.stdout) as { workers: number; ranks: number[] }).toMatchObject({ workers: 2, ranks: [3, 3] });
      expect(one.stdout.replace(/"(seconds|cpuSeconds|workers|out)":[^,}]*/g, '')).toBe(
        two.stdout.replace(/"(seconds|cpuSeconds|workers|out)":[^,}]*/g, ''),
      );
      expect(cores(`tt-${eps}-2`)).toEqual(cores(`tt-${eps}-1`));
    }
  });

  it('cp on 2 workers writes the one-thread weights and factors bit for bit; auto is the available cores; 0 is a usage error', () => {
    const cp = (workers: string) => decomposeAs('cp', workers, `cp-${workers}`, '--rank', '2');
    const one = cp('1');
    const two = cp('2');
    expect(two.code, two.stderr).toBe(0);
    expect((JSON.parse(two.stdout) as { workers: number }).workers).toBe(2);
    const cpFiles = (out: string) =>
      ['weights', 'factor0', 'factor1', 'factor2'].map((f) => readFileSync(join(dir, out, `${f}.npy`)).toString('base64'));
    expect(cpFiles('cp-2')).toEqual(cpFiles('cp-1'));
    expect((JSON.parse(one.stdout) as { relativeError: number }).relativeError).toBe(
      (JSON.parse(two.stdout) as { relativeError: number }).relativeError,
    );
    // commander wraps --help at the terminal width: compare with runs of white space as one space.
    expect(runEquitensor(['tensor', 'decompose', '--help']).stdout.replace(/\s+/g, ' ')).toContain(
      `auto = the available cores (${availableParallelism()} here)`,
    );
    const bad = decompose('hooi', '0', 'bad', '--rank', '3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers must be a positive integer or auto, got "0"');
  });
});
