import { chemicalSymbols } from '../../elements/elements.ts';
import type { AtomArray, Structure } from '../../structure.ts';
import type { LineBuilder } from '../columns.ts';
import { frameList, writtenText } from '../frames.ts';
import { formatReal } from '../text.ts';
import { formatKey, formatValue } from './keyvalue.ts';
import { formatProperties } from './properties.ts';

const RESERVED = new Set(['Lattice', 'Properties', 'pbc']);
const MATRIX_KEYS = new Set(['stress', 'virial']);

function checkFrame(s: Structure, index: number): void {
  const n = s.numbers.length;
  if (s.positions.length !== 3 * n) throw new RangeError(`frame ${index}: ${n} atoms but ${s.positions.length} position values`);
  if (s.cell !== null && s.cell.length !== 9) throw new RangeError(`frame ${index}: the cell has ${s.cell.length} values, expected 9`);
  for (const [name, array] of Object.entries(s.arrays)) {
    if (array.data.length !== array.width * n)
      throw new RangeError(`frame ${index}: array "${name}" has ${array.data.length} values, expected ${array.width}×${n}`);
    if (name === 'pos') throw new RangeError(`frame ${index}: "pos" is reserved for positions`);
    if (name === 'species' && (array.type !== 'S' || array.width !== 1))
      throw new RangeError(`frame ${index}: "species" must be an S×1 array of labels`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new RangeError(`frame ${index}: array name "${name}" cannot be written to extxyz Properties`);
    if (array.type === 'S') {
      for (const value of array.data) {
        if (value.length === 0 || /\s/.test(value))
          throw new RangeError(`frame ${index}: string "${value}" in array "${name}" is empty or has whitespace`);
      }
    }
  }
  for (const key of Object.keys(s.info)) {
    if (RESERVED.has(key)) throw new RangeError(`frame ${index}: info key "${key}" is reserved in extxyz`);
  }
}

function cellField(v: number, i: number): string {
  return formatReal(v, () => `Lattice entry ${i}`) + (i < 8 ? ' ' : '');
}

function formatValueOfArray(array: AtomArray, i: number, name: string): string {
  switch (array.type) {
    case 'R':
      return formatReal(array.data[i]!, () => `array "${name}", value ${i}`);
    case 'I':
      return String(array.data[i]!);
    case 'L':
      return array.data[i] ? 'T' : 'F';
    case 'S':
      return array.data[i]!;
  }
}

function formatFrame(s: Structure, index: number, lines: LineBuilder): void {
  checkFrame(s, index);
  const n = s.numbers.length;
  const species = s.arrays.species;
  const labelled = species !== undefined && species.type === 'S' && species.width === 1;
  const others = Object.entries(s.arrays).filter(([name]) => !(labelled && name === 'species'));
  const columns = [
    { name: 'species', type: 'S', width: 1 },
    { name: 'pos', type: 'R', width: 3 },
    ...others.map(([name, a]) => ({ name, type: a.type, width: a.width })),
  ];
  const header: string[] = [];
  if (s.cell !== null) header.push(`Lattice="${Array.from(s.cell, cellField).join('')}"`);
  header.push(`Properties=${formatProperties(columns)}`);
  for (const [key, raw] of Object.entries(s.info)) {
    let value = raw;
    if (MATRIX_KEYS.has(key) && Array.isArray(value) && value.length === 9 && typeof value[0] === 'number') {
      const v = value as number[];
      value = [v[0]!, v[3]!, v[6]!, v[1]!, v[4]!, v[7]!, v[2]!, v[5]!, v[8]!];
    }
    header.push(`${formatKey(key)}=${formatValue(value, `frame ${index}: info "${key}"`)}`);
  }
  header.push(`pbc="${s.pbc.map((b) => (b ? 'T' : 'F')).join(' ')}"`);

  lines.push(String(n), header.join(' '));
  const p = s.positions;
  const extra = others.map(([name, a]) => ({ name, array: a }));
  for (let i = 0; i < n; i++) {
    let line = labelled ? (species.data[i] as string) : (chemicalSymbols[s.numbers[i]!] ?? 'X');
    line += ` ${formatReal(p[3 * i]!, () => `frame ${index}, atom ${i}: x`)} ${formatReal(p[3 * i + 1]!, () => `frame ${index}, atom ${i}: y`)} ${formatReal(p[3 * i + 2]!, () => `frame ${index}, atom ${i}: z`)}`;
    for (const { name, array } of extra) {
      const w = array.width;
      for (let k = 0; k < w; k++) line += ` ${formatValueOfArray(array, i * w + k, name)}`;
    }
    lines.push(line);
  }
}

/**
 * Write one or more frames as extended XYZ (libAtoms extxyz, as ASE reads it): `Lattice` (when there is a
 * cell), `Properties` (species, pos, then every per-atom array in order), every `info` key-value, `pbc`.
 * Reals are written in the shortest form that reads back to exactly the same float64, so a round trip
 * loses nothing — except that extxyz cannot mark a string that reads as a number or logical (`"5"`, `"T"`) as a
 * string, so such info strings come back as numbers/logicals (as in ASE), and a 1-element array is written `[x]`. Throws a RangeError for a frame extxyz cannot hold (inconsistent lengths, an array name
 * that is not an identifier, strings with whitespace in a per-atom column, info keys Lattice/Properties/pbc, and NaN or
 * infinity anywhere, which the reader refuses).
 *
 * @example
 * ```ts
 * const text = formatExtxyz(frames);
 * parseExtxyz(text); // equal to frames
 * ```
 */
export function formatExtxyz(frames: Structure | readonly Structure[]): string {
  return writtenText((out) => writeExtxyz(frames, out));
}

/** {@link formatExtxyz} into a line builder (a file being written). @internal */
export function writeExtxyz(frames: Structure | readonly Structure[], out: LineBuilder): void {
  const list = frameList(frames);
  list.forEach((frame, i) => {
    formatFrame(frame, i, out);
  });
}
