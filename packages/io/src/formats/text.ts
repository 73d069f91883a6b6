import { describeFound, ParseError, type ParseOptions } from '../errors.ts';

/**
 * Split a line on runs of spaces and tabs (and a trailing `\r`), without a regular expression.
 * @internal
 */
export function splitFields(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    while (i < n && (c === 32 || c === 9 || c === 13 || c === 11 || c === 12)) c = line.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    while (i < n && c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) c = line.charCodeAt(++i);
    out.push(line.slice(start, i));
  }
  return out;
}

/** The 1-based column where whitespace-separated field `index` starts (or just past the line end). @internal */
export function fieldColumn(line: string, index: number): number {
  const re = /[^ \t\r\v\f]+/g;
  let k = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line), k++) if (k === index) return m.index + 1;
  return line.replace(/[ \t\r\v\f]+$/, '').length + 1;
}

/** Lines of a text, without line terminators (`\n`, `\r\n`). @internal */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Whether a line holds only whitespace. @internal */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) return false;
  }
  return true;
}

/**
 * A real number as Python's `float()` reads it (decimal, exponent, nan, inf), or NaN for anything
 * else (hexadecimal, empty, words, Fortran's `1.0D-3`, which Python refuses too).
 * @internal
 */
export function parseReal(token: string): number {
  const value = Number(token);
  if (!Number.isNaN(value)) {
    const c1 = token.charCodeAt(1) | 32;
    if (token.length > 1 && token.charCodeAt(0) === 48 && (c1 === 120 || c1 === 98 || c1 === 111)) return Number.NaN; // 0x 0b 0o
    return value;
  }
  const lower = token.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** Whether a token is a real number Python's `float()` would accept. @internal */
export function isReal(token: string): boolean {
  if (!Number.isNaN(parseReal(token))) return true;
  const lower = token.toLowerCase();
  return lower === 'nan' || lower === '+nan' || lower === '-nan';
}

const INTEGER = /^[+-]?\d+$/;

/** An integer token in the int32 range, or undefined. @internal */
export function parseInteger(token: string): number | undefined {
  if (!INTEGER.test(token)) return undefined;
  const value = Number(token);
  return value >= -2147483648 && value <= 2147483647 ? value : undefined;
}

/** Whether a token is a (possibly huge) integer. @internal */
export function isIntegerToken(token: string): boolean {
  return INTEGER.test(token);
}

/** Format a float so it reads back to exactly the same number (shortest round-trip repr). @internal */
export function formatReal(value: number): string {
  if (Number.isFinite(value)) return value === 0 && 1 / value < 0 ? '-0' : String(value);
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}

/** A reader over lines that throws ParseErrors naming this file. @internal */
export class LineCursor {
  readonly lines: readonly string[];
  readonly fileName: string | undefined;
  /** Index of the next line to read. */
  index: number;
  /** Added to a line index to get its 1-based line number minus one (for streams). */
  readonly lineOffset: number;
  /** Set when an error was made for want of lines (past the last one): a stream may wait for more. */
  ranOut = false;

  constructor(lines: readonly string[], fileName: string | undefined, start = 0, lineOffset = 0) {
    this.lines = lines;
    this.fileName = fileName;
    this.index = start;
    this.lineOffset = lineOffset;
  }

  /**
   * The cursor a text parser reads with: its errors name `options.fileName` and count lines from
   * `options.lineOffset` (the one place the offset enters).
   */
  static over(lines: readonly string[], options: ParseOptions): LineCursor {
    const offset = options.lineOffset ?? 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`lineOffset must be a non-negative integer, got ${offset}`);
    return new LineCursor(lines, options.fileName, 0, offset);
  }

  /** 1-based line number of line index i. */
  lineNumber(i: number): number {
    return this.lineOffset + i + 1;
  }

  get done(): boolean {
    return this.index >= this.lines.length;
  }

  /** The error for line index `i`, column `column`. */
  error(i: number, column: number, expected: string, found: string | undefined): ParseError {
    if (i >= this.lines.length) this.ranOut = true;
    return new ParseError({ fileName: this.fileName, line: this.lineNumber(i), column, expected, found: describeFound(found) });
  }

  /** The error for field `field` of line index `i`. */
  fieldError(i: number, field: number, expected: string, found: string | undefined): ParseError {
    const line = this.lines[i] ?? '';
    return this.error(i, fieldColumn(line, field), expected, found);
  }

  /** Error at end of file. */
  eofError(expected: string): ParseError {
    this.ranOut = true;
    return new ParseError({ fileName: this.fileName, line: this.lineNumber(this.lines.length), column: 1, expected, found: 'end of file' });
  }
}
