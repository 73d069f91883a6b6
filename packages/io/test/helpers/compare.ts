import { expect } from 'vitest';
import type { Structure } from '../../src/index.ts';

function plainArrays(s: Structure): Record<string, { type: string; width: number; data: unknown[] }> {
  const out: Record<string, { type: string; width: number; data: unknown[] }> = {};
  for (const [name, a] of Object.entries(s.arrays))
    out[name] = { type: a.type, width: a.width, data: Array.from(a.data as ArrayLike<unknown>) };
  return out;
}

/** Assert two frame lists are equal in every field (exact: numbers, positions, cell, pbc, arrays, info). */
export function expectSameFrames(actual: readonly Structure[], expected: readonly Structure[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i]!;
    expect(Array.from(a.numbers), `frame ${i} numbers`).toEqual(Array.from(e.numbers));
    expect(Array.from(a.positions), `frame ${i} positions`).toEqual(Array.from(e.positions));
    expect(a.cell === null ? null : Array.from(a.cell), `frame ${i} cell`).toEqual(e.cell === null ? null : Array.from(e.cell));
    expect(a.pbc, `frame ${i} pbc`).toEqual(e.pbc);
    expect(plainArrays(a), `frame ${i} arrays`).toEqual(plainArrays(e));
    expect(a.info, `frame ${i} info`).toEqual(e.info);
  });
}
