import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { norm2 } from '../src/index.ts';

const eps = Number.EPSILON;

describe('norm2', () => {
  it('exact Pythagorean values on the plain sum and on the scaled path (squares under- or overflow)', () => {
    expect(norm2(Float64Array.of(3, 4))).toBe(5);
    expect(norm2(new Float64Array(7))).toBe(0);
    expect(norm2(Float64Array.of(1, Number.NaN))).toBeNaN();
    expect(norm2(Float64Array.of(3, Number.POSITIVE_INFINITY))).toBe(Number.POSITIVE_INFINITY);
    // 3e-200² underflows to 0 and 3e200² overflows: only the scaled sum gets 5e∓200 (a few ε: the scaling divides)
    for (const s of [1e-200, 1e200, 1e-300]) expect(Math.abs(norm2(Float64Array.of(3 * s, 4 * s)) / (5 * s) - 1)).toBeLessThan(4 * eps);
  });

  it('agrees with Math.hypot on random vectors to the summation bound n·ε', () => {
    const rng = new SeededRng(5);
    for (const n of [1, 10, 1000]) {
      const v = rng.normalArray(n);
      expect(Math.abs(norm2(v) / Math.hypot(...v) - 1)).toBeLessThanOrEqual(n * eps);
    }
  });
});
