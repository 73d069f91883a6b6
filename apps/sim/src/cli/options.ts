/**
 * Typed option parsers for the commands (commander's `argParser`): each turns the string a user typed into
 * the value the command needs, or throws commander's `InvalidArgumentError` naming the option, so that a
 * command's action receives typed options and never re-parses them. One error rule for the whole CLI (see the
 * README): a bad argument throws commander's error, a `UsageError` or a package's `RangeError`, a malformed file
 * io's `ParseError`, and `runCli` (program.ts), the one place that maps errors to exit codes, exits with code 2.
 *
 * This module imports only commander (registration files stay light, see commands.ts). Each command declares its
 * typed options beside its registration (`commands/<command>.ts`).
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
 * An integer in `min…max` (`max` optional), e.g. a port or a mesh size.
 *
 * @example
 * ```ts
 * command.option('--port <n>', 'port', integerOption('--port', 0, 65535)); // "--port must be an integer in 0…65535"
 * ```
 */
export function integerOption(name: string, min: number, max?: number): ArgParser<number> {
  const what = max === undefined ? `an integer ≥ ${min}` : `an integer in ${min}…${max}`;
  return numberOption(name, (v) => Number.isInteger(v) && v >= min && (max === undefined || v <= max), what);
}

/**
 * A comma-separated list of numbers, each passing `check` (described by `what`), with `counts` the allowed lengths
 * (any length when omitted).
 *
 * @example
 * ```ts
 * command.option('--rank <r>', 'one or per mode', numberListOption('--rank', (v) => Number.isInteger(v) && v >= 1, 'positive integers'));
 * ```
 */
export function numberListOption(
  name: string,
  check: (value: number) => boolean,
  what: string,
  counts?: readonly number[],
): ArgParser<number[]> {
  return (value: string) => {
    const parts = value.split(',').map((s) => s.trim());
    const vs = parts.map(Number);
    if (
      parts.some((s) => s === '') ||
      vs.some((v) => !Number.isFinite(v) || !check(v)) ||
      (counts !== undefined && !counts.includes(vs.length))
    )
      throw new InvalidArgumentError(`${name} must be ${what}, got "${value}"`);
    return vs;
  };
}

/**
 * A number given as one of several words of a variadic option (`--domain -1 1`): each word is parsed and
 * appended to the list commander hands back.
 *
 * @example
 * ```ts
 * command.option('--domain <ab...>', 'interval a b', numberArgsOption('--domain'));
 * ```
 */
export function numberArgsOption(name: string): (value: string, previous: number[] | undefined) => number[] {
  return (value, previous) => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v)) throw new InvalidArgumentError(`${name} takes numbers, got "${value}"`);
    return [...(previous ?? []), v];
  };
}

/**
 * A comma-separated list of words (element symbols, keys), none empty.
 *
 * @example
 * ```ts
 * command.option('--type-symbols <list>', 'element of each type', symbolListOption('--type-symbols')); // "Na, Cl" → ['Na', 'Cl']
 * ```
 */
export function symbolListOption(name: string): ArgParser<string[]> {
  return (value: string) => {
    const words = value.split(',').map((s) => s.trim());
    if (words.some((w) => w === '')) throw new InvalidArgumentError(`${name} must be a comma-separated list such as Na,Cl, got "${value}"`);
    return words;
  };
}

/**
 * A file name with a given extension (`--potential-out field.npy`); whether its folder is writable is checked by
 * the action (`checkOutputPath`), before any computation.
 *
 * @example
 * ```ts
 * command.option('--potential-out <file.npy>', 'potential on a grid', fileNameOption('--potential-out', '.npy'));
 * ```
 */
export function fileNameOption(name: string, extension: string): ArgParser<string> {
  return (value: string) => {
    if (!value.endsWith(extension)) throw new InvalidArgumentError(`${name} must name a ${extension} file, got "${value}"`);
    return value;
  };
}

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
 * Run `body`, prefixing the message of a `RangeError` it throws (a package refusing an impossible argument or
 * input) with `context` (the file or option it came from), as a `UsageError`. Without a context there is nothing to
 * add: {@link runCli} maps a bare `RangeError` to exit code 2 itself (the one place that maps errors to exit codes).
 *
 * @example
 * ```ts
 * const system = asUsageError(() => systemFromStructure(structure), path); // "path: atoms 0 and 2 coincide"
 * ```
 */
export function asUsageError<T>(body: () => T, context?: string): T {
  try {
    return body();
  } catch (error) {
    throw inContext(error, context);
  }
}

/** The same for asynchronous work. */
export async function asUsageErrorAsync<T>(body: () => Promise<T>, context?: string): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw inContext(error, context);
  }
}

function inContext(error: unknown, context: string | undefined): unknown {
  if (error instanceof RangeError && !isEngineRangeError(error))
    return new UsageError(context === undefined ? error.message : `${context}: ${error.message}`);
  return error;
}

/**
 * Whether a `RangeError` comes from the JavaScript engine itself (a stack overflow, an allocation too large)
 * rather than from a package checking an argument: the former is an internal failure (exit 1), not bad input.
 *
 * @example
 * ```ts
 * isEngineRangeError(new RangeError('Maximum call stack size exceeded')); // true
 * ```
 */
export function isEngineRangeError(error: RangeError): boolean {
  return /^(Maximum call stack size exceeded|Invalid (typed )?array length|Invalid string length|Array buffer allocation failed)/.test(
    error.message,
  );
}
