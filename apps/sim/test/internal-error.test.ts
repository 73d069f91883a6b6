/**
 * Exit code 1 (internal failure): a fault inside a computation, not caused by the input, is reported as an internal
 * error with its stack on stderr, nothing on stdout and nothing written; and an engine RangeError (an allocation or a
 * stack overflow) counts as internal, unlike a package's RangeError about an argument (exit 2). The fault is injected
 * into tensor's `ttSvd` (vitest module mock, this file only), the real CLI runs in this process on a valid input.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNpy } from '@equitensor/io';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runEquitensorInProcess } from './run-cli.ts';

const fault = vi.hoisted(() => ({ make: (): Error => new Error('no fault set') }));

vi.mock('@equitensor/tensor', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@equitensor/tensor')>()),
  ttSvd: () => {
    throw fault.make();
  },
}));

const scratch = mkdtempSync(join(tmpdir(), 'equitensor-internal-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const input = join(scratch, 'x.npy');
writeFileSync(input, formatNpy({ shape: [4, 5, 6], data: Float64Array.from({ length: 120 }, (_, i) => Math.sin(i)) }));

const decompose = (out: string) =>
  runEquitensorInProcess(['tensor', 'decompose', input, '--format', 'tt', '--eps', '1e-6', '--out', join(scratch, out), '--json']);

describe('exit code 1: internal failure', () => {
  it('a TypeError inside the decomposition: exit 1, "internal error" with the stack, no JSON, no output folder', async () => {
    fault.make = () => new TypeError('injected: cannot read properties of undefined');
    const r = await decompose('tt-type-error');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^equitensor: internal error: TypeError: injected: cannot read properties of undefined\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(join(scratch, 'tt-type-error'))).toBe(false);
  });

  it('an engine RangeError (invalid array length) is internal: exit 1', async () => {
    fault.make = () => {
      try {
        new Array(-1);
      } catch (error) {
        return error as Error;
      }
      return new Error('new Array(-1) did not throw');
    };
    const r = await decompose('tt-engine');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/internal error: RangeError: Invalid array length/);
    expect(r.stdout).toBe('');
  });

  it('while a package RangeError naming an argument is bad input: exit 2, no stack', async () => {
    fault.make = () => new RangeError('ttSvd: eps must be positive');
    const r = await decompose('tt-range');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/eps must be positive/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
