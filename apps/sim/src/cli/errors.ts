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
