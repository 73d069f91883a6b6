import { isSpaceCode, type LineCursor } from '../text.ts';

/** A CIF value with where it was found (0-based line index, 1-based column). @internal */
export interface CifValue {
  text: string;
  line: number;
  column: number;
  /** Whether it was quoted or a text field (then `?`/`.` are literal, not unknown/inapplicable). */
  quoted: boolean;
}

/** One `data_` block: single items and loops, tags lower-cased. @internal */
export interface CifBlock {
  name: string;
  line: number;
  items: Map<string, CifValue>;
  loops: { tags: string[]; rows: CifValue[][]; line: number }[];
}

interface Token {
  text: string;
  line: number;
  column: number;
  quoted: boolean;
}

function tokenize(cursor: LineCursor): Token[] {
  const tokens: Token[] = [];
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
      tokens.push({ text: parts.join('\n').trim(), line: start, column: 1, quoted: true });
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
        let e = k + 1;
        while (e < line.length && !(line[e] === c && (e + 1 >= line.length || isSpaceCode(line.charCodeAt(e + 1))))) e++;
        if (e >= line.length) throw cursor.error(i, k + 1, `a closing ${c} on the same line`, line.slice(k));
        tokens.push({ text: line.slice(k + 1, e), line: i, column: k + 1, quoted: true });
        k = e + 1;
        continue;
      }
      let e = k + 1; // k is not whitespace: every token has at least one character, and k always advances
      while (e < line.length && !isSpaceCode(line.charCodeAt(e))) e++;
      tokens.push({ text: line.slice(k, e), line: i, column: k + 1, quoted: false });
      k = e;
    }
  }
  return tokens;
}

const isTag = (t: Token): boolean => !t.quoted && t.text.startsWith('_');
const isReserved = (t: Token): boolean => !t.quoted && /^(data_|loop_$|save_|global_$|stop_$)/i.test(t.text);

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
  const needBlock = (tok: Token): CifBlock => {
    if (block === null) throw cursor.error(tok.line, tok.column, 'a data_ block header first', tok.text);
    return block;
  };
  while (t < tokens.length) {
    const tok = tokens[t]!;
    if (!tok.quoted && /^data_/i.test(tok.text)) {
      block = { name: tok.text.slice(5), line: tok.line, items: new Map(), loops: [] };
      blocks.push(block);
      t++;
    } else if (!tok.quoted && /^loop_$/i.test(tok.text)) {
      const b = needBlock(tok);
      t++;
      const tags: string[] = [];
      while (t < tokens.length && isTag(tokens[t]!)) tags.push(tokens[t++]!.text.toLowerCase());
      if (tags.length === 0) {
        const next = tokens[t];
        throw cursor.error(next?.line ?? tok.line, next?.column ?? tok.column, 'tags after loop_', next?.text);
      }
      const values: Token[] = [];
      while (t < tokens.length && !isTag(tokens[t]!) && !isReserved(tokens[t]!)) values.push(tokens[t++]!);
      if (values.length % tags.length !== 0) {
        const last = values[values.length - 1] ?? tok;
        throw cursor.error(
          last.line,
          last.column,
          `a multiple of ${tags.length} values in the loop of ${tags[0]} (got ${values.length})`,
          last.text,
        );
      }
      const rows: CifValue[][] = [];
      for (let r = 0; r < values.length; r += tags.length) rows.push(values.slice(r, r + tags.length));
      b.loops.push({ tags, rows, line: tok.line });
    } else if (isTag(tok)) {
      const b = needBlock(tok);
      const value = tokens[t + 1];
      if (value === undefined || isTag(value) || isReserved(value))
        throw cursor.error(value?.line ?? tok.line, value?.column ?? tok.column + tok.text.length, `a value for ${tok.text}`, value?.text);
      b.items.set(tok.text.toLowerCase(), value);
      t += 2;
    } else if (!tok.quoted && /^(save_|global_$|stop_$)/i.test(tok.text)) {
      t++;
    } else {
      throw cursor.error(tok.line, tok.column, 'a tag, loop_ or data_ block', tok.text);
    }
  }
  return blocks;
}

/** A CIF number without its standard uncertainty: `5.640(2)` → 5.64; NaN for `?`, `.` and non-numbers. @internal */
export function cifNumber(text: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(\d+\))?$/.exec(text);
  return m === null ? Number.NaN : Number(m[1]);
}
