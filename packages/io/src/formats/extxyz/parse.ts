import { atomicNumber, atomicNumberAnyCase, chemicalSymbols } from '../../elements/elements.ts';
import { type ParseOptions, unknownElementsOption } from '../../errors.ts';
import type { AtomArray, InfoValue, Structure } from '../../structure.ts';
import { degenerateCell, expectedReal, LineCursor, parseInteger, parseReal, splitFields, splitLines, stripBom } from '../text.ts';
import { interpretValue, KeyValueSyntaxError, parseLogical, tokenizeKeyValues } from './keyvalue.ts';
import { PropertiesSyntaxError, type PropertyColumn, parseProperties } from './properties.ts';

/** Keys whose 9 numbers ASE stores column-major (Fortran order); we keep them row-major in `info`. */
const MATRIX_KEYS = new Set(['stress', 'virial']);

interface Header {
  columns: PropertyColumn[];
  cell: Float64Array | null;
  pbc: [boolean, boolean, boolean];
  info: Record<string, InfoValue>;
}

function transpose9(v: number[]): number[] {
  return [v[0]!, v[3]!, v[6]!, v[1]!, v[4]!, v[7]!, v[2]!, v[5]!, v[8]!];
}

function parseHeader(cursor: LineCursor, lineIndex: number): Header {
  const line = cursor.lines[lineIndex] ?? '';
  const info: Record<string, InfoValue> = {};
  let columns: PropertyColumn[] = [
    { name: 'species', type: 'S', width: 1, offset: 0 },
    { name: 'pos', type: 'R', width: 3, offset: 0 },
  ];
  let cell: Float64Array | null = null;
  let pbc: [boolean, boolean, boolean] | null = null;
  if (!line.includes('=')) {
    // plain XYZ: the comment line is free text
    const comment = line.trim();
    if (comment.length > 0) info.comment = comment;
    return { columns, cell, pbc: [false, false, false], info };
  }
  let pairs: ReturnType<typeof tokenizeKeyValues>;
  try {
    pairs = tokenizeKeyValues(line);
  } catch (error) {
    if (error instanceof KeyValueSyntaxError) throw cursor.error(lineIndex, error.position + 1, error.expected, error.found);
    throw error;
  }
  const interpret = (kv: (typeof pairs)[number]) => {
    try {
      return interpretValue(kv);
    } catch (error) {
      if (error instanceof KeyValueSyntaxError) throw cursor.error(lineIndex, error.position + 1, error.expected, error.found);
      throw error;
    }
  };
  let latticeColumn = 1;
  for (const kv of pairs) {
    if (kv.key === 'Lattice') {
      latticeColumn = kv.valueColumn;
      const value = interpret(kv);
      if (!Array.isArray(value) || value.length !== 9 || typeof value[0] !== 'number' || !(value as number[]).every(Number.isFinite)) {
        throw cursor.error(lineIndex, kv.valueColumn, 'Lattice with 9 finite numbers (a, b, c row by row)', kv.text);
      }
      cell = Float64Array.from(value as number[]);
    } else if (kv.key === 'Properties') {
      try {
        columns = parseProperties(kv.text ?? '');
      } catch (error) {
        if (error instanceof PropertiesSyntaxError)
          throw cursor.error(lineIndex, kv.valueColumn + error.offset, error.expected, error.found);
        throw error;
      }
    } else if (kv.key === 'pbc') {
      const value = interpret(kv);
      if (typeof value === 'boolean') pbc = [value, value, value];
      else if (Array.isArray(value) && value.length === 3 && typeof value[0] === 'boolean') pbc = value as [boolean, boolean, boolean];
      else throw cursor.error(lineIndex, kv.valueColumn, 'pbc as three logicals ("T T F")', kv.text);
    } else {
      let value = interpret(kv);
      if (MATRIX_KEYS.has(kv.key) && Array.isArray(value) && value.length === 9 && typeof value[0] === 'number') {
        value = transpose9(value as number[]);
      }
      info[kv.key] = value;
    }
  }
  const posColumn = columns.find((c) => c.name === 'pos');
  if (posColumn === undefined || posColumn.type !== 'R' || posColumn.width !== 3) {
    throw cursor.error(lineIndex, 1, 'Properties with a pos:R:3 column', line);
  }
  const finalPbc: [boolean, boolean, boolean] = pbc ?? (cell === null ? [false, false, false] : [true, true, true]);
  if (cell !== null) {
    const why = degenerateCell(cell, finalPbc);
    if (why !== undefined) throw cursor.error(lineIndex, latticeColumn, 'a Lattice of a real cell', why);
  }
  return { columns, cell, pbc: finalPbc, info };
}

/** The fields of atom line `lineIndex`, or the ParseError of a line with another number of them than `totalFields`. */
function atomFields(cursor: LineCursor, lineIndex: number, totalFields: number, expectedLine: string): string[] {
  const fields = splitFields(cursor.lines[lineIndex]!);
  if (fields.length !== totalFields) {
    throw cursor.fieldError(
      lineIndex,
      Math.min(fields.length, totalFields),
      expectedLine,
      fields.length < totalFields ? 'end of line' : fields[totalFields],
    );
  }
  return fields;
}

function allocate(column: PropertyColumn, n: number): AtomArray {
  const size = column.width * n;
  switch (column.type) {
    case 'R':
      return { type: 'R', width: column.width, data: new Float64Array(size) };
    case 'I':
      return { type: 'I', width: column.width, data: new Int32Array(size) };
    case 'L':
      return { type: 'L', width: column.width, data: new Uint8Array(size) };
    case 'S':
      return { type: 'S', width: column.width, data: new Array<string>(size).fill('') };
  }
}

const EXPECTED: Record<PropertyColumn['type'], string> = {
  R: 'a real number',
  I: 'an integer',
  L: 'a logical (T or F)',
  S: 'a string',
};

/**
 * Parse one frame starting at line index `cursor.index`, advancing the cursor past it.
 * Shared by {@link parseExtxyz} and the streaming reader.
 * @internal
 */
export function parseExtxyzFrame(cursor: LineCursor, options: ParseOptions = {}): Structure {
  const unknown = unknownElementsOption(options);
  const countIndex = cursor.index;
  const countLine = cursor.lines[countIndex];
  const countText = countLine?.trim();
  const n = countText === undefined ? undefined : parseInteger(countText);
  if (n === undefined || n < 0) throw cursor.error(countIndex, 1, 'the number of atoms (a non-negative integer)', countLine);
  if (countIndex + 1 >= cursor.lines.length) throw cursor.eofError(`the comment line of a frame of ${n} atoms`);
  const header = parseHeader(cursor, countIndex + 1);
  const first = countIndex + 2;
  if (first + n > cursor.lines.length) {
    throw cursor.eofError(
      `${n} atom lines (the frame starting at line ${cursor.lineNumber(countIndex)}), found only ${cursor.lines.length - first}`,
    );
  }
  const columns = header.columns;
  const totalFields = columns.reduce((sum, c) => sum + c.width, 0);
  const expectedLine = `${totalFields} fields (${columns.map((c) => `${c.name}:${c.type}:${c.width}`).join(' ')})`;
  if (n > 0) {
    // check the first line before allocating width × n values
    atomFields(cursor, first, totalFields, expectedLine);
  }
  const arrays: Record<string, AtomArray> = {};
  const targets: AtomArray[] = columns.map((c) => {
    const array = allocate(c, n);
    arrays[c.name] = array;
    return array;
  });
  for (let a = 0; a < n; a++) {
    const lineIndex = first + a;
    const fields = atomFields(cursor, lineIndex, totalFields, expectedLine);
    let f = 0;
    for (let c = 0; c < columns.length; c++) {
      const target = targets[c]!;
      const width = target.width;
      const base = a * width;
      switch (target.type) {
        case 'R':
          for (let k = 0; k < width; k++, f++) {
            const token = fields[f]!;
            const value = parseReal(token);
            if (Number.isNaN(value))
              throw cursor.fieldError(lineIndex, f, expectedReal(`${EXPECTED.R} for ${columns[c]!.name}`, token), token);
            target.data[base + k] = value;
          }
          break;
        case 'I':
          for (let k = 0; k < width; k++, f++) {
            const value = parseInteger(fields[f]!);
            if (value === undefined) throw cursor.fieldError(lineIndex, f, `${EXPECTED.I} for ${columns[c]!.name}`, fields[f]);
            target.data[base + k] = value;
          }
          break;
        case 'L':
          for (let k = 0; k < width; k++, f++) {
            const value = parseLogical(fields[f]!);
            if (value === undefined) throw cursor.fieldError(lineIndex, f, `${EXPECTED.L} for ${columns[c]!.name}`, fields[f]);
            target.data[base + k] = value ? 1 : 0;
          }
          break;
        case 'S':
          for (let k = 0; k < width; k++, f++) target.data[base + k] = fields[f]!;
          break;
      }
    }
  }
  cursor.index = first + n;

  const positions = (arrays.pos as { data: Float64Array }).data;
  delete arrays.pos;
  const numbers = new Int32Array(n);
  const species = arrays.species;
  let numbersFound = false;
  if (species !== undefined && species.type === 'S' && species.width === 1) {
    let allElements = true;
    const speciesField = columns.findIndex((c) => c.name === 'species');
    const fieldIndex = columns.slice(0, speciesField).reduce((sum, c) => sum + c.width, 0);
    for (let a = 0; a < n; a++) {
      const label = species.data[a]!;
      const z = atomicNumber(label);
      if (z === undefined) {
        allElements = false;
        const anyCase = atomicNumberAnyCase(label);
        if (anyCase === undefined && unknown === 'error')
          throw cursor.fieldError(first + a, fieldIndex, "a chemical symbol for species (or the option unknownElements: 'X')", label);
        numbers[a] = anyCase ?? 0;
      } else numbers[a] = z;
    }
    numbersFound = true;
    // keep labels that are not element symbols as written (e.g. "CL", or "Type2" read as X) so nothing is lost
    if (allElements) delete arrays.species;
  }
  const zColumn = arrays.Z;
  if (!numbersFound && zColumn !== undefined && zColumn.type === 'I' && zColumn.width === 1) {
    const zField = columns
      .slice(
        0,
        columns.findIndex((c) => c.name === 'Z'),
      )
      .reduce((sum, c) => sum + c.width, 0);
    for (let a = 0; a < n; a++) {
      const z = zColumn.data[a]!;
      if (chemicalSymbols[z] !== undefined) numbers[a] = z;
      else if (unknown === 'error')
        throw cursor.fieldError(first + a, zField, "an atomic number from 0 to 118 for Z (or the option unknownElements: 'X')", String(z));
      else numbers[a] = 0;
    }
    delete arrays.Z;
  }
  return { numbers, positions, cell: header.cell, pbc: header.pbc, arrays, info: header.info };
}

/**
 * Parse an XYZ or extended XYZ text (libAtoms extxyz: `Lattice=`, `Properties=` with S/R/I/L columns of any
 * width, `pbc=`, quoted and escaped strings, arrays and logicals in key-values) into one structure per frame.
 *
 * The `species` column gives `numbers` (a symbol in another case, `CL`, is read as its element and the labels
 * kept in `arrays.species`; a label that is no element, `Type2`, is a ParseError unless `unknownElements: 'X'`
 * reads it as X = 0, labels kept); `pos` gives positions; `Z:I:1` gives numbers when there is no species column; every
 * other column is kept in `arrays` under its name (`forces`, `charges`, …). All other key-values go to
 * `info`; `stress` and `virial` (9 numbers, which ASE writes column-major) are stored row-major. A plain
 * XYZ comment line (no `=`) is kept as `info.comment`. Blank lines between frames and at the end are
 * ignored; a leading byte-order mark is skipped. Numbers must be finite (`nan`, `inf`, `1e400` are a
 * ParseError, in atom lines and key-values alike), and a Lattice must span its periodic directions. Throws {@link ParseError} naming the line and column for anything else (counted from
 * `options.lineOffset` for a piece of a file; {@link ChunkedFrameReader} reads text in chunks).
 *
 * @example
 * ```ts
 * const frames = parseExtxyz(text, { fileName: 'train.xyz' });
 * frames[0].info.energy;          // -426.29982847
 * frames[0].arrays.forces.data;   // Float64Array(3N)
 * ```
 */
export function parseExtxyz(text: string, options: ParseOptions = {}): Structure[] {
  const cursor = LineCursor.over(splitLines(stripBom(text)), options);
  unknownElementsOption(options);
  return cursor.readAll((c) => parseExtxyzFrame(c, options));
}
