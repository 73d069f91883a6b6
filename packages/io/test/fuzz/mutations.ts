import fc from 'fast-check';
import { expect } from 'vitest';
import { type AtomArray, ParseError, type Structure } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';

/**
 * Shared pieces of the reader fuzz tests: mutations of real files, and the two properties every reader must have
 * (a benign change reads as the clean file; any change reads as valid structures or a located ParseError, in time).
 *
 * Budget: `FUZZ_RUNS` (runs per property, default {@link DEFAULT_RUNS}, small enough that `pnpm test` stays fast)
 * and `FUZZ_SEED` (default a fixed seed, so a failure reproduces); `pnpm fuzz` raises the runs.
 */
export const DEFAULT_RUNS = 200;

/** fast-check parameters from the environment: fixed seed, a few runs in `pnpm test`, many in `pnpm fuzz`. */
export function fuzzParameters(scale = 1): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS);
  const seed = Number(process.env.FUZZ_SEED ?? 20261206);
  return { seed, numRuns: Math.max(1, Math.round(runs * scale)), endOnFailure: true };
}

/**
 * The most one parse of a small mutated file may take (ms). The clean seeds parse in well under 10 ms; this leaves
 * room for a loaded 2-core machine and garbage collection, and is far below what a loop or a blow-up takes.
 */
export const TIME_BOUND_MS = 2000;

const BOM = '\ufeff';
const NBSP = '\u00a0';

/** Number and key-value syntax characters (also in `properties.test.ts`' dangerous tokens). */
export const SYNTAX_TOKENS = ['-', '+', '.', 'e', 'E', '0', '9', '"', "'", '=', '{', '}', '[', ']', ':'] as const;

/** Infinite, overflowing and underflowing spellings of a number. */
const HUGE_NUMBERS = ['inf', '-inf', 'Infinity', '1e400', '-1e999', '1e-400', '1e308'] as const;

/** Tokens a mutation inserts or substitutes: syntax characters, non-finite and huge numbers, odd whitespace. */
const HOSTILE = [
  ' ',
  '\n',
  '\t',
  '\r',
  '\r\n',
  NBSP,
  BOM,
  '\u2028',
  '\u3000',
  ...SYNTAX_TOKENS,
  ';',
  '#',
  '_',
  ',',
  '*',
  '\\',
  'T',
  'F',
  'X',
  'Qq',
  'nan',
  'NaN',
  ...HUGE_NUMBERS,
  '9'.repeat(400),
  '0x1F',
  'ATOM  ',
  'HETATM',
  'CRYST1',
  'MODEL        2',
  'ENDMDL',
  'END',
  'ITEM: ',
  'ITEM: TIMESTEP',
  'loop_\n',
  'data_',
  '\n;',
  'Atoms',
  'Masses',
];

/** Replacements for a number of the file: every kind of number the readers must refuse or read. */
const NUMBERS = ['nan', 'NaN', '-nan', ...HUGE_NUMBERS, '0x10', '1.0D-3', '', '1_0', '.', '-'];

/** One edit of a text. `at`, `line` and `index` are reduced modulo the text's size when applied. */
export type Mutation =
  | { kind: 'bom' }
  | { kind: 'crlf' }
  | { kind: 'tabs' }
  | { kind: 'nbsp' }
  | { kind: 'flip'; at: number; text: string }
  | { kind: 'flip-bit'; at: number; bit: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; size: number }
  | { kind: 'cut-line'; line: number; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'drop-line'; line: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; line: number; other: number }
  | { kind: 'number'; index: number; text: string };

const hostileText = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 2 }));

/** Mutations that keep the meaning of a file: a BOM, CRLF line ends, tabs or no-break spaces for spaces. */
export const benignMutation: fc.Arbitrary<Mutation> = fc.constantFrom<Mutation>(
  { kind: 'bom' },
  { kind: 'crlf' },
  { kind: 'tabs' },
  { kind: 'nbsp' },
);

/** Any mutation, benign or not. */
export const anyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  benignMutation,
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), text: hostileText }),
  fc.record({ kind: fc.constant('flip-bit' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: hostileText }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), size: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('cut-line' as const), line: fc.nat(), at: fc.nat(90) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('number' as const), index: fc.nat(), text: fc.constantFrom(...NUMBERS) }),
);

/**
 * How a format allows whitespace to change: `spaces(line, index)` says whether runs of spaces in that line may
 * become tabs or no-break spaces without changing the structure (false for fixed-column formats, quoted strings,
 * free-text titles); `undefined` for formats where no line may change (PDB).
 */
export interface WhitespaceRule {
  spaces?: (line: string, index: number) => boolean;
}

const NUMBER_TOKEN = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** Apply mutations in order. */
export function mutate(text: string, mutations: readonly Mutation[], rule: WhitespaceRule): string {
  let t = text;
  for (const m of mutations) t = apply(t, m, rule);
  return t;
}

function apply(t: string, m: Mutation, rule: WhitespaceRule): string {
  const at = (n: number) => (t.length === 0 ? 0 : n % (t.length + 1));
  switch (m.kind) {
    case 'bom':
      return t.startsWith(BOM) ? t : BOM + t;
    case 'crlf':
      return t.replace(/\r?\n/g, '\r\n');
    case 'tabs':
    case 'nbsp': {
      const spaces = rule.spaces;
      if (spaces === undefined) return t;
      const by = m.kind === 'tabs' ? '\t' : NBSP;
      return t
        .split('\n')
        .map((line, i) => (spaces(line, i) ? line.replace(/ +/g, by) : line))
        .join('\n');
    }
    case 'flip': {
      const k = at(m.at);
      return t.slice(0, k) + m.text + t.slice(k + 1);
    }
    case 'flip-bit': {
      // one bit of the UTF-8 bytes, decoded again as a file reader would (invalid sequences become U+FFFD)
      const bytes = new TextEncoder().encode(t);
      if (bytes.length === 0) return t;
      bytes[m.at % bytes.length]! ^= 1 << m.bit;
      return new TextDecoder().decode(bytes);
    }
    case 'insert': {
      const k = at(m.at);
      return t.slice(0, k) + m.text + t.slice(k);
    }
    case 'delete': {
      const k = at(m.at);
      return t.slice(0, k) + t.slice(k + m.size);
    }
    case 'truncate':
      return t.slice(0, at(m.at));
    case 'number': {
      const matches = [...t.matchAll(NUMBER_TOKEN)];
      if (matches.length === 0) return t;
      const hit = matches[m.index % matches.length]!;
      return t.slice(0, hit.index) + m.text + t.slice(hit.index + hit[0].length);
    }
    default: {
      const lines = t.split('\n');
      const k = m.line % lines.length;
      if (m.kind === 'cut-line') lines[k] = lines[k]!.slice(0, m.at);
      else if (m.kind === 'drop-line') lines.splice(k, 1);
      else if (m.kind === 'duplicate-line') lines.splice(k, 0, lines[k]!);
      else {
        const j = m.other % lines.length;
        [lines[k], lines[j]] = [lines[j]!, lines[k]!];
      }
      return lines.join('\n');
    }
  }
}

/** Throw unless `s` is a consistent Structure (lengths, types, finite cell). */
export function checkStructureLayout(s: Structure): void {
  const n = s.numbers.length;
  if (!(s.numbers instanceof Int32Array) || !(s.positions instanceof Float64Array))
    throw new Error('numbers/positions have the wrong type');
  if (s.positions.length !== 3 * n) throw new Error('positions length');
  if (s.cell !== null && (!(s.cell instanceof Float64Array) || s.cell.length !== 9 || !s.cell.every(Number.isFinite)))
    throw new Error('cell');
  if (s.pbc.length !== 3 || !s.pbc.every((b) => typeof b === 'boolean')) throw new Error('pbc');
  for (const [name, a] of Object.entries(s.arrays) as [string, AtomArray][]) {
    if (!Number.isInteger(a.width) || a.width < 1 || a.data.length !== a.width * n) throw new Error(`array ${name} length`);
    const ok = {
      R: a.data instanceof Float64Array,
      I: a.data instanceof Int32Array,
      L: a.data instanceof Uint8Array,
      S: Array.isArray(a.data),
    }[a.type];
    if (!ok) throw new Error(`array ${name} type`);
  }
  for (const [key, v] of Object.entries(s.info)) {
    const scalar = (x: unknown) => typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean';
    if (!(scalar(v) || (Array.isArray(v) && v.every(scalar)))) throw new Error(`info ${key}`);
  }
}

/** Throw unless `s` is a consistent Structure ({@link checkStructureLayout}) whose every number is finite (the readers' contract). */
export function checkStructure(s: Structure): void {
  checkStructureLayout(s);
  if (!s.positions.every(Number.isFinite)) throw new Error('a non-finite position was read');
  if (!s.numbers.every((z) => z >= 0 && z <= 118)) throw new Error('an atomic number outside 0…118');
  for (const [name, a] of Object.entries(s.arrays) as [string, AtomArray][]) {
    if (a.type === 'R' && !(a.data as Float64Array).every(Number.isFinite)) throw new Error(`array ${name}: a non-finite number was read`);
  }
  for (const [key, v] of Object.entries(s.info)) {
    const scalar = (x: unknown) => (typeof x === 'number' ? Number.isFinite(x) : typeof x === 'string' || typeof x === 'boolean');
    if (!(scalar(v) || (Array.isArray(v) && v.every(scalar)))) throw new Error(`info ${key} is not a finite scalar or array of them`);
  }
}

/** The outcome of one parse: frames, or the ParseError (anything else is rethrown: a failed property). */
export type Outcome = { frames: Structure[] } | { error: ParseError };

/**
 * Parse and check the contract: valid structures (finite numbers) or io's ParseError with a line (1…lines + 1) and
 * column ≥ 1, within {@link TIME_BOUND_MS}. Any other exception propagates and fails the property.
 */
export function parseChecked(text: string, parse: (text: string) => Structure[]): Outcome {
  const start = performance.now();
  let outcome: Outcome;
  try {
    outcome = { frames: parse(text) };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    outcome = { error };
  }
  const ms = performance.now() - start;
  if (ms > TIME_BOUND_MS) throw new Error(`a parse took ${ms.toFixed(0)} ms (bound ${TIME_BOUND_MS} ms)`);
  if ('error' in outcome) {
    const e = outcome.error;
    const lines = text.split('\n').length;
    if (!(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines + 1))
      throw new Error(`ParseError line ${e.line} outside 1…${lines + 1}: ${e.message}`);
    if (!(Number.isInteger(e.column) && e.column >= 1)) throw new Error(`ParseError column ${e.column}: ${e.message}`);
    if (e.expected.length === 0) throw new Error(`ParseError without what was expected: ${e.message}`);
  } else {
    for (const s of outcome.frames) checkStructure(s);
  }
  return outcome;
}

/** Assert that a benign mutation reads as exactly the clean frames. */
export function expectSameOutcome(actual: Outcome, expected: Structure[]): void {
  if ('error' in actual) throw new Error(`a benign mutation was refused: ${actual.error.message}`);
  expectSameFrames(actual.frames, expected);
}

/** Assert two outcomes are the same frames or the same error (line, column, message). */
export function expectEqualOutcomes(actual: Outcome, expected: Outcome): void {
  if ('error' in expected) {
    expect('error' in actual ? actual.error.message : 'frames').toBe(expected.error.message);
  } else {
    if ('error' in actual) throw new Error(`chunked reading refused what the whole-text parse read: ${actual.error.message}`);
    expectSameFrames(actual.frames, expected.frames);
  }
}
