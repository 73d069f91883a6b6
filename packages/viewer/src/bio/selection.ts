/**
 * Atom selection by a small query language, as in PyMOL and VMD: `chain A and resn ALA GLY and resi 10-20`,
 * `element C N`, `name CA`, `not chain B`, `(chain A or chain B) and not element H`, `all`, `none`.
 * Keywords: `chain`, `resn`/`resname`, `resi`/`resid` (numbers and ranges `10-20`; a list with spaces or commas),
 * `name` (atom name), `element`/`elem`, `index` (0-based atom indices and ranges). Names, chains and elements
 * match case-insensitively. `and` binds tighter than `or`; `not` tighter than both.
 */
import type { Structure } from '@equitensor/io';
import { symbolOf } from '../atoms/element-style.ts';
import { bioColumns } from './bio-columns.ts';

/** A selection that cannot be parsed or evaluated: `column` is 1-based in the query text. */
export class SelectionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SelectionError';
  }
}

type Node =
  | { op: 'and' | 'or'; left: Node; right: Node }
  | { op: 'not'; operand: Node }
  | { op: 'all' | 'none' }
  | { op: 'match'; key: Key; values: string[]; column: number };

type Key = 'chain' | 'resn' | 'resi' | 'name' | 'element' | 'index';

const KEYS: Record<string, Key> = {
  chain: 'chain',
  resn: 'resn',
  resname: 'resn',
  resi: 'resi',
  resid: 'resi',
  name: 'name',
  element: 'element',
  elem: 'element',
  index: 'index',
};

interface Token {
  readonly text: string;
  readonly column: number;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const re = /\(|\)|[^\s,()]+/g;
  for (let m = re.exec(query); m !== null; m = re.exec(query)) tokens.push({ text: m[0], column: m.index + 1 });
  return tokens;
}

const isWord = (t: Token | undefined, word: string): boolean => t !== undefined && t.text.toLowerCase() === word;
const ends = (t: Token | undefined): boolean =>
  t === undefined ||
  t.text === '(' ||
  t.text === ')' ||
  ['and', 'or', 'not'].includes(t.text.toLowerCase()) ||
  t.text.toLowerCase() in KEYS;

/**
 * Parse a selection query; throws a {@link SelectionError} naming the column and what was expected.
 *
 * @example
 * ```ts
 * parseSelection('chain A and resi 10-20'); // a tree that selectAtoms evaluates
 * ```
 */
export function parseSelection(query: string): Node {
  const tokens = tokenize(query);
  let at = 0;
  const fail = (expected: string): never => {
    const t = tokens[at];
    throw new SelectionError(
      `selection "${query}": expected ${expected} at column ${t ? t.column : query.length + 1}, found ${t ? `"${t.text}"` : 'the end'}`,
      t ? t.column : query.length + 1,
    );
  };
  const primary = (): Node => {
    const t = tokens[at];
    if (t === undefined) return fail('a keyword (chain, resn, resi, name, element, index, all, none), not or (');
    const word = t.text.toLowerCase();
    if (word === 'not') {
      at++;
      return { op: 'not', operand: primary() };
    }
    if (t.text === '(') {
      at++;
      const inner = or();
      if (tokens[at]?.text !== ')') fail(')');
      at++;
      return inner;
    }
    if (word === 'all' || word === 'none') {
      at++;
      return { op: word };
    }
    const key = KEYS[word];
    if (key === undefined) return fail('a keyword (chain, resn, resi, name, element, index, all, none), not or (');
    at++;
    const values: string[] = [];
    while (!ends(tokens[at])) values.push(tokens[at++]!.text);
    if (values.length === 0) fail(`one or more values after "${t.text}"`);
    if (key === 'resi' || key === 'index')
      for (const v of values)
        if (!/^-?\d+([-:]-?\d+)?$/.test(v))
          throw new SelectionError(`selection "${query}": ${t.text} takes integers or ranges such as 10-20, found "${v}"`, t.column);
    return { op: 'match', key, values, column: t.column };
  };
  // one left-associative level of binary operators: `and` binds tighter than `or`
  const level = (op: 'and' | 'or', operand: () => Node) => (): Node => {
    let left = operand();
    while (isWord(tokens[at], op)) {
      at++;
      left = { op, left, right: operand() };
    }
    return left;
  };
  const and = level('and', primary);
  const or = level('or', and);
  const tree = or();
  if (at < tokens.length) fail('and, or, or the end');
  return tree;
}

/** Integer ranges of a `resi`/`index` value list: `10-20` → [10, 20], `-3` → [-3, -3]. */
function ranges(values: readonly string[]): [number, number][] {
  return values.map((v) => {
    const m = /^(-?\d+)(?:[-:](-?\d+))?$/.exec(v)!;
    const lo = Number(m[1]);
    return [lo, m[2] === undefined ? lo : Number(m[2])];
  });
}

/**
 * The atoms a query selects, as a mask (1 = selected). Throws a {@link SelectionError} for a bad query or a
 * keyword the structure has no column for (`chain` on an extxyz file).
 *
 * @example
 * ```ts
 * const mask = selectAtoms(protein, 'chain A and resn LYS ARG and name NZ NH1 NH2');
 * mask.reduce((a, b) => a + b, 0); // how many
 * ```
 */
export function selectAtoms(structure: Pick<Structure, 'numbers' | 'arrays'>, query: string): Uint8Array {
  const tree = parseSelection(query);
  const n = structure.numbers.length;
  const bio = bioColumns(structure);
  const evaluate = (node: Node): Uint8Array => {
    const out = new Uint8Array(n);
    switch (node.op) {
      case 'all':
        return out.fill(1);
      case 'none':
        return out;
      case 'not': {
        const a = evaluate(node.operand);
        for (let i = 0; i < n; i++) out[i] = a[i] ? 0 : 1;
        return out;
      }
      case 'and':
      case 'or': {
        const a = evaluate(node.left);
        const b = evaluate(node.right);
        for (let i = 0; i < n; i++) out[i] = node.op === 'and' ? a[i]! & b[i]! : a[i]! | b[i]!;
        return out;
      }
      case 'match':
        return match(node.key, node.values, node.column, out);
    }
  };
  const column = (values: readonly string[] | undefined, what: string, at: number): readonly string[] => {
    if (!values) throw new SelectionError(`selection "${query}": the structure has no ${what} (a PDB or PQR file has)`, at);
    return values;
  };
  const match = (key: Key, values: string[], at: number, out: Uint8Array): Uint8Array => {
    if (key === 'resi' || key === 'index') {
      const rs = ranges(values);
      const numbers = key === 'resi' ? bio.residueNumbers : null;
      if (key === 'resi' && !numbers)
        throw new SelectionError(`selection "${query}": the structure has no residue numbers (a PDB or PQR file has)`, at);
      for (let i = 0; i < n; i++) {
        const v = numbers ? numbers[i]! : i;
        out[i] = rs.some(([lo, hi]) => v >= lo && v <= hi) ? 1 : 0;
      }
      return out;
    }
    const wanted = new Set(values.map((v) => v.toUpperCase()));
    const source =
      key === 'chain'
        ? column(bio.chainIds, 'chain identifiers', at)
        : key === 'resn'
          ? column(bio.residueNames, 'residue names', at)
          : key === 'name'
            ? column(bio.atomNames, 'atom names', at)
            : null;
    for (let i = 0; i < n; i++) {
      const v = source ? source[i]! : symbolOf(structure.numbers[i]!);
      out[i] = wanted.has(v.toUpperCase()) ? 1 : 0;
    }
    return out;
  };
  return evaluate(tree);
}
