import { atomicNumber } from '../elements/elements.ts';
import type { AtomArray, InfoValue, Structure } from '../structure.ts';
import { type CellParameters, cellFromParameters } from './cell.ts';

/** What {@link createStructure} accepts: symbols or numbers, flat or nested positions, any cell form. */
export interface StructureInit {
  /** Chemical symbols (`['O', 'H', 'H']`); give these or `numbers`. */
  symbols?: readonly string[];
  /** Atomic numbers; give these or `symbols`. */
  numbers?: ArrayLike<number>;
  /** Positions (Å): flat (x0, y0, z0, …) or one `[x, y, z]` per atom. */
  positions: ArrayLike<number> | readonly (readonly [number, number, number] | readonly number[])[];
  /** A cell: 9 numbers row-major, 3 rows, 3 lengths (orthorhombic), or lengths and angles. */
  cell?: ArrayLike<number> | readonly (readonly number[])[] | CellParameters | null;
  /** Periodicity; defaults to `[true, true, true]` with a cell and all false without. */
  pbc?: boolean | readonly [boolean, boolean, boolean];
  arrays?: Record<string, AtomArray>;
  info?: Record<string, InfoValue>;
}

function flatten(values: ArrayLike<number> | readonly (readonly number[])[]): Float64Array {
  const list = values as ArrayLike<number | readonly number[]>;
  if (list.length > 0 && typeof list[0] !== 'number') {
    const rows = values as readonly (readonly number[])[];
    const out = new Float64Array(rows.length * 3);
    rows.forEach((row, i) => {
      if (row.length !== 3) throw new RangeError(`row ${i} has ${row.length} entries, expected 3`);
      out.set(row, 3 * i);
    });
    return out;
  }
  return Float64Array.from(values as ArrayLike<number>);
}

function toCell(cell: StructureInit['cell']): Float64Array | null {
  if (cell === undefined || cell === null) return null;
  if ('alpha' in (cell as object)) return cellFromParameters(cell as CellParameters);
  const flat = flatten(cell as ArrayLike<number>);
  if (flat.length === 3) return new Float64Array([flat[0]!, 0, 0, 0, flat[1]!, 0, 0, 0, flat[2]!]);
  if (flat.length !== 9) throw new RangeError(`a cell needs 3 lengths or 9 numbers, got ${flat.length}`);
  return flat;
}

/**
 * Build a {@link Structure} from convenient inputs, checking every length.
 *
 * @example
 * ```ts
 * const water = createStructure({ symbols: ['O', 'H', 'H'], positions: [[0, 0, 0], [0.757, 0.586, 0], [-0.757, 0.586, 0]] });
 * const nacl = createStructure({ symbols: ['Na', 'Cl'], positions: [0, 0, 0, 2.82, 2.82, 2.82], cell: [5.64, 5.64, 5.64] });
 * ```
 */
export function createStructure(init: StructureInit): Structure {
  let numbers: Int32Array;
  if (init.symbols !== undefined) {
    numbers = new Int32Array(init.symbols.length);
    init.symbols.forEach((symbol, i) => {
      const z = atomicNumber(symbol);
      if (z === undefined) throw new RangeError(`"${symbol}" (atom ${i}) is not a chemical symbol`);
      numbers[i] = z;
    });
  } else if (init.numbers !== undefined) {
    numbers = Int32Array.from(init.numbers);
  } else {
    throw new RangeError('createStructure needs symbols or numbers');
  }
  const positions = flatten(init.positions);
  if (positions.length !== 3 * numbers.length) {
    throw new RangeError(`${numbers.length} atoms need ${3 * numbers.length} position numbers, got ${positions.length}`);
  }
  const cell = toCell(init.cell);
  const pbcInit = init.pbc ?? cell !== null;
  const pbc: [boolean, boolean, boolean] =
    typeof pbcInit === 'boolean' ? [pbcInit, pbcInit, pbcInit] : [pbcInit[0], pbcInit[1], pbcInit[2]];
  const arrays = { ...(init.arrays ?? {}) };
  for (const [name, array] of Object.entries(arrays)) {
    if (array.data.length !== array.width * numbers.length) {
      throw new RangeError(`array "${name}" has ${array.data.length} values, expected ${array.width}×${numbers.length}`);
    }
  }
  return { numbers, positions, cell, pbc, arrays, info: { ...(init.info ?? {}) } };
}

/**
 * A deep copy of an atom array (new typed array / string array).
 *
 * @example
 * ```ts
 * const copy = cloneAtomArray(structure.arrays.forces!);
 * ```
 */
export function cloneAtomArray(array: AtomArray): AtomArray {
  switch (array.type) {
    case 'R':
      return { type: 'R', width: array.width, data: array.data.slice() };
    case 'I':
      return { type: 'I', width: array.width, data: array.data.slice() };
    case 'L':
      return { type: 'L', width: array.width, data: array.data.slice() };
    case 'S':
      return { type: 'S', width: array.width, data: array.data.slice() };
  }
}

function cloneInfoValue(value: InfoValue): InfoValue {
  return Array.isArray(value) ? (value.slice() as InfoValue) : value;
}

/**
 * A deep copy of a structure: nothing is shared with the original.
 *
 * @example
 * ```ts
 * const moved = cloneStructure(structure);
 * moved.positions[0] += 1; // structure is unchanged
 * ```
 */
export function cloneStructure(structure: Structure): Structure {
  const arrays: Record<string, AtomArray> = {};
  for (const [name, array] of Object.entries(structure.arrays)) arrays[name] = cloneAtomArray(array);
  const info: Record<string, InfoValue> = {};
  for (const [key, value] of Object.entries(structure.info)) info[key] = cloneInfoValue(value);
  return {
    numbers: structure.numbers.slice(),
    positions: structure.positions.slice(),
    cell: structure.cell === null ? null : structure.cell.slice(),
    pbc: [structure.pbc[0], structure.pbc[1], structure.pbc[2]],
    arrays,
    info,
  };
}

function tileArray(array: AtomArray, copies: number): AtomArray {
  const n = array.data.length;
  switch (array.type) {
    case 'S': {
      const data: string[] = new Array(n * copies);
      for (let c = 0; c < copies; c++) for (let i = 0; i < n; i++) data[c * n + i] = array.data[i]!;
      return { type: 'S', width: array.width, data };
    }
    default: {
      const data = new (array.data.constructor as new (length: number) => Float64Array | Int32Array | Uint8Array)(n * copies);
      for (let c = 0; c < copies; c++) data.set(array.data, c * n);
      return { ...array, data } as AtomArray;
    }
  }
}

/**
 * A supercell: the structure repeated `na × nb × nc` times along its lattice vectors, in ASE's order
 * (`atoms.repeat`): whole copies of the atom list, image (i, j, k) with k fastest. Per-atom arrays are
 * tiled, info is copied (extensive values such as energy are NOT scaled), the cell rows are scaled.
 *
 * @example
 * ```ts
 * const big = repeat(nacl, [2, 2, 2]); // 8 × the atoms, 8 × the volume
 * ```
 */
export function repeat(structure: Structure, counts: readonly [number, number, number] | number): Structure {
  const [na, nb, nc] = typeof counts === 'number' ? [counts, counts, counts] : counts;
  for (const m of [na, nb, nc])
    if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`repeat counts must be positive integers, got ${na}, ${nb}, ${nc}`);
  const cell = structure.cell;
  if (cell === null) throw new RangeError('cannot repeat a structure without a cell');
  const n = structure.numbers.length;
  const copies = na * nb * nc;
  const numbers = new Int32Array(n * copies);
  const positions = new Float64Array(3 * n * copies);
  let c = 0;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      for (let k = 0; k < nc; k++, c++) {
        const tx = i * cell[0]! + j * cell[3]! + k * cell[6]!;
        const ty = i * cell[1]! + j * cell[4]! + k * cell[7]!;
        const tz = i * cell[2]! + j * cell[5]! + k * cell[8]!;
        numbers.set(structure.numbers, c * n);
        for (let a = 0; a < n; a++) {
          const dst = 3 * (c * n + a);
          positions[dst] = structure.positions[3 * a]! + tx;
          positions[dst + 1] = structure.positions[3 * a + 1]! + ty;
          positions[dst + 2] = structure.positions[3 * a + 2]! + tz;
        }
      }
    }
  }
  const arrays: Record<string, AtomArray> = {};
  for (const [name, array] of Object.entries(structure.arrays)) arrays[name] = tileArray(array, copies);
  const info: Record<string, InfoValue> = {};
  for (const [key, value] of Object.entries(structure.info)) info[key] = cloneInfoValue(value);
  const scaled = cell.slice();
  for (let r = 0; r < 3; r++) for (let col = 0; col < 3; col++) scaled[3 * r + col]! *= [na, nb, nc][r]!;
  return { numbers, positions, cell: scaled, pbc: [structure.pbc[0], structure.pbc[1], structure.pbc[2]], arrays, info };
}

/**
 * Centre the atoms, as ASE's `atoms.center(vacuum)`: with `vacuum` (Å), a structure without a cell gets an
 * orthorhombic cell `vacuum` wider than the atoms on each side and a structure with an orthogonal cell has all three
 * axes resized so; then the atoms' bounding box is moved to the middle of the cell (or to the origin
 * when there is no cell). Returns a new structure.
 *
 * @example
 * ```ts
 * const boxed = center(water, { vacuum: 5 }); // water in a box with 5 Å of vacuum around it
 * ```
 */
export function center(structure: Structure, options: { vacuum?: number } = {}): Structure {
  const out = cloneStructure(structure);
  const n = out.numbers.length;
  if (n === 0) return out;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let a = 0; a < n; a++) {
    for (let k = 0; k < 3; k++) {
      const x = out.positions[3 * a + k]!;
      if (x < lo[k]!) lo[k] = x;
      if (x > hi[k]!) hi[k] = x;
    }
  }
  if (options.vacuum !== undefined) {
    const v = options.vacuum;
    if (out.cell === null) {
      out.cell = new Float64Array([hi[0]! - lo[0]! + 2 * v, 0, 0, 0, hi[1]! - lo[1]! + 2 * v, 0, 0, 0, hi[2]! - lo[2]! + 2 * v]);
    } else {
      const c = out.cell;
      const orthogonal = c[1] === 0 && c[2] === 0 && c[3] === 0 && c[5] === 0 && c[6] === 0 && c[7] === 0;
      if (!orthogonal) throw new RangeError('center with vacuum needs an orthogonal cell');
      for (let k = 0; k < 3; k++) c[4 * k] = hi[k]! - lo[k]! + 2 * v;
    }
  }
  const target = [0, 0, 0];
  if (out.cell !== null) {
    const c = out.cell;
    for (let k = 0; k < 3; k++) target[k] = 0.5 * (c[k]! + c[3 + k]! + c[6 + k]!);
  }
  const shift = [0, 1, 2].map((k) => target[k]! - 0.5 * (lo[k]! + hi[k]!));
  for (let a = 0; a < n; a++) for (let k = 0; k < 3; k++) out.positions[3 * a + k]! += shift[k]!;
  return out;
}
