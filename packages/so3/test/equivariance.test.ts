/** `assertEquivariant` itself: it fails on what is not equivariant and on outputs that prove nothing. */
import { describe, expect, it } from 'vitest';
import { assertEquivariant } from '../src/equivariance.ts';

describe('assertEquivariant', () => {
  /** x ↦ 0.7·x on 2x1o: equivariant and non-zero. */
  const scaled = (x: Float64Array): Float64Array => x.map((v) => 0.7 * v);

  it('passes an equivariant map (a multiple of the identity on 2x1o, errors at rounding level)', () => {
    const report = assertEquivariant(scaled, ['2x1o'], '2x1o');
    expect(report.checks).toBe(6);
    // D(R) applied in float64 to O(1) values: a few ulps (1e-15), far below the default 1e-10
    expect(report.maxRelativeError).toBeLessThan(1e-14);
  });

  it('refuses an all-zero output (trivially equivariant) and a non-finite one', () => {
    expect(() => assertEquivariant((x) => new Float64Array(x.length), ['2x1o'], '2x1o')).toThrow(/all-zero or non-finite/);
    expect(() => assertEquivariant((x) => x.map(() => Number.NaN), ['2x1o'], '2x1o')).toThrow(/all-zero or non-finite/);
    expect(() => assertEquivariant((x) => x.map(() => Number.POSITIVE_INFINITY), ['2x1o'], '2x1o')).toThrow(/all-zero or non-finite/);
  });

  it('fails a map that is not equivariant: the wrong parity, the wrong irrep, a fixed offset', () => {
    // 1o → 1e: the same under rotations, the opposite sign under inversion
    expect(() => assertEquivariant(scaled, ['1o'], '1e')).toThrow(/improper rotation/);
    expect(() => assertEquivariant(scaled, ['1o'], '1o', { properOnly: true, tolerance: 1e-10 })).not.toThrow();
    // x ↦ x + (1, 0, 0): not equivariant under any rotation
    expect(() => assertEquivariant((x) => x.map((v, i) => v + (i % 3 === 0 ? 1 : 0)), ['1o'], '1o')).toThrow(/proper rotation/);
    // 3 components read as 0e+2x0e instead of 1o
    expect(() => assertEquivariant(scaled, ['1o'], '3x0e')).toThrow(/assertEquivariant/);
  });
});
