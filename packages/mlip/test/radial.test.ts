import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { RadialBasis } from '../src/radial.ts';

describe('RadialBasis', () => {
  const radial = new RadialBasis({ nmax: 10, rcut: 5.5, lambda: 2 });
  const values = new Float64Array(10);
  const derivs = new Float64Array(10);

  it('is Chebyshev T_n(x(r)) = cos(n·acos x) times the envelope (1 − (r/rc)²)³', () => {
    for (const r of [0.3, 1.7, 2.35, 4.1, 5.4]) {
      radial.evaluate(r, values, derivs);
      const { x } = radial.transform(r);
      const env = (1 - (r / 5.5) ** 2) ** 3;
      const expected = Array.from({ length: 10 }, (_, n) => Math.cos(n * Math.acos(x)) * env);
      assertClose(values, expected, { rtol: 1e-12, atol: 1e-14 }, `R_n(${r})`);
    }
  });

  it('maps [0, rc] onto [−1, 1] for λ > 0 and λ = 0', () => {
    expect(radial.transform(0).x).toBeCloseTo(-1, 14);
    expect(radial.transform(5.5).x).toBeCloseTo(1, 14);
    const linear = new RadialBasis({ nmax: 3, rcut: 4, lambda: 0 });
    expect(linear.transform(1).x).toBeCloseTo(-0.5, 14);
  });

  it('has analytic derivatives equal to central differences', () => {
    const h = 1e-6;
    const vp = new Float64Array(10);
    const vm = new Float64Array(10);
    const scratch = new Float64Array(10);
    for (const r of [0.5, 2.0, 3.3, 5.0]) {
      radial.evaluate(r, values, derivs);
      radial.evaluate(r + h, vp, scratch);
      radial.evaluate(r - h, vm, scratch);
      const fd = Array.from({ length: 10 }, (_, n) => ((vp[n] as number) - (vm[n] as number)) / (2 * h));
      assertClose(derivs, fd, { rtol: 1e-7, atol: 1e-8 }, `dR/dr at ${r}`);
    }
  });

  it('vanishes smoothly (value and slope) at and beyond the cutoff', () => {
    radial.evaluate(5.5 - 1e-4, values, derivs);
    for (let n = 0; n < 10; n++) {
      expect(Math.abs(values[n] as number)).toBeLessThan(1e-10);
      expect(Math.abs(derivs[n] as number)).toBeLessThan(1e-6);
    }
    radial.evaluate(6, values, derivs);
    expect(Array.from(values).every((v) => v === 0)).toBe(true);
  });

  it('with an inner radius r_in maps [r_in, rc] onto [−1, 1], is constant in x below r_in, and keeps exact derivatives', () => {
    const inner = new RadialBasis({ nmax: 8, rcut: 5.5, lambda: 0, rin: 1.5 });
    expect(inner.transform(1.5).x).toBe(-1);
    expect(inner.transform(5.5).x).toBeCloseTo(1, 14);
    expect(inner.transform(3.5).x).toBeCloseTo(0, 14);
    expect(inner.transform(1.0)).toEqual({ x: -1, dxdr: 0 });
    const v = new Float64Array(8);
    const d = new Float64Array(8);
    const vp = new Float64Array(8);
    const vm = new Float64Array(8);
    const scratch = new Float64Array(8);
    const h = 1e-6;
    for (const r of [1.0, 2.0, 2.35, 3.9, 5.2]) {
      inner.evaluate(r, v, d);
      const x = Math.max(-1, (2 * (r - 1.5)) / 4 - 1);
      const env = (1 - (r / 5.5) ** 2) ** 3;
      assertClose(
        v,
        Array.from({ length: 8 }, (_, n) => Math.cos(n * Math.acos(x)) * env),
        { rtol: 1e-12, atol: 1e-14 },
        `R_n(${r})`,
      );
      inner.evaluate(r + h, vp, scratch);
      inner.evaluate(r - h, vm, scratch);
      const fd = Array.from({ length: 8 }, (_, n) => ((vp[n] as number) - (vm[n] as number)) / (2 * h));
      assertClose(d, fd, { rtol: 1e-7, atol: 1e-8 }, `dR/dr at ${r}`);
    }
  });

  it('rejects impossible parameters', () => {
    expect(() => new RadialBasis({ nmax: 3, rcut: 5, lambda: 0, rin: 5 })).toThrow(RangeError);
    expect(() => new RadialBasis({ nmax: 0, rcut: 5, lambda: 1 })).toThrow(RangeError);
    expect(() => new RadialBasis({ nmax: 3, rcut: -1, lambda: 1 })).toThrow(RangeError);
  });
});
