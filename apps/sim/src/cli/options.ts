/**
 * Typed option parsers for the commands (commander's `argParser`): each turns the string a user typed into
 * the value the command needs, or throws commander's `InvalidArgumentError` naming the option, so that a
 * command's action receives typed options and never re-parses them. One error rule for the whole CLI: a bad
 * argument is a usage error (commander's error, a `UsageError` or a `RangeError` from a package, see
 * {@link asUsageError}) and exits with code 2; a malformed file is io's `ParseError`, also code 2.
 *
 * This module imports only commander (registration files stay light, see commands.ts).
 */
import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors.ts';

/** A commander argument parser: the typed value of the option's string. */
export type ArgParser<T> = (value: string) => T;

/**
 * A number option that must pass `check` (described by `what`), e.g. `--dt` must be a positive time step.
 *
 * @example
 * ```ts
 * command.option('--dt <fs>', 'time step', numberOption('--dt', (v) => v > 0, 'a positive time step'), 1);
 * ```
 */
export function numberOption(name: string, check: (value: number) => boolean, what: string): ArgParser<number> {
  return (value: string) => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v) || !check(v)) throw new InvalidArgumentError(`${name} must be ${what}, got "${value}"`);
    return v;
  };
}

/** A positive finite number (a time step, a time constant, a temperature limit). */
export const positiveNumber = (name: string, what = 'a positive number'): ArgParser<number> => numberOption(name, (v) => v > 0, what);

/** A non-negative finite number (a temperature, a friction). */
export const nonNegativeNumber = (name: string, what = 'a non-negative number'): ArgParser<number> =>
  numberOption(name, (v) => v >= 0, what);

/** A non-negative integer (a step count, a seed). */
export const nonNegativeInteger = (name: string): ArgParser<number> =>
  numberOption(name, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');

/** A positive integer (an interval, a count). */
export const positiveInteger = (name: string): ArgParser<number> =>
  numberOption(name, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');

/** Any finite number (a pressure). */
export const finiteNumber = (name: string, what = 'a number'): ArgParser<number> => numberOption(name, () => true, what);

/**
 * One of a fixed set of words.
 *
 * @example
 * ```ts
 * command.option('--backend <name>', 'cpu | webgpu', choiceOption('--backend', ['cpu', 'webgpu'] as const), 'cpu');
 * ```
 */
export function choiceOption<const T extends string>(name: string, choices: readonly T[]): ArgParser<T> {
  const list = choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`;
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`${name} must be ${list}; got "${value}"`);
    return value as T;
  };
}

/**
 * Run `body`, turning a `RangeError` (a package refusing an impossible argument) into a `UsageError`
 * (exit code 2) prefixed with `context` (the file or option it came from). The one place the CLI does this.
 *
 * @example
 * ```ts
 * const system = asUsageError(() => systemFromStructure(structure), path);
 * ```
 */
export function asUsageError<T>(body: () => T, context?: string): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(context === undefined ? error.message : `${context}: ${error.message}`);
    throw error;
  }
}

/** The same for asynchronous work. */
export async function asUsageErrorAsync<T>(body: () => Promise<T>, context?: string): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(context === undefined ? error.message : `${context}: ${error.message}`);
    throw error;
  }
}

/** The ensembles of `md run --ensemble`. */
export const ENSEMBLES = ['nve', 'langevin', 'nhc', 'bussi'] as const;

/** The barostats of `md run --barostat`. */
export const BAROSTATS = ['berendsen', 'mtk'] as const;

/** The compute backends of `--backend`. */
export const BACKENDS = ['cpu', 'webgpu'] as const;

/** The typed options of `equitensor md run`, as commander hands them to the action. */
export interface MdRunOptions {
  input?: string;
  checkpoint?: string;
  checkpointEvery: number;
  restart?: string;
  potential: string;
  ensemble: (typeof ENSEMBLES)[number];
  temperature?: number;
  dt: number;
  steps: number;
  out?: string;
  every: number;
  seed: number;
  friction?: number;
  tau?: number;
  barostat?: (typeof BAROSTATS)[number];
  pressure?: number;
  tauP?: number;
  bulkModulus?: number;
  coupling: 'iso' | 'aniso';
  backend: (typeof BACKENDS)[number];
  maxTemperature?: number;
  json?: boolean;
}

/** The typed options of `equitensor md bench-lj`. */
export interface MdBenchOptions {
  atoms: number;
  steps: number;
  seed: number;
  workers: number;
  json?: boolean;
}
