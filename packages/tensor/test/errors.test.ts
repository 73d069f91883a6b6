import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  cellCentres,
  chebTuckerEvaluate,
  chebTuckerFromGrid,
  chebyshevPoints,
  cp,
  cpAls,
  cubicSplineColumns,
  hooi,
  hosvd,
  mat,
  relativeDistance,
  rhosvd,
  tensor,
  tensorFromFunction,
  ttSvd,
  tuckerToDense,
} from '../src/index.ts';

const rng = new SeededRng(17);

describe('impossible parameters give clear errors', () => {
  const x = tensor([3, 4, 5], rng.normalArray(60));
  it('decompositions', () => {
    expect(() => hosvd(x, {})).toThrow(/ranks or a non-negative eps/);
    expect(() => hosvd(x, { ranks: [1, 2] })).toThrow(/2 ranks given for an order-3 tensor/);
    expect(() => hosvd(x, { ranks: [1, 0, 2] })).toThrow(/positive integers/);
    expect(() => ttSvd(x, {})).toThrow(/give eps, ranks, or both/);
    expect(() => cpAls(x, { rank: 0 })).toThrow(/positive integer/);
    expect(() => rhosvd(cp([mat(3, 2), mat(4, 2)]), { tol: 1, eps: 1 })).toThrow(/exactly one/);
    expect(() => cp([mat(3, 2), mat(4, 3)])).toThrow(/factor 1 has 3 columns/);
  });
  it('decompositions of an empty tensor (a mode of size 0) are refused, not an index error deep inside', () => {
    for (const shape of [
      [0, 5, 4],
      [3, 0, 2],
      [2, 3, 0],
    ]) {
      const empty = tensor(shape);
      const text = `\\(${shape.join(', ')}\\)`;
      expect(() => ttSvd(empty, { eps: 1e-3 }), 'tt').toThrow(new RegExp(`TT-SVD needs a non-empty tensor, got shape ${text}`));
      expect(() => ttSvd(empty, { ranks: [2, 2] }), 'tt ranks').toThrow(RangeError);
      expect(() => hosvd(empty, { eps: 1e-3 }), 'hosvd').toThrow(new RegExp(`HOSVD needs a non-empty tensor, got shape ${text}`));
      expect(() => hooi(empty, { ranks: [1, 1, 1] }), 'hooi').toThrow(/HOOI needs a non-empty tensor/);
      expect(() => cpAls(empty, { rank: 1 }), 'cp').toThrow(new RegExp(`CP-ALS needs a non-empty tensor, got shape ${text}`));
    }
  });
  it('Chebyshev and splines', () => {
    expect(() => chebyshevPoints(0)).toThrow(/positive integer/);
    expect(() => chebyshevPoints(5, [1, 1])).toThrow(/a < b/);
    expect(() => cubicSplineColumns(Float64Array.of(0, 1, 2), mat(3, 1), [0.5])).toThrow(/at least 4 knots/);
    expect(() => cubicSplineColumns(Float64Array.of(0, 2, 1, 3), mat(4, 1), [0.5])).toThrow(/strictly increasing/);
  });
});

describe('HOOI with ε and Alg 3.2 on a non-separable grid tensor', () => {
  it('HOOI with eps keeps the HOSVD ranks and meets ε', () => {
    const y = tensorFromFunction([10, 11, 12], ([i, j, k]) => 1 / (1 + i! + j! + k!));
    const h = hosvd(y, { eps: 1e-5 });
    const o = hooi(y, { eps: 1e-5, maxIterations: 5 });
    expect(o.tucker.core.shape).toEqual(h.tucker.core.shape);
    expect(relativeDistance(tuckerToDense(o.tucker), y)).toBeLessThanOrEqual(1e-5);
  });

  it('Alg 3.2: splines of 1/(1 + x² + y² + z²) on 48³ cell centres reach the O(h⁴) spline accuracy', () => {
    const n = 48;
    const c = cellCentres(n);
    const g = (a: number, b: number, d: number) => 1 / (1 + a * a + b * b + d * d);
    const grid = tensorFromFunction([n, n, n], ([i, j, k]) => g(c[i!]!, c[j!]!, c[k!]!));
    const f = chebTuckerFromGrid(grid, { m: 33, eps: 1e-10 });
    const p = Array.from({ length: 3 }, () => rng.uniformArray(30, -0.95, 0.95));
    const v = chebTuckerEvaluate(f, p[0]!, p[1]!, p[2]!);
    let err = 0;
    for (let i = 0; i < 30; i++) err = Math.max(err, Math.abs(v[i]! - g(p[0]![i]!, p[1]![i]!, p[2]![i]!)));
    // h = 1/24: (5/384) h⁴ max|∂⁴g| ≈ 1.3e-2 · 3.0e-6 · 24 ≈ 1e-6 per direction.
    expect(err).toBeLessThan(3e-6);
  });
});
