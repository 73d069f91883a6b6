/** The live energy/temperature plots' y range: a flat series gets a span around its value, not a lone "0" tick (issue 18). */
import { describe, expect, it } from 'vitest';
import { paddedRange } from '../src/app/plots.ts';

// Expected ranges are worked out by hand from the rule "± max(0.001, 0.1 % of |value|) around a flat series";
// 12 digits: the only error is the rounding of one subtraction/addition of doubles (~1e-16 relative).
const DIGITS = 12;

function expectRange(r: readonly [number | null, number | null], lo: number, hi: number): void {
  expect(r[0]).toBeCloseTo(lo, DIGITS);
  expect(r[1]).toBeCloseTo(hi, DIGITS);
}

describe('paddedRange', () => {
  it('is [0, 1] before any data (null or non-finite extremes)', () => {
    expect(paddedRange(null, null)).toEqual([0, 1]);
    expect(paddedRange(0, null)).toEqual([0, 1]);
    expect(paddedRange(Number.NaN, 1)).toEqual([0, 1]);
    expect(paddedRange(0, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });

  it('gives a flat series at 0 (energies per atom − start on the first frames) the minimum span ± 0.001', () => {
    expectRange(paddedRange(0, 0), -0.001, 0.001);
  });

  it('gives a flat series ± 0.1 % of its value when that exceeds 0.001', () => {
    // −5.2 eV/atom: 0.1 % = 0.0052
    expectRange(paddedRange(-5.2, -5.2), -5.2052, -5.1948);
    // 300 K: 0.1 % = 0.3
    expectRange(paddedRange(300, 300), 299.7, 300.3);
  });

  it('keeps the ± 0.001 floor when 0.1 % of the value is smaller', () => {
    // 0.5: 0.1 % = 0.0005 < 0.001
    expectRange(paddedRange(0.5, 0.5), 0.499, 0.501);
  });

  it('treats a spread of at most 1e-9 as flat (the pad is taken around the maximum)', () => {
    // max = 1 + 5e-10: pad = 0.1 % of the maximum = 0.0010000000005, on both sides of min and max
    expectRange(paddedRange(1, 1 + 5e-10), 1 - 0.0010000000005, 1 + 5e-10 + 0.0010000000005);
  });

  it('leaves a series with a real spread to uPlot: the range contains the data and is a real span', () => {
    for (const [min, max] of [
      [0, 10],
      [-5.3, -5.1],
      [290, 310],
    ] as const) {
      const [lo, hi] = paddedRange(min, max);
      expect(lo).not.toBeNull();
      expect(lo!).toBeLessThanOrEqual(min);
      expect(hi!).toBeGreaterThanOrEqual(max);
      // uPlot pads by 10 % of the span at most snapping to round numbers: far below the data's own size
      expect(hi! - lo!).toBeLessThan(2 * (max - min));
    }
  });
});
