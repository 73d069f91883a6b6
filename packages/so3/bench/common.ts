/** Helpers shared by the so3 benchmark scripts: wall-clock median and process CPU time per call. */
import * as nodeOs from 'node:os';
import { timeMedian } from './benchmark-case.ts';

/**
 * Median wall seconds and median process-CPU seconds of `run` after warm-up: at least `warmup` calls and
 * 0.3 s, then until the JIT has settled (three consecutive calls within 10 % of each other's CPU time, at
 * most 3 s) — the generated coupling kernels of the fast tensor-product path are compiled by the optimising
 * tier only after a few calls, and their first calls are much slower.
 */
export function measure(run: () => void, repeats = 5, warmup = 1): { wall: number; cpu: number } {
  const start = performance.now();
  const recent: number[] = [];
  const settled = (): boolean => {
    if (recent.length < 3) return false;
    const last = recent.slice(-3);
    return Math.max(...last) <= 1.1 * Math.min(...last);
  };
  for (let i = 0; i < warmup || (performance.now() - start < 300 && i < 200) || (!settled() && performance.now() - start < 3000); i++) {
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    recent.push(c.user + c.system);
  }
  const cpus: number[] = [];
  const t = timeMedian(
    () => {
      const c0 = process.cpuUsage();
      run();
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1e6);
    },
    { warmup: 0, repeats },
  );
  cpus.sort((a, b) => a - b);
  return { wall: t.median, cpu: cpus[Math.floor(cpus.length / 2)] as number };
}

/** Format seconds as µs / ms / s. */
export function fmt(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(2)} s`;
}

/** Machine line for the report. */
export function machine(): string {
  const yard = calibration();
  const os = nodeOs;
  return `${new Date().toISOString()} · Node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · load average ${os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')} · yardstick (2.7·10⁶ contiguous multiply-adds) ${fmt(yard)} CPU`;
}

/** CPU seconds of a fixed 2.7·10⁶ multiply-add axpy workload: a yardstick for how loaded the machine is. */
export function calibration(): number {
  const B = 64;
  const a = Float64Array.from({ length: B * 1000 }, (_, i) => (i % 7) * 0.1);
  const o = new Float64Array(B * 1000);
  const run = (): void => {
    for (let rep = 0; rep < 42; rep++)
      for (let q = 0; q < 1000; q++) {
        const po = ((q * 7) % 1000) * B;
        const px = q * B;
        for (let bb = 0; bb < B; bb++) o[po + bb] = o[po + bb]! + 0.5 * a[px + bb]!;
      }
  };
  return measure(run, 5, 2).cpu;
}
