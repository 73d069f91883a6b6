import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { cellEdges, imageCount, writeDisplayPositions } from '../src/atoms/display-positions.ts';

const cell = new Float64Array([4, 0, 0, 1, 3.5, 0, 0.5, 0.7, 5]);
/** Fractional coordinates s with r = s·H (rows of H are lattice vectors), by Cramer's rule. */
function fractional(r: number[]): number[] {
  const [a, b, c] = [cell.slice(0, 3), cell.slice(3, 6), cell.slice(6, 9)];
  const det = (x: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>): number =>
    x[0]! * (y[1]! * z[2]! - y[2]! * z[1]!) - x[1]! * (y[0]! * z[2]! - y[2]! * z[0]!) + x[2]! * (y[0]! * z[1]! - y[1]! * z[0]!);
  const d = det(a, b, c);
  return [det(r, b, c) / d, det(a, r, c) / d, det(a, b, r) / d];
}

describe('writeDisplayPositions', () => {
  it('wraps into [0, 1) fractional coordinates by lattice vectors only (triclinic cell)', () => {
    const rng = new SeededRng(11);
    const n = 50;
    const positions = rng.uniformArray(3 * n, -12, 12);
    const out = writeDisplayPositions(positions, cell, [true, true, true], { wrap: true }, new Float32Array(3 * n));
    for (let i = 0; i < n; i++) {
      const s = fractional([out[3 * i]!, out[3 * i + 1]!, out[3 * i + 2]!]);
      for (const x of s) {
        expect(x).toBeGreaterThanOrEqual(-1e-5);
        expect(x).toBeLessThan(1 + 1e-5);
      }
      const shift = fractional([
        positions[3 * i]! - out[3 * i]!,
        positions[3 * i + 1]! - out[3 * i + 1]!,
        positions[3 * i + 2]! - out[3 * i + 2]!,
      ]);
      for (const x of shift) expect(Math.abs(x - Math.round(x))).toBeLessThan(1e-4);
    }
  });

  it('leaves non-periodic axes unwrapped', () => {
    const out = writeDisplayPositions(new Float64Array([0, 0, 12]), cell, [true, true, false], { wrap: true }, new Float32Array(3));
    expect(fractional([...out])[2]).toBeCloseTo(12 / 5, 5);
  });

  it('replicates images translated by na·a + nb·b + nc·c', () => {
    expect(imageCount({ supercell: [2, 3, 1] }, true)).toBe(6);
    expect(imageCount({ supercell: [2, 3, 1] }, false)).toBe(1);
    const out = writeDisplayPositions(
      new Float64Array([0.1, 0.2, 0.3]),
      cell,
      [true, true, true],
      { supercell: [2, 3, 1] },
      new Float32Array(18),
    );
    // image m = (a·3 + b)·1 + c; image 5 is (1, 2, 0)
    expect(out[15]).toBeCloseTo(0.1 + 4 + 2 * 1, 5);
    expect(out[16]).toBeCloseTo(0.2 + 0 + 2 * 3.5, 5);
    expect(out[17]).toBeCloseTo(0.3, 5);
    expect(() =>
      writeDisplayPositions(new Float64Array(3), cell, [true, true, true], { supercell: [2, 1, 1] }, new Float32Array(3)),
    ).toThrow(/need 2/);
  });

  it('draws the 12 cell edges, each parallel to a lattice vector', () => {
    const edges = cellEdges(cell);
    const lengths = [];
    for (let e = 0; e < 12; e++)
      lengths.push(
        Math.hypot(edges[6 * e + 3]! - edges[6 * e]!, edges[6 * e + 4]! - edges[6 * e + 1]!, edges[6 * e + 5]! - edges[6 * e + 2]!),
      );
    lengths.sort((p, q) => p - q);
    const [la, lb, lc] = [Math.hypot(4, 0, 0), Math.hypot(1, 3.5, 0), Math.hypot(0.5, 0.7, 5)].sort((p, q) => p - q);
    expect(lengths.slice(0, 4).every((l) => Math.abs(l - la!) < 1e-5)).toBe(true);
    expect(lengths.slice(4, 8).every((l) => Math.abs(l - lb!) < 1e-5)).toBe(true);
    expect(lengths.slice(8).every((l) => Math.abs(l - lc!) < 1e-5)).toBe(true);
  });
});
