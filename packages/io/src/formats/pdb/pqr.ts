import { chemicalSymbols } from '../../elements/elements.ts';
import { type ParseOptions, unknownElementsOption } from '../../errors.ts';
import type { AtomArray, Structure } from '../../structure.ts';
import { Float64List, Int32List, intern, type LineBuilder, Uint8List } from '../columns.ts';
import { onlyFrame, writtenText } from '../frames.ts';
import { expectedReal, formatReal, isBlank, LineCursor, parseInteger, parseReal, splitFields, splitLines, stripBom } from '../text.ts';
import { BIO_ARRAYS as A, BLANK, fromBlank, inferElement } from './residues.ts';

const GLUED_NUMBERS = /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?(?:[+-]\d*\.\d+(?:[eE][+-]?\d+)?)+$/;
const RESIDUE_NUMBER = /^(-?\d+)([A-Za-z]?)$/;

/** Split `-10.123-20.456` (coordinates glued by a fixed-width writer) into numbers. */
function unglue(fields: string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    if (GLUED_NUMBERS.test(f)) out.push(...(f.match(/[+-]?\d*\.\d+(?:[eE][+-]?\d+)?/g) ?? [f]));
    else out.push(f);
  }
  return out;
}

/**
 * Parse a PQR file (positions, charge q in e and radius r in Å per atom) in the whitespace-separated forms
 * PDB2PQR and APBS write: `ATOM serial name resName [chain] resSeq[iCode] x y z q r`, with or without the
 * chain column (decided per line), residue numbers with a glued insertion code (`52A`) or a separate one,
 * and numbers glued by fixed-width writers (`-10.123-20.456`, `HETATM12345`). ATOM and HETATM lines are read, everything
 * else (REMARK, TER, END) ignored. Arrays: `charges`, `radii`, and the PDB names of {@link parsePdb}
 * (`serials`, `atomNames`, `residueNames`, `chainIds`, `residueNumbers`, `insertionCodes`, `hetero`);
 * blank codes are `.`. Elements are inferred from atom names (ions named as their residue: CA/CA → Ca); a name
 * that gives none is a ParseError unless `unknownElements: 'X'` (then X = 0). A leading byte-order mark is
 * skipped; numbers must be finite.
 *
 * @example
 * ```ts
 * const [protein] = parsePqr(readFileSync('1ajj.pqr', 'utf8'), { fileName: '1ajj.pqr' });
 * protein.arrays.charges.data; // Float64Array of partial charges (e)
 * ```
 */
export function parsePqr(text: string, options: ParseOptions = {}): Structure[] {
  const lines = splitLines(stripBom(text));
  const cursor = LineCursor.over(lines, options);
  const unknown = unknownElementsOption(options);
  // typed columns and one string object per distinct name: a 10⁶-atom file holds no per-atom objects
  const positions = new Float64List();
  const charges = new Float64List();
  const radii = new Float64List();
  const serials = new Int32List();
  const names: string[] = [];
  const residueNames: string[] = [];
  const chains: string[] = [];
  const residueNumbers = new Int32List();
  const codes: string[] = [];
  const hetero = new Uint8List();
  const numbers = new Int32List();
  const strings = new Map<string, string>();
  let anyChain = false;
  let anyAtom = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const raw = splitFields(line);
    // fixed-width writers glue a 5-digit serial to HETATM ("HETATM12345")
    const glued = /^(ATOM|HETATM)(\d+)$/.exec(raw[0]!);
    if (glued !== null) raw.splice(0, 1, glued[1]!, glued[2]!);
    const record = raw[0]!;
    if (record !== 'ATOM' && record !== 'HETATM') continue;
    anyAtom = true;
    const fields = unglue(raw);
    const expected = 'ATOM serial name resName [chain] resSeq x y z charge radius';
    if (fields.length < 10 || fields.length > 12) {
      throw cursor.fieldError(
        i,
        Math.min(fields.length, 10),
        `${expected} (10 to 12 fields)`,
        fields.length < 10 ? 'end of line' : fields[12],
      );
    }
    const serial = parseInteger(fields[1]!);
    if (serial === undefined) throw cursor.fieldError(i, 1, 'an atom serial number (integer)', fields[1]);
    const tail = fields.slice(-5);
    const values = tail.map(parseReal);
    const badValue = values.findIndex((v) => !Number.isFinite(v));
    if (badValue >= 0) {
      const what = ['x', 'y', 'z', 'a charge', 'a radius'][badValue]!;
      throw cursor.fieldError(i, fields.length - 5 + badValue, expectedReal(`${what} (a number)`, tail[badValue]), tail[badValue]);
    }
    const middle = fields.slice(4, -5);
    let chain = BLANK;
    let residueText: string;
    let code = '';
    if (middle.length === 1) {
      residueText = middle[0]!;
    } else if (middle.length === 2 && RESIDUE_NUMBER.test(middle[0]!) && /^[A-Za-z]$/.test(middle[1]!)) {
      residueText = middle[0]!;
      code = middle[1]!;
    } else if (middle.length === 2) {
      chain = middle[0]!;
      residueText = middle[1]!;
    } else {
      chain = middle[0]!;
      residueText = middle[1]!;
      code = middle[2]!;
      if (!/^[A-Za-z]$/.test(code)) throw cursor.fieldError(i, 6, 'an insertion code (one letter)', code);
    }
    const m = RESIDUE_NUMBER.exec(residueText);
    if (m === null || parseInteger(m[1]!) === undefined)
      throw cursor.fieldError(
        i,
        4 + middle.indexOf(residueText),
        'a residue number, optionally with an insertion code (52 or 52A)',
        residueText,
      );
    if (m[2]!.length > 0) code = m[2]!;
    if (chain !== BLANK) anyChain = true;
    serials.push(serial);
    names.push(intern(strings, fields[2]!));
    residueNames.push(intern(strings, fields[3]!));
    chains.push(chain);
    residueNumbers.push(Number(m[1]));
    codes.push(code.length > 0 ? code : BLANK);
    hetero.push(record === 'HETATM' ? 1 : 0);
    positions.push(values[0]!);
    positions.push(values[1]!);
    positions.push(values[2]!);
    charges.push(values[3]!);
    radii.push(values[4]!);
    const z = inferElement(fields[2]!, fields[3]!);
    if (z === 0 && unknown === 'error' && fields[2] !== 'X')
      throw cursor.fieldError(i, 2, "an atom name that starts with an element symbol (or the option unknownElements: 'X')", fields[2]);
    numbers.push(z);
  }
  if (!anyAtom) return [];
  const arrays: Record<string, AtomArray> = {
    [A.charges]: { type: 'R', width: 1, data: charges.toArray() },
    [A.radii]: { type: 'R', width: 1, data: radii.toArray() },
    [A.serials]: { type: 'I', width: 1, data: serials.toArray() },
    [A.atomNames]: { type: 'S', width: 1, data: names },
    [A.residueNames]: { type: 'S', width: 1, data: residueNames },
  };
  if (anyChain) arrays[A.chainIds] = { type: 'S', width: 1, data: chains };
  arrays[A.residueNumbers] = { type: 'I', width: 1, data: residueNumbers.toArray() };
  arrays[A.insertionCodes] = { type: 'S', width: 1, data: codes };
  arrays[A.hetero] = { type: 'L', width: 1, data: hetero.toArray() };
  return [
    {
      numbers: numbers.toArray(),
      positions: positions.toArray(),
      cell: null,
      pbc: [false, false, false],
      arrays,
      info: {},
    },
  ];
}

/**
 * Write a structure as PQR (whitespace-separated, the form APBS reads): `ATOM serial name resName [chain]
 * resSeq[iCode] x y z q r`, with every real in its shortest exact form, so {@link parsePqr} reads back
 * exactly the same numbers. The chain column is written when every atom has a chain id. Needs `charges`
 * and `radii` arrays (R×1); names and residues default as in {@link formatPdb}.
 *
 * @example
 * ```ts
 * writeFileSync('out.pqr', formatPqr(protein));
 * ```
 */
export function formatPqr(frames: Structure | readonly Structure[]): string {
  return writtenText((out) => writePqr(frames, out));
}

/** {@link formatPqr} into a line builder (a file being written). @internal */
export function writePqr(frames: Structure | readonly Structure[], lines: LineBuilder): void {
  const s = onlyFrame(frames, 'PQR');
  const n = s.numbers.length;
  const get = (name: string, type: string) => {
    const a = s.arrays[name];
    return a !== undefined && a.type === type && a.width === 1 ? a.data : undefined;
  };
  const charges = get(A.charges, 'R') as Float64Array | undefined;
  const radii = get(A.radii, 'R') as Float64Array | undefined;
  if (charges === undefined || radii === undefined) throw new RangeError('PQR needs per-atom "charges" and "radii" arrays (R×1)');
  const serials = get(A.serials, 'I') as Int32Array | undefined;
  const names = get(A.atomNames, 'S') as string[] | undefined;
  const residueNames = get(A.residueNames, 'S') as string[] | undefined;
  const chains = get(A.chainIds, 'S') as string[] | undefined;
  const residueNumbers = get(A.residueNumbers, 'I') as Int32Array | undefined;
  const codes = get(A.insertionCodes, 'S') as string[] | undefined;
  const hetero = get(A.hetero, 'L') as Uint8Array | undefined;
  const writeChains = chains?.every((c) => fromBlank(c).length > 0) === true;
  for (let i = 0; i < n; i++) {
    const symbol = chemicalSymbols[s.numbers[i]!] ?? 'X';
    const name = fromBlank(names?.[i]) || symbol;
    const residue = fromBlank(residueNames?.[i]) || 'MOL';
    for (const [what, value] of [
      ['atom name', name],
      ['residue name', residue],
    ] as const) {
      if (/\s/.test(value)) throw new RangeError(`atom ${i}: ${what} "${value}" has whitespace, which PQR cannot hold`);
    }
    const parts = [
      hetero?.[i] ? 'HETATM' : 'ATOM  ',
      String(serials?.[i] ?? i + 1).padStart(5),
      name.padEnd(4),
      residue.padEnd(4),
      ...(writeChains ? [fromBlank(chains![i])] : []),
      `${residueNumbers?.[i] ?? 1}${fromBlank(codes?.[i])}`.padStart(5),
      formatReal(s.positions[3 * i]!, () => `atom ${i}: x`).padStart(10),
      formatReal(s.positions[3 * i + 1]!, () => `atom ${i}: y`).padStart(10),
      formatReal(s.positions[3 * i + 2]!, () => `atom ${i}: z`).padStart(10),
      formatReal(charges[i]!).padStart(8),
      formatReal(radii[i]!).padStart(7),
    ];
    lines.push(parts.join(' '));
  }
  lines.push('END');
}
