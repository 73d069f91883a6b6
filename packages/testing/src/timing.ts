/**
 * The least process CPU time (ms) of `times` runs of `f` (the least disturbed run on a shared machine); for the
 * benchmarks under each package's `bench/`, never for tests (no timed tests).
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
