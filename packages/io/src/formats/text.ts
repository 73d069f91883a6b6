import { describeFound, ParseError, type ParseOptions } from '../errors.ts';

/**
 * Whether a UTF-16 code unit is whitespace between fields: space, tab, CR, VT, FF, and the Unicode spaces
 * that JavaScript's `trim()` and `Number()` skip too (no-break space U+00A0, U+1680, U+2000–U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000, and U+FEFF inside a line). One rule for every reader: a no-break space
 * pasted from a web page separates fields like a space.
 * @internal
 */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The text without a leading byte-order mark (U+FEFF), which every reader skips: a file saved "with BOM"
 * reads exactly as the same file without it (and column numbers on line 1 are those an editor shows).
 * @internal
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Split a line on runs of whitespace ({@link isSpaceCode}), without a regular expression.
 * @internal
 */
export function splitFields(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpaceCode(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
  return out;
}

/** How many whitespace-separated fields a line has ({@link splitFields}' length, without making them). @internal */
export function countFields(line: string): number {
  const n = line.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(line.charCodeAt(i))) i++;
    if (i >= n) break;
    count++;
    while (i < n && !isSpaceCode(line.charCodeAt(i))) i++;
  }
  return count;
}

/** The 1-based column where whitespace-separated field `index` starts (or just past the line end). @internal */
export function fieldColumn(line: string, index: number): number {
  const n = line.length;
  let i = 0;
  for (let k = 0; ; k++) {
    while (i < n && isSpaceCode(line.charCodeAt(i))) i++;
    if (i >= n) break;
    if (k === index) return i + 1;
    while (i < n && !isSpaceCode(line.charCodeAt(i))) i++;
  }
  let end = n;
  while (end > 0 && isSpaceCode(line.charCodeAt(end - 1))) end--;
  return end + 1;
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
    if (!isSpaceCode(line.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * A finite real number as Python's `float()` reads it (decimal with optional exponent), or NaN for anything
 * else: blank, hexadecimal, words, Fortran's `1.0D-3` (which Python refuses too), and — one rule for every
 * reader — the non-finite values `nan`, `inf`, `infinity` and decimals that overflow a double (`1e400`).
 * Use {@link isNonFiniteReal} to tell those apart in an error message.
 * @internal
 */
export function parseReal(token: string): number {
  if (token.length === 0) return Number.NaN;
  const value = Number(token);
  if (!Number.isFinite(value)) return Number.NaN;
  if (value === 0 && isBlank(token)) return Number.NaN; // Number('  ') is 0
  const c1 = token.charCodeAt(1) | 32;
  if (token.length > 1 && token.charCodeAt(0) === 48 && (c1 === 120 || c1 === 98 || c1 === 111)) return Number.NaN; // 0x 0b 0o
  return value;
}

const NON_FINITE_WORD = /^[+-]?(nan|inf|infinity)$/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a token is a number Python's `float()` reads as non-finite (`nan`, `-inf`, `1e400`). @internal */
export function isNonFiniteReal(token: string): boolean {
  const t = token.trim();
  return NON_FINITE_WORD.test(t) || (DECIMAL.test(t) && !Number.isFinite(Number(t)));
}

/** What to say was expected for a real that is not one: names the finiteness rule when the token is `nan`/`inf`/`1e400`. @internal */
export function expectedReal(what: string, token: string | undefined): string {
  if (token === undefined || !isNonFiniteReal(token)) return what;
  const finite = what.includes('a number') ? what.replace('a number', 'a finite number') : `${what} (a finite number)`;
  return `${finite}; NaN and infinity are not read`;
}

/** Whether a token is a finite real number Python's `float()` would accept. @internal */
export function isReal(token: string): boolean {
  return !Number.isNaN(parseReal(token));
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

/**
 * Format a finite float so it reads back to exactly the same number (shortest round-trip repr). Throws a
 * RangeError for NaN and ±infinity, which no reader accepts: a writer never writes a file its reader refuses.
 * `what` names the value in the message (`"atom 3: x"`), or makes that name only when needed (a function).
 * @internal
 */
export function formatReal(value: number, what?: string | (() => string)): string {
  if (Number.isFinite(value)) return value === 0 && 1 / value < 0 ? '-0' : String(value);
  if (typeof what === 'function') what = what();
  throw new RangeError(
    `cannot write ${value}${what === undefined ? '' : ` (${what})`}: files hold finite numbers only, readers refuse NaN and infinity`,
  );
}

/**
 * Why a cell cannot be one, or undefined when it is fine: the lattice vectors of the periodic directions must be
 * non-zero and linearly independent (a zero vector is allowed along a non-periodic direction, as ASE writes
 * slabs and wires), and an all-zero lattice is never a cell.
 * @internal
 */
export function degenerateCell(cell: Float64Array, pbc: readonly boolean[]): string | undefined {
  const rows: number[][] = [];
  let any = false;
  for (let r = 0; r < 3; r++) {
    const v = [cell[3 * r]!, cell[3 * r + 1]!, cell[3 * r + 2]!];
    const length = Math.hypot(v[0]!, v[1]!, v[2]!);
    if (length > 0) any = true;
    if (pbc[r] === true) {
      if (!(length > 0)) return `lattice vector ${'abc'[r]} of a periodic direction is zero`;
      rows.push(v.map((x) => x / length));
    }
  }
  if (!any) return 'every lattice vector is zero';
  // unit vectors: |a×b| (two) or |det| (three) is the sine / volume fraction; 1e-10 is far below any real cell
  let measure = 1;
  if (rows.length === 2) {
    const [a, b] = rows as [number[], number[]];
    measure = Math.hypot(a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!);
  } else if (rows.length === 3) {
    measure = Math.abs(determinant(rows.flat()));
  }
  return measure > 1e-10 ? undefined : 'the lattice vectors of the periodic directions are linearly dependent (zero volume)';
}

function determinant(m: number[]): number {
  return m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
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

  /** What `read` returns, called again and again to the end of the text, blank lines between the calls skipped (frames). */
  readAll<T>(read: (cursor: LineCursor) => T): T[] {
    const out: T[] = [];
    for (;;) {
      while (!this.done && isBlank(this.lines[this.index]!)) this.index++;
      if (this.done) return out;
      out.push(read(this));
    }
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
