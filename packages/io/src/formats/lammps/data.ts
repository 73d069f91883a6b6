import type { AtomArray, InfoValue, Structure } from '../../structure.ts';
import type { LineBuilder } from '../columns.ts';
import { onlyFrame, writtenText } from '../frames.ts';
import { expectedReal, formatReal, isBlank, LineCursor, parseInteger, parseReal, splitFields, splitLines, stripBom } from '../text.ts';
import { boxOfStructure, cellOfBox, type LammpsBox } from './box.ts';
import { checkTypeSymbols, type LammpsReadOptions, numbersOfTypes, typesOf } from './types.ts';

/** Atom styles the data reader and writer understand. */
export type LammpsAtomStyle = 'atomic' | 'charge' | 'full' | 'molecular';

const STYLE_COLUMNS: Record<LammpsAtomStyle, string[]> = {
  atomic: ['id', 'type', 'x', 'y', 'z'],
  charge: ['id', 'type', 'q', 'x', 'y', 'z'],
  full: ['id', 'mol', 'type', 'q', 'x', 'y', 'z'],
  molecular: ['id', 'mol', 'type', 'x', 'y', 'z'],
};

function styleFromColumnCount(count: number): LammpsAtomStyle | undefined {
  return ({ 5: 'atomic', 8: 'atomic', 6: 'charge', 9: 'charge', 7: 'full', 10: 'full' } as const)[count];
}

const startsWithNumber = (line: string): boolean => /^\s*[-+.\d]/.test(line);

/** Options of {@link parseLammpsData}. */
export interface LammpsDataOptions extends LammpsReadOptions {
  /** The atom style when the `Atoms` line has no `# style` comment (default: from the column count). */
  atomStyle?: LammpsAtomStyle;
}

/**
 * Parse a LAMMPS data file (as `write_data` writes it): header counts, box bounds and tilt factors
 * (`xy xz yz`, triclinic), `Masses`, `Atoms` in the atomic, charge, full or molecular style (from the
 * `Atoms # style` comment, the option, or the column count; optional image flags) and `Velocities`; other
 * sections (bonds, coefficients) are skipped. Atoms are sorted by id. Arrays: `ids`, `types`, `charges`
 * (charge/full), `molIds` (full/molecular), `images` (I×3) and `velocities` (R×3, in the file's units) when
 * present; info: `origin` (box lower corner; positions are kept as in the file), `typeMasses`, `atomStyle`,
 * `comment` (first line). Elements from `typeSymbols` (a RangeError when one is not a chemical symbol), a `# Cu`
 * comment after a mass, or the mass itself (a type none of them names is X = 0). A leading byte-order mark is
 * skipped; numbers must be finite (`nan`, `inf`, `1e400` are a ParseError); the three box lines are required.
 *
 * @example
 * ```ts
 * const [box] = parseLammpsData(readFileSync('data.cu', 'utf8'), { typeSymbols: ['Cu'] });
 * ```
 */
export function parseLammpsData(text: string, options: LammpsDataOptions = {}): Structure[] {
  const lines = splitLines(stripBom(text));
  const cursor = LineCursor.over(lines, options);
  checkTypeSymbols(options);
  if (lines.length === 0) throw cursor.eofError('a LAMMPS data file (a title line, then the header)');
  const counts = new Map<string, number>();
  const box: LammpsBox = { lo: [0, 0, 0], hi: [0, 0, 0], tilt: [0, 0, 0] };
  const seenBounds = [false, false, false];
  let i = 1;
  // header
  for (; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*/, '');
    if (isBlank(line)) continue;
    if (!startsWithNumber(line)) break;
    const f = splitFields(line);
    const keyword = f.filter((t) => !/^[-+.\d]/.test(t)).join(' ');
    const values = f.filter((t) => /^[-+.\d]/.test(t));
    const bounds = ['xlo xhi', 'ylo yhi', 'zlo zhi'].indexOf(keyword);
    if (bounds >= 0 || keyword === 'xy xz yz') {
      const nums = values.map(parseReal);
      const bad = nums.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0 || nums.length !== (bounds >= 0 ? 2 : 3))
        throw cursor.fieldError(
          i,
          Math.max(bad, 0),
          expectedReal(`numbers for ${keyword}`, values[Math.max(bad, 0)]),
          values[Math.max(bad, 0)],
        );
      if (bounds >= 0) {
        box.lo[bounds] = nums[0]!;
        box.hi[bounds] = nums[1]!;
        seenBounds[bounds] = true;
        if (!(nums[1]! > nums[0]!))
          throw cursor.fieldError(i, 1, `${keyword.split(' ')[1]} greater than ${keyword.split(' ')[0]}`, values[1]);
      } else box.tilt = [nums[0]!, nums[1]!, nums[2]!];
    } else if (values.length === 1 && keyword.length > 0) {
      const count = parseInteger(values[0]!);
      if (count === undefined || count < 0) throw cursor.fieldError(i, 0, `a count for "${keyword}"`, values[0]);
      counts.set(keyword, count);
    } else {
      throw cursor.error(i, 1, 'a header line such as "N atoms", "N atom types" or "xlo xhi"', lines[i]);
    }
  }
  const natoms = counts.get('atoms');
  if (natoms === undefined) throw cursor.error(Math.min(i, lines.length - 1), 1, 'an "N atoms" header line', lines[i]);
  const ntypes = counts.get('atom types') ?? 0;
  if (ntypes > 1_000_000) throw cursor.error(1, 1, 'at most 1,000,000 atom types', `${ntypes} atom types`);
  const missing = seenBounds.indexOf(false);
  if (missing >= 0)
    throw cursor.error(Math.min(i, lines.length - 1), 1, `the ${['xlo xhi', 'ylo yhi', 'zlo zhi'][missing]} box line`, lines[i]);

  const masses = new Map<number, { mass: number; comment: string }>();
  // sections keep only the indices of their lines: each line is split when it is read, so no per-atom arrays of
  // fields live at once (a 10⁶-atom file)
  let atomLines: number[] | null = null;
  let velocityLines: number[] | null = null;
  let style: LammpsAtomStyle | undefined = options.atomStyle;
  let atomsHeaderLine = -1;
  const rowFields = (line: number): string[] => {
    const text = lines[line]!;
    const hash = text.indexOf('#');
    return splitFields(hash >= 0 ? text.slice(0, hash) : text);
  };
  while (i < lines.length) {
    const header = lines[i]!;
    if (isBlank(header)) {
      i++;
      continue;
    }
    const name = header.replace(/#.*/, '').trim();
    const comment = (/#(.*)$/.exec(header)?.[1] ?? '').trim();
    const headerIndex = i;
    i++;
    const rows: number[] = [];
    while (i < lines.length && (isBlank(lines[i]!) || startsWithNumber(lines[i]!))) {
      if (!isBlank(lines[i]!)) rows.push(i);
      i++;
    }
    if (name === 'Masses') {
      for (const line of rows) {
        const fields = rowFields(line);
        const t = parseInteger(fields[0]!);
        const m = parseReal(fields[1] ?? '');
        if (t === undefined || t < 1) throw cursor.fieldError(line, 0, 'an atom type (positive integer)', fields[0]);
        if (!(m > 0)) throw cursor.fieldError(line, 1, expectedReal('a positive mass', fields[1]), fields[1]);
        masses.set(t, { mass: m, comment: (/#(.*)$/.exec(lines[line]!)?.[1] ?? '').trim() });
      }
    } else if (name === 'Atoms') {
      atomLines = rows;
      atomsHeaderLine = headerIndex;
      if (comment.length > 0 && style === undefined) {
        if (!(comment in STYLE_COLUMNS))
          throw cursor.error(headerIndex, header.indexOf('#') + 1, 'atom style atomic, charge, full or molecular', comment);
        style = comment as LammpsAtomStyle;
      }
    } else if (name === 'Velocities') {
      velocityLines = rows;
    } else if (name.length === 0 || startsWithNumber(name)) {
      throw cursor.error(headerIndex, 1, 'a section name (Masses, Atoms, Velocities, …)', header);
    }
    // other sections (Bonds, Pair Coeffs, …) are skipped
  }
  if (atomLines === null) {
    if (natoms === 0) atomLines = [];
    else throw cursor.eofError(`an Atoms section with ${natoms} lines`);
  }
  if (atomLines.length !== natoms) {
    const at = atomLines[atomLines.length - 1] ?? atomsHeaderLine;
    throw cursor.error(at, 1, `${natoms} atom lines (the header says ${natoms} atoms)`, `${atomLines.length} lines`);
  }
  if (style === undefined && atomLines.length > 0) {
    const first = rowFields(atomLines[0]!);
    style = styleFromColumnCount(first.length);
    if (style === undefined)
      throw cursor.fieldError(atomLines[0]!, 0, 'an atom line of the atomic, charge or full style (5 to 10 columns)', first.join(' '));
  }
  const columns = STYLE_COLUMNS[style ?? 'atomic'];
  const n = atomLines.length;
  // per-column values in file order, then sorted by id
  const fileValues: Record<string, Float64Array> = {};
  for (const c of columns) fileValues[c] = new Float64Array(n);
  let fileImages: Int32Array | null = null;
  const maxType = ntypes > 0 ? ntypes : 1_000_000;
  const typeColumn = columns.indexOf('type');
  for (let r = 0; r < n; r++) {
    const line = atomLines[r]!;
    const f = rowFields(line);
    if (f.length !== columns.length && f.length !== columns.length + 3) {
      throw cursor.fieldError(
        line,
        Math.min(f.length, columns.length),
        `${columns.length} columns (${columns.join(' ')}) or ${columns.length + 3} with image flags`,
        f.length < columns.length ? 'end of line' : f[columns.length + (f.length > columns.length + 3 ? 3 : 0)],
      );
    }
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]!;
      const real = c === 'x' || c === 'y' || c === 'z' || c === 'q';
      const v = real ? parseReal(f[k]!) : parseInteger(f[k]!);
      if (v === undefined || !Number.isFinite(v))
        throw cursor.fieldError(line, k, real ? expectedReal(`a number for ${c}`, f[k]) : `an integer for ${c}`, f[k]);
      fileValues[c]![r] = v;
    }
    if (f.length > columns.length) {
      fileImages ??= new Int32Array(3 * n);
      for (let k = 0; k < 3; k++) {
        const t = f[columns.length + k]!;
        const v = parseInteger(t);
        if (v === undefined) throw cursor.fieldError(line, columns.length + k, 'an integer image flag', t);
        fileImages[3 * r + k] = v;
      }
    }
    const type = fileValues.type![r]!;
    if (type < 1 || type > maxType) throw cursor.fieldError(line, typeColumn, `an atom type from 1 to ${maxType}`, f[typeColumn]);
  }
  const fileIds = fileValues.id!;
  const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => fileIds[a]! - fileIds[b]!); // stable: ties keep file order
  for (let k = 1; k < n; k++) {
    if (fileIds[order[k]!] === fileIds[order[k - 1]!])
      throw cursor.error(atomLines[order[k]!]!, 1, 'unique atom ids', `id ${fileIds[order[k]!]} twice`);
  }
  // a loop, not Math.max(...spread): spreading 10⁵ values overflows the call stack
  let typeCount = ntypes;
  for (const t of fileValues.type!) if (t > typeCount) typeCount = t;
  const typeNumbers = numbersOfTypes(typeCount, options, masses);
  const numbers = new Int32Array(n);
  const positions = new Float64Array(3 * n);
  const ids = new Int32Array(n);
  const types = new Int32Array(n);
  const { x, y, z, type: fileTypes } = fileValues as Record<'x' | 'y' | 'z' | 'type', Float64Array>;
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    ids[k] = fileIds[r]!;
    types[k] = fileTypes[r]!;
    numbers[k] = typeNumbers[fileTypes[r]! - 1] ?? 0;
    positions[3 * k] = x[r]!;
    positions[3 * k + 1] = y[r]!;
    positions[3 * k + 2] = z[r]!;
  }
  const arrays: Record<string, AtomArray> = { ids: { type: 'I', width: 1, data: ids }, types: { type: 'I', width: 1, data: types } };
  const q = fileValues.q;
  if (q !== undefined) arrays.charges = { type: 'R', width: 1, data: Float64Array.from(order, (r) => q[r]!) };
  const mol = fileValues.mol;
  if (mol !== undefined) arrays.molIds = { type: 'I', width: 1, data: Int32Array.from(order, (r) => mol[r]!) };
  if (fileImages !== null) {
    const images = new Int32Array(3 * n);
    for (let k = 0; k < n; k++) images.set(fileImages.subarray(3 * order[k]!, 3 * order[k]! + 3), 3 * k);
    arrays.images = { type: 'I', width: 3, data: images };
  }
  if (velocityLines !== null) {
    const index = new Map<number, number>();
    ids.forEach((id, k) => {
      index.set(id, k);
    });
    const velocities = new Float64Array(3 * n);
    const seen = new Uint8Array(n);
    for (const line of velocityLines) {
      const fields = rowFields(line);
      const id = parseInteger(fields[0]!);
      const k = id === undefined ? undefined : index.get(id);
      if (k === undefined) throw cursor.fieldError(line, 0, 'the id of an atom in the Atoms section', fields[0]);
      if (fields.length < 4) throw cursor.fieldError(line, fields.length, 'id vx vy vz', 'end of line');
      for (let c = 0; c < 3; c++) {
        const v = parseReal(fields[1 + c]!);
        if (!Number.isFinite(v)) throw cursor.fieldError(line, 1 + c, expectedReal('a velocity component', fields[1 + c]), fields[1 + c]);
        velocities[3 * k + c] = v;
      }
      seen[k] = 1;
    }
    if (velocityLines.length !== n || seen.includes(0)) throw cursor.eofError(`a velocity line for each of the ${n} atoms`);
    arrays.velocities = { type: 'R', width: 3, data: velocities };
  }
  const info: Record<string, InfoValue> = {
    comment: lines[0]!.trim(),
    atomStyle: style ?? 'atomic',
    origin: [...box.lo],
    typeMasses: Array.from({ length: typeCount }, (_, t) => masses.get(t + 1)?.mass ?? 0),
  };
  return [{ numbers, positions, cell: cellOfBox(box), pbc: [true, true, true], arrays, info }];
}

/** Options of {@link formatLammpsData}. */
export interface LammpsDataWriteOptions {
  /** Atom style; default `charge` when the structure has `charges`, else `atomic`. */
  atomStyle?: LammpsAtomStyle;
}

/**
 * Write a structure as a LAMMPS data file (atomic, charge, full or molecular style; triclinic when the cell
 * has tilt): header counts, box (from the cell and `info.origin`), `Masses` with `# symbol` comments, `Atoms`
 * (ids from `ids`, types from `types` or one per element), image flags and `Velocities` when present. A cell
 * not in LAMMPS orientation is rotated (only when there are no per-atom vectors). Reals are shortest exact.
 *
 * @example
 * ```ts
 * writeFileSync('data.nacl', formatLammpsData(nacl, { atomStyle: 'charge' }));
 * ```
 */
export function formatLammpsData(frames: Structure | readonly Structure[], options: LammpsDataWriteOptions = {}): string {
  return writtenText((out) => writeLammpsData(frames, out, options));
}

/** {@link formatLammpsData} into a line builder (a file being written). @internal */
export function writeLammpsData(frames: Structure | readonly Structure[], out: LineBuilder, options: LammpsDataWriteOptions = {}): void {
  const s = onlyFrame(frames, 'a LAMMPS data file');
  const n = s.numbers.length;
  const style = options.atomStyle ?? (s.arrays.charges ? 'charge' : 'atomic');
  const { box, positions, rotated } = boxOfStructure(s);
  if (rotated && (s.arrays.velocities || s.arrays.forces))
    throw new RangeError('the cell is not in LAMMPS orientation and the structure has per-atom vectors; rotate it first');
  const { types, masses, symbols } = typesOf(s);
  const get = (name: string, type: string, width = 1) => {
    const a = s.arrays[name];
    return a !== undefined && a.type === type && a.width === width ? a.data : undefined;
  };
  const ids = get('ids', 'I') as Int32Array | undefined;
  const charges = get('charges', 'R') as Float64Array | undefined;
  const mol = get('molIds', 'I') as Int32Array | undefined;
  const images = get('images', 'I', 3) as Int32Array | undefined;
  const velocities = get('velocities', 'R', 3) as Float64Array | undefined;
  if ((style === 'charge' || style === 'full') && charges === undefined)
    throw new RangeError(`atom style ${style} needs a "charges" array (R×1)`);
  const title = typeof s.info.comment === 'string' ? s.info.comment.replace(/\n/g, ' ') : 'written by @equitensor/io';
  out.push(title, '', `${n} atoms`, `${masses.length} atom types`, '');
  out.push(
    `${formatReal(box.lo[0])} ${formatReal(box.hi[0])} xlo xhi`,
    `${formatReal(box.lo[1])} ${formatReal(box.hi[1])} ylo yhi`,
    `${formatReal(box.lo[2])} ${formatReal(box.hi[2])} zlo zhi`,
  );
  if (box.tilt.some((t) => t !== 0)) out.push(`${box.tilt.map((t) => formatReal(t, 'tilt')).join(' ')} xy xz yz`);
  out.push('', 'Masses', '');
  masses.forEach((m, t) => {
    out.push(`${t + 1} ${formatReal(m)} # ${symbols[t]}`);
  });
  out.push('', `Atoms # ${style}`, '');
  for (let i = 0; i < n; i++) {
    const values: Record<string, string> = {
      id: String(ids?.[i] ?? i + 1),
      mol: String(mol?.[i] ?? 1),
      type: String(types[i]),
      q: formatReal(charges?.[i] ?? 0),
      x: formatReal(positions[3 * i]!, () => `atom ${i}: x`),
      y: formatReal(positions[3 * i + 1]!, () => `atom ${i}: y`),
      z: formatReal(positions[3 * i + 2]!, () => `atom ${i}: z`),
    };
    let line = STYLE_COLUMNS[style].map((c) => values[c]).join(' ');
    if (images) line += ` ${images[3 * i]} ${images[3 * i + 1]} ${images[3 * i + 2]}`;
    out.push(line);
  }
  if (velocities) {
    out.push('', 'Velocities', '');
    for (let i = 0; i < n; i++)
      out.push(
        `${ids?.[i] ?? i + 1} ${formatReal(velocities[3 * i]!)} ${formatReal(velocities[3 * i + 1]!)} ${formatReal(velocities[3 * i + 2]!)}`,
      );
  }
}
