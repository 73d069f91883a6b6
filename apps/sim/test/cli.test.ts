import { readFileSync } from 'node:fs';
import { TENSOR_PRODUCT_KINDS } from '@equitensor/mlip';
import { describe, expect, it } from 'vitest';
import { MLIP_KIND_NAMES } from '../src/cli/commands/mlip.ts';
import { runEquitensor } from './run-cli.ts';

describe('equitensor CLI', () => {
  it('prints usage with --help', () => {
    const r = runEquitensor(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: equitensor/);
  });

  it('prints the package version with --version', () => {
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const r = runEquitensor(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('spells out in `mlip fit --help` exactly the tensor-product kinds of @equitensor/mlip (loaded only when a command runs)', () => {
    expect(MLIP_KIND_NAMES).toBe(TENSOR_PRODUCT_KINDS.join('|'));
  });

  it('exits with code 2 on an unknown command', () => {
    const r = runEquitensor(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error:/);
  });
});
