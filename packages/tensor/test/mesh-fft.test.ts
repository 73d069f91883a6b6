import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { FftPlan, isSmooth, MeshFft, nextSmooth, RealMeshFft } from '../src/index.ts';

describe('planned line and mesh FFTs (PME)', () => {
  it('agree with the naive DFT for smooth and non-smooth lengths, both signs', () => {
    const rng = new SeededRng(3);
    for (const n of [1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 16, 25, 27, 30, 45, 48, 60, 64, 7, 14]) {
      const re = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
      const im = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
      for (const sign of [-1, 1] as const) {
        const r = re.slice();
        const i = im.slice();
        new FftPlan(n).transform(r, i, 0, sign);
        for (let k = 0; k < n; k++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            const a = (sign * 2 * Math.PI * j * k) / n;
            sr += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
            si += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
          }
          // 1e-12: O(ε n) rounding of sums of n terms of size 1
          expect(Math.abs(sr - r[k]!) + Math.abs(si - i[k]!)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('transforms side-by-side sequences (columns) as the naive DFT, across chunks and with single-pass and non-smooth lengths', () => {
    const rng = new SeededRng(5);
    // lengths: one pass (2, 3, 4, 5), several (12, 36, 60), non-smooth (7); counts below, at and above one chunk
    for (const n of [2, 3, 4, 5, 12, 36, 60, 7]) {
      const plan = new FftPlan(n);
      for (const count of [1, 3, plan.width, plan.width + 5, 2 * plan.width + 1]) {
        const stride = count + 2; // a gap after each row that must stay untouched
        const size = 3 + n * stride;
        const re = Float64Array.from({ length: size }, () => rng.uniform() - 0.5);
        const im = Float64Array.from({ length: size }, () => rng.uniform() - 0.5);
        for (const sign of [-1, 1] as const) {
          const r = re.slice();
          const i = im.slice();
          plan.transformColumns(r, i, 3, stride, count, sign);
          let worst = 0;
          for (let t = 0; t < count; t++) {
            for (let k = 0; k < n; k++) {
              let sr = 0;
              let si = 0;
              for (let j = 0; j < n; j++) {
                const a = (sign * 2 * Math.PI * j * k) / n;
                const x = 3 + j * stride + t;
                sr += re[x]! * Math.cos(a) - im[x]! * Math.sin(a);
                si += re[x]! * Math.sin(a) + im[x]! * Math.cos(a);
              }
              const y = 3 + k * stride + t;
              worst = Math.max(worst, Math.abs(sr - r[y]!) + Math.abs(si - i[y]!));
            }
          }
          // 1e-12: O(ε n) rounding of sums of n terms of size 1, as for single lines
          expect(worst).toBeLessThan(1e-12);
          for (let x = 0; x < size; x++) {
            const inColumn = x >= 3 && (x - 3) % stride < count;
            if (!inColumn) expect([r[x], i[x]]).toEqual([re[x], im[x]]);
          }
        }
      }
    }
  });

  it('transforms a 3D mesh as three 1D passes (a plane wave goes to one point) and round-trips', () => {
    const shape = [6, 5, 8] as const;
    const size = 240;
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let a = 0; a < 6; a++)
      for (let b = 0; b < 5; b++)
        for (let c = 0; c < 8; c++) re[(a * 5 + b) * 8 + c] = Math.cos(2 * Math.PI * (a / 6 + (2 * b) / 5 + (3 * c) / 8));
    const mesh = new MeshFft(shape);
    const r = re.slice();
    mesh.transform(r, im, -1);
    // cos → two spikes of size/2 at ±(1, 2, 3)
    expect(r[(1 * 5 + 2) * 8 + 3]).toBeCloseTo(size / 2, 10);
    expect(r[(5 * 5 + 3) * 8 + 5]).toBeCloseTo(size / 2, 10);
    mesh.transform(r, im, 1);
    for (let k = 0; k < size; k++) expect(r[k]! / size).toBeCloseTo(re[k]!, 13);
  });

  it('transforms a real mesh to its half spectrum equal to the complex transform, and back (even and odd K2)', () => {
    const rng = new SeededRng(9);
    for (const shape of [
      [6, 5, 8],
      [5, 3, 7],
      [4, 4, 9],
    ] as const) {
      const [a, b, c] = shape;
      const size = a * b * c;
      const half = Math.floor(c / 2) + 1;
      const mesh = Float64Array.from({ length: size }, () => rng.uniform() - 0.5);
      const re = mesh.slice();
      const im = new Float64Array(size);
      new MeshFft(shape).transform(re, im, -1);
      const real = new RealMeshFft(shape);
      const hr = new Float64Array(a * b * half);
      const hi = new Float64Array(a * b * half);
      real.forward(mesh, hr, hi);
      for (let i = 0; i < a * b; i++) {
        for (let k = 0; k < half; k++) {
          // 1e-13: O(ε·n) rounding of both transforms
          expect(Math.abs(hr[i * half + k]! - re[i * c + k]!) + Math.abs(hi[i * half + k]! - im[i * c + k]!)).toBeLessThan(1e-13);
        }
      }
      const back = new Float64Array(size);
      real.backward(hr, hi, back);
      for (let k = 0; k < size; k++) expect(back[k]! / size).toBeCloseTo(mesh[k]!, 14);
    }
  });

  it('with an extent, transforms a zero-padded corner to the full transform and back to the corner', () => {
    const rng = new SeededRng(11);
    for (const [shape, extent] of [
      [
        [8, 6, 10],
        [4, 3, 5],
      ],
      [
        [9, 7, 6],
        [5, 4, 6],
      ],
      [
        [6, 5, 8],
        [6, 5, 8],
      ],
    ] as const) {
      const [a, b, c] = shape;
      const half = Math.floor(c / 2) + 1;
      const mesh = new Float64Array(a * b * c);
      for (let i = 0; i < extent[0]; i++)
        for (let j = 0; j < extent[1]; j++) for (let k = 0; k < extent[2]; k++) mesh[(i * b + j) * c + k] = rng.uniform() - 0.5;
      const real = new RealMeshFft(shape);
      const fr = new Float64Array(a * b * half).fill(7);
      const fi = new Float64Array(a * b * half).fill(7);
      real.forward(mesh, fr, fi);
      const pr = new Float64Array(a * b * half).fill(7);
      const pi = new Float64Array(a * b * half).fill(7);
      real.forward(mesh, pr, pi, extent);
      // 1e-13: O(ε·n) rounding; the pruned transform skips only lines of zeros
      for (let k = 0; k < pr.length; k++) expect(Math.abs(pr[k]! - fr[k]!) + Math.abs(pi[k]! - fi[k]!)).toBeLessThan(1e-13);
      const full = new Float64Array(a * b * c);
      real.backward(fr, fi, full);
      const corner = new Float64Array(a * b * c).fill(Number.NaN);
      real.backward(pr, pi, corner, extent);
      for (let i = 0; i < a; i++)
        for (let j = 0; j < b; j++)
          for (let k = 0; k < c; k++) {
            const idx = (i * b + j) * c + k;
            if (i < extent[0] && j < extent[1]) expect(Math.abs(corner[idx]! - full[idx]!)).toBeLessThan(1e-12);
            else if (extent[0] < a || extent[1] < b) expect(corner[idx]).toBeNaN();
          }
    }
    expect(() => new RealMeshFft([4, 4, 4]).forward(new Float64Array(64), new Float64Array(48), new Float64Array(48), [5, 4, 4])).toThrow(
      RangeError,
    );
  });

  it('picks 2·3·5-smooth sizes', () => {
    expect(isSmooth(60)).toBe(true);
    expect(isSmooth(14)).toBe(false);
    expect(nextSmooth(31)).toBe(32);
    expect(nextSmooth(49)).toBe(50);
    expect(() => new FftPlan(0)).toThrow(RangeError);
  });
});
