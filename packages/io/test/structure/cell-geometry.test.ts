import { describe, expect, it } from 'vitest';
import { cellFromParameters, invertCell, volume } from '../../src/index.ts';
import { cellGeometry, matrix3Entries, planeSpacings } from '../../src/structure/cell-geometry.ts';

describe('cell geometry (volume, inverse, interplanar widths)', () => {
  it('gives the textbook widths of a hexagonal cell: a·sin 60° across the a and b faces, c along c', () => {
    // a = 3 Å, c = 5 Å, γ = 120°: distance between (100) planes = a·sin(60°) = 3√3/2; V = a²c·sin 120°.
    const cell = cellFromParameters({ a: 3, b: 3, c: 5, alpha: 90, beta: 90, gamma: 120 });
    const g = cellGeometry(cell);
    const d = (3 * Math.sqrt(3)) / 2;
    // Closed forms evaluated in float64: agreement to a few ulps of the ~10 Å³ / ~3 Å quantities.
    expect(Math.abs(g.volume - 9 * 5 * Math.sin((2 * Math.PI) / 3))).toBeLessThan(1e-13);
    expect(Math.abs(g.widths[0] - d)).toBeLessThan(1e-14);
    expect(Math.abs(g.widths[1] - d)).toBeLessThan(1e-14);
    expect(Math.abs(g.widths[2] - 5)).toBeLessThan(1e-14);
    expect(planeSpacings(cell)).toEqual(g.widths);
  });

  it('agrees with io’s volume and invertCell on a triclinic cell, and cell · inverse = I', () => {
    const cell = new Float64Array([5.1, 0.2, -0.3, 1.4, 4.7, 0.5, -0.8, 0.9, 6.2]);
    const g = cellGeometry(cell);
    // The same determinant expanded the same way: equal to the last bit.
    expect(g.volume).toBe(volume(cell));
    const inv = invertCell(cell);
    for (let k = 0; k < 9; k++) expect(Math.abs(g.inverse[k]! - inv[k]!)).toBeLessThan(1e-16);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += cell[3 * i + k]! * g.inverse[3 * k + j]!;
        // Rounding of a 3-term sum of O(1) products: a few ε.
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-15);
      }
  });

  it('rejects a cell that is not 3×3 or is singular with a RangeError', () => {
    expect(() => cellGeometry(new Float64Array(6))).toThrow(RangeError);
    expect(() => planeSpacings(new Float64Array(8))).toThrow(/9 numbers/);
    expect(() => cellGeometry(new Float64Array([1, 0, 0, 2, 0, 0, 0, 0, 1]))).toThrow(/singular/);
  });

  it('unpacks a row-major 3×3 matrix into its nine entries in order, and rejects any other length', () => {
    const m = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9.5]);
    expect(matrix3Entries(m)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9.5]);
    expect(() => matrix3Entries(new Float64Array(8))).toThrow(/9 numbers, got 8/);
  });
});
