import { atomicNumber, chemicalSymbols } from '../../elements/elements.ts';
import { unknownElementsOption } from '../../errors.ts';
import { fractionalToCartesian } from '../../structure/fractional.ts';
import type { AtomArray, InfoValue, Structure } from '../../structure.ts';
import type { LineBuilder } from '../columns.ts';
import { frameList, writtenText } from '../frames.ts';
import {
  countFields,
  expectedReal,
  formatReal,
  isSpaceCode,
  LineCursor,
  parseInteger,
  parseReal,
  splitFields,
  splitLines,
  stripBom,
} from '../text.ts';
import { boxOfStructure, cellOfBox, type LammpsBox } from './box.ts';
import { checkTypeSymbols, elementFromMass, type LammpsReadOptions, typesOf } from './types.ts';

/** Columns that become named arrays: LAMMPS name(s) → our array name, width and type. */
const VECTOR_COLUMNS: { columns: string[]; name: string; type: 'R' | 'I' }[] = [
  { columns: ['vx', 'vy', 'vz'], name: 'velocities', type: 'R' },
  { columns: ['fx', 'fy', 'fz'], name: 'forces', type: 'R' },
  { columns: ['ix', 'iy', 'iz'], name: 'images', type: 'I' },
];
const SCALAR_COLUMNS: Record<string, { name: string; type: 'R' | 'I' }> = {
  id: { name: 'ids', type: 'I' },
  type: { name: 'types', type: 'I' },
  mol: { name: 'molIds', type: 'I' },
  q: { name: 'charges', type: 'R' },
  mass: { name: 'masses', type: 'R' },
};
const POSITION_SETS = [
  { columns: ['x', 'y', 'z'], scaled: false },
  { columns: ['xu', 'yu', 'zu'], scaled: false },
  { columns: ['xs', 'ys', 'zs'], scaled: true },
  { columns: ['xsu', 'ysu', 'zsu'], scaled: true },
];

function arrayName(column: string): string {
  return column.replace(/\[(\d+)\]/g, '_$1').replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The words after `ITEM:` when `line` is an item line whose keyword is `keyword` (`'NUMBER OF ATOMS'`), with
 * any whitespace ({@link isSpaceCode}: spaces, tabs, no-break spaces) before and between the words; undefined otherwise.
 * @internal
 */
export function itemRest(line: string, keyword: string): string[] | undefined {
  let i = 0;
  while (i < line.length && isSpaceCode(line.charCodeAt(i))) i++;
  if (!line.startsWith('ITEM:', i)) return undefined;
  const words = splitFields(line.slice(i + 5));
  const want = keyword.split(' ');
  for (let k = 0; k < want.length; k++) if (words[k] !== want[k]) return undefined;
  return words.slice(want.length);
}

/**
 * Parse one frame starting at line index `cursor.index`, advancing the cursor past it.
 * Shared by {@link parseLammpsDump} and the chunked reader.
 * @internal
 */
export function parseLammpsDumpFrame(cursor: LineCursor, options: LammpsReadOptions): Structure {
  const unknown = unknownElementsOption(options);
  const expectItem = (prefix: string): string[] => {
    const i = cursor.index;
    const line = cursor.lines[i];
    if (line === undefined) throw cursor.eofError(`"ITEM: ${prefix}"`);
    const rest = itemRest(line, prefix);
    if (rest === undefined) throw cursor.error(i, 1, `"ITEM: ${prefix}"`, line);
    cursor.index++;
    return rest;
  };
  const nextLine = (what: string): { fields: string[]; index: number } => {
    const i = cursor.index;
    const line = cursor.lines[i];
    if (line === undefined) throw cursor.eofError(what);
    cursor.index++;
    return { fields: splitFields(line), index: i };
  };
  expectItem('TIMESTEP');
  const ts = nextLine('the timestep');
  const timestep = parseInteger(ts.fields[0] ?? '');
  if (timestep === undefined || ts.fields.length !== 1) throw cursor.fieldError(ts.index, 0, 'the timestep (an integer)', ts.fields[0]);
  // optional ITEM: UNITS / TIME lines some dumps carry
  for (let line = cursor.lines[cursor.index]; line !== undefined && (itemRest(line, 'UNITS') ?? itemRest(line, 'TIME')) !== undefined; ) {
    cursor.index += 2;
    line = cursor.lines[cursor.index];
  }
  expectItem('NUMBER OF ATOMS');
  const na = nextLine('the number of atoms');
  const n = parseInteger(na.fields[0] ?? '');
  if (n === undefined || n < 0 || na.fields.length !== 1)
    throw cursor.fieldError(na.index, 0, 'the number of atoms (a non-negative integer)', na.fields[0]);
  const boundsIndex = cursor.index;
  const boundsText = expectItem('BOX BOUNDS');
  const triclinic = boundsText[0] === 'xy';
  const flags = triclinic ? boundsText.slice(3) : boundsText;
  if (flags.length !== 3 || !flags.every((f) => /^[pfsm]{1,2}$/.test(f)))
    throw cursor.error(boundsIndex, 1, 'BOX BOUNDS [xy xz yz] and three boundary flags (pp, ff, ss, fm …)', cursor.lines[boundsIndex]);
  const pbc = flags.map((f) => f.startsWith('p')) as [boolean, boolean, boolean];
  const raw: number[][] = [];
  for (let k = 0; k < 3; k++) {
    const row = nextLine('a box bounds line');
    const values = row.fields.map(parseReal);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (row.fields.length !== (triclinic ? 3 : 2) || bad >= 0) {
      throw cursor.fieldError(
        row.index,
        Math.max(bad, 0),
        expectedReal(triclinic ? 'lo hi tilt' : 'lo hi', row.fields[bad]),
        row.fields.join(' '),
      );
    }
    raw.push(values);
  }
  const boxRows = [cursor.index - 3, cursor.index - 2, cursor.index - 1];
  const box: LammpsBox = { lo: [0, 0, 0], hi: [0, 0, 0], tilt: [0, 0, 0] };
  if (triclinic) {
    const [xy, xz, yz] = [raw[0]![2]!, raw[1]![2]!, raw[2]![2]!];
    box.tilt = [xy, xz, yz];
    box.lo = [raw[0]![0]! - Math.min(0, xy, xz, xy + xz), raw[1]![0]! - Math.min(0, yz), raw[2]![0]!];
    box.hi = [raw[0]![1]! - Math.max(0, xy, xz, xy + xz), raw[1]![1]! - Math.max(0, yz), raw[2]![1]!];
  } else {
    box.lo = [raw[0]![0]!, raw[1]![0]!, raw[2]![0]!];
    box.hi = [raw[0]![1]!, raw[1]![1]!, raw[2]![1]!];
  }
  for (let k = 0; k < 3; k++) {
    if (!(box.hi[k]! - box.lo[k]! > 0))
      throw cursor.fieldError(
        boxRows[k]!,
        1,
        `${'xyz'[k]}hi greater than ${'xyz'[k]}lo (a box of non-zero size)`,
        cursor.lines[boxRows[k]!],
      );
  }
  const atomsIndex = cursor.index;
  const columns = expectItem('ATOMS');
  const positionSet = POSITION_SETS.find((set) => set.columns.every((c) => columns.includes(c)));
  if (positionSet === undefined)
    throw cursor.error(atomsIndex, 1, 'ATOMS columns with positions (x y z, xu yu zu, xs ys zs or xsu ysu zsu)', cursor.lines[atomsIndex]);
  const element = columns.indexOf('element');
  const checkRow = (row: { fields: string[]; index: number }): void => {
    if (row.fields.length !== columns.length)
      throw cursor.fieldError(
        row.index,
        Math.min(row.fields.length, columns.length),
        `${columns.length} columns (${columns.join(' ')})`,
        row.fields.length < columns.length ? 'end of line' : row.fields[columns.length],
      );
  };
  const firstRow = cursor.index;
  // pass 1, before allocating n values: every row has its columns, or the file ends. Rows are counted, not split,
  // and this comes first whatever the lines read so far, so a chunked read finds the same first error as the whole text
  for (let a = 0; a < n; a++) {
    const line = cursor.lines[firstRow + a];
    if (line === undefined) throw cursor.eofError(`${n} atom lines`);
    if (countFields(line) !== columns.length) checkRow({ fields: splitFields(line), index: firstRow + a });
  }
  // pass 2: the atom lines straight into per-column arrays; no per-atom field arrays are kept
  const values: (Float64Array | null)[] = columns.map((_, k) => (k === element ? null : new Float64Array(n)));
  const symbols: string[] = element >= 0 ? new Array<string>(n) : [];
  for (let a = 0; a < n; a++) {
    const row = nextLine(`${n} atom lines`);
    const fields = row.fields;
    for (let k = 0; k < fields.length; k++) {
      if (k === element) {
        symbols[a] = fields[k]!;
        continue;
      }
      const v = parseReal(fields[k]!);
      if (Number.isNaN(v)) throw cursor.fieldError(row.index, k, expectedReal(`a number for ${columns[k]}`, fields[k]), fields[k]);
      values[k]![a] = v;
    }
  }
  /** Line index and field text of atom row `a`, for an error message. */
  const rowField = (a: number, k: number): string | undefined => splitFields(cursor.lines[firstRow + a]!)[k];
  const column = (name: string): Float64Array | null => values[columns.indexOf(name)] ?? null;
  const order = Array.from({ length: n }, (_, a) => a);
  const idColumn = column('id');
  if (idColumn) {
    order.sort((a, b) => idColumn[a]! - idColumn[b]!);
    for (let k = 1; k < n; k++)
      if (idColumn[order[k]!] === idColumn[order[k - 1]!])
        throw cursor.error(firstRow + order[k]!, 1, 'unique atom ids', `id ${idColumn[order[k]!]} twice`);
  }
  const used = new Set<string>([...positionSet.columns, 'element']);
  const positions = new Float64Array(3 * n);
  const pos = positionSet.columns.map((c) => column(c)!);
  order.forEach((src, a) => {
    for (let k = 0; k < 3; k++) positions[3 * a + k] = pos[k]![src]!;
  });
  const cell = cellOfBox(box);
  let cartesian: Float64Array = positions;
  if (positionSet.scaled) {
    cartesian = fractionalToCartesian(positions, cell);
    for (let a = 0; a < n; a++) for (let k = 0; k < 3; k++) cartesian[3 * a + k]! += box.lo[k]!;
  }
  const arrays: Record<string, AtomArray> = {};
  const integerColumn = (name: string, data: Float64Array, index: number): Int32Array => {
    const out = new Int32Array(n);
    order.forEach((src, a) => {
      const v = data[src]!;
      if (!Number.isInteger(v) || Math.abs(v) > 2147483647)
        throw cursor.fieldError(firstRow + src, index, `an integer for ${name}`, rowField(src, index));
      out[a] = v;
    });
    return out;
  };
  for (const [c, spec] of Object.entries(SCALAR_COLUMNS)) {
    const data = column(c);
    if (data === null) continue;
    used.add(c);
    arrays[spec.name] =
      spec.type === 'I'
        ? { type: 'I', width: 1, data: integerColumn(c, data, columns.indexOf(c)) }
        : { type: 'R', width: 1, data: Float64Array.from(order, (src) => data[src]!) };
  }
  for (const spec of VECTOR_COLUMNS) {
    if (!spec.columns.every((c) => columns.includes(c))) continue;
    for (const c of spec.columns) used.add(c);
    const data = spec.type === 'I' ? new Int32Array(3 * n) : new Float64Array(3 * n);
    spec.columns.forEach((c, k) => {
      const col = column(c)!;
      const source = spec.type === 'I' ? integerColumn(c, col, columns.indexOf(c)) : Float64Array.from(order, (src) => col[src]!);
      for (let a = 0; a < n; a++) data[3 * a + k] = source[a]!;
    });
    arrays[spec.name] =
      spec.type === 'I' ? { type: 'I', width: 3, data: data as Int32Array } : { type: 'R', width: 3, data: data as Float64Array };
  }
  columns.forEach((c, k) => {
    if (used.has(c)) return;
    const data = values[k]!;
    arrays[arrayName(c)] = { type: 'R', width: 1, data: Float64Array.from(order, (src) => data[src]!) };
  });
  // elements: element column, then typeSymbols, then masses
  const numbers = new Int32Array(n);
  const types = arrays.types?.data as Int32Array | undefined;
  const massData = arrays.masses?.data as Float64Array | undefined;
  order.forEach((src, a) => {
    let z: number | undefined;
    if (element >= 0) {
      z = atomicNumber(symbols[src]!);
      if (z === undefined && unknown === 'error')
        throw cursor.fieldError(
          firstRow + src,
          element,
          "a chemical symbol in the element column (or the option unknownElements: 'X')",
          symbols[src],
        );
    } else if (types && options.typeSymbols?.[types[a]! - 1] !== undefined) {
      z = atomicNumber(options.typeSymbols[types[a]! - 1]!);
    } else if (massData) {
      z = elementFromMass(massData[a]!);
    }
    numbers[a] = z ?? 0;
  });
  const info: Record<string, InfoValue> = { timestep, origin: [...box.lo] };
  return { numbers, positions: cartesian, cell, pbc, arrays, info };
}

/**
 * Parse a LAMMPS dump in the `custom` (or `atom`) text format: one frame per `ITEM: TIMESTEP`, atoms sorted
 * by id, orthogonal or triclinic box (`BOX BOUNDS xy xz yz`, bounds converted back to the cell), pbc from
 * the boundary flags, positions from x y z, xu yu zu or scaled xs ys zs / xsu ysu zsu columns. Known columns
 * become arrays (`ids`, `types`, `molIds`, `charges`, `masses`, `velocities`, `forces`, `images`); any other
 * column (c_pe, v_x, f_1[2] → f_1_2) a real array of that name. Elements come from an `element` column,
 * `typeSymbols`, or a `mass` column (an atom whose type none of them names is X = 0; an `element` that is not a
 * symbol is a ParseError unless `unknownElements: 'X'`). info: `timestep`, `origin` (box lower corner).
 * A leading byte-order mark is skipped, tabs separate words like spaces (in ITEM lines too), numbers must be
 * finite (`nan`, `inf`, `1e400` are a ParseError) and each box length positive.
 * `lineOffset` counts the lines of the file before `text` in error line numbers.
 *
 * @example
 * ```ts
 * const frames = parseLammpsDump(readFileSync('dump.lammpstrj', 'utf8'), { typeSymbols: ['Cu'] });
 * ```
 */
export function parseLammpsDump(text: string, options: LammpsReadOptions = {}): Structure[] {
  const cursor = LineCursor.over(splitLines(stripBom(text)), options);
  checkTypeSymbols(options);
  unknownElementsOption(options);
  return cursor.readAll((c) => parseLammpsDumpFrame(c, options));
}

/**
 * Write frames as a LAMMPS custom dump: `id type element x y z`, then `vx vy vz`, `fx fy fz`, `q` and every
 * other R/I array of width 1 present on the first frame, with the (triclinic) box and pbc flags; reals in
 * shortest exact form. `info.timestep` is used when present, else the frame index.
 *
 * @example
 * ```ts
 * writeFileSync('traj.lammpstrj', formatLammpsDump(frames));
 * ```
 */
export function formatLammpsDump(frames: Structure | readonly Structure[]): string {
  return writtenText((out) => writeLammpsDump(frames, out));
}

/** {@link formatLammpsDump} into a line builder (a file being written). @internal */
export function writeLammpsDump(frames: Structure | readonly Structure[], out: LineBuilder): void {
  const list = frameList(frames);
  list.forEach((s, f) => {
    const n = s.numbers.length;
    const { box, positions, rotated } = boxOfStructure(s);
    if (rotated && (s.arrays.velocities || s.arrays.forces))
      throw new RangeError(`frame ${f}: the cell is not in LAMMPS orientation and the structure has per-atom vectors; rotate it first`);
    const { types } = typesOf(s);
    const ids = s.arrays.ids?.type === 'I' ? (s.arrays.ids.data as Int32Array) : undefined;
    const cols: { header: string; value: (i: number) => string }[] = [
      { header: 'id', value: (i) => String(ids?.[i] ?? i + 1) },
      { header: 'type', value: (i) => String(types[i]) },
      { header: 'element', value: (i) => chemicalSymbols[s.numbers[i]!] ?? 'X' },
      { header: 'x', value: (i) => formatReal(positions[3 * i]!, () => `frame ${f}, atom ${i}: x`) },
      { header: 'y', value: (i) => formatReal(positions[3 * i + 1]!, () => `frame ${f}, atom ${i}: y`) },
      { header: 'z', value: (i) => formatReal(positions[3 * i + 2]!, () => `frame ${f}, atom ${i}: z`) },
    ];
    for (const spec of VECTOR_COLUMNS) {
      const a = s.arrays[spec.name];
      if (a === undefined || a.width !== 3 || a.type !== spec.type) continue;
      spec.columns.forEach((c, k) => {
        cols.push({ header: c, value: (i) => (a.type === 'R' ? formatReal(a.data[3 * i + k]!) : String(a.data[3 * i + k])) });
      });
    }
    const scalarNames = new Map(Object.entries(SCALAR_COLUMNS).map(([c, spec]) => [spec.name, c]));
    for (const [name, a] of Object.entries(s.arrays)) {
      if (name === 'ids' || name === 'types' || a.width !== 1 || (a.type !== 'R' && a.type !== 'I')) continue;
      if (VECTOR_COLUMNS.some((v) => v.name === name)) continue;
      const header = scalarNames.get(name) ?? name;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(header)) continue;
      cols.push({ header, value: (i) => (a.type === 'R' ? formatReal(a.data[i]!) : String(a.data[i])) });
    }
    const triclinic = box.tilt.some((t) => t !== 0);
    const flags = s.pbc.map((p) => (p ? 'pp' : 'ff')).join(' ');
    out.push('ITEM: TIMESTEP', String(typeof s.info.timestep === 'number' ? s.info.timestep : f), 'ITEM: NUMBER OF ATOMS', String(n));
    if (triclinic) {
      const [xy, xz, yz] = box.tilt;
      out.push(`ITEM: BOX BOUNDS xy xz yz ${flags}`);
      out.push(
        `${formatReal(box.lo[0] + Math.min(0, xy, xz, xy + xz))} ${formatReal(box.hi[0] + Math.max(0, xy, xz, xy + xz))} ${formatReal(xy)}`,
      );
      out.push(`${formatReal(box.lo[1] + Math.min(0, yz))} ${formatReal(box.hi[1] + Math.max(0, yz))} ${formatReal(xz)}`);
      out.push(`${formatReal(box.lo[2])} ${formatReal(box.hi[2])} ${formatReal(yz)}`);
    } else {
      out.push(`ITEM: BOX BOUNDS ${flags}`);
      for (let k = 0; k < 3; k++) out.push(`${formatReal(box.lo[k]!)} ${formatReal(box.hi[k]!)}`);
    }
    out.push(`ITEM: ATOMS ${cols.map((c) => c.header).join(' ')}`);
    for (let i = 0; i < n; i++) out.push(cols.map((c) => c.value(i)).join(' '));
  });
}
