import { expect } from 'vitest';
import { ParseError } from '../../src/index.ts';

/**
 * The `ParseError` that `parse` throws; the test fails when it throws anything else, or nothing (with `accepted`
 * as the message).
 *
 * @example
 * ```ts
 * expect(parseErrorOf(() => parseCif(text, { fileName: 'bad.cif' })).line).toBe(3);
 * ```
 */
export function parseErrorOf(parse: () => unknown, accepted = 'expected a ParseError'): ParseError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
  throw new Error(accepted);
}
