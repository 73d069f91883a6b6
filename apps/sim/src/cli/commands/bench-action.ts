/**
 * The work of `equitensor bench tp`, loaded only when the command runs (see bench.ts).
 */
import { buildBenchCase, timeMedian } from '@equitensor/so3/bench';
import type { WorkerPool } from '@equitensor/tensor';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { withWorkerPool } from '../worker-pool.ts';
import type { BenchTpOptions } from './bench.ts';

/** `equitensor bench tp`: build the case the typed options describe, time it (median of repeats), report. */
export async function runBenchTp(options: BenchTpOptions): Promise<void> {
  const { kind, setting, rank, workers } = options;
  if ((setting === 'fctp' || setting === 'uvu') && kind !== 'cg')
    throw new UsageError(`--setting ${setting} (weighted e3nn products) needs --kind cg, got "${kind}"`);
  if (rank !== undefined && kind !== 'cp') throw new UsageError('--rank applies only to --kind cp');
  if (workers > 1 && setting !== 'fctp' && setting !== 'uvu')
    throw new UsageError(`--workers applies to --setting fctp and uvu (the weighted e3nn products), got "${setting}"`);
  await withWorkerPool(workers, (pool) => benchTp(options, pool));
}

function benchTp(options: BenchTpOptions, pool: WorkerPool | undefined): void {
  const { kind, setting, lmax, batch, mul, dtype, warmup, repeats, rank, workers } = options;
  const setupStart = performance.now();
  const benchCase = buildBenchCase({
    kind,
    setting,
    lmax,
    batch,
    mul,
    dtype,
    ...(rank === undefined ? {} : { rank }),
    ...(pool === undefined ? {} : { pool }),
  });
  const setupSeconds = (performance.now() - setupStart) / 1000;
  process.stderr.write(
    `bench tp: ${kind} ${setting} L=${lmax} mul=${mul} batch=${batch} ${dtype}, ${workers} worker thread${workers === 1 ? '' : 's'} (setup ${setupSeconds.toFixed(3)} s)\n`,
  );
  const t = timeMedian(benchCase.run, { warmup, warmupSeconds: 0.2, repeats });
  // process CPU time (every thread, the pool's included) per batch over `repeats` more batches
  const cpuStart = process.cpuUsage();
  for (let r = 0; r < repeats; r++) benchCase.run();
  const cpu = process.cpuUsage(cpuStart);
  const cpuSecondsPerBatch = (cpu.user + cpu.system) / 1e6 / repeats;
  const result = {
    kind,
    setting,
    lmax,
    mul,
    batch,
    dtype,
    workers,
    warmup,
    repeats,
    secondsPerBatch: t.median,
    cpuSecondsPerBatch,
    minSecondsPerBatch: t.min,
    samplesPerSecond: batch / t.median,
    setupSeconds,
    ...benchCase.description,
  };
  if (options.json) printJson(result);
  else {
    process.stdout.write(
      `${kind} ${setting} L=${lmax} mul=${mul} batch=${batch} ${dtype}, ${workers} worker thread${workers === 1 ? '' : 's'}: ${(t.median * 1e3).toFixed(3)} ms/batch (median of ${repeats}), ${(cpuSecondsPerBatch * 1e3).toFixed(3)} ms CPU/batch (all threads), ${(batch / t.median).toExponential(3)} samples/s\n`,
    );
  }
}
