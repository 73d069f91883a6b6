import type { AtomArray, InfoValue, Structure } from '../../structure.ts';
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
  let atomRows: { fields: string[]; line: number }[] | null = null;
  let velocityRows: { fields: string[]; line: number }[] | null = null;
  let style: LammpsAtomStyle | undefined = options.atomStyle;
  let atomsHeaderLine = -1;
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
    const rows: { fields: string[]; line: number; comment: string }[] = [];
    while (i < lines.length && (isBlank(lines[i]!) || startsWithNumber(lines[i]!))) {
      if (!isBlank(lines[i]!))
        rows.push({ fields: splitFields(lines[i]!.replace(/#.*/, '')), line: i, comment: (/#(.*)$/.exec(lines[i]!)?.[1] ?? '').trim() });
      i++;
    }
    if (name === 'Masses') {
      for (const row of rows) {
        const t = parseInteger(row.fields[0]!);
        const m = parseReal(row.fields[1] ?? '');
        if (t === undefined || t < 1) throw cursor.fieldError(row.line, 0, 'an atom type (positive integer)', row.fields[0]);
        if (!(m > 0)) throw cursor.fieldError(row.line, 1, expectedReal('a positive mass', row.fields[1]), row.fields[1]);
        masses.set(t, { mass: m, comment: row.comment });
      }
    } else if (name === 'Atoms') {
      atomRows = rows;
      atomsHeaderLine = headerIndex;
      if (comment.length > 0 && style === undefined) {
        if (!(comment in STYLE_COLUMNS))
          throw cursor.error(headerIndex, header.indexOf('#') + 1, 'atom style atomic, charge, full or molecular', comment);
        style = comment as LammpsAtomStyle;
      }
    } else if (name === 'Velocities') {
      velocityRows = rows;
    } else if (name.length === 0 || startsWithNumber(name)) {
      throw cursor.error(headerIndex, 1, 'a section name (Masses, Atoms, Velocities, …)', header);
    }
    // other sections (Bonds, Pair Coeffs, …) are skipped
  }
  if (atomRows === null) {
    if (natoms === 0) atomRows = [];
    else throw cursor.eofError(`an Atoms section with ${natoms} lines`);
  }
  if (atomRows.length !== natoms) {
    const at = atomRows[atomRows.length - 1]?.line ?? atomsHeaderLine;
    throw cursor.error(at, 1, `${natoms} atom lines (the header says ${natoms} atoms)`, `${atomRows.length} lines`);
  }
  if (style === undefined && atomRows.length > 0) {
    style = styleFromColumnCount(atomRows[0]!.fields.length);
    if (style === undefined)
      throw cursor.fieldError(
        atomRows[0]!.line,
        0,
        'an atom line of the atomic, charge or full style (5 to 10 columns)',
        atomRows[0]!.fields.join(' '),
      );
  }
  const columns = STYLE_COLUMNS[style ?? 'atomic'];
  const parsed = atomRows.map((row) => {
    const f = row.fields;
    if (f.length !== columns.length && f.length !== columns.length + 3) {
      throw cursor.fieldError(
        row.line,
        Math.min(f.length, columns.length),
        `${columns.length} columns (${columns.join(' ')}) or ${columns.length + 3} with image flags`,
        f.length < columns.length ? 'end of line' : f[columns.length + (f.length > columns.length + 3 ? 3 : 0)],
      );
    }
    const value: Record<string, number> = {};
    columns.forEach((c, k) => {
      const v = c === 'x' || c === 'y' || c === 'z' || c === 'q' ? parseReal(f[k]!) : parseInteger(f[k]!);
      if (v === undefined || !Number.isFinite(v))
        throw cursor.fieldError(
          row.line,
          k,
          c === 'x' || c === 'y' || c === 'z' || c === 'q' ? expectedReal(`a number for ${c}`, f[k]) : `an integer for ${c}`,
          f[k],
        );
      value[c] = v;
    });
    const images =
      f.length > columns.length
        ? f.slice(columns.length).map((t, k) => {
            const v = parseInteger(t);
            if (v === undefined) throw cursor.fieldError(row.line, columns.length + k, 'an integer image flag', t);
            return v;
          })
        : null;
    const maxType = ntypes > 0 ? ntypes : 1_000_000;
    if (value.type! < 1 || value.type! > maxType)
      throw cursor.fieldError(row.line, columns.indexOf('type'), `an atom type from 1 to ${maxType}`, f[columns.indexOf('type')]);
    return { value, images, line: row.line };
  });
  parsed.sort((a, b) => a.value.id! - b.value.id!);
  for (let k = 1; k < parsed.length; k++) {
    if (parsed[k]!.value.id === parsed[k - 1]!.value.id)
      throw cursor.error(parsed[k]!.line, 1, 'unique atom ids', `id ${parsed[k]!.value.id} twice`);
  }
  const n = parsed.length;
  // a loop, not Math.max(...spread): spreading 10⁵ values overflows the call stack
  let typeCount = ntypes;
  for (const p of parsed) if (p.value.type! > typeCount) typeCount = p.value.type!;
  const typeNumbers = numbersOfTypes(typeCount, options, masses);
  const numbers = new Int32Array(n);
  const positions = new Float64Array(3 * n);
  const ids = new Int32Array(n);
  const types = new Int32Array(n);
  parsed.forEach((p, k) => {
    ids[k] = p.value.id!;
    types[k] = p.value.type!;
    numbers[k] = typeNumbers[p.value.type! - 1] ?? 0;
    positions[3 * k] = p.value.x!;
    positions[3 * k + 1] = p.value.y!;
    positions[3 * k + 2] = p.value.z!;
  });
  const arrays: Record<string, AtomArray> = { ids: { type: 'I', width: 1, data: ids }, types: { type: 'I', width: 1, data: types } };
  if (columns.includes('q')) arrays.charges = { type: 'R', width: 1, data: Float64Array.from(parsed, (p) => p.value.q!) };
  if (columns.includes('mol')) arrays.molIds = { type: 'I', width: 1, data: Int32Array.from(parsed, (p) => p.value.mol!) };
  if (parsed.some((p) => p.images !== null)) {
    const images = new Int32Array(3 * n);
    parsed.forEach((p, k) => {
      images.set(p.images ?? [0, 0, 0], 3 * k);
    });
    arrays.images = { type: 'I', width: 3, data: images };
  }
  if (velocityRows !== null) {
    const index = new Map<number, number>();
    ids.forEach((id, k) => {
      index.set(id, k);
    });
    const velocities = new Float64Array(3 * n);
    const seen = new Uint8Array(n);
    for (const row of velocityRows) {
      const id = parseInteger(row.fields[0]!);
      const k = id === undefined ? undefined : index.get(id);
      if (k === undefined) throw cursor.fieldError(row.line, 0, 'the id of an atom in the Atoms section', row.fields[0]);
      if (row.fields.length < 4) throw cursor.fieldError(row.line, row.fields.length, 'id vx vy vz', 'end of line');
      for (let c = 0; c < 3; c++) {
        const v = parseReal(row.fields[1 + c]!);
        if (!Number.isFinite(v))
          throw cursor.fieldError(row.line, 1 + c, expectedReal('a velocity component', row.fields[1 + c]), row.fields[1 + c]);
        velocities[3 * k + c] = v;
      }
      seen[k] = 1;
    }
    if (velocityRows.length !== n || seen.includes(0)) throw cursor.eofError(`a velocity line for each of the ${n} atoms`);
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
  const list = Array.isArray(frames) ? (frames as readonly Structure[]) : [frames as Structure];
  if (list.length !== 1) throw new RangeError(`a LAMMPS data file holds one structure, got ${list.length} frames`);
  const s = list[0]!;
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
  const out: string[] = [title, '', `${n} atoms`, `${masses.length} atom types`, ''];
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
      x: formatReal(positions[3 * i]!, `atom ${i}: x`),
      y: formatReal(positions[3 * i + 1]!, `atom ${i}: y`),
      z: formatReal(positions[3 * i + 2]!, `atom ${i}: z`),
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
  return `${out.join('\n')}\n`;
}
