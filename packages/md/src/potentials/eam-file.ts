import { atomicNumber, chemicalSymbol, ParseError } from '@equitensor/io';

/**
 * The tabulated functions of an EAM potential as a LAMMPS `funcfl` (`.eam`, DYNAMO single element) or
 * `setfl` (`.eam.alloy`) file holds them. Arrays are 1-based like LAMMPS' (index 0 unused), so the
 * value at grid point m (m = 1…n) is at `[m]`, at r = (m−1)·dr or ρ = (m−1)·dρ.
 *
 * @example
 * ```ts
 * const file = parseEamFuncfl(text, { fileName: 'Cu_u3.eam' });
 * file.elements[0]!.mass; // 63.55
 * ```
 */
export interface EamFile {
  readonly format: 'funcfl' | 'setfl';
  readonly fileName: string;
  readonly elements: readonly EamElement[];
  readonly nrho: number;
  readonly drho: number;
  readonly nr: number;
  readonly dr: number;
  readonly cutoff: number;
  /** setfl only: r·φ(r) for element pairs (i ≥ j) in the order (0,0), (1,0), (1,1), (2,0) … (1-based arrays). */
  readonly z2r: readonly Float64Array[];
}

/** One element's tables. */
export interface EamElement {
  readonly symbol: string;
  readonly atomicNumber: number;
  readonly mass: number;
  /** Embedding energy F(ρ), 1-based, nrho values. */
  readonly frho: Float64Array;
  /** Electron density ρ(r), 1-based, nr values. */
  readonly rhor: Float64Array;
  /** funcfl only: effective charge Z(r) (√(Hartree·Bohr)), 1-based, nr values. */
  readonly zr?: Float64Array;
}

/** A whitespace tokenizer that remembers where each token came from, for typed errors. */
class Tokens {
  private readonly lines: string[];
  private line = 0;
  private tokens: { text: string; column: number }[] = [];
  private index = 0;
  readonly fileName: string;

  constructor(text: string, fileName: string) {
    this.lines = text.split(/\r?\n/);
    this.fileName = fileName;
  }

  /** Skip to the start of line `n` (0-based) and forget the rest of the current line. */
  seekLine(n: number): void {
    this.line = n;
    this.tokens = [];
    this.index = 0;
  }

  /** The raw text of the 0-based line (error if missing). */
  rawLine(n: number, expected: string): string {
    const text = this.lines[n];
    if (text === undefined) this.fail(n + 1, 1, expected, undefined);
    return text as string;
  }

  private fill(expected: string): { text: string; column: number } {
    while (this.index >= this.tokens.length) {
      if (this.line >= this.lines.length) this.fail(this.lines.length, 1, expected, undefined);
      const text = this.lines[this.line] as string;
      this.tokens = [];
      for (const m of text.matchAll(/\S+/g)) this.tokens.push({ text: m[0], column: (m.index ?? 0) + 1 });
      this.index = 0;
      this.line++;
    }
    return this.tokens[this.index] as { text: string; column: number };
  }

  /** Start reading at a new line (drops unread tokens of the current one). */
  newLine(): void {
    this.tokens = [];
    this.index = 0;
  }

  number(expected: string): number {
    const t = this.fill(expected);
    const value = Number(t.text.replace(/[dD]/, 'e'));
    if (!Number.isFinite(value)) this.fail(this.line, t.column, expected, t.text);
    this.index++;
    return value;
  }

  integer(expected: string): number {
    const t = this.fill(expected);
    const value = Number(t.text);
    if (!Number.isInteger(value)) this.fail(this.line, t.column, expected, t.text);
    this.index++;
    return value;
  }

  word(expected: string): string {
    const t = this.fill(expected);
    this.index++;
    return t.text;
  }

  /** Read n numbers into a new 1-based array. */
  table(n: number, what: string): Float64Array {
    const out = new Float64Array(n + 1);
    for (let m = 1; m <= n; m++) out[m] = this.number(`${what} value ${m} of ${n}`);
    return out;
  }

  fail(line: number, column: number, expected: string, found: string | undefined): never {
    throw new ParseError({
      fileName: this.fileName,
      line,
      column,
      expected,
      found: found === undefined ? 'end of file' : JSON.stringify(found.length > 40 ? `${found.slice(0, 37)}...` : found),
    });
  }
}

/** Read the grid line (Nrho, drho, Nr, dr, cutoff; 1-based `line` for errors) and check its values. */
function readGrid(tokens: Tokens, line: number): { nrho: number; drho: number; nr: number; dr: number; cutoff: number } {
  const nrho = tokens.integer('Nrho (number of density grid points)');
  const drho = tokens.number('drho');
  const nr = tokens.integer('Nr (number of distance grid points)');
  const dr = tokens.number('dr');
  const cutoff = tokens.number('the cutoff');
  if (nrho < 5 || nr < 5) tokens.fail(line, 1, 'Nrho ≥ 5 and Nr ≥ 5 grid points', `Nrho=${nrho}, Nr=${nr}`);
  if (!(drho > 0) || !(dr > 0) || !(cutoff > 0))
    tokens.fail(line, 1, 'positive drho, dr and cutoff', `drho=${drho}, dr=${dr}, cutoff=${cutoff}`);
  return { nrho, drho, nr, dr, cutoff };
}

/**
 * Parse a LAMMPS/DYNAMO `funcfl` file (`pair_style eam`): a comment line; atomic number, mass, lattice
 * constant, lattice type; Nrho, drho, Nr, dr, cutoff; then F(ρ), Z(r) and ρ(r), several values per line.
 *
 * @example
 * ```ts
 * const cu = parseEamFuncfl(readFileSync('Cu_u3.eam', 'utf8'), { fileName: 'Cu_u3.eam' });
 * ```
 */
export function parseEamFuncfl(text: string, options: { fileName?: string } = {}): EamFile {
  const tokens = new Tokens(text, options.fileName ?? '<input>');
  tokens.rawLine(0, 'a comment line');
  tokens.seekLine(1);
  const z = tokens.integer('the atomic number');
  const mass = tokens.number('the atomic mass');
  tokens.seekLine(2);
  const { nrho, drho, nr, dr, cutoff } = readGrid(tokens, 3);
  tokens.seekLine(3);
  const frho = tokens.table(nrho, 'F(rho)');
  const zr = tokens.table(nr, 'Z(r)');
  const rhor = tokens.table(nr, 'rho(r)');
  const symbol = symbolOf(z);
  return {
    format: 'funcfl',
    fileName: tokens.fileName,
    elements: [{ symbol, atomicNumber: z, mass, frho, rhor, zr }],
    nrho,
    drho,
    nr,
    dr,
    cutoff,
    z2r: [],
  };
}

/**
 * Parse a LAMMPS `setfl` file (`pair_style eam/alloy`): three comment lines; the element count and
 * names; Nrho, drho, Nr, dr, cutoff; per element a line (atomic number, mass, lattice constant, type)
 * then F(ρ) and ρ(r); finally r·φ(r) for each pair i ≥ j.
 *
 * @example
 * ```ts
 * const cu = parseEamSetfl(readFileSync('Cu_mishin1.eam.alloy', 'utf8'), { fileName: 'Cu_mishin1.eam.alloy' });
 * cu.elements.map((e) => e.symbol); // ['Cu']
 * ```
 */
export function parseEamSetfl(text: string, options: { fileName?: string } = {}): EamFile {
  const tokens = new Tokens(text, options.fileName ?? '<input>');
  tokens.rawLine(2, 'three comment lines');
  tokens.seekLine(3);
  const count = tokens.integer('the number of elements');
  if (count < 1) tokens.fail(4, 1, 'at least one element', String(count));
  const symbols: string[] = [];
  for (let e = 0; e < count; e++) symbols.push(tokens.word(`element name ${e + 1} of ${count}`));
  tokens.seekLine(4);
  const { nrho, drho, nr, dr, cutoff } = readGrid(tokens, 5);
  tokens.seekLine(5);
  const elements: EamElement[] = [];
  for (let e = 0; e < count; e++) {
    tokens.newLine();
    const z = tokens.integer(`the atomic number of ${symbols[e]}`); // used only when the name is not an element symbol
    const mass = tokens.number(`the mass of ${symbols[e]}`);
    tokens.newLine(); // lattice constant and type are not used
    const frho = tokens.table(nrho, `F(rho) of ${symbols[e]}`);
    const rhor = tokens.table(nr, `rho(r) of ${symbols[e]}`);
    elements.push({ symbol: symbols[e] as string, atomicNumber: atomicNumber(symbols[e] as string) ?? z, mass, frho, rhor });
  }
  const z2r: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    for (let j = 0; j <= i; j++) z2r.push(tokens.table(nr, `r*phi(r) of ${symbols[i]}-${symbols[j]}`));
  }
  return { format: 'setfl', fileName: tokens.fileName, elements, nrho, drho, nr, dr, cutoff, z2r };
}

function symbolOf(z: number): string {
  try {
    return chemicalSymbol(z);
  } catch {
    return `Z${z}`;
  }
}
