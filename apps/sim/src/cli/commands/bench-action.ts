/**
 * The work of `equitensor bench tp`, loaded only when the command runs (see bench.ts).
 */
import type { CpRank, TensorProductKind } from '@equitensor/so3';
import { type BenchSetting, buildBenchCase, timeMedian } from '@equitensor/so3/bench';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';

export interface BenchTpOptions {
  kind: string;
  setting: string;
  lmax: string;
  mul?: string;
  batch: string;
  dtype?: string;
  rank?: string;
  warmup?: string;
  repeats?: string;
  json?: boolean;
}

const KINDS = ['cg', 'gaunt', 'grid', 'cp'] as const;
const SETTINGS = ['siso', 'simo', 'mimo', 'fctp', 'uvu'] as const;

function positiveInteger(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 0)
    throw new UsageError(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function parseRank(value: string | undefined): CpRank | undefined {
  if (value === undefined) return undefined;
  if (value === '7L' || value === '7L2' || value === 'full') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--rank must be a positive integer, 7L, 7L2 or full, got "${value}"`);
  return n;
}

export function runBenchTp(options: BenchTpOptions): void {
  if (!(KINDS as readonly string[]).includes(options.kind))
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got "${options.kind}"`);
  if (!(SETTINGS as readonly string[]).includes(options.setting))
    throw new UsageError(`--setting must be one of ${SETTINGS.join(', ')}, got "${options.setting}"`);
  const dtype = options.dtype ?? 'f64';
  if (dtype !== 'f64' && dtype !== 'f32') throw new UsageError(`--dtype must be f64 or f32, got "${dtype}"`);
  const kind = options.kind as TensorProductKind;
  const setting = options.setting as BenchSetting;
  if ((setting === 'fctp' || setting === 'uvu') && kind !== 'cg')
    throw new UsageError(`--setting ${setting} (weighted e3nn products) needs --kind cg, got "${kind}"`);
  const lmax = positiveInteger('--lmax', options.lmax);
  const batch = positiveInteger('--batch', options.batch);
  const mul = positiveInteger('--mul', options.mul, 1);
  if (batch < 1 || mul < 1) throw new UsageError('--batch and --mul must be at least 1');
  const warmup = positiveInteger('--warmup', options.warmup, 1);
  const repeats = positiveInteger('--repeats', options.repeats, 5);
  if (repeats < 1) throw new UsageError('--repeats must be at least 1');
  const rank = parseRank(options.rank);
  if (rank !== undefined && kind !== 'cp') throw new UsageError('--rank applies only to --kind cp');
  const setupStart = performance.now();
  const benchCase = buildBenchCase(
    rank === undefined ? { kind, setting, lmax, batch, mul, dtype } : { kind, setting, lmax, batch, mul, dtype, rank },
  );
  const setupSeconds = (performance.now() - setupStart) / 1000;
  process.stderr.write(`bench tp: ${kind} ${setting} L=${lmax} mul=${mul} batch=${batch} ${dtype} (setup ${setupSeconds.toFixed(3)} s)\n`);
  const t = timeMedian(benchCase.run, { warmup, warmupSeconds: 0.2, repeats });
  const result = {
    kind,
    setting,
    lmax,
    mul,
    batch,
    dtype,
    warmup,
    repeats,
    secondsPerBatch: t.median,
    minSecondsPerBatch: t.min,
    samplesPerSecond: batch / t.median,
    setupSeconds,
    ...benchCase.description,
  };
  if (options.json) printJson(result);
  else {
    process.stdout.write(
      `${kind} ${setting} L=${lmax} mul=${mul} batch=${batch} ${dtype}: ${(t.median * 1e3).toFixed(3)} ms/batch (median of ${repeats}), ${(batch / t.median).toExponential(3)} samples/s\n`,
    );
  }
}
