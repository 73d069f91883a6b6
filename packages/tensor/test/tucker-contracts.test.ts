/**
 * What the Tucker/HOSVD/HOOI tests did not pin down (survivors of the mutation run, issue 21): HOOI's iteration count
 * and stopping rule, the zero tensor, the rank/ε and index checks. Exact statements only.
 */
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { hooi, hosvd, relativeDistance, tensor, tucker, tuckerAt, tuckerInner, tuckerToDense } from '../src/index.ts';
import { gaussian } from './helpers.ts';

const rng = new SeededRng(23);

describe('HOOI iterations', () => {
  const x = tensor([7, 6, 5], rng.normalArray(210));

  it('runs exactly maxIterations sweeps when the tolerance never stops it, and one error per sweep', () => {
    const r = hooi(x, { ranks: [2, 2, 2], maxIterations: 3, tolerance: 0 });
    expect(r.iterations).toBe(3);
    expect(r.errors).toHaveLength(4); // the HOSVD start, then one per sweep
    expect(r.relativeError).toBe(r.errors[3]);
    // the core returned belongs to the factors returned (after 3 sweeps HOOI has not converged, so a core left from
    // before the last factor's update would not reproduce the error): ‖X − G×U‖/‖X‖ is the reported error to rounding
    expect(relativeDistance(tuckerToDense(r.tucker), x)).toBeCloseTo(r.relativeError, 12);
  });

  it('stops after the first sweep when any improvement below 100 % of the error is enough (tolerance 1)', () => {
    const r = hooi(x, { ranks: [2, 2, 2], maxIterations: 10, tolerance: 1 });
    expect(r.iterations).toBe(1);
    expect(r.errors).toHaveLength(2);
  });

  it('sweeps at least once with the default options', () => {
    expect(hooi(x, { ranks: [2, 2, 2] }).iterations).toBeGreaterThanOrEqual(1);
  });
});

describe('Tucker and HOSVD checks', () => {
  it('the zero tensor has relative error 0, not NaN', () => {
    const zero = tensor([3, 3, 3], new Float64Array(27));
    expect(hosvd(zero, { ranks: [1, 1, 1] }).relativeError).toBe(0);
    expect(hooi(zero, { ranks: [1, 1, 1], maxIterations: 2 }).relativeError).toBe(0);
  });

  it('ranks of 1 are allowed; ranks < 1, non-integer ranks, and neither ranks nor a non-negative ε are refused', () => {
    const x = tensor([3, 4, 5], rng.normalArray(60));
    expect(hosvd(x, { ranks: [1, 1, 1] }).tucker.core.shape).toEqual([1, 1, 1]);
    expect(hosvd(x, { eps: 0 }).tucker.core.shape).toEqual([3, 4, 5]);
    for (const ranks of [
      [0, 1, 1],
      [1, 1.5, 1],
    ])
      expect(() => hosvd(x, { ranks })).toThrow(/^ranks must be positive integers/);
    for (const options of [{}, { eps: -0.1 }, { eps: Number.NaN }]) {
      expect(() => hosvd(x, options), JSON.stringify(options)).toThrow('give either ranks or a non-negative eps');
    }
    expect(() => hooi(tensor([0, 2], new Float64Array(0)), { ranks: [1, 1] })).toThrow(/^HOOI needs a non-empty tensor/);
  });

  it('refuses factors that do not fit the core, shapes that differ and indices out of range', () => {
    const core = tensor([2, 3], rng.normalArray(6));
    expect(() => tucker(core, [gaussian(rng, 4, 2)])).toThrow(/^Tucker core has order 2 but 1 factors$/);
    expect(() => tucker(core, [gaussian(rng, 4, 2), gaussian(rng, 5, 2)])).toThrow(
      /^Tucker factor 1 has 2 columns, core mode 1 has size 3$/,
    );
    const t = tucker(core, [gaussian(rng, 4, 2), gaussian(rng, 5, 3)]);
    const other = tucker(core, [gaussian(rng, 4, 2), gaussian(rng, 6, 3)]);
    expect(() => tuckerInner(t, other)).toThrow(/^Tucker shapes differ/);
    expect(() => tuckerAt(t, [[1]])).toThrow(/^index 0 has 1 entries, tensor has order 2$/);
    for (const bad of [
      [4, 0],
      [-1, 0],
      [0, 5],
      [0, 1.5],
    ]) {
      expect(() => tuckerAt(t, [bad]), `${bad}`).toThrow(/out of range/);
    }
    expect(tuckerAt(t, [[3, 4]])).toHaveLength(1);
  });
});
