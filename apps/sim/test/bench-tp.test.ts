import { describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

const cli = (...args: string[]) => runEquitensor(args);

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
    expect(r.code, r.stderr).toBe(0);
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
    expect(f.code, f.stderr).toBe(0);
    const fo = JSON.parse(f.stdout) as Record<string, unknown>;
    expect(fo.irrepsIn1).toBe('2x0e+2x1o');
    expect(fo.weightNumel).toBe(4 * 8); // paths 0e⊗0e→0e, 0e⊗1o→1o, 1o⊗0e→1o, 1o⊗1o→0e, each 2·2·2 weights
  });

  it('runs FCTP on 2 worker threads with --workers 2 and says so (JSON: workers, CPU seconds of every thread)', () => {
    const f = cli(
      'bench',
      'tp',
      '--kind',
      'cg',
      '--setting',
      'fctp',
      '--lmax',
      '1',
      '--mul',
      '2',
      '--batch',
      '40',
      '--workers',
      '2',
      '--json',
    );
    expect(f.code, f.stderr).toBe(0);
    const fo = JSON.parse(f.stdout) as Record<string, unknown>;
    expect(fo.workers).toBe(2);
    expect(fo.cpuSecondsPerBatch as number).toBeGreaterThan(0);
    expect(f.stderr).toContain('2 worker threads');
    const mimo = cli('bench', 'tp', '--kind', 'grid', '--setting', 'mimo', '--lmax', '1', '--batch', '4', '--workers', '2');
    expect(mimo.code).toBe(2);
    expect(mimo.stderr).toContain('--workers applies to --setting fctp and uvu');
  });

  it('exits 2 with a message on bad options', () => {
    const bad = cli('bench', 'tp', '--kind', 'fft', '--setting', 'mimo', '--lmax', '2', '--batch', '4', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind must be one of');
    expect(bad.stdout).toBe('');
  });
});
