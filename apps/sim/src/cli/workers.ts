/**
 * `--workers N|auto`, the one spelling of the worker-thread count across the commands that run on the shared-memory
 * worker pool of `@equitensor/tensor` (`mlip fit`, `md bench-lj`). Registration-side: imports only commander and
 * `node:os`; the pool itself is created by the action ({@link withWorkerPool}).
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import type { ArgParser } from './options.ts';

/**
 * The `--help` text of a `--workers` option, naming what `auto` means on this machine.
 *
 * @example
 * ```ts
 * command.option('--workers <n|auto>', workersHelp('assembly of the normal equations'), workersOption('--workers'), 1);
 * ```
 */
export function workersHelp(what: string): string {
  return `${what} on n worker threads sharing memory; auto = the available cores (${availableParallelism()} here); 1 = this thread`;
}

/**
 * The most worker threads `--workers` accepts with `cores` available: 4 per core. Each worker is a Node thread of its
 * own (~10 MB and ~0.2 s CPU to start); beyond a few per core they only add start-up time and memory (999 workers
 * on 2 cores ran for minutes before the first step).
 */
export function maxWorkers(cores: number = availableParallelism()): number {
  return 4 * Math.max(1, cores);
}

/**
 * Parser of `--workers`: a positive integer up to {@link maxWorkers}, or `auto` for `os.availableParallelism()`.
 *
 * @example
 * ```ts
 * workersOption('--workers')('auto'); // e.g. 2 on a 2-core machine
 * workersOption('--workers')('0'); // throws: "--workers must be a positive integer or auto, got \"0\""
 * workersOption('--workers')('999'); // throws on a 2-core machine: "--workers must be at most 8 (4 per core, 2 cores here), got \"999\""
 * ```
 */
export function workersOption(name: string): ArgParser<number> {
  return (value: string) => {
    if (value.trim() === 'auto') return availableParallelism();
    const v = Number(value);
    if (value.trim() === '' || !Number.isInteger(v) || v < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer or auto, got "${value}"`);
    const cores = availableParallelism();
    if (v > maxWorkers(cores))
      throw new InvalidArgumentError(`${name} must be at most ${maxWorkers(cores)} (4 per core, ${cores} cores here), got "${value}"`);
    return v;
  };
}
