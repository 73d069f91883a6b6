import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { fft, fft2, fftAxis, fftn, fftStrided } from '../src/fft.ts';

const rng = new SeededRng(21);

/** Naive n-dimensional DFT (float64 reference, O(N²)), sign −1 forward. */
function dftn(re: Float64Array, im: Float64Array, shape: readonly number[]): [Float64Array, Float64Array] {
  const size = re.length;
  const idx = (flat: number): number[] => {
    const out: number[] = [];
    for (let a = shape.length - 1; a >= 0; a--) {
      out[a] = flat % shape[a]!;
      flat = Math.floor(flat / shape[a]!);
    }
    return out;
  };
  const outRe = new Float64Array(size);
  const outIm = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const kk = idx(k);
    let sr = 0;
    let si = 0;
    for (let j = 0; j < size; j++) {
      const jj = idx(j);
      let phase = 0;
      for (let a = 0; a < shape.length; a++) phase += (kk[a]! * jj[a]!) / shape[a]!;
      const c = Math.cos(-2 * Math.PI * phase);
      const s = Math.sin(-2 * Math.PI * phase);
      sr += re[j]! * c - im[j]! * s;
      si += re[j]! * s + im[j]! * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

describe('fftStrided (unscaled building block)', () => {
  it('FFT matches a naive DFT', () => {
    const n = 16;
    const re = rng.normalArray(n);
    const im = rng.normalArray(n);
    const wr: number[] = [];
    const wi: number[] = [];
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const ph = (-2 * Math.PI * j * k) / n;
        sr += (re[j] as number) * Math.cos(ph) - (im[j] as number) * Math.sin(ph);
        si += (re[j] as number) * Math.sin(ph) + (im[j] as number) * Math.cos(ph);
      }
      wr.push(sr);
      wi.push(si);
    }
    const r = Float64Array.from(re);
    const i = Float64Array.from(im);
    fftStrided(r, i, n, false);
    assertClose(r, wr, { atol: 1e-13 });
    assertClose(i, wi, { atol: 1e-13 });
  });

  it('transforms a strided line of any length in place and leaves the other entries alone', () => {
    for (const n of [8, 6]) {
      const stride = 3;
      const offset = 2;
      const re = rng.normalArray(offset + n * stride);
      const im = rng.normalArray(offset + n * stride);
      const lineRe = Float64Array.from({ length: n }, (_, j) => re[offset + j * stride]!);
      const lineIm = Float64Array.from({ length: n }, (_, j) => im[offset + j * stride]!);
      fft(lineRe, lineIm);
      const r = Float64Array.from(re);
      const i = Float64Array.from(im);
      fftStrided(r, i, n, false, offset, stride);
      // Same transform by two routes: rounding of an O(n log n) FFT of unit normals, ≲ 1e-15 · √n · log n.
      for (let j = 0; j < re.length; j++) {
        const onLine = j >= offset && (j - offset) % stride === 0;
        const k = (j - offset) / stride;
        expect(Math.abs(r[j]! - (onLine ? lineRe[k]! : re[j]!))).toBeLessThan(1e-13);
        expect(Math.abs(i[j]! - (onLine ? lineIm[k]! : im[j]!))).toBeLessThan(1e-13);
      }
    }
  });
});

describe('fftn and fftAxis (any sizes, NumPy conventions)', () => {
  for (const shape of [
    [3, 4, 5],
    [8, 4, 2],
    [6, 8],
    [2, 3, 4, 3],
  ]) {
    it(`match the naive DFT for shape [${shape.join(', ')}] and invert exactly to rounding`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const re = rng.normalArray(size);
      const im = rng.normalArray(size);
      const [er, ei] = dftn(re, im, shape);
      const r = Float64Array.from(re);
      const i = Float64Array.from(im);
      fftn(r, i, shape);
      // O(N) float64 sums of unit normals: rounding ≲ 1e-16 · N; 1e-12 leaves a wide margin for N ≤ 120.
      assertClose(r, er, { atol: 1e-12 }, 're');
      assertClose(i, ei, { atol: 1e-12 }, 'im');
      fftn(r, i, shape, true);
      assertClose(r, re, { atol: 1e-14 }, 'inverse re');
      assertClose(i, im, { atol: 1e-14 }, 'inverse im');
    });
  }

  it('turns a plane wave e^{2πi k₀·j/n} on a 5 × 6 × 4 mesh into N at k₀ and 0 elsewhere (exact identity)', () => {
    const shape = [5, 6, 4];
    const k0 = [2, 5, 1];
    const size = 120;
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let a = 0; a < 5; a++)
      for (let b = 0; b < 6; b++)
        for (let c = 0; c < 4; c++) {
          const ph = 2 * Math.PI * ((k0[0]! * a) / 5 + (k0[1]! * b) / 6 + (k0[2]! * c) / 4);
          re[(a * 6 + b) * 4 + c] = Math.cos(ph);
          im[(a * 6 + b) * 4 + c] = Math.sin(ph);
        }
    fftn(re, im, shape);
    const peak = (k0[0]! * 6 + k0[1]!) * 4 + k0[2]!;
    const expectedRe = Float64Array.from({ length: size }, (_, k) => (k === peak ? size : 0));
    // Rounding of the input phases and of the FFT, ≲ 1e-15 · N.
    assertClose(re, expectedRe, { atol: 1e-12 }, 're');
    assertClose(im, new Float64Array(size), { atol: 1e-12 }, 'im');
  });

  it('fftAxis transforms each line of one axis as fft does, the inverse divided by that axis length', () => {
    const shape = [3, 5, 4];
    const re = rng.normalArray(60);
    const im = rng.normalArray(60);
    for (const inverse of [false, true]) {
      const r = Float64Array.from(re);
      const i = Float64Array.from(im);
      fftAxis(r, i, shape, 1, inverse);
      for (let a = 0; a < 3; a++)
        for (let c = 0; c < 4; c++) {
          const lr = Float64Array.from({ length: 5 }, (_, b) => re[(a * 5 + b) * 4 + c]!);
          const li = Float64Array.from({ length: 5 }, (_, b) => im[(a * 5 + b) * 4 + c]!);
          fft(lr, li, inverse);
          for (let b = 0; b < 5; b++) {
            // The same line transform by the same algorithm: equal to rounding.
            expect(Math.abs(r[(a * 5 + b) * 4 + c]! - lr[b]!)).toBeLessThan(1e-14);
            expect(Math.abs(i[(a * 5 + b) * 4 + c]! - li[b]!)).toBeLessThan(1e-14);
          }
        }
    }
  });

  it('fft2 is the unscaled 2D transform: fftn forward, and n² × fftn inverse', () => {
    const n = 16;
    const re = rng.normalArray(n * n);
    const im = rng.normalArray(n * n);
    const r1 = Float64Array.from(re);
    const i1 = Float64Array.from(im);
    const r2 = Float64Array.from(re);
    const i2 = Float64Array.from(im);
    fft2(r1, i1, n, false);
    fftn(r2, i2, [n, n]);
    // Same butterflies in the same order on every line: bit-identical.
    expect(Array.from(r1)).toEqual(Array.from(r2));
    expect(Array.from(i1)).toEqual(Array.from(i2));
    fft2(r1, i1, n, true);
    for (let k = 0; k < n * n; k++) {
      r1[k]! /= n * n;
      i1[k]! /= n * n;
    }
    assertClose(r1, re, { atol: 1e-14 }, 'round trip re');
    assertClose(i1, im, { atol: 1e-14 }, 'round trip im');
  });

  it('rejects impossible arguments with a RangeError naming them', () => {
    const x = new Float64Array(12);
    expect(() => fftn(x, new Float64Array(12), [3, 5])).toThrow(RangeError);
    expect(() => fftn(x, new Float64Array(11), [3, 4])).toThrow(/imaginary part/);
    expect(() => fftAxis(x, new Float64Array(12), [3, 4], 2)).toThrow(/axis/);
    expect(() => fft2(x, new Float64Array(12), 3, false)).toThrow(/power of two/);
    expect(() => fftStrided(x, new Float64Array(12), 5, false, 0, 3)).toThrow(/do not fit/);
  });
});
