/**
 * The work of `equitensor bench tp`, loaded only when the command runs (see bench.ts).
 */
import { buildBenchCase, timeMedian } from '@equitensor/so3/bench';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import type { BenchTpOptions } from './bench.ts';

/** `equitensor bench tp`: build the case the typed options describe, time it (median of repeats), report. */
export function runBenchTp(options: BenchTpOptions): void {
  const { kind, setting, lmax, batch, mul, dtype, warmup, repeats, rank } = options;
  if ((setting === 'fctp' || setting === 'uvu') && kind !== 'cg')
    throw new UsageError(`--setting ${setting} (weighted e3nn products) needs --kind cg, got "${kind}"`);
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
