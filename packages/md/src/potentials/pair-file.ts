import { atomicNumber, ParseError } from '@equitensor/io';

/**
 * One line of a pair-parameter file: two elements (atomic numbers) and the numbers that follow them.
 *
 * @example
 * ```ts
 * const row: PairFileRow = { a: 11, b: 17, values: [0.211, 0.317, 2.755, 6.99, 8.676, 8] };
 * ```
 */
export interface PairFileRow {
  readonly a: number;
  readonly b: number;
  readonly values: readonly number[];
}

/**
 * Parse a pair-parameter file with one line per element pair: `element element v1 … vK`, `#` comments and blank
 * lines ignored (the format of `NaCl_tosi_fumi.born`). Each line must have exactly `columns.length` numbers,
 * finite, and each pair may appear once (in either order). Errors are io `ParseError`s with the file, line and column.
 *
 * @example
 * ```ts
 * parsePairFile('Na Cl 0.211 0.317\n', ['A', 'rho'], { fileName: 'x.born' }); // [{ a: 11, b: 17, values: [0.211, 0.317] }]
 * ```
 */
export function parsePairFile(text: string, columns: readonly string[], options: { fileName?: string } = {}): PairFileRow[] {
  const fileName = options.fileName ?? '<input>';
  const rows: PairFileRow[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let l = 0; l < lines.length; l++) {
    const raw = lines[l] as string;
    const hash = raw.indexOf('#');
    const body = hash >= 0 ? raw.slice(0, hash) : raw;
    const tokens: { text: string; column: number }[] = [];
    for (const m of body.matchAll(/\S+/g)) tokens.push({ text: m[0], column: (m.index ?? 0) + 1 });
    if (tokens.length === 0) continue;
    const fail = (column: number, expected: string, found: string): never => {
      throw new ParseError({ fileName, line: l + 1, column, expected, found });
    };
    const numbers: number[] = [];
    const elements: number[] = [];
    for (let t = 0; t < 2; t++) {
      const token = tokens[t];
      if (token === undefined) fail(raw.length + 1, 'a second element symbol', 'end of line');
      const z = atomicNumber((token as { text: string }).text);
      if (z === undefined)
        fail((token as { column: number }).column, 'an element symbol', JSON.stringify((token as { text: string }).text));
      elements.push(z as number);
    }
    for (let c = 0; c < columns.length; c++) {
      const token = tokens[2 + c];
      if (token === undefined) fail(raw.length + 1, `${columns[c]} (column ${3 + c})`, 'end of line');
      const v = Number((token as { text: string }).text);
      if (!Number.isFinite(v) || (token as { text: string }).text === '') {
        fail((token as { column: number }).column, `a number for ${columns[c]}`, JSON.stringify((token as { text: string }).text));
      }
      numbers.push(v);
    }
    const extra = tokens[2 + columns.length];
    if (extra !== undefined)
      fail(extra.column, `end of line after ${columns.length} numbers (${columns.join(' ')})`, JSON.stringify(extra.text));
    const [a, b] = elements as [number, number];
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    if (seen.has(key))
      fail((tokens[0] as { column: number }).column, 'each element pair once', `a second ${tokens[0]?.text} ${tokens[1]?.text} line`);
    seen.add(key);
    rows.push({ a, b, values: numbers });
  }
  if (rows.length === 0)
    throw new ParseError({ fileName, line: lines.length, column: 1, expected: 'at least one element-pair line', found: 'none' });
  return rows;
}

/**
 * Per-element-pair parameters laid out for a pair loop: atomic number → type index, and for each unordered type
 * pair (t, u) the row index `pairIndex[t·types + u]` (−1 when the file has no line for it).
 *
 * @example
 * ```ts
 * const table = new SpeciesPairs(rows);
 * table.pairIndex[table.typeOf(11) * table.types + table.typeOf(17)]; // the Na–Cl row
 * ```
 */
export class SpeciesPairs {
  /** Atomic numbers in type order. */
  readonly elements: readonly number[];
  readonly types: number;
  /** (t, u) → row, symmetric, −1 for a missing pair. */
  readonly pairIndex: Int32Array;
  private readonly typeByNumber = new Map<number, number>();

  constructor(rows: readonly { readonly a: number; readonly b: number }[]) {
    const elements: number[] = [];
    for (const r of rows) for (const z of [r.a, r.b]) if (!elements.includes(z)) elements.push(z);
    this.elements = elements;
    this.types = elements.length;
    for (let t = 0; t < elements.length; t++) this.typeByNumber.set(elements[t] as number, t);
    this.pairIndex = new Int32Array(this.types * this.types).fill(-1);
    rows.forEach((r, k) => {
      const t = this.typeByNumber.get(r.a) as number;
      const u = this.typeByNumber.get(r.b) as number;
      this.pairIndex[t * this.types + u] = k;
      this.pairIndex[u * this.types + t] = k;
    });
  }

  /** The type index of an atomic number, or −1. */
  typeOf(z: number): number {
    return this.typeByNumber.get(z) ?? -1;
  }

  /**
   * The type of every atom; throws a RangeError naming the element when an atom's element has no parameters, or a
   * pair of present elements has no line (`where` names the potential).
   */
  typesOf(numbers: Int32Array, where: string, symbol: (z: number) => string): Int32Array {
    const out = new Int32Array(numbers.length);
    const present = new Set<number>();
    for (let i = 0; i < numbers.length; i++) {
      const t = this.typeOf(numbers[i] as number);
      if (t < 0) throw new RangeError(`${where}: no parameters for element ${symbol(numbers[i] as number)} (atom ${i})`);
      out[i] = t;
      present.add(t);
    }
    for (const t of present)
      for (const u of present)
        if ((this.pairIndex[t * this.types + u] as number) < 0) {
          throw new RangeError(
            `${where}: no parameters for the pair ${symbol(this.elements[t] as number)}–${symbol(this.elements[u] as number)}`,
          );
        }
    return out;
  }
}
