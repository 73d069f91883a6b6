/**
 * An error in what the user asked for (bad option, unreadable file): the CLI prints the message
 * and exits with code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--steps must be a non-negative integer, got "-3"');
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A run that stopped before its end and kept its data (the trajectory up to the last good frame, a
 * checkpoint of the last good state): the CLI prints the message and exits with `exitCode` — 3 for a
 * simulation that became unstable, 4 for one whose mlip model extrapolated (`md run --max-grade`), 130 for SIGINT,
 * 143 for SIGTERM.
 *
 * @example
 * ```ts
 * throw new RunStoppedError('interrupted by SIGINT at step 120', 130);
 * ```
 */
export class RunStoppedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'RunStoppedError';
  }
}

/**
 * Whether `error` is a Node.js system error (`ENOENT`, `EACCES`, `EISDIR`, …): a file that cannot be read or
 * written, which the CLI reports as bad input naming the file.
 *
 * @example
 * ```ts
 * try { readFileSync(path); } catch (error) { if (isSystemError(error)) throw new UsageError(`cannot read ${path}: ${error.message}`); }
 * ```
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('E');
}
