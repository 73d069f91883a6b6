import type { InfoValue } from '../../structure.ts';
import { formatReal, isNonFiniteReal, isReal, isSpaceCode, parseReal } from '../text.ts';

/** One `key=value` (or bare `key`) of an extxyz comment line. @internal */
export interface KeyValue {
  key: string;
  /** The value text with quotes/brackets removed and escapes resolved; `undefined` for a bare key. */
  text: string | undefined;
  /** How the value was delimited. */
  delimiter: 'bare' | 'quote' | 'brace' | 'bracket' | 'none';
  /** 1-based column of the key and of the value text. */
  keyColumn: number;
  valueColumn: number;
}

/** A problem at a 0-based position of the comment line. @internal */
export class KeyValueSyntaxError extends Error {
  readonly position: number;
  readonly expected: string;
  readonly found: string | undefined;
  constructor(position: number, expected: string, found: string | undefined) {
    super(`expected ${expected}`);
    this.position = position;
    this.expected = expected;
    this.found = found;
  }
}

const isSpace = (c: string | undefined): boolean => c !== undefined && isSpaceCode(c.charCodeAt(0));

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };

function readQuoted(line: string, start: number): { text: string; end: number } {
  const quote = line[start]!;
  let text = '';
  let i = start + 1;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      const next = line[i + 1]!;
      text += ESCAPES[next] ?? next;
      i += 2;
    } else if (c === quote) {
      return { text, end: i + 1 };
    } else {
      text += c;
      i++;
    }
  }
  throw new KeyValueSyntaxError(start, `a closing ${quote} for the string opened here`, line.slice(start));
}

function readBracketed(line: string, start: number): { text: string; end: number } {
  const open = line[start]!;
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"' || c === "'") {
      i = readQuoted(line, i).end;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return { text: line.slice(start + 1, i), end: i + 1 };
    }
    i++;
  }
  throw new KeyValueSyntaxError(start, `a closing ${close} for the array opened here`, line.slice(start));
}

/**
 * Split an extxyz comment line into key/value pairs following the libAtoms extxyz grammar:
 * `key=value`, `key="quoted \"value\""`, `key={1 2 3}`, `key=[1, 2, 3]`, bare `key` (= true),
 * optional spaces around `=`. Throws {@link KeyValueSyntaxError} with the position.
 * @internal
 */
export function tokenizeKeyValues(line: string): KeyValue[] {
  const out: KeyValue[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    let key: string;
    const c = line[i]!;
    if (c === '"' || c === "'") {
      const q = readQuoted(line, i);
      key = q.text;
      i = q.end;
    } else if (c === '=') {
      throw new KeyValueSyntaxError(i, 'a key before "="', line.slice(i));
    } else {
      while (i < n && !isSpace(line[i]) && line[i] !== '=') i++;
      key = line.slice(keyStart, i);
    }
    let j = i;
    while (j < n && isSpace(line[j])) j++;
    if (line[j] !== '=') {
      out.push({ key, text: undefined, delimiter: 'none', keyColumn: keyStart + 1, valueColumn: keyStart + 1 });
      i = j;
      continue;
    }
    j++;
    while (j < n && isSpace(line[j])) j++;
    if (j >= n) throw new KeyValueSyntaxError(j, `a value for key "${key}"`, 'end of line');
    const v = line[j]!;
    if (v === '"' || v === "'") {
      const q = readQuoted(line, j);
      out.push({ key, text: q.text, delimiter: 'quote', keyColumn: keyStart + 1, valueColumn: j + 2 });
      i = q.end;
    } else if (v === '{' || v === '[') {
      const b = readBracketed(line, j);
      out.push({ key, text: b.text, delimiter: v === '{' ? 'brace' : 'bracket', keyColumn: keyStart + 1, valueColumn: j + 2 });
      i = b.end;
    } else if (v === '=') {
      throw new KeyValueSyntaxError(j, `a value for key "${key}"`, line.slice(j));
    } else {
      let k = j;
      while (k < n && !isSpace(line[k])) k++;
      out.push({ key, text: line.slice(j, k), delimiter: 'bare', keyColumn: keyStart + 1, valueColumn: j + 1 });
      i = k;
    }
    if (i < n && !isSpace(line[i])) throw new KeyValueSyntaxError(i, 'whitespace after a value', line.slice(i));
  }
  return out;
}

const TRUE_WORDS = new Set(['T', 'True', 'true', 'TRUE']);
const FALSE_WORDS = new Set(['F', 'False', 'false', 'FALSE']);

/** A logical token (`T`, `F`, `True`, `false`, …) as a boolean, or undefined. @internal */
export function parseLogical(token: string): boolean | undefined {
  if (TRUE_WORDS.has(token)) return true;
  if (FALSE_WORDS.has(token)) return false;
  return undefined;
}

function splitArrayElements(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c) || c === ',' || c === '[' || c === ']' || c === '{' || c === '}') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const q = readQuoted(text, i);
      out.push(q.text);
      i = q.end;
      continue;
    }
    let k = i;
    while (k < text.length && !isSpace(text[k]) && text[k] !== ',' && text[k] !== ']' && text[k] !== '}') k++;
    out.push(text.slice(i, k));
    i = k;
  }
  return out;
}

function scalarOf(token: string): number | boolean | undefined {
  if (isReal(token)) return parseReal(token);
  return parseLogical(token);
}

/**
 * The typed value of a key: numbers (integer or real), logicals and arrays of them as ASE reads them;
 * anything else a string (or, for `{…}`/`[…]`, an array of strings).
 * @internal
 */
export function interpretValue(kv: KeyValue): InfoValue {
  if (kv.text === undefined) return true;
  const text = kv.text;
  const nonFinite = (token: string): void => {
    if (isNonFiniteReal(token))
      throw new KeyValueSyntaxError(kv.valueColumn - 1, `a finite number for "${kv.key}" (NaN and infinity are not read)`, token);
  };
  if (kv.delimiter === 'bare') {
    nonFinite(text);
    const scalar = scalarOf(text);
    return scalar === undefined ? text : scalar;
  }
  const parts = kv.delimiter === 'quote' ? text.split(/[\s,]+/).filter((p) => p.length > 0) : splitArrayElements(text);
  if (parts.length === 0) return kv.delimiter === 'quote' ? text : [];
  // a value whose words are numbers, some of them nan/inf/1e400, is refused (a string with one such word among others is a string)
  if (parts.every((p) => isReal(p) || isNonFiniteReal(p))) parts.forEach(nonFinite);
  if (parts.every(isReal)) {
    const numbers = parts.map(parseReal);
    return parts.length === 1 && kv.delimiter === 'quote' ? numbers[0]! : numbers;
  }
  const logicals = parts.map(parseLogical);
  if (logicals.every((b) => b !== undefined)) {
    return parts.length === 1 && kv.delimiter === 'quote' ? logicals[0]! : (logicals as boolean[]);
  }
  return kv.delimiter === 'quote' ? text : parts;
}

const BARE_SAFE = /^[^\s"'=\\{}[\],]+$/;

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** A key written so that it reads back as itself. @internal */
export function formatKey(key: string): string {
  return BARE_SAFE.test(key) ? key : quote(key);
}

/**
 * A value written so that our reader and ASE's read it back as the same value and type
 * (numbers shortest round-trip, booleans T/F, number and boolean arrays quoted and space-separated,
 * string arrays as `["a", "b"]`, strings bare when safe and quoted otherwise).
 * @internal
 */
export function formatValue(value: InfoValue, what?: string): string {
  if (typeof value === 'number') return formatReal(value, what);
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string') {
    if (isNonFiniteReal(value))
      throw new RangeError(
        `cannot write the string "${value}"${what === undefined ? '' : ` (${what})`}: it reads as a non-finite number, which readers refuse`,
      );
    const readsAsOther = scalarOf(value) !== undefined;
    return BARE_SAFE.test(value) && !readsAsOther ? value : quote(value);
  }
  if (value.length === 0) return '[]';
  const first = value[0];
  if (value.length === 1) return `[${typeof first === 'string' ? quote(first) : formatValue(first as number | boolean, what)}]`;
  if (typeof first === 'number') return `"${(value as number[]).map((v) => formatReal(v, what)).join(' ')}"`;
  if (typeof first === 'boolean') return `"${(value as boolean[]).map((b) => (b ? 'T' : 'F')).join(' ')}"`;
  return `[${(value as string[]).map(quote).join(', ')}]`;
}
