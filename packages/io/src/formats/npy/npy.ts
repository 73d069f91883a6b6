import { ParseError, type ParseOptions } from '../../errors.ts';

/** The element types `.npy` files carry that we read and write (little- or big-endian in files). */
export type NpyDtype = 'float64' | 'float32' | 'int32' | 'int64';

/**
 * An n-dimensional array read from or written to `.npy`. `data` holds the elements in file order:
 * row-major (C) when `fortranOrder` is false, column-major when true. int64 arrays are returned as a
 * `Float64Array` (exact for |values| ≤ 2⁵³; larger values are refused with a ParseError).
 */
export interface NpyArray {
  shape: number[];
  data: Float64Array | Float32Array | Int32Array;
  fortranOrder: boolean;
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Record<string, { dtype: NpyDtype; size: number }> = {
  f8: { dtype: 'float64', size: 8 },
  f4: { dtype: 'float32', size: 4 },
  i4: { dtype: 'int32', size: 4 },
  i8: { dtype: 'int64', size: 8 },
};

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(options: Pick<ParseOptions, 'fileName'>, offset: number, expected: string, found: string): never {
  throw new ParseError({ fileName: options.fileName, line: 1, column: offset + 1, expected, found });
}

/**
 * Read a NumPy `.npy` file (format versions 1, 2 and 3) holding float64, float32, int32 or int64 in C or
 * Fortran order, either byte order. Errors are {@link ParseError}s whose `column` is the 1-based byte offset.
 * `data` is a view of `bytes` (no copy, O(header) work) when the file is in the host's byte order and its data block
 * is aligned for the element type, as the files numpy writes are when read whole; otherwise (byte-swapped,
 * misaligned, int64) it is a fresh array. Copy `bytes` first if you will change one and need the other unchanged.
 *
 * @example
 * ```ts
 * const u = parseNpy(readFileSync('newton_cp_n256_U1r.npy'));
 * u.shape; // [256, 26]
 * u.data[0 * 26 + 1]; // element [0, 1] (C order)
 * ```
 */
export function parseNpy(bytes: Uint8Array, options: Pick<ParseOptions, 'fileName'> = {}): NpyArray {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) fail(options, i, 'the .npy magic string \\x93NUMPY', bytes.length <= i ? 'end of file' : `byte ${bytes[i]}`);
  }
  if (bytes.length < 10) fail(options, bytes.length, 'the .npy version and header length', 'end of file');
  const major = bytes[6]!;
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = bytes[8]! | (bytes[9]! << 8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail(options, bytes.length, 'the .npy header length', 'end of file');
    headerLength = (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16)) + bytes[11]! * 16777216;
    headerStart = 12;
  } else {
    fail(options, 6, '.npy format version 1, 2 or 3', `version ${major}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) fail(options, bytes.length, `a header of ${headerLength} bytes`, 'end of file');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart)).trim();
  if (!header.startsWith('{') || !header.endsWith('}'))
    fail(options, headerStart, 'a header dictionary {…}', JSON.stringify(header.slice(0, 40)));
  const descr = /['"]descr['"]\s*:\s*['"]([<>|=]?)([a-zA-Z]\d+)['"]/.exec(header);
  const order = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (descr === null) fail(options, headerStart, "a 'descr' entry such as '<f8'", JSON.stringify(header.slice(0, 60)));
  if (order === null) fail(options, headerStart, "a 'fortran_order' entry (True or False)", JSON.stringify(header.slice(0, 60)));
  if (shapeMatch === null) fail(options, headerStart, "a 'shape' tuple", JSON.stringify(header.slice(0, 60)));
  const kind = DESCR[descr[2]!];
  if (kind === undefined) fail(options, headerStart, 'dtype f8, f4, i4 or i8', `'${descr[1]}${descr[2]}'`);
  const byteOrder = descr[1]!;
  const bigEndian = byteOrder === '>';
  const shapeParts = shapeMatch[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const shape = shapeParts.map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) fail(options, headerStart, 'non-negative integer dimensions', `(${shapeMatch[1]})`);
  const count = shape.reduce((p, d) => p * d, 1);
  const byteLength = count * kind.size;
  if (bytes.length - dataStart !== byteLength) {
    fail(
      options,
      Math.min(bytes.length, dataStart + byteLength),
      `${byteLength} data bytes for shape (${shape.join(', ')}) of ${kind.dtype}`,
      `${bytes.length - dataStart} bytes`,
    );
  }
  const data = npyData(bytes, dataStart, count, kind.dtype, bigEndian, options);
  return { shape, data, fortranOrder: order[1] === 'True', dtype: kind.dtype };
}

/**
 * The elements of a .npy file's data block. A view of `bytes` (no copy) when the file's byte order is the host's and
 * the block is aligned for its type (numpy pads the header so that it is, and a file read whole is a fresh buffer);
 * otherwise one copy: the bytes as they are when only misaligned, element by element through a DataView when they
 * must be byte-swapped (never in place: `bytes` is the caller's).
 */
function npyData(
  bytes: Uint8Array,
  dataStart: number,
  count: number,
  dtype: NpyDtype,
  bigEndian: boolean,
  options: Pick<ParseOptions, 'fileName'>,
): NpyArray['data'] {
  const start = bytes.byteOffset + dataStart;
  const littleEndian = !bigEndian;
  if (dtype === 'int64') {
    const view = new DataView(bytes.buffer, start, count * 8);
    const out = new Float64Array(count);
    const limit = 9007199254740992n;
    for (let i = 0; i < count; i++) {
      const v = view.getBigInt64(8 * i, littleEndian);
      if (v > limit || v < -limit) fail(options, dataStart + i * 8, 'int64 values within ±2^53 (exact as float64)', v.toString());
      out[i] = Number(v);
    }
    return out;
  }
  const Type = dtype === 'float64' ? Float64Array : dtype === 'float32' ? Float32Array : Int32Array;
  const size = Type.BYTES_PER_ELEMENT;
  if (littleEndian === hostLittleEndian) {
    if (start % size === 0) return new Type(bytes.buffer as ArrayBuffer, start, count); // or a SharedArrayBuffer: both work
    const raw = new Uint8Array(count * size);
    raw.set(bytes.subarray(dataStart, dataStart + count * size));
    return new Type(raw.buffer, 0, count);
  }
  const view = new DataView(bytes.buffer, start, count * size);
  const out = new Type(count);
  if (dtype === 'float64') for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, littleEndian);
  else if (dtype === 'float32') for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, littleEndian);
  else for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, littleEndian);
  return out;
}

/** What {@link formatNpy} writes: shape, data and optionally the order and the dtype. */
export interface NpyInput {
  shape: readonly number[];
  data: Float64Array | Float32Array | Int32Array | BigInt64Array;
  /** Whether `data` is column-major; default false (C order). */
  fortranOrder?: boolean;
  /** Defaults from the data: float64, float32, int32, int64 (BigInt64Array). Use 'int64' to write a Float64Array of integers as int64. */
  dtype?: NpyDtype;
}

function dtypeOf(input: NpyInput): NpyDtype {
  if (input.dtype !== undefined) return input.dtype;
  if (input.data instanceof Float64Array) return 'float64';
  if (input.data instanceof Float32Array) return 'float32';
  if (input.data instanceof Int32Array) return 'int32';
  return 'int64';
}

/**
 * Write an array as a NumPy `.npy` file (format 1.0, little-endian, header padded to 64 bytes as NumPy does).
 * Throws a RangeError when the shape does not match the data length or the dtype cannot hold the data.
 *
 * @example
 * ```ts
 * const bytes = formatNpy({ shape: [2, 3], data: new Float64Array([1, 2, 3, 4, 5, 6]) });
 * writeFileSync('a.npy', bytes); // numpy.load('a.npy') → [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function formatNpy(input: NpyInput): Uint8Array {
  const dtype = dtypeOf(input);
  const count = input.shape.reduce((p, d) => p * d, 1);
  if (input.shape.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw new RangeError(`shape must hold non-negative integers, got (${input.shape.join(', ')})`);
  if (count !== input.data.length)
    throw new RangeError(`shape (${input.shape.join(', ')}) needs ${count} values, got ${input.data.length}`);
  const code = { float64: '<f8', float32: '<f4', int32: '<i4', int64: '<i8' }[dtype];
  const shapeText = input.shape.length === 1 ? `(${input.shape[0]},)` : `(${input.shape.join(', ')})`;
  let header = `{'descr': '${code}', 'fortran_order': ${input.fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`;
  if (header.length > 65535) throw new RangeError('the .npy header is too long for format 1.0');
  const size = dtype === 'float64' || dtype === 'int64' ? 8 : 4;
  const out = new Uint8Array(10 + header.length + count * size);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const data = input.data;
  if (
    hostLittleEndian &&
    data instanceof { float64: Float64Array, float32: Float32Array, int32: Int32Array, int64: BigInt64Array }[dtype]
  ) {
    // the elements are already the file's little-endian bytes: one copy
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
    return out;
  }
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < count; i++) {
    const v = data[i]!;
    switch (dtype) {
      case 'float64':
        view.setFloat64(8 * i, Number(v), true);
        break;
      case 'float32':
        view.setFloat32(4 * i, Number(v), true);
        break;
      case 'int32': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new RangeError(`value ${v} at ${i} is not an int32`);
        view.setInt32(4 * i, n, true);
        break;
      }
      case 'int64': {
        if (typeof v === 'bigint') view.setBigInt64(8 * i, v, true);
        else {
          if (!Number.isInteger(v) || Math.abs(v) > 2 ** 53) throw new RangeError(`value ${v} at ${i} is not an integer within ±2^53`);
          view.setBigInt64(8 * i, BigInt(v), true);
        }
        break;
      }
    }
  }
  return out;
}

/**
 * The elements of an array in C (row-major) order, converting from Fortran order when needed.
 *
 * @example
 * ```ts
 * const c = npyToCOrder(parseNpy(bytes)); // c.fortranOrder === false
 * ```
 */
export function npyToCOrder(array: NpyArray): NpyArray {
  if (!array.fortranOrder || array.shape.length < 2) return { ...array, fortranOrder: false };
  const shape = array.shape;
  const rank = shape.length;
  const count = array.data.length;
  const out = new (array.data.constructor as new (n: number) => NpyArray['data'])(count);
  const index = new Array<number>(rank).fill(0);
  // walk C order; compute Fortran offset
  const fStride = new Array<number>(rank);
  let s = 1;
  for (let k = 0; k < rank; k++) {
    fStride[k] = s;
    s *= shape[k]!;
  }
  for (let c = 0; c < count; c++) {
    let f = 0;
    for (let k = 0; k < rank; k++) f += index[k]! * fStride[k]!;
    out[c] = array.data[f]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return { shape: shape.slice(), data: out, fortranOrder: false, dtype: array.dtype };
}
