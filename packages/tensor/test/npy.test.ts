import { formatNpy, parseNpy } from '@equitensor/io';
import { describe, expect, it } from 'vitest';
import { tensorFromNpy } from '../src/index.ts';

// Exact identities: reordering and widening float32 → float64 are exact, so every comparison is exact.
describe('tensorFromNpy', () => {
  const shape = [2, 3, 4];
  const c = Float64Array.from({ length: 24 }, (_, i) => 0.5 * i - 3.25); // C order: c[12i + 4j + k]
  const f = new Float64Array(24); // the same array in Fortran order: f[i + 2j + 6k]
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) f[i + 2 * j + 6 * k] = c[12 * i + 4 * j + k]!;

  it('a float64 file in C order: the tensor is a view of the file (no copy)', () => {
    const bytes = formatNpy({ shape, data: c });
    const x = tensorFromNpy(parseNpy(bytes));
    expect(x.shape).toEqual(shape);
    expect(Array.from(x.data)).toEqual(Array.from(c));
    expect(x.data.buffer).toBe(bytes.buffer);
  });

  it('Fortran order is reordered to C order, float32 widened', () => {
    expect(Array.from(tensorFromNpy(parseNpy(formatNpy({ shape, data: f, fortranOrder: true }))).data)).toEqual(Array.from(c));
    const x32 = tensorFromNpy(parseNpy(formatNpy({ shape, data: Float32Array.from(c) })));
    expect(x32.data).toBeInstanceOf(Float64Array);
    expect(Array.from(x32.data)).toEqual(Array.from(c)); // multiples of 1/4: exact in float32
  });
});
