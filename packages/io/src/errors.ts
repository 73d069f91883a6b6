/**
 * A file could not be read: the typed error every parser throws for bad input.
 *
 * It names the file, the 1-based line and column where reading stopped, what was expected there
 * and what was found, so a user can open the file at that place and fix it. The CLI exits with
 * code 2 on any error whose name ends in `ParseError`.
 *
 * @example
 * ```ts
 * import { ParseError, parseExtxyz } from '@equitensor/io';
 * try {
 *   parseExtxyz('2\n\nH 0 0 0\n', { fileName: 'h2.xyz' });
 * } catch (error) {
 *   if (error instanceof ParseError) console.log(error.line, error.expected); // 4 'an atom line …'
 * }
 * ```
 */
export class ParseError extends Error {
  /** The file name given to the parser (or `<input>`). */
  readonly fileName: string;
  /** 1-based line number where reading stopped (for binary formats: 1). */
  readonly line: number;
  /** 1-based column (for binary formats: the 1-based byte offset). */
  readonly column: number;
  /** What the parser expected at that place. */
  readonly expected: string;
  /** What it found instead (shortened), or `end of file`. */
  readonly found: string;

  constructor(fields: { fileName?: string | undefined; line: number; column: number; expected: string; found: string }) {
    const fileName = fields.fileName ?? '<input>';
    super(`${fileName}:${fields.line}:${fields.column}: expected ${fields.expected}, found ${fields.found}`);
    this.name = 'ParseError';
    this.fileName = fileName;
    this.line = fields.line;
    this.column = fields.column;
    this.expected = fields.expected;
    this.found = fields.found;
  }
}

/**
 * Options every text parser accepts.
 *
 * @example
 * ```ts
 * // frame 2 of a trajectory, cut out of the file: errors name the whole file's lines
 * parseExtxyz(frameText, { fileName: 'md.xyz', lineOffset: 1002 });
 * // labels that are not elements (Type1, Type2) read as X instead of a ParseError
 * parseExtxyz(coarseGrained, { unknownElements: 'X' });
 * ```
 */
export interface ParseOptions {
  /** Name used in error messages (a path or a label); defaults to `<input>`. */
  fileName?: string;
  /**
   * How many lines of the file come before this text (default 0): a piece of a file parsed on its own
   * (one frame of a stream) then reports `ParseError.line`, and every line number in the message, as the
   * whole file's. A non-negative integer. Binary formats (`.npy`) take no offset.
   */
  lineOffset?: number;
  /**
   * What a structure reader does with an element symbol it does not know (an extxyz species such as `Type2`,
   * a PDB/PQR atom name or element column, a CIF type symbol, a LAMMPS dump `element`): `'error'` (the
   * default) throws a {@link ParseError} at that symbol; `'X'` reads the atom as the dummy element X (atomic
   * number 0) and keeps the label (extxyz `arrays.species`, PDB/PQR `atomNames`, CIF `labels`).
   */
  unknownElements?: 'error' | 'X';
}

/** The unknownElements option, checked. @internal */
export function unknownElementsOption(options: ParseOptions): 'error' | 'X' {
  const value = options.unknownElements ?? 'error';
  if (value !== 'error' && value !== 'X') throw new RangeError(`unknownElements must be 'error' or 'X', got ${String(value)}`);
  return value;
}

/** Quote a found token for an error message, shortened to 40 characters. @internal */
export function describeFound(text: string | undefined): string {
  if (text === undefined) return 'end of file';
  if (text.length === 0) return 'an empty line';
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(short);
}
