import { Int32List, Uint8List } from '../columns.ts';
import { isSpaceCode, type LineCursor } from '../text.ts';

/** A CIF value with where it was found (0-based line index, 1-based column). @internal */
export interface CifValue {
  text: string;
  line: number;
  column: number;
  /** Whether it was quoted or a text field (then `?`/`.` are literal, not unknown/inapplicable). */
  quoted: boolean;
}

/** A loop: its tags and `rowCount` rows of `tags.length` values, each made on demand by `value(row, column)`. @internal */
export interface CifLoop {
  tags: string[];
  line: number;
  rowCount: number;
  value(row: number, column: number): CifValue;
}

/** One `data_` block: single items and loops, tags lower-cased. @internal */
export interface CifBlock {
  name: string;
  line: number;
  items: Map<string, CifValue>;
  loops: CifLoop[];
}

/** End (exclusive) of the unquoted token starting at `start`: the next whitespace or the end of the line. */
function unquotedEnd(line: string, start: number): number {
  let e = start + 1;
  while (e < line.length && !isSpaceCode(line.charCodeAt(e))) e++;
  return e;
}

/** Index of the closing quote of the string whose opening quote is at `open`, or the line length when there is none. */
function closingQuote(line: string, open: number): number {
  const q = line[open]!;
  let e = open + 1;
  while (e < line.length && !(line[e] === q && (e + 1 >= line.length || isSpaceCode(line.charCodeAt(e + 1))))) e++;
  return e;
}

const UNQUOTED = 0;
const QUOTED = 1;
const TEXT_FIELD = 2;

/**
 * Every token of the file as a row of a table (line index, 0-based start in that line, kind: 9 bytes) rather than
 * an object with a string each: a 10⁶-site loop is 6·10⁶ tokens. Its end and text are found again in the line
 * when asked for.
 */
class Tokens {
  readonly lines: readonly string[];
  readonly line = new Int32List();
  readonly start = new Int32List();
  readonly kind = new Uint8List();
  /** The (joined, trimmed) text of `;` text-field tokens, by token index. */
  readonly fields = new Map<number, string>();
  constructor(lines: readonly string[]) {
    this.lines = lines;
  }
  get count(): number {
    return this.line.length;
  }
  push(line: number, start: number, kind: number): void {
    this.line.push(line);
    this.start.push(start);
    this.kind.push(kind);
  }
  text(t: number): string {
    const kind = this.kind.data[t];
    if (kind === TEXT_FIELD) return this.fields.get(t)!;
    const line = this.lines[this.line.data[t]!]!;
    const start = this.start.data[t]!;
    return kind === QUOTED ? line.slice(start + 1, closingQuote(line, start)) : line.slice(start, unquotedEnd(line, start));
  }
  quoted(t: number): boolean {
    return this.kind.data[t] !== UNQUOTED;
  }
  /** The first character of an unquoted token, or '' for a quoted one. */
  private first(t: number): string {
    return this.kind.data[t] === UNQUOTED ? this.lines[this.line.data[t]!]![this.start.data[t]!]! : '';
  }
  isTag(t: number): boolean {
    return this.first(t) === '_';
  }
  isReserved(t: number): boolean {
    const c = this.first(t).toLowerCase();
    return (c === 'd' || c === 'l' || c === 's' || c === 'g') && /^(data_|loop_$|save_|global_$|stop_$)/i.test(this.text(t));
  }
  value(t: number): CifValue {
    return {
      text: this.text(t),
      line: this.line.data[t]!,
      column: this.start.data[t]! + 1,
      quoted: this.quoted(t),
    };
  }
}

function tokenize(cursor: LineCursor): Tokens {
  const tokens = new Tokens(cursor.lines);
  const lines = cursor.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(';')) {
      // a text field runs to the next line starting with ';'
      const start = i;
      const parts = [line.slice(1)];
      i++;
      while (i < lines.length && !lines[i]!.startsWith(';')) parts.push(lines[i++]!);
      if (i >= lines.length) throw cursor.error(start, 1, 'a closing ";" line for the text field opened here', line);
      tokens.fields.set(tokens.count, parts.join('\n').trim());
      tokens.push(start, 0, TEXT_FIELD);
      const rest = lines[i]!.slice(1).trim();
      if (rest.length > 0 && !rest.startsWith('#')) throw cursor.error(i, 2, 'nothing after the closing ";"', rest);
      continue;
    }
    // one whitespace rule for skipping and for ending a token (isSpaceCode: space, tab, and the Unicode spaces
    // such as U+00A0 and U+FEFF): skipping fewer than end a token once pushed empty tokens without advancing
    let k = 0;
    while (k < line.length) {
      const c = line[k]!;
      if (isSpaceCode(line.charCodeAt(k))) {
        k++;
        continue;
      }
      if (c === '#') break;
      if (c === "'" || c === '"') {
        // a quote closes only when followed by whitespace or the end of the line
        const e = closingQuote(line, k);
        if (e >= line.length) throw cursor.error(i, k + 1, `a closing ${c} on the same line`, line.slice(k));
        tokens.push(i, k, QUOTED);
        k = e + 1;
        continue;
      }
      // k is not whitespace: every token has at least one character, and k always advances
      tokens.push(i, k, UNQUOTED);
      k = unquotedEnd(line, k);
    }
  }
  return tokens;
}

/**
 * Parse CIF 1.1 syntax (data blocks, tag–value pairs, loops, quoted strings, `;` text fields, comments)
 * into blocks. Throws ParseErrors through the cursor.
 * @internal
 */
export function parseCifSyntax(cursor: LineCursor): CifBlock[] {
  const tokens = tokenize(cursor);
  const blocks: CifBlock[] = [];
  let block: CifBlock | null = null;
  let t = 0;
  const count = tokens.count;
  const needBlock = (tok: number): CifBlock => {
    const v = tokens.value(tok);
    if (block === null) throw cursor.error(v.line, v.column, 'a data_ block header first', v.text);
    return block;
  };
  const at = (tok: number | undefined, fallback: CifValue) => (tok === undefined || tok >= count ? fallback : tokens.value(tok));
  while (t < count) {
    const quoted = tokens.quoted(t);
    const text = quoted ? '' : tokens.text(t);
    if (!quoted && /^data_/i.test(text)) {
      block = { name: text.slice(5), line: tokens.line.data[t]!, items: new Map(), loops: [] };
      blocks.push(block);
      t++;
    } else if (!quoted && /^loop_$/i.test(text)) {
      const b = needBlock(t);
      const loopToken = tokens.value(t);
      t++;
      const tags: string[] = [];
      while (t < count && tokens.isTag(t)) tags.push(tokens.text(t++).toLowerCase());
      if (tags.length === 0) {
        const next = t < count ? tokens.value(t) : undefined;
        throw cursor.error(next?.line ?? loopToken.line, next?.column ?? loopToken.column, 'tags after loop_', next?.text);
      }
      const first = t;
      while (t < count && !tokens.isTag(t) && !tokens.isReserved(t)) t++;
      const values = t - first;
      if (values % tags.length !== 0) {
        const last = at(values > 0 ? t - 1 : undefined, loopToken);
        throw cursor.error(
          last.line,
          last.column,
          `a multiple of ${tags.length} values in the loop of ${tags[0]} (got ${values})`,
          last.text,
        );
      }
      const width = tags.length;
      b.loops.push({
        tags,
        line: loopToken.line,
        rowCount: values / width,
        value: (row, column) => tokens.value(first + row * width + column),
      });
    } else if (tokens.isTag(t)) {
      const b = needBlock(t);
      const tag = tokens.value(t);
      const next = t + 1 < count ? t + 1 : undefined;
      if (next === undefined || tokens.isTag(next) || tokens.isReserved(next)) {
        const v = next === undefined ? undefined : tokens.value(next);
        throw cursor.error(v?.line ?? tag.line, v?.column ?? tag.column + tag.text.length, `a value for ${tag.text}`, v?.text);
      }
      b.items.set(tag.text.toLowerCase(), tokens.value(next));
      t += 2;
    } else if (!quoted && /^(save_|global_$|stop_$)/i.test(text)) {
      t++;
    } else {
      const v = tokens.value(t);
      throw cursor.error(v.line, v.column, 'a tag, loop_ or data_ block', v.text);
    }
  }
  return blocks;
}

/** A CIF number without its standard uncertainty: `5.640(2)` → 5.64; NaN for `?`, `.` and non-numbers. @internal */
export function cifNumber(text: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(\d+\))?$/.exec(text);
  return m === null ? Number.NaN : Number(m[1]);
}
