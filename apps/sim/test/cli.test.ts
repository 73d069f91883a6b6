import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repoRoot } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';

/** Run `pnpm equitensor …` as a user would, from the repository root. */
export function runEquitensor(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['--import', 'tsx', 'apps/sim/src/cli/main.ts', ...args], { cwd: repoRoot(), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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

  it('exits with code 2 on an unknown command', () => {
    const r = runEquitensor(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error:/);
  });
});
