import { describe, expect, it } from 'vitest';
import { assertClose, assertScalarClose, compareClose, relativeError } from '../src/tolerance.ts';

describe('compareClose / assertClose', () => {
  it('passes values within rtol and atol', () => {
    expect(compareClose([1, 2, 3], [1, 2 + 1e-13, 3], { rtol: 1e-12 }).ok).toBe(true);
    expect(compareClose([0, 1e-10], [0, 0], { atol: 1e-9 }).ok).toBe(true);
  });

  it('reports the worst element and both errors', () => {
    const r = compareClose([1, 2, 3.5, 4.01], [1, 2, 3, 4], { rtol: 1e-3 });
    expect(r.ok).toBe(false);
    expect(r.worstIndex).toBe(2);
    expect(r.worstActual).toBe(3.5);
    expect(r.worstExpected).toBe(3);
    expect(r.maxAbsError).toBeCloseTo(0.5, 15);
    expect(r.maxRelError).toBeCloseTo(0.5 / 3, 15);
  });

  it('never treats NaN as close, not even to NaN, and points at it', () => {
    expect(compareClose([Number.NaN], [1]).ok).toBe(false);
    expect(compareClose([1], [Number.NaN]).ok).toBe(false);
    expect(compareClose([Number.NaN], [Number.NaN]).ok).toBe(false);
    expect(compareClose([Number.NaN], [Number.NaN], { rtol: 1, atol: Number.POSITIVE_INFINITY }).ok).toBe(false);
    const r = compareClose([1, 2, Number.NaN, 4.5], [1, 2, Number.NaN, 4], { rtol: 1e-3 });
    expect(r.ok).toBe(false);
    expect(r.worstIndex).toBe(2); // the NaN, not the larger finite error at [3]
    expect(r.maxAbsError).toBeNaN();
    expect(r.maxRelError).toBeNaN();
    expect(() => assertClose([Number.NaN], [Number.NaN])).toThrow(/not close .*\[0\] actual NaN expected NaN/);
    expect(() => assertScalarClose(Number.NaN, Number.NaN)).toThrow(/not close/);
  });

  it('treats infinities as never close: ∞ vs ∞ (|∞ − ∞| is NaN), and a finite value vs ∞ even at rtol 1', () => {
    expect(compareClose([Number.POSITIVE_INFINITY], [Number.POSITIVE_INFINITY]).ok).toBe(false);
    expect(compareClose([1e308], [Number.POSITIVE_INFINITY], { rtol: 1 }).ok).toBe(false);
  });

  it('throws a message naming the worst element', () => {
    expect(() => assertClose([1, 5], [1, 4], { rtol: 1e-6 }, 'forces')).toThrow(/forces: not close .*\[1\] actual 5 expected 4/);
    expect(() => assertClose([1], [1, 2])).toThrow(/length mismatch/);
    // A number has no length: without a guard it would compare zero elements and pass.
    expect(() => assertClose(1 as unknown as number[], 2 as unknown as number[])).toThrow(/expected two arrays/);
    expect(() => relativeError(1 as unknown as number[], [1])).toThrow(/expected two arrays/);
  });

  it('computes the norm-wise relative error', () => {
    expect(relativeError([3, 4], [3, 4])).toBe(0);
    expect(relativeError([3, 4.5], [3, 4])).toBeCloseTo(0.5 / 5, 15);
  });
});
