import { spawnSync } from 'node:child_process';
import { repoRoot } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['--import', 'tsx', 'apps/sim/src/cli/main.ts', ...args], { cwd: repoRoot(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('equitensor bench tp', () => {
  it('prints one JSON object with the median seconds per batch and samples per second (grid kind; all kinds share the code path)', () => {
    const kind = 'grid';
    const r = cli(
      'bench',
      'tp',
      '--kind',
      kind,
      '--setting',
      'mimo',
      '--lmax',
      '2',
      '--batch',
      '8',
      '--mul',
      '2',
      '--dtype',
      'f32',
      '--repeats',
      '3',
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const out = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(out.kind).toBe(kind);
    expect(out.setting).toBe('mimo');
    expect(out.dtype).toBe('f32');
    expect(out.rows).toBe(16);
    expect(out.irrepsOut).toBe('1x0e+1x1o+1x2e+1x3o+1x4e');
    const spb = out.secondsPerBatch as number;
    expect(spb).toBeGreaterThan(0);
    expect(out.samplesPerSecond as number).toBeCloseTo(8 / spb, 6);
    expect(out.minSecondsPerBatch as number).toBeLessThanOrEqual(spb);
  });

  it('runs the e3nn-style FCTP setting with the CG kind', () => {
    const f = cli('bench', 'tp', '--kind', 'cg', '--setting', 'fctp', '--lmax', '1', '--mul', '2', '--batch', '4', '--json');
    expect(f.status, f.stderr).toBe(0);
    const fo = JSON.parse(f.stdout) as Record<string, unknown>;
    expect(fo.irrepsIn1).toBe('2x0e+2x1o');
    expect(fo.weightNumel).toBe(4 * 8); // paths 0e⊗0e→0e, 0e⊗1o→1o, 1o⊗0e→1o, 1o⊗1o→0e, each 2·2·2 weights
  });

  it('exits 2 with a message on bad options', () => {
    const bad = cli('bench', 'tp', '--kind', 'fft', '--setting', 'mimo', '--lmax', '2', '--batch', '4', '--json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--kind must be one of');
    expect(bad.stdout).toBe('');
  });
});
