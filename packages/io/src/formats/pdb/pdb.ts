import { atomicNumberAnyCase, chemicalSymbols } from '../../elements/elements.ts';
import { type ParseOptions, unknownElementsOption } from '../../errors.ts';
import { cellFromParameters, cellParameters } from '../../structure/cell.ts';
import type { AtomArray, InfoValue, Structure } from '../../structure.ts';
import { Float64List, Int32List, intern, type LineBuilder, Uint8List } from '../columns.ts';
import { frameList, writtenText } from '../frames.ts';
import { expectedReal, isSpaceCode, LineCursor, parseInteger, parseReal, splitFields, splitLines, stripBom } from '../text.ts';
import { decodeHybrid36, encodeHybrid36 } from './hybrid36.ts';
import { BIO_ARRAYS as A, BLANK, fromBlank, inferElement, toBlank } from './residues.ts';

/**
 * The atoms of one model, column by column (a 10⁶-atom file holds no object per atom). Strings are stored in
 * their final form (blank codes as `.`).
 */
class AtomColumns {
  numbers = new Int32List();
  positions = new Float64List();
  serials = new Int32List();
  residueNumbers = new Int32List();
  hetero = new Uint8List();
  occupancies = new Float64List();
  bfactors = new Float64List();
  formalCharges = new Int32List();
  names: string[] = [];
  altLocs: string[] = [];
  residueNames: string[] = [];
  chainIds: string[] = [];
  insertionCodes: string[] = [];
  segmentIds: string[] = [];
  anySegment = false;
  anyCharge = false;
  /** Names, residue names and codes repeat: one string object per distinct value. */
  readonly strings = new Map<string, string>();
  get count(): number {
    return this.numbers.length;
  }
}

/** The length of a line without trailing whitespace (as `trimEnd`, without making a string). */
function trimmedLength(line: string): number {
  let end = line.length;
  while (end > 0 && isSpaceCode(line.charCodeAt(end - 1))) end--;
  return end;
}

function field(line: string, from: number, to: number): string {
  // 1-based inclusive columns, like the PDB specification
  return line.slice(from - 1, to);
}

/**
 * Throw when a fixed-column line ends inside a field (`from`-`to`, 1-based inclusive): the line was cut short,
 * and what is left of the field would be read as a different value (`6.134` cut to `6.1`).
 */
function checkNotCut(cursor: LineCursor, i: number, length: number, from: number, to: number, what: string): void {
  if (length >= from && length < to)
    throw cursor.error(i, length + 1, `${what} to fill columns ${from}-${to} (the line ends inside them: cut short?)`, 'end of line');
}

function parseAtomLine(cursor: LineCursor, i: number, line: string, atoms: AtomColumns, unknown: 'error' | 'X'): void {
  const index = atoms.count;
  // x, y and z (columns 31-54) are required: a shorter line is a cut-short record, never zeros
  const length = trimmedLength(line);
  if (length < 54)
    throw cursor.error(i, length + 1, 'x, y and z in columns 31-54 (the record ends before column 54: cut short?)', 'end of line');
  const number = (from: number, to: number, what: string, optional?: number): number => {
    checkNotCut(cursor, i, length, from, to, what);
    const text = field(line, from, to).trim();
    if (text.length === 0 && optional !== undefined) return optional;
    const value = parseReal(text);
    if (!Number.isFinite(value))
      throw cursor.error(
        i,
        from,
        expectedReal(`${what} (a number in columns ${from}-${to})`, text),
        text.length === 0 ? 'blank columns' : text,
      );
    return value;
  };
  const serialText = field(line, 7, 11).trim();
  const serial = decodeHybrid36(5, serialText) ?? index + 1; // overflowing writers without hybrid-36 put ***** here
  const name = field(line, 13, 16);
  const residueName = field(line, 18, 21).trim();
  const residueNumberText = field(line, 23, 26).trim();
  const residueNumber = residueNumberText.length === 0 ? 0 : decodeHybrid36(4, field(line, 23, 26));
  if (residueNumber === undefined)
    throw cursor.error(i, 23, 'a residue number (an integer or hybrid-36 in columns 23-26)', residueNumberText);
  const x = number(31, 38, 'x');
  const y = number(39, 46, 'y');
  const z = number(47, 54, 'z');
  const occupancy = number(55, 60, 'an occupancy', 1);
  const bfactor = number(61, 66, 'a temperature factor', 0);
  const elementText = field(line, 77, 78).trim();
  let zNumber: number;
  if (elementText.length > 0) {
    const known = atomicNumberAnyCase(elementText);
    if (known === undefined && unknown === 'error')
      throw cursor.error(i, 77, "an element symbol in columns 77-78 (or the option unknownElements: 'X')", elementText);
    zNumber = known ?? 0;
  } else {
    zNumber = inferElement(name, residueName, name, line.startsWith('HETATM'));
    if (zNumber === 0 && unknown === 'error' && name.trim() !== 'X')
      throw cursor.error(
        i,
        13,
        "an atom name that starts with an element (columns 13-16), or an element in columns 77-78 (or the option unknownElements: 'X')",
        name.trim().length === 0 ? 'blank columns' : name.trim(),
      );
  }
  const chargeText = field(line, 79, 80).trim();
  let formalCharge: number | null = null;
  if (chargeText.length > 0) {
    const m = /^(\d)([+-])$|^([+-])(\d)$/.exec(chargeText);
    if (m === null) throw cursor.error(i, 79, 'a formal charge such as 2+ or 1- in columns 79-80', chargeText);
    const digit = Number(m[1] ?? m[4]);
    formalCharge = (m[2] ?? m[3]) === '-' ? -digit : digit;
  }
  const hetero = line.startsWith('HETATM');
  const trimmedName = name.trim();
  const segmentId = field(line, 73, 76).trim();
  atoms.numbers.push(zNumber);
  atoms.positions.push(x);
  atoms.positions.push(y);
  atoms.positions.push(z);
  atoms.serials.push(serial);
  atoms.residueNumbers.push(residueNumber);
  atoms.hetero.push(hetero ? 1 : 0);
  atoms.occupancies.push(occupancy);
  atoms.bfactors.push(bfactor);
  const strings = atoms.strings;
  atoms.names.push(intern(strings, trimmedName.length > 0 ? trimmedName : BLANK));
  // one-character codes are V8's cached single-character strings already; names repeat and are interned
  atoms.altLocs.push(toBlank(field(line, 17, 17)));
  atoms.residueNames.push(intern(strings, residueName.length > 0 ? residueName : BLANK));
  atoms.chainIds.push(toBlank(field(line, 22, 22)));
  atoms.insertionCodes.push(toBlank(field(line, 27, 27)));
  atoms.segmentIds.push(intern(strings, segmentId.length > 0 ? segmentId : BLANK));
  if (segmentId.length > 0) atoms.anySegment = true;
  atoms.formalCharges.push(formalCharge ?? 0);
  if (formalCharge !== null) atoms.anyCharge = true;
}

function buildFrame(atoms: AtomColumns, cell: Float64Array | null, info: Record<string, InfoValue>): Structure {
  const arrays: Record<string, AtomArray> = {
    [A.serials]: { type: 'I', width: 1, data: atoms.serials.toArray() },
    [A.atomNames]: { type: 'S', width: 1, data: atoms.names },
    [A.altLocs]: { type: 'S', width: 1, data: atoms.altLocs },
    [A.residueNames]: { type: 'S', width: 1, data: atoms.residueNames },
    [A.chainIds]: { type: 'S', width: 1, data: atoms.chainIds },
    [A.residueNumbers]: { type: 'I', width: 1, data: atoms.residueNumbers.toArray() },
    [A.insertionCodes]: { type: 'S', width: 1, data: atoms.insertionCodes },
    [A.hetero]: { type: 'L', width: 1, data: atoms.hetero.toArray() },
    [A.occupancies]: { type: 'R', width: 1, data: atoms.occupancies.toArray() },
    [A.bfactors]: { type: 'R', width: 1, data: atoms.bfactors.toArray() },
  };
  if (atoms.anySegment) arrays[A.segmentIds] = { type: 'S', width: 1, data: atoms.segmentIds };
  if (atoms.anyCharge) arrays[A.formalCharges] = { type: 'I', width: 1, data: atoms.formalCharges.toArray() };
  return {
    numbers: atoms.numbers.toArray(),
    positions: atoms.positions.toArray(),
    cell: cell === null ? null : cell.slice(),
    pbc: cell === null ? [false, false, false] : [true, true, true],
    arrays,
    info: { ...info },
  };
}

/**
 * Parse a PDB file: ATOM/HETATM records by their fixed columns (serial, name, alternate location, residue
 * name, chain, residue number, insertion code, x y z, occupancy, temperature factor, segment, element,
 * formal charge), CRYST1 (cell, `info.spaceGroup`), MODEL/ENDMDL (one frame per model, `info.model`; frames separated by END as VMD and CP2K write them are read too) and
 * CONECT (`info.bonds`: 0-based atom index pairs i < j, on every frame), HELIX and SHEET (`info.helices`, `info.sheets`:
 * "chain first last" residue numbers per record, blank chain `.`). Other records are ignored.
 * Per-atom fields go to `arrays` (`serials`, `atomNames`, `altLocs`, `residueNames`, `chainIds`,
 * `residueNumbers`, `insertionCodes`, `hetero`, `occupancies`, `bfactors`, and `segmentIds` / `formalCharges`
 * when present); blank codes are `.`. The element comes from columns 77-78, else from the atom name; one that
 * neither gives is a ParseError unless `unknownElements: 'X'` (then X = 0). A leading byte-order mark is
 * skipped. A record too short for its required fields (ATOM/HETATM x y z, CRYST1 a…γ: column 54), or that ends
 * inside a numeric field, is a ParseError (a cut-short file), as are non-finite numbers and CRYST1 angles
 * outside (0°, 180°).
 *
 * @example
 * ```ts
 * const [protein] = parsePdb(text, { fileName: '1abc.pdb' });
 * protein.arrays.residueNames.data[0]; // 'MET'
 * ```
 */
export function parsePdb(text: string, options: ParseOptions = {}): Structure[] {
  const lines = splitLines(stripBom(text));
  const cursor = LineCursor.over(lines, options);
  const unknown = unknownElementsOption(options);
  let cell: Float64Array | null = null;
  const sharedInfo: Record<string, InfoValue> = {};
  type Frame = { atoms: AtomColumns; model: number | null; cell: Float64Array | null };
  const frames: Frame[] = [];
  let current: Frame | null = null;
  let inModel = false;
  const conect: [number, number, number][] = []; // [serial a, serial b, line index]
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const record = line.slice(0, 6).trimEnd();
    if (record === 'ATOM' || record === 'HETATM') {
      if (current === null) {
        current = { atoms: new AtomColumns(), model: null, cell };
        frames.push(current);
      }
      parseAtomLine(cursor, i, line, current.atoms, unknown);
    } else if (record === 'MODEL') {
      if (inModel) throw cursor.error(i, 1, 'ENDMDL before the next MODEL', line);
      const model = parseInteger(line.slice(6).trim());
      current = { atoms: new AtomColumns(), model: model ?? frames.length + 1, cell };
      frames.push(current);
      inModel = true;
    } else if (record === 'ENDMDL') {
      if (!inModel) throw cursor.error(i, 1, 'a MODEL record before ENDMDL', line);
      inModel = false;
      current = null;
    } else if (record === 'END') {
      // VMD and CP2K write trajectories as frames separated by END (no MODEL records)
      if (!inModel) current = null;
    } else if (record === 'CRYST1') {
      if (trimmedLength(line) < 54)
        throw cursor.error(
          i,
          trimmedLength(line) + 1,
          'CRYST1 a b c α β γ in columns 7-54 (the record ends before column 54: cut short?)',
          'end of line',
        );
      const a = parseReal(field(line, 7, 15).trim());
      const b = parseReal(field(line, 16, 24).trim());
      const c = parseReal(field(line, 25, 33).trim());
      const alpha = parseReal(field(line, 34, 40).trim());
      const beta = parseReal(field(line, 41, 47).trim());
      const gamma = parseReal(field(line, 48, 54).trim());
      const values = [a, b, c, alpha, beta, gamma];
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw cursor.error(
          i,
          [7, 16, 25, 34, 41, 48][bad]!,
          'CRYST1 a b c α β γ (finite numbers) in columns 7-54',
          line.slice(6, 54).trim(),
        );
      const badAngle = [alpha, beta, gamma].findIndex((v) => !(v > 0 && v < 180));
      if (badAngle >= 0)
        throw cursor.error(
          i,
          [34, 41, 48][badAngle]!,
          'CRYST1 angles between 0° and 180° (exclusive)',
          field(line, [34, 41, 48][badAngle]!, [40, 47, 54][badAngle]!).trim(),
        );
      // CRYST1 1 1 1 90 90 90 is the PDB's "no unit cell" placeholder
      if (!(a === 1 && b === 1 && c === 1)) {
        try {
          cell = cellFromParameters({ a, b, c, alpha, beta, gamma });
        } catch (error) {
          throw cursor.error(i, 7, 'CRYST1 lengths and angles of a real cell', `${error instanceof Error ? error.message : error}`);
        }
        const spaceGroup = field(line, 56, 66).trim();
        if (spaceGroup.length > 0) sharedInfo.spaceGroup = spaceGroup;
      } else cell = null;
      // a CRYST1 inside a model (trajectory writers repeat it per frame) belongs to that model
      if (current !== null && current.atoms.count === 0) current.cell = cell;
    } else if (record === 'HELIX' || record === 'SHEET') {
      // secondary structure: "chain first last" residue numbers (HELIX: chain col 20, 22-25, 34-37; SHEET: 22, 23-26, 34-37)
      const helix = record === 'HELIX';
      const chain = toBlank(field(line, helix ? 20 : 22, helix ? 20 : 22));
      const first = parseInteger(field(line, helix ? 22 : 23, helix ? 25 : 26).trim());
      const last = parseInteger(field(line, 34, 37).trim());
      if (first === undefined || last === undefined)
        throw cursor.error(
          i,
          helix ? 22 : 23,
          `${record} first and last residue numbers (columns ${helix ? '22-25' : '23-26'} and 34-37)`,
          line,
        );
      const key = helix ? 'helices' : 'sheets';
      const list = (sharedInfo[key] as string[] | undefined) ?? [];
      list.push(`${chain} ${first} ${last}`);
      sharedInfo[key] = list;
    } else if (record === 'CONECT') {
      const fields = splitFields(line.slice(6));
      // fixed columns 7-11, 12-16, … ; fall back to whitespace fields
      const serials: number[] = [];
      for (let k = 0; k * 5 + 7 <= line.trimEnd().length && k < 5; k++) {
        const t = field(line, 7 + 5 * k, 11 + 5 * k).trim();
        if (t.length === 0) continue;
        const v = decodeHybrid36(5, t);
        if (v === undefined) {
          serials.length = 0;
          break;
        }
        serials.push(v);
      }
      const list = serials.length > 0 ? serials : fields.map((f) => parseInteger(f));
      list.forEach((v, k) => {
        if (v === undefined) throw cursor.fieldError(i, k + 1, 'atom serial numbers in CONECT', fields[k]);
      });
      const [from, ...to] = list as number[];
      for (const t of to) conect.push([from!, t, i]);
    }
  }
  if (inModel) throw cursor.eofError('ENDMDL to close the last MODEL');
  const result = frames.map((f) => {
    const info: Record<string, InfoValue> = { ...sharedInfo };
    if (f.model !== null) info.model = f.model;
    return buildFrame(f.atoms, f.cell, info);
  });
  if (conect.length > 0 && result.length > 0) {
    const serialIndex = new Map<number, number>();
    const serials = frames[0]!.atoms.serials;
    for (let k = 0; k < serials.length; k++) serialIndex.set(serials.data[k]!, k);
    const seen = new Set<string>();
    const bonds: number[] = [];
    for (const [a, b, lineIndex] of conect) {
      const ia = serialIndex.get(a);
      const ib = serialIndex.get(b);
      if (ia === undefined || ib === undefined)
        throw cursor.error(lineIndex, 7, `CONECT serials of atoms in the file (${ia === undefined ? a : b} is not one)`, lines[lineIndex]);
      const [lo, hi] = ia < ib ? [ia, ib] : [ib, ia];
      const key = `${lo},${hi}`;
      if (lo === hi || seen.has(key)) continue;
      seen.add(key);
      bonds.push(lo, hi);
    }
    for (const frame of result) frame.info.bonds = bonds.slice();
  }
  return result;
}

function pad(text: string, width: number, right = false): string {
  if (text.length > width) return text.slice(0, width);
  return right ? text.padStart(width) : text.padEnd(width);
}

function fixed(value: number, width: number, digits: number, what: string | (() => string)): string {
  if (typeof what === 'function' && !Number.isFinite(value)) what = what();
  if (!Number.isFinite(value))
    throw new RangeError(`cannot write ${value} (${what}): PDB holds finite numbers only, its reader refuses NaN and infinity`);
  const text = value.toFixed(digits);
  if (text.length > width) throw new RangeError(`${value} does not fit the PDB's ${width}-column field`);
  return text.padStart(width);
}

function stringArray(s: Structure, name: string): string[] | undefined {
  const a = s.arrays[name];
  return a !== undefined && a.type === 'S' && a.width === 1 ? a.data : undefined;
}

function intArray(s: Structure, name: string): Int32Array | undefined {
  const a = s.arrays[name];
  return a !== undefined && a.type === 'I' && a.width === 1 ? a.data : undefined;
}

function realArray(s: Structure, name: string): Float64Array | undefined {
  const a = s.arrays[name];
  return a !== undefined && a.type === 'R' && a.width === 1 ? a.data : undefined;
}

/** The PDB name field (columns 13-16): one-letter elements start in column 14. @internal */
export function pdbNameField(name: string, z: number): string {
  if (name.length >= 4) return name.slice(0, 4);
  const symbol = chemicalSymbols[z] ?? 'X';
  return symbol.length === 1 && !/^\d/.test(name) ? ` ${name}`.padEnd(4) : name.padEnd(4);
}

/**
 * Write frames as PDB: CRYST1 when there is a cell (the cell is stored as lengths and angles, so an
 * arbitrary orientation is not kept), one MODEL/ENDMDL per frame when there are several, ATOM/HETATM with
 * the per-atom arrays {@link parsePdb} fills (serials above 99999 and residue numbers above 9999 in hybrid-36) (defaults: serial i+1, name = element, residue `MOL` 1,
 * occupancy 1, B 0), CONECT from `info.bonds`, and END for a single model (CRYST1 is repeated before each model, as trajectory writers do,
 * and END is left out after ENDMDL, which ASE and VMD would read as one more frame). Coordinates are written with 3 decimals, as
 * the format requires; throws a RangeError when a value does not fit its columns or is NaN or infinite.
 *
 * @example
 * ```ts
 * writeFileSync('out.pdb', formatPdb(frames));
 * ```
 */
export function formatPdb(frames: Structure | readonly Structure[]): string {
  return writtenText((out) => writePdb(frames, out));
}

/** {@link formatPdb} into a line builder (a file being written). @internal */
export function writePdb(frames: Structure | readonly Structure[], out: LineBuilder): void {
  const list = frameList(frames);
  const first = list[0];
  const cryst1 = (frame: Structure): void => {
    if (frame.cell === null) return;
    const p = cellParameters(frame.cell);
    const group = typeof frame.info.spaceGroup === 'string' ? frame.info.spaceGroup : 'P 1';
    out.push(
      `CRYST1${fixed(p.a, 9, 3, 'a')}${fixed(p.b, 9, 3, 'b')}${fixed(p.c, 9, 3, 'c')}${fixed(p.alpha, 7, 2, 'α')}${fixed(p.beta, 7, 2, 'β')}${fixed(p.gamma, 7, 2, 'γ')} ${pad(group, 11)}   1`,
    );
  };
  list.forEach((s, f) => {
    const n = s.numbers.length;
    if (s.positions.length !== 3 * n) throw new RangeError(`frame ${f}: ${n} atoms but ${s.positions.length} position values`);
    const serials = intArray(s, A.serials);
    const names = stringArray(s, A.atomNames);
    const altLocs = stringArray(s, A.altLocs);
    const residueNames = stringArray(s, A.residueNames);
    const chains = stringArray(s, A.chainIds);
    const residueNumbers = intArray(s, A.residueNumbers);
    const codes = stringArray(s, A.insertionCodes);
    const hetero = s.arrays[A.hetero];
    const occupancies = realArray(s, A.occupancies);
    const bfactors = realArray(s, A.bfactors);
    const segments = stringArray(s, A.segmentIds);
    const formal = intArray(s, A.formalCharges);
    cryst1(s);
    if (list.length > 1) out.push(`MODEL     ${String(typeof s.info.model === 'number' ? s.info.model : f + 1).padStart(4)}`);
    for (let i = 0; i < n; i++) {
      const z = s.numbers[i]!;
      const symbol = z === 0 ? 'X' : (chemicalSymbols[z] ?? 'X');
      const name = fromBlank(names?.[i]) || symbol;
      const isHetero = hetero !== undefined && hetero.type === 'L' ? hetero.data[i] === 1 : false;
      const charge = formal?.[i] ?? 0;
      const serial = serials?.[i] ?? i + 1;
      const line =
        (isHetero ? 'HETATM' : 'ATOM  ') +
        pad(encodeHybrid36(5, serial), 5, true) +
        ' ' +
        pdbNameField(name, z) +
        pad(fromBlank(altLocs?.[i]), 1) +
        pad(fromBlank(residueNames?.[i]) || 'MOL', 4) +
        pad(fromBlank(chains?.[i]), 1) +
        pad(encodeHybrid36(4, residueNumbers?.[i] ?? 1), 4, true) +
        pad(fromBlank(codes?.[i]), 1) +
        '   ' +
        fixed(s.positions[3 * i]!, 8, 3, () => `frame ${f}, atom ${i}: x`) +
        fixed(s.positions[3 * i + 1]!, 8, 3, () => `frame ${f}, atom ${i}: y`) +
        fixed(s.positions[3 * i + 2]!, 8, 3, () => `frame ${f}, atom ${i}: z`) +
        fixed(occupancies?.[i] ?? 1, 6, 2, () => `frame ${f}, atom ${i}: occupancy`) +
        fixed(bfactors?.[i] ?? 0, 6, 2, () => `frame ${f}, atom ${i}: B factor`) +
        '      ' +
        pad(fromBlank(segments?.[i]), 4) +
        pad(symbol.toUpperCase(), 2, true) +
        (charge === 0 ? '  ' : `${Math.abs(charge)}${charge < 0 ? '-' : '+'}`);
      out.push(line);
    }
    if (list.length > 1) out.push('ENDMDL');
  });
  const bonds = first?.info.bonds;
  if (first && Array.isArray(bonds) && bonds.length > 0) {
    const serials = intArray(first, A.serials);
    const partners = new Map<number, number[]>();
    for (let k = 0; k + 1 < bonds.length; k += 2) {
      const a = bonds[k] as number;
      const b = bonds[k + 1] as number;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        if (!partners.has(x)) partners.set(x, []);
        partners.get(x)!.push(y);
      }
    }
    const serialOf = (i: number): string => pad(encodeHybrid36(5, serials?.[i] ?? i + 1), 5, true);
    for (const [atom, list2] of [...partners.entries()].sort((p, q) => p[0] - q[0])) {
      for (let k = 0; k < list2.length; k += 4)
        out.push(
          `CONECT${serialOf(atom)}${list2
            .slice(k, k + 4)
            .map(serialOf)
            .join('')}`,
        );
    }
  }
  // END closes a single-model file; after ENDMDL it would be read as one more (empty) frame by ASE and VMD
  if (list.length <= 1) out.push('END');
}
