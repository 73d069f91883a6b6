import { covalentRadii } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { detectBonds, withoutIonicBonds } from '../src/atoms/bonds.ts';

describe('detectBonds', () => {
  it('bonds O–H in water but not H–H', () => {
    const water = new Float64Array([0, 0, 0, 0.757, 0.586, 0, -0.757, 0.586, 0]);
    const radii = new Float64Array([covalentRadii[8]!, covalentRadii[1]!, covalentRadii[1]!]);
    expect([...detectBonds(water, radii)]).toEqual([0, 1, 0, 2]);
  });

  it('finds exactly the pairs of an O(N²) search on a random cloud', () => {
    const rng = new SeededRng(7);
    const n = 400;
    const positions = rng.uniformArray(3 * n, 0, 12);
    const radii = Float64Array.from({ length: n }, () => rng.uniformIn(0.3, 1.2));
    const expected = new Set<string>();
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const d = Math.hypot(
          positions[3 * i]! - positions[3 * j]!,
          positions[3 * i + 1]! - positions[3 * j + 1]!,
          positions[3 * i + 2]! - positions[3 * j + 2]!,
        );
        if (d > 0.4 && d <= radii[i]! + radii[j]! + 0.45) expected.add(`${i},${j}`);
      }
    const pairs = detectBonds(positions, radii);
    const found = new Set<string>();
    for (let b = 0; b < pairs.length; b += 2) found.add(`${pairs[b]},${pairs[b + 1]}`);
    expect(expected.size).toBeGreaterThan(100);
    expect(found).toEqual(expected);
  });

  it('rejects mismatched lengths', () => {
    expect(() => detectBonds(new Float64Array(5), new Float64Array(2))).toThrow(/5 coordinates for 2 atoms/);
  });
});

describe('withoutIonicBonds', () => {
  it('rock salt (a = 5.64 Å, Na–Cl 2.82 Å) keeps no bonds; water keeps both O–H bonds', () => {
    const a = 5.64;
    const positions: number[] = [];
    const numbers: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        for (let k = 0; k < 2; k++) {
          positions.push((i * a) / 2, (j * a) / 2, (k * a) / 2);
          numbers.push((i + j + k) % 2 === 0 ? 11 : 17);
        }
    const radii = numbers.map((z) => covalentRadii[z]!);
    const found = detectBonds(positions, radii);
    // Na–Cl at 2.82 Å is within the covalent radii (1.66 + 1.02) plus tolerance: detected, then dropped as ionic
    expect(found.length).toBeGreaterThan(0);
    expect(withoutIonicBonds(found, numbers).length).toBe(0);
    const water = detectBonds([0, 0, 0, 0.757, 0.586, 0, -0.757, 0.586, 0], [covalentRadii[8]!, covalentRadii[1]!, covalentRadii[1]!]);
    expect(Array.from(withoutIonicBonds(water, [8, 1, 1]))).toEqual(Array.from(water));
    expect(water.length).toBe(4);
  });
});
