import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNpy, parseNpy } from '@equitensor/io';
import { cpToDense, mat, matFromNpy, relativeDistance, tensor, tensorFromNpy, tuckerToDense } from '@equitensor/tensor';
import { SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

const run = (args: readonly string[]) => runEquitensor(args);

const dir = mkdtempSync(join(tmpdir(), 'equitensor-tensor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rng = new SeededRng(99);

// An exact Tucker tensor of ranks (2, 3, 2) and shape 8 × 9 × 10.
const exact = tuckerToDense({
  core: tensor([2, 3, 2], rng.normalArray(12)),
  factors: [mat(8, 2, rng.normalArray(16)), mat(9, 3, rng.normalArray(27)), mat(10, 2, rng.normalArray(20))],
});
const input = join(dir, 'x.npy');
writeFileSync(input, formatNpy({ shape: exact.shape, data: exact.data }));

describe('equitensor tensor decompose', () => {
  it('Tucker by ε recovers the exact ranks; the written core and factors rebuild the input', () => {
    const out = join(dir, 'tucker');
    const r = run(['tensor', 'decompose', input, '--format', 'tucker', '--eps', '1e-6', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { ranks: number[]; relativeError: number; seconds: number; files: string[] };
    expect(j.ranks).toEqual([2, 3, 2]);
    expect(j.relativeError).toBeLessThan(1e-12);
    expect(j.seconds).toBeGreaterThanOrEqual(0);
    const read = (f: string) => parseNpy(new Uint8Array(readFileSync(join(out, f))));
    const rebuilt = tuckerToDense({
      core: tensorFromNpy(read('core.npy')),
      factors: [0, 1, 2].map((k) => matFromNpy(read(`factor${k}.npy`))),
    });
    expect(relativeDistance(rebuilt, exact)).toBeLessThan(1e-12);
  });

  it('CP-ALS and TT-SVD with fixed ranks and HOOI', () => {
    const cp = run(['tensor', 'decompose', input, '--format', 'cp', '--rank', '12', '--out', join(dir, 'cp'), '--json']);
    expect(cp.code).toBe(0);
    const jc = JSON.parse(cp.stdout) as { ranks: number[]; relativeError: number };
    expect(jc.ranks).toEqual([12]);
    expect(jc.relativeError).toBeLessThan(1e-3);
    const w = tensorFromNpy(parseNpy(new Uint8Array(readFileSync(join(dir, 'cp', 'weights.npy')))));
    const back = cpToDense({
      weights: w.data,
      factors: [0, 1, 2].map((k) => matFromNpy(parseNpy(new Uint8Array(readFileSync(join(dir, 'cp', `factor${k}.npy`)))))),
    });
    expect(relativeDistance(back, exact)).toBeCloseTo(jc.relativeError, 10);
    const tt = run(['tensor', 'decompose', input, '--format', 'tt', '--eps', '1e-8', '--out', join(dir, 'tt'), '--json']);
    expect(tt.code).toBe(0);
    const jt = JSON.parse(tt.stdout) as { ranks: number[]; relativeError: number };
    expect(jt.ranks).toEqual([2, 2]);
    expect(jt.relativeError).toBeLessThan(1e-12);
    const ho = run([
      'tensor',
      'decompose',
      input,
      '--format',
      'tucker',
      '--rank',
      '2,2,2',
      '--method',
      'hooi',
      '--out',
      join(dir, 'hooi'),
      '--json',
    ]);
    expect(ho.code).toBe(0);
    expect(JSON.parse(ho.stdout) as { ranks: number[]; init: string }).toMatchObject({ ranks: [2, 2, 2], init: 'sthosvd' });
  });

  it('bad input exits 2 with a message and writes nothing', () => {
    const bad = join(dir, 'bad.npy');
    writeFileSync(bad, 'not a numpy file');
    const r = run(['tensor', 'decompose', bad, '--format', 'tucker', '--eps', '1e-3', '--out', join(dir, 'none'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.npy/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'none'))).toBe(false);
    const noRank = run(['tensor', 'decompose', input, '--format', 'cp', '--out', join(dir, 'none')]);
    expect(noRank.code).toBe(2);
    expect(noRank.stderr).toMatch(/--rank or --eps/);
    for (const special of [Number.NaN, Number.NEGATIVE_INFINITY]) {
      const file = join(dir, `special-${special}.npy`);
      writeFileSync(file, formatNpy({ shape: [2, 2, 2], data: Float64Array.of(1, 2, 3, special, 5, 6, 7, 8) }));
      const r = run(['tensor', 'decompose', file, '--format', 'tucker', '--rank', '1', '--out', join(dir, 'none')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/NaN or infinite values/);
      // the 4th entry in C order of a 2×2×2 tensor
      expect(r.stderr).toContain(`entry (0, 1, 1) is ${special}`);
    }
    const badInit = run([
      'tensor',
      'decompose',
      input,
      ...'--format tucker --rank 2 --method hooi --init svd'.split(' '),
      '--out',
      join(dir, 'none'),
    ]);
    expect(badInit.code).toBe(2);
    expect(badInit.stderr).toMatch(/--init/);
  });
});

describe('equitensor tensor chebtucker', () => {
  it('prints ranks and mid-slice errors for a CP tensor of two Gaussians', () => {
    const n = 40;
    const h = 2 / n;
    const factor = (k: number) => {
      const u = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const x = -1 + h / 2 + i * h;
        u[2 * i] = Math.exp(-3 * x * x);
        u[2 * i + 1] = Math.exp(-((x - 0.1 * k) ** 2));
      }
      return u;
    };
    const files = [1, 2, 3].map((k) => {
      const f = join(dir, `U${k}.npy`);
      writeFileSync(f, formatNpy({ shape: [n, 2], data: factor(k) }));
      return f;
    });
    const wFile = join(dir, 'w.npy');
    writeFileSync(wFile, formatNpy({ shape: [2], data: Float64Array.of(1, 0.5) }));
    const r = run(['tensor', 'chebtucker', '--cp', ...files, '--weights', wFile, '--m', '33', '--tol', '1e-10', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { ranks: number[]; midSliceMaxAbsError: number; midSliceMaxRelError: number; seconds: number };
    expect(j.ranks).toEqual([2, 2, 2]);
    // Spline error bound (5/384) h⁴ max|f⁗| ≈ 1e-5 per factor for exp(−3x²) with h = 0.05.
    expect(j.midSliceMaxRelError).toBeLessThan(5e-5);
    expect(j.midSliceMaxAbsError).toBeLessThan(5e-5);
    expect(j.midSliceMaxRelError).toBeGreaterThan(0);
    expect(j.seconds).toBeGreaterThanOrEqual(0);
    const bad = run(['tensor', 'chebtucker', '--cp', files[0]!, files[1]!, '--m', '33', '--json']);
    expect(bad.code).toBe(2);
  });
});
