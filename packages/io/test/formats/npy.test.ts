import { readFixtureBytes } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { formatNpy, npyToCOrder, type ParseError, parseNpy } from '../../src/index.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';
import { runPython } from '../helpers/python.ts';

interface NumpyCase {
  name: string;
  base64: string;
  shape: number[];
  fortran: boolean;
  values: (number | string)[]; // C-order values; 'nan' / 'inf' for specials
}

const cases = runPython<NumpyCase[]>(`
import base64, io, json, math
import numpy as np
out = []
def add(name, a):
    buf = io.BytesIO(); np.save(buf, a)
    vals = [('nan' if math.isnan(v) else 'inf' if v == math.inf else '-inf' if v == -math.inf else v) if isinstance(v, float) else v for v in np.ascontiguousarray(a).ravel().tolist()]
    out.append({'name': name, 'base64': base64.b64encode(buf.getvalue()).decode(), 'shape': list(a.shape), 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous), 'values': vals})
r = np.random.default_rng(1)
add('f8 C', r.normal(size=(3, 4)))
add('f8 F', np.asfortranarray(r.normal(size=(3, 4, 2))))
add('f4 C', r.normal(size=(5,)).astype(np.float32))
add('f4 F', np.asfortranarray(r.normal(size=(2, 3)).astype(np.float32)))
add('i4 C', r.integers(-2**31, 2**31 - 1, size=(4, 3), dtype=np.int32))
add('i8 F', np.asfortranarray(r.integers(-2**53, 2**53, size=(2, 5), dtype=np.int64)))
add('big-endian f8', r.normal(size=(2, 2)).astype('>f8'))
add('big-endian i4', np.arange(-3, 3, dtype='>i4'))
add('big-endian f4', np.asfortranarray(r.normal(size=(2, 3)).astype('>f4')))
add('big-endian i8', np.arange(-2**53, -2**53 + 5, dtype='>i8'))
add('scalar', np.array(2.5))
add('empty', np.zeros((0, 3)))
add('specials', np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324]))
print(json.dumps(out))
`);

const toNumber = (v: number | string): number =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number);

describe('npy: we read what NumPy writes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const array = parseNpy(Buffer.from(c.base64, 'base64'));
      expect(array.shape).toEqual(c.shape);
      expect(array.fortranOrder).toBe(c.fortran);
      const cOrder = npyToCOrder(array);
      expect(Array.from(cOrder.data)).toEqual(c.values.map(toNumber).map((v) => (array.dtype === 'float32' ? Math.fround(v) : v)));
      // and write it back: NumPy must read the same bytes' meaning
      const again = parseNpy(formatNpy(array));
      expect(Array.from(again.data)).toEqual(Array.from(array.data));
      expect(again.shape).toEqual(array.shape);
      expect(again.fortranOrder).toBe(array.fortranOrder);
      expect(again.dtype).toBe(array.dtype);
    });
  }

  it('a view of the bytes when aligned and in host order, the same values from a misaligned or swapped copy', () => {
    for (const c of cases) {
      const bytes = Buffer.from(c.base64, 'base64');
      const aligned = new Uint8Array(bytes); // a fresh buffer at offset 0: numpy pads the data block to 16 bytes
      const array = parseNpy(aligned);
      const expected = Array.from(array.data);
      const native = !c.name.startsWith('big-endian') && array.dtype !== 'int64';
      // the view shares the file's buffer (no copy); a swapped or int64 block never does (it would change `bytes`)
      expect(array.data.buffer === aligned.buffer).toBe(native);
      // the same file one byte into a larger buffer: misaligned for every dtype, so copied, same values
      const shifted = new Uint8Array(aligned.length + 1);
      shifted.set(aligned, 1);
      const copy = parseNpy(shifted.subarray(1));
      expect(copy.data.buffer === shifted.buffer).toBe(false);
      expect(Array.from(copy.data)).toEqual(expected);
      expect(Array.from(shifted.subarray(1))).toEqual(Array.from(aligned)); // the caller's bytes unchanged
    }
  });

  it('the ChebTuck CP factor of the shared data', () => {
    const u = parseNpy(readFixtureBytes('chebtuck/newton_cp_n256_U1r.npy'));
    expect(u).toMatchObject({ shape: [256, 26], dtype: 'float64', fortranOrder: false });
    expect(u.data[0]).toBe(0.004131420325189066);
  });
});

describe('npy: NumPy reads what we write', () => {
  it('float64, float32, int32, int64 (BigInt64Array and Float64Array), C and Fortran order', () => {
    const inputs = [
      { shape: [2, 3], data: new Float64Array([1.5, -2, Math.PI, 1e-300, -0, 7]) },
      { shape: [2, 3], data: new Float64Array([1, 2, 3, 4, 5, 6]), fortranOrder: true },
      { shape: [4], data: new Float32Array([0.1, 0.2, -3, 1e30]) },
      { shape: [3, 1], data: new Int32Array([-2147483648, 0, 2147483647]) },
      { shape: [2], data: new BigInt64Array([-(2n ** 62n), 2n ** 62n]) },
      { shape: [2, 2], data: new Float64Array([9007199254740992, -3, 4, 5]), dtype: 'int64' as const },
      { shape: [], data: new Float64Array([42]) },
    ];
    const b64 = inputs.map((input) => Buffer.from(formatNpy(input)).toString('base64'));
    const seen = runPython<{ dtype: string; shape: number[]; fortran: boolean; values: (number | string)[] }[]>(
      `
import base64, io, json, sys
import numpy as np
out = []
for b in json.load(sys.stdin):
    a = np.load(io.BytesIO(base64.b64decode(b)))
    out.append({'dtype': a.dtype.str, 'shape': list(a.shape), 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous),
                'values': [str(v) if a.dtype.kind == 'i' else float(v) for v in a.ravel(order='K').tolist()]})
print(json.dumps(out))`,
      JSON.stringify(b64),
    );
    expect(seen.map((s) => s.dtype)).toEqual(['<f8', '<f8', '<f4', '<i4', '<i8', '<i8', '<f8']);
    seen.forEach((s, i) => {
      const input = inputs[i]!;
      expect(s.shape).toEqual(input.shape);
      expect(s.fortran).toBe(input.fortranOrder === true);
      const expected = Array.from(input.data as ArrayLike<number | bigint>, (v) =>
        s.dtype.includes('i') ? String(v) : s.dtype === '<f4' ? Math.fround(Number(v)) : Number(v),
      );
      expect(s.values).toEqual(expected);
    });
  });

  it('refuses inconsistent input', () => {
    expect(() => formatNpy({ shape: [2, 2], data: new Float64Array(3) })).toThrow(RangeError);
    expect(() => formatNpy({ shape: [1], data: new Float64Array([0.5]), dtype: 'int32' })).toThrow(RangeError);
  });
});

describe('npy: bad files give a ParseError with the byte offset', () => {
  const good = formatNpy({ shape: [2], data: new Float64Array([1, 2]) });
  const errorOf = (bytes: Uint8Array): ParseError => parseErrorOf(() => parseNpy(bytes, { fileName: 'bad.npy' }));
  it('bad magic, truncated data, unknown dtype, bad shape', () => {
    expect(errorOf(new Uint8Array([1, 2, 3])).expected).toMatch(/magic/);
    const truncated = errorOf(good.subarray(0, good.length - 3));
    expect(truncated.expected).toMatch(/16 data bytes/);
    expect(truncated.fileName).toBe('bad.npy');
    const text = new TextDecoder('latin1').decode(good);
    const withDtype = Uint8Array.from(text.replace("'<f8'", "'<c8'"), (c) => c.charCodeAt(0));
    expect(errorOf(withDtype).expected).toMatch(/dtype/);
    const withShape = Uint8Array.from(text.replace('(2,)', '(x,)'), (c) => c.charCodeAt(0));
    expect(errorOf(withShape).expected).toMatch(/dimensions/);
  });
});
