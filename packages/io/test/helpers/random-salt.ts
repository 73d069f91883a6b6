import { SeededRng } from '@equitensor/testing';
import type { Structure } from '../../src/index.ts';

/**
 * One frame of `n` ions for the memory test and benchmarks (test/node/read-memory.test.ts, bench/read-memory.ts,
 * bench/convert-memory.ts): Na and Cl alternating, at seeded uniform positions (SeededRng(11)) in a periodic cube
 * of rock salt's density (8 ions per (5.64 Å)³).
 */
export function randomSalt(n: number): Structure {
  const rng = new SeededRng(11);
  const side = Math.cbrt(n / 8) * 5.64;
  return {
    numbers: Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 11 : 17)),
    positions: rng.uniformArray(3 * n, 0, side),
    cell: new Float64Array([side, 0, 0, 0, side, 0, 0, 0, side]),
    pbc: [true, true, true],
    arrays: {},
    info: {},
  };
}
