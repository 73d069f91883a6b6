import { describe, expect, it } from 'vitest';
import { SeededRng } from '../src/rng.ts';

describe('SeededRng', () => {
  // The xoshiro128** reference-output test lives with the algorithm: packages/tensor/test/random.test.ts.
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new SeededRng(7).uniformArray(100);
    const b = new SeededRng(7).uniformArray(100);
    const c = new SeededRng(8).uniformArray(100);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const x = new SeededRng(1).uniformArray(200_000);
    let mean = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      mean += v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    mean /= x.length;
    let variance = 0;
    for (const v of x) variance += (v - mean) ** 2;
    variance /= x.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals', () => {
    const x = new SeededRng(2).normalArray(200_000);
    let mean = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) mean += v;
    mean /= x.length;
    for (const v of x) {
      m2 += (v - mean) ** 2;
      m4 += (v - mean) ** 4;
    }
    m2 /= x.length;
    m4 /= x.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(m2 - 1)).toBeLessThan(0.02);
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(0.1); // kurtosis of a Gaussian
  });

  it('draws proper orthogonal rotations', () => {
    const rng = new SeededRng(3);
    for (let k = 0; k < 20; k++) {
      const r = rng.rotation();
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          let dot = 0;
          for (let l = 0; l < 3; l++) dot += (r[3 * i + l] as number) * (r[3 * j + l] as number);
          expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-14);
        }
      }
      const [a, b, c, d, e, f, g, h, i] = Array.from(r) as [number, number, number, number, number, number, number, number, number];
      const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
      expect(Math.abs(det - 1)).toBeLessThan(1e-14);
    }
  });

  it('rejects bad arguments with a clear message', () => {
    expect(() => new SeededRng(1.5)).toThrow(/integer/);
    expect(() => new SeededRng(1).int(0)).toThrow(/positive integer/);
  });
});
