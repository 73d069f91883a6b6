import { covalentRadii } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { detectBonds } from '../src/atoms/bonds.ts';

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
