/**
 * What the md benchmarks share: numeric command-line options, the block-mean standard error of a time series, the
 * best CPU time of repeated runs (`bestCpuMs`, from `@equitensor/testing`), and serial LAMMPS runs with their loop time.
 */
import { spawnSync } from 'node:child_process';

export { bestCpuMs } from '@equitensor/testing';

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

/**
 * Several numeric options at once: each key `name` of `defaults` read as {@link numberArg}(`--name`, its default).
 *
 * @example
 * ```ts
 * const { steps, cells } = numberArgs({ steps: 20, cells: 8 });
 * ```
 */
export function numberArgs<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const values = Object.entries<number>(defaults).map(([name, fallback]) => [name, numberArg(`--${name}`, fallback)]);
  return Object.fromEntries(values) as Record<K, number>;
}

/**
 * The median of a sample: the middle value, the upper one of the two middle values for an even count.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
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
 * Run serial LAMMPS (`lmp`, one OpenMP thread) in `dir` with the command-line `args`; its standard output, or an
 * error with LAMMPS' messages when it fails.
 *
 * @example
 * ```ts
 * const stdout = serialLammps(dir, ['-in', 'in.eam', '-log', 'none']);
 * ```
 */
export function serialLammps(dir: string, args: readonly string[]): string {
  const r = spawnSync('lmp', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`lmp ${args.join(' ')} failed: ${r.stderr}\n${r.stdout.slice(-2000)}`);
  return r.stdout;
}

/**
 * The seconds and steps of the first `Loop time of S on 1 procs for N steps` line of a LAMMPS output, and the loop's
 * CPU seconds (S times LAMMPS' `% CPU use`, or S when it does not print one).
 *
 * @example
 * ```ts
 * const { seconds, steps } = lammpsLoop(serialLammps(dir, ['-in', 'in.lj', '-log', 'none']));
 * ```
 */
export function lammpsLoop(stdout: string): { seconds: number; steps: number; cpuSeconds: number } {
  const loop = /Loop time of ([\d.eE+-]+) on 1 procs for (\d+) steps/.exec(stdout);
  if (loop === null) throw new Error(`no loop time in LAMMPS output:\n${stdout}`);
  const cpu = /([\d.]+)% CPU use/.exec(stdout);
  const seconds = Number(loop[1]);
  return { seconds, steps: Number(loop[2]), cpuSeconds: seconds * (cpu === null ? 1 : Number(cpu[1]) / 100) };
}
