import { describe, expect, it } from 'vitest';
import { NeighborList } from '../src/index.ts';

/**
 * An atom a rounding error below a cell face (fractional coordinate −1e-18, e.g. 0.03 − 0.02 − 0.01) wraps to 0 of
 * the next cell: both cell-list paths used to keep it at 0 with the old image, one lattice vector off, so pairs were
 * tested at the wrong distance (a Si diamond cell lost a first-shell neighbour; 9 of 262 Zuo Cu and 9 of 214 Zuo Si
 * training frames had wrong lists). Reference: every image within reach, by the definition.
 */
function bruteCount(positions: Float64Array, cell: Float64Array, i: number, rcut: number): number {
  let count = 0;
  const n = positions.length / 3;
  for (let j = 0; j < n; j++)
    for (let a = -4; a <= 4; a++)
      for (let b = -4; b <= 4; b++)
        for (let c = -4; c <= 4; c++) {
          if (j === i && a === 0 && b === 0 && c === 0) continue;
          const d = [0, 1, 2].map(
            (k) => positions[3 * j + k]! - positions[3 * i + k]! + a * cell[k]! + b * cell[3 + k]! + c * cell[6 + k]!,
          );
          if (Math.hypot(d[0]!, d[1]!, d[2]!) < rcut) count++;
        }
  return count;
}

function listDistances(list: NeighborList, positions: Float64Array, i: number): number[] {
  const out: number[] = [];
  for (let k = list.start[i]!; k < list.start[i + 1]!; k++) {
    const j = list.neighbors[k]!;
    const s = 3 * list.images[k]!;
    const d = [0, 1, 2].map((a) => positions[3 * j + a]! - positions[3 * i + a]! + list.shifts[s + a]!);
    out.push(Math.hypot(d[0]!, d[1]!, d[2]!));
  }
  return out;
}

describe('neighbour lists: an atom a rounding error below a cell face', () => {
  const cases = [
    {
      // 2-atom Si diamond cell, cutoff beyond the plane spacing (several images): the binned path
      name: 'Si diamond primitive cell, r_c 4.6 Å (binned path)',
      cell: new Float64Array([0, 2.715, 2.715, 2.715, 0, 2.715, 2.715, 2.715, 0]),
      positions: new Float64Array([0.03, -0.02, 0.01, 1.38, 1.33, 1.37]),
      rcut: 4.6,
    },
    {
      // a box over twice the cutoff: the scatter fast path; x = 0.03 − 0.02 − 0.01 = −1.7e-18
      name: 'cubic 12 Å box, r_c 5 Å (fast path)',
      cell: new Float64Array([12, 0, 0, 0, 12, 0, 0, 0, 12]),
      positions: new Float64Array([0.03 - 0.02 - 0.01, 6, 6, 11.5, 6, 6, 2, 6, 6, 9, 1, 11]),
      rcut: 5,
    },
  ];
  for (const c of cases)
    for (const method of ['cells', 'all-pairs'] as const)
      it(`${method}: every pair within r_c, at its true distance: ${c.name}`, () => {
        expect(c.positions[0]! < 0 || c.positions[1]! < 0 || c.positions[2]! < 0).toBe(true);
        const list = new NeighborList({ cutoff: c.rcut, skin: 0, kind: 'full', method });
        list.update({ numbers: new Int32Array(c.positions.length / 3), positions: c.positions, cell: c.cell, pbc: [true, true, true] });
        for (let i = 0; i < c.positions.length / 3; i++) {
          const distances = listDistances(list, c.positions, i);
          expect(Math.max(...distances), `atom ${i}`).toBeLessThan(c.rcut);
          expect(distances.length, `atom ${i}`).toBe(bruteCount(c.positions, c.cell, i, c.rcut));
        }
      });
});
