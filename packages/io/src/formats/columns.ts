/**
 * Growable typed arrays and string interning for readers that collect a column per field: a 10⁶-atom file then
 * costs a few bytes per value instead of an object or a boxed number per atom.
 * @internal
 */

type TypedArray = Float64Array | Int32Array | Uint8Array;

class GrowableList<T extends TypedArray> {
  data: T;
  length = 0;
  private readonly make: (size: number) => T;
  constructor(make: (size: number) => T) {
    this.make = make;
    this.data = make(1024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** A copy of exactly the values pushed. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** A growable Float64Array. @internal */
export class Float64List extends GrowableList<Float64Array> {
  constructor() {
    super((size) => new Float64Array(size));
  }
}

/** A growable Int32Array. @internal */
export class Int32List extends GrowableList<Int32Array> {
  constructor() {
    super((size) => new Int32Array(size));
  }
}

/** A growable Uint8Array. @internal */
export class Uint8List extends GrowableList<Uint8Array> {
  constructor() {
    super((size) => new Uint8Array(size));
  }
}

/**
 * One string object per distinct value (residue and atom names repeat thousands of times in a protein): returns
 * the stored copy of `text`, storing it first when new.
 * @internal
 */
export function intern(table: Map<string, string>, text: string): string {
  const known = table.get(text);
  if (known !== undefined) return known;
  table.set(text, text);
  return text;
}

/**
 * The lines of a text being written, each ended by `\n`, joined `LINES_PER_CHUNK` at a time: a line built by `+` is
 * a tree of string pieces until it is flattened, so a writer that kept 10⁶ of them took ~15× the file size; here at
 * most one chunk of unflattened lines is alive. Without a sink, `text()` returns the whole text; with one, each
 * chunk goes to the sink as soon as it is complete (a file being written) and `end()` sends the rest.
 * @internal
 */
export class LineBuilder {
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  private readonly sink: ((text: string) => void) | undefined;
  constructor(sink?: (text: string) => void) {
    this.sink = sink;
  }
  push(...lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      if (this.lines.length >= LINES_PER_CHUNK) this.flush();
    }
  }
  private flush(): void {
    if (this.lines.length === 0) return;
    const chunk = `${this.lines.join('\n')}\n`;
    this.lines = [];
    if (this.sink === undefined) this.chunks.push(chunk);
    else this.sink(chunk);
  }
  /** Every line pushed, each followed by `\n` (`''` for none); only without a sink. */
  text(): string {
    this.flush();
    return this.chunks.join('');
  }
  /** Send the last lines to the sink. */
  end(): void {
    this.flush();
  }
}
const LINES_PER_CHUNK = 4096;
