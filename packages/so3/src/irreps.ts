/**
 * Irreducible representations of O(3) and their direct sums, with e3nn's names and string syntax.
 *
 * An irrep is (l, p): degree l ≥ 0 and parity p = ±1, written `"1o"` (l = 1, odd), `"2e"` (l = 2, even)
 * or `"3y"` (parity of the spherical harmonics, (−1)^l). A direct sum is written `"8x0e+8x1o+4x2e"`.
 * Features use e3nn's `mul_ir` layout: for each entry, `mul` copies of a (2l+1)-vector, one after the
 * other, the component m = −l … l of copy u at offset `start + u·(2l+1) + l + m`.
 */

/**
 * Thrown for an irreps string that cannot be parsed; names the text, the column and what was expected.
 *
 * @example
 * ```ts
 * try { new Irreps('8x0e+8x1q'); } catch (e) { (e as IrrepsParseError).column; } // 6
 * ```
 */
export class IrrepsParseError extends Error {
  readonly text: string;
  readonly column: number;
  readonly expected: string;
  constructor(text: string, column: number, expected: string) {
    super(`cannot parse irreps "${text}" at column ${column}: expected ${expected}`);
    this.name = 'IrrepsParseError';
    this.text = text;
    this.column = column;
    this.expected = expected;
  }
}

/**
 * One irreducible representation of O(3): degree `l` and parity `p` (±1).
 *
 * @example
 * ```ts
 * const ir = Irrep.parse('2e'); // l = 2, p = +1, dim 5
 * [...Irrep.parse('1o').times(Irrep.parse('1o'))].map(String); // ['0e', '1e', '2e']
 * ```
 */
export class Irrep {
  readonly l: number;
  readonly p: 1 | -1;
  constructor(l: number, p: number) {
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`Irrep: l must be a non-negative integer, got ${l}`);
    if (p !== 1 && p !== -1) throw new RangeError(`Irrep: parity must be 1 or -1, got ${p}`);
    this.l = l;
    this.p = p;
  }

  /** Parse `"1o"`, `"2e"`, `"3y"` (y: parity (−1)^l). */
  static parse(text: string): Irrep {
    const name = text.trim();
    const match = /^(\d+)([eoy])$/.exec(name);
    if (!match) throw new IrrepsParseError(text, 1, 'an irrep such as "0e", "1o" or "2y"');
    const l = Number(match[1]);
    const c = match[2];
    const p = c === 'e' ? 1 : c === 'o' ? -1 : l % 2 === 0 ? 1 : -1;
    return new Irrep(l, p);
  }

  /** Dimension 2l + 1. */
  get dim(): number {
    return 2 * this.l + 1;
  }

  /** True for 0e. */
  isScalar(): boolean {
    return this.l === 0 && this.p === 1;
  }

  equals(other: Irrep): boolean {
    return this.l === other.l && this.p === other.p;
  }

  /** e3nn's order: by l, then odd before even. */
  compare(other: Irrep): number {
    return this.l !== other.l ? this.l - other.l : this.p - other.p;
  }

  /** The irreps in the product `this ⊗ other`: l from |l1−l2| to l1+l2, parity p1·p2. */
  *times(other: Irrep): Generator<Irrep> {
    const p = this.p * other.p;
    for (let l = Math.abs(this.l - other.l); l <= this.l + other.l; l++) yield new Irrep(l, p);
  }

  toString(): string {
    return `${this.l}${this.p === 1 ? 'e' : 'o'}`;
  }
}

/** One entry of an {@link Irreps}: `mul` copies of `ir`. */
export interface MulIr {
  readonly mul: number;
  readonly ir: Irrep;
}

/** Anything {@link Irreps} accepts: a string, an Irreps, or a list of `[mul, irrep]` pairs. */
export type IrrepsLike = string | Irreps | readonly (MulIr | readonly [number, Irrep | string])[];

/** A half-open index range `[start, stop)`. */
export interface Slice {
  readonly start: number;
  readonly stop: number;
}

/**
 * A direct sum of irreps, e.g. `8x0e+8x1o+4x2e`, with e3nn's `mul_ir` layout.
 *
 * @example
 * ```ts
 * const irreps = new Irreps('8x0e+8x1o+4x2e');
 * irreps.dim;         // 8 + 24 + 20 = 52
 * irreps.lmax;        // 2
 * irreps.slices()[1]; // { start: 8, stop: 32 }
 * new Irreps('1e+1e+0e').simplify().toString(); // '2x1e+1x0e'
 * ```
 */
export class Irreps implements Iterable<MulIr> {
  readonly entries: readonly MulIr[];

  constructor(irreps: IrrepsLike = []) {
    if (typeof irreps === 'string') this.entries = parseIrreps(irreps);
    else if (irreps instanceof Irreps) this.entries = irreps.entries;
    else
      this.entries = irreps.map((e) => {
        if (Array.isArray(e)) {
          const [mul, ir] = e as readonly [number, Irrep | string];
          if (!Number.isInteger(mul) || mul < 0) throw new RangeError(`Irreps: multiplicity must be a non-negative integer, got ${mul}`);
          return { mul, ir: typeof ir === 'string' ? Irrep.parse(ir) : ir };
        }
        return e as MulIr;
      });
  }

  /** The irreps of the spherical harmonics up to lmax: `1x0e+1x1o+…`, parity p^l. */
  static sphericalHarmonics(lmax: number, p: 1 | -1 = -1): Irreps {
    const out: MulIr[] = [];
    for (let l = 0; l <= lmax; l++) out.push({ mul: 1, ir: new Irrep(l, p ** l) });
    return new Irreps(out);
  }

  [Symbol.iterator](): Iterator<MulIr> {
    return this.entries[Symbol.iterator]();
  }

  /** Number of entries (not the sum of multiplicities). */
  get length(): number {
    return this.entries.length;
  }

  /** The entry at index i. */
  get(i: number): MulIr {
    const e = this.entries[i];
    if (e === undefined) throw new RangeError(`Irreps: index ${i} out of range for ${this.toString()}`);
    return e;
  }

  /** Total dimension Σ mul·(2l+1). */
  get dim(): number {
    let d = 0;
    for (const { mul, ir } of this.entries) d += mul * ir.dim;
    return d;
  }

  /** Σ mul. */
  get numIrreps(): number {
    let n = 0;
    for (const { mul } of this.entries) n += mul;
    return n;
  }

  /** Largest l (throws on an empty Irreps, as e3nn). */
  get lmax(): number {
    if (this.entries.length === 0) throw new RangeError('Irreps: lmax of an empty Irreps');
    return Math.max(...this.entries.map((e) => e.ir.l));
  }

  /** The l of every irrep, repeated mul times. */
  get ls(): number[] {
    const out: number[] = [];
    for (const { mul, ir } of this.entries) for (let u = 0; u < mul; u++) out.push(ir.l);
    return out;
  }

  /** Index ranges of each entry in a feature vector. */
  slices(): Slice[] {
    const out: Slice[] = [];
    let i = 0;
    for (const { mul, ir } of this.entries) {
      out.push({ start: i, stop: i + mul * ir.dim });
      i += mul * ir.dim;
    }
    return out;
  }

  /** Total multiplicity of `ir`. */
  count(ir: Irrep | string): number {
    const target = typeof ir === 'string' ? Irrep.parse(ir) : ir;
    let n = 0;
    for (const e of this.entries) if (e.ir.equals(target)) n += e.mul;
    return n;
  }

  /** Whether `ir` occurs. */
  contains(ir: Irrep | string): boolean {
    const target = typeof ir === 'string' ? Irrep.parse(ir) : ir;
    return this.entries.some((e) => e.ir.equals(target));
  }

  /** Merge consecutive equal irreps and drop zero multiplicities (e3nn: does not sort). */
  simplify(): Irreps {
    const out: { mul: number; ir: Irrep }[] = [];
    for (const { mul, ir } of this.entries) {
      const last = out[out.length - 1];
      if (last?.ir.equals(ir)) last.mul += mul;
      else if (mul > 0) out.push({ mul, ir });
    }
    return new Irreps(out);
  }

  /** Drop entries of multiplicity 0. */
  removeZeroMultiplicities(): Irreps {
    return new Irreps(this.entries.filter((e) => e.mul > 0));
  }

  /**
   * Sort by irrep (l, then odd before even), stable. `p[i]` is the new position of old entry i,
   * `inv[j]` the old position of new entry j (e3nn's `sort()`).
   */
  sort(): { irreps: Irreps; p: number[]; inv: number[] } {
    const order = this.entries.map((e, i) => ({ e, i }));
    order.sort((a, b) => a.e.ir.compare(b.e.ir) || a.i - b.i || a.e.mul - b.e.mul);
    const inv = order.map((o) => o.i);
    const p = new Array<number>(inv.length);
    inv.forEach((old, j) => {
      p[old] = j;
    });
    return { irreps: new Irreps(order.map((o) => o.e)), p, inv };
  }

  /** Concatenate. */
  concat(other: IrrepsLike): Irreps {
    return new Irreps([...this.entries, ...new Irreps(other).entries]);
  }

  equals(other: IrrepsLike): boolean {
    const o = new Irreps(other);
    return o.entries.length === this.entries.length && this.entries.every((e, i) => e.mul === o.get(i).mul && e.ir.equals(o.get(i).ir));
  }

  toString(): string {
    return this.entries.map((e) => `${e.mul}x${e.ir.toString()}`).join('+');
  }
}

function parseIrreps(text: string): MulIr[] {
  const out: MulIr[] = [];
  if (text.trim() === '') return out;
  let column = 1;
  for (const part of text.split('+')) {
    const trimmed = part.trim();
    const lead = part.length - part.trimStart().length;
    const match = /^(?:(\d+)\s*x\s*)?(\d+)([eoy])$/.exec(trimmed);
    if (!match) throw new IrrepsParseError(text, column + lead, 'an entry such as "8x0e", "1o" or "4x2y"');
    const mul = match[1] === undefined ? 1 : Number(match[1]);
    out.push({ mul, ir: Irrep.parse(`${match[2]}${match[3]}`) });
    column += part.length + 1;
  }
  return out;
}
