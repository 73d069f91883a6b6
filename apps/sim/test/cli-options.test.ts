/**
 * The typed option parsers of src/cli/options.ts and the CLI's one error rule (runCli in program.ts): a refused
 * argument names the option, a package's `RangeError` that reaches runCli is bad input (exit 2, no stack), the
 * engine's own `RangeError` (stack overflow, allocation) an internal failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNpy } from '@equitensor/io';
import { InvalidArgumentError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/errors.ts';
import {
  asUsageError,
  choiceOption,
  fileNameOption,
  integerOption,
  isEngineRangeError,
  numberArgsOption,
  numberListOption,
  symbolListOption,
} from '../src/cli/options.ts';
import { maxWorkers, workersOption } from '../src/cli/workers.ts';
import { runEquitensorInProcess } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'equitensor-cli-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('option parsers', () => {
  it('integerOption: integers in range, the option and the range named otherwise', () => {
    const port = integerOption('--port', 0, 65535);
    expect(port('8080')).toBe(8080);
    for (const bad of ['70000', '-1', '1.5', '', 'abc', 'Infinity'])
      expect(() => port(bad)).toThrow(new InvalidArgumentError(`--port must be an integer in 0…65535, got "${bad}"`));
    expect(() => integerOption('--size', 1)('0')).toThrow('--size must be an integer ≥ 1, got "0"');
  });

  it('numberListOption: comma-separated values of allowed counts', () => {
    const grid = numberListOption('--grid', (v) => Number.isInteger(v) && v >= 8 && v <= 512, 'three or one', [1, 3]);
    expect(grid('16')).toEqual([16]);
    expect(grid('16, 24,32')).toEqual([16, 24, 32]);
    for (const bad of ['8,8', '4', '16,,16', '16,x,16']) expect(() => grid(bad)).toThrow(/--grid must be three or one/);
  });

  it('workersOption: a positive integer up to 4 per core, or auto; the option and the limit named otherwise', () => {
    const workers = workersOption('--workers');
    const cores = availableParallelism();
    expect(workers('auto')).toBe(cores);
    expect(workers('1')).toBe(1);
    expect(workers(String(4 * cores))).toBe(4 * cores);
    for (const bad of ['0', '-1', '1.5', 'abc', ''])
      expect(() => workers(bad)).toThrow(new InvalidArgumentError(`--workers must be a positive integer or auto, got "${bad}"`));
    // 999 threads on a few cores took minutes (and ~10 MB each) before the first MD step: refused at once instead
    expect(maxWorkers(2)).toBe(8);
    expect(() => workers('999')).toThrow(
      new InvalidArgumentError(`--workers must be at most ${4 * cores} (4 per core, ${cores} cores here), got "999"`),
    );
  });

  it('numberArgsOption accumulates the words of a variadic option; symbolListOption splits and trims', () => {
    const domain = numberArgsOption('--domain');
    expect(domain('1', domain('-1', undefined))).toEqual([-1, 1]);
    expect(() => domain('a', undefined)).toThrow('--domain takes numbers, got "a"');
    expect(symbolListOption('--type-symbols')('Na, Cl')).toEqual(['Na', 'Cl']);
    expect(() => symbolListOption('--type-symbols')('Na,')).toThrow(/--type-symbols/);
  });

  it('choiceOption and fileNameOption name the option and what it takes', () => {
    expect(choiceOption('--method', ['direct', 'pme'] as const)('pme')).toBe('pme');
    expect(() => choiceOption('--method', ['direct', 'pme'] as const)('fmm')).toThrow('--method must be direct or pme; got "fmm"');
    expect(() => fileNameOption('--potential-out', '.npy')('phi.txt')).toThrow('--potential-out must name a .npy file, got "phi.txt"');
  });

  it('asUsageError prefixes a package RangeError with its context; an engine RangeError passes through', () => {
    expect(() =>
      asUsageError(() => {
        throw new RangeError('atoms 0 and 2 coincide');
      }, 'a.xyz'),
    ).toThrow(new UsageError('a.xyz: atoms 0 and 2 coincide'));
    const overflow = new RangeError('Maximum call stack size exceeded');
    expect(isEngineRangeError(overflow)).toBe(true);
    expect(isEngineRangeError(new RangeError('--accuracy must be positive'))).toBe(false);
    expect(() =>
      asUsageError(() => {
        throw overflow;
      }, 'a.xyz'),
    ).toThrow(overflow);
  });
});

describe('the one error rule of runCli', () => {
  it("an option parser's refusal: exit 2, the CLI's prefix and the option named, nothing on stdout", async () => {
    const r = await runEquitensorInProcess(['electrostatics', '--input', 'x.xyz', '--grid', '8,8', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^equitensor: error: option '--grid <n>' argument '8,8' is invalid\. --grid must be/);
    expect(r.stdout).toBe('');
  });

  it("mlip fit --degree per element with an empty part (a trailing ';', or ';;'): exit 2 naming the option and the part", async () => {
    for (const [degree, part] of [
      ['H:8,6,4;C:10,8,6;', 'part 3 of 3'],
      ['H:8,6,4;;C:10,8,6', 'part 2 of 3'],
    ] as const) {
      const r = await runEquitensorInProcess(['mlip', 'fit', '--train', 'x.xyz', '--degree', degree, '--out', 'm.json', '--json']);
      expect(r.code, degree).toBe(2);
      expect(r.stderr).toContain(`--degree per element has an empty ${part} in "${degree}"`);
      expect(r.stdout).toBe('');
    }
  });

  it('md run --workers 999: exit 2 naming the option before any worker starts, nothing on stdout', async () => {
    const r = await runEquitensorInProcess(['md', 'run', '--input', 'x.xyz', '--potential', 'lj', '--workers', '999', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers must be at most \d+ \(4 per core/);
    expect(r.stdout).toBe('');
  });

  it("a package's RangeError reaching runCli unwrapped (a 1-D factor file for chebtucker): exit 2 with its message, no stack", async () => {
    const vector = join(scratch, 'vector.npy');
    writeFileSync(vector, formatNpy({ shape: [8], data: new Float64Array(8) }));
    const r = await runEquitensorInProcess(['tensor', 'chebtucker', '--cp', vector, vector, vector, '--m', '9', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vector\.npy: expected a 2D array, got shape \(8\)/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
