/**
 * What the md benchmarks share: numeric command-line options, the block-mean standard error of a time series, and
 * the best CPU time of repeated runs.
 */

/**
 * The number after `--name` on the command line, or `fallback`.
 *
 * @example
 * ```ts
 * const steps = numberArg('--steps', 100);
 * ```
 */
export function numberArg(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const k = args.indexOf(name);
  return k >= 0 ? Number(args[k + 1]) : fallback;
}

/** Whether `--name` is on the command line. */
export function flagArg(name: string): boolean {
  return process.argv.slice(2).includes(name);
}

/**
 * Mean of a correlated series and its standard error from `blocks` equal block means (the sample's tail that fills
 * no block is left out).
 *
 * @example
 * ```ts
 * const { mean, stderr } = blockMean(volumes, 20);
 * ```
 */
export function blockMean(values: readonly number[], blocks: number): { mean: number; stderr: number } {
  const size = Math.floor(values.length / blocks);
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) means.push(values.slice(b * size, (b + 1) * size).reduce((a, x) => a + x, 0) / size);
  const mean = means.reduce((a, x) => a + x, 0) / blocks;
  const variance = means.reduce((a, x) => a + (x - mean) ** 2, 0) / (blocks - 1);
  return { mean, stderr: Math.sqrt(variance / blocks) };
}

/**
 * The least process CPU time (ms) of `times` runs of `f` (the least disturbed run on a shared machine).
 *
 * @example
 * ```ts
 * const ms = bestCpuMs(() => lj.compute(system), 20);
 * ```
 */
export function bestCpuMs(f: () => void, times: number): number {
  let b = Number.POSITIVE_INFINITY;
  for (let t = 0; t < times; t++) {
    const t0 = process.cpuUsage();
    f();
    const used = process.cpuUsage(t0);
    b = Math.min(b, (used.user + used.system) / 1000);
  }
  return b;
}
