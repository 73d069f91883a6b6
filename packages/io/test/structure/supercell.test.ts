import { describe, expect, it } from 'vitest';
import { cartesianToFractional, createStructure, repeat, supercell, volume } from '../../src/index.ts';
import { runPython } from '../helpers/python.ts';

function atomSet(numbers: ArrayLike<number>, positions: Float64Array, cell: Float64Array): string[] {
  const f = cartesianToFractional(positions, cell);
  return Array.from(numbers, (z, i) => `${z} ${[0, 1, 2].map((k) => (((f[3 * i + k]! % 1) + 1 + 1e-7) % 1).toFixed(5)).join(' ')}`).sort();
}

describe('supercell (integer matrix, as ase.build.make_supercell)', () => {
  const primitive = createStructure({
    symbols: ['Cu', 'Au'],
    positions: [0, 0, 0, 0.9, 0.9, 0.9],
    cell: [0, 1.8, 1.8, 1.8, 0, 1.8, 1.8, 1.8, 0],
    arrays: { q: { type: 'R', width: 1, data: new Float64Array([0.5, -0.5]) } },
  });
  const matrices = [
    [-1, 1, 1, 1, -1, 1, 1, 1, -1],
    [2, 0, 0, 0, 1, 0, 1, 0, 1],
    [1, 1, 0, -1, 1, 0, 0, 0, 2],
  ];
  const ase = runPython<{ numbers: number[]; positions: number[]; cell: number[] }[]>(
    `
import json, sys
import numpy as np
from ase import Atoms
from ase.build import make_supercell
d = json.load(sys.stdin)
a = Atoms('CuAu', positions=[[0, 0, 0], [0.9, 0.9, 0.9]], cell=np.array(d['cell']).reshape(3, 3), pbc=True)
out = []
for P in d['matrices']:
    s = make_supercell(a, np.array(P).reshape(3, 3))
    out.append({'numbers': s.numbers.tolist(), 'positions': s.positions.ravel().tolist(), 'cell': s.cell.array.ravel().tolist()})
print(json.dumps(out))`,
    JSON.stringify({ cell: Array.from(primitive.cell!), matrices }),
  );

  matrices.forEach((P, m) => {
    it(`P = ${JSON.stringify(P)}`, () => {
      const s = supercell(primitive, P);
      const reference = ase[m]!;
      expect(Array.from(s.cell!)).toEqual(reference.cell);
      expect(volume(s)).toBeCloseTo((volume(primitive) * reference.numbers.length) / 2, 10);
      expect(atomSet(s.numbers, s.positions, s.cell!)).toEqual(
        atomSet(reference.numbers, Float64Array.from(reference.positions), Float64Array.from(reference.cell)),
      );
      expect((s.arrays.q!.data as Float64Array).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
    });
  });

  it('the diagonal case is repeat (same atoms), and bad matrices are refused', () => {
    const viaRepeat = repeat(primitive, [2, 1, 3]);
    const viaSupercell = supercell(primitive, [2, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(atomSet(viaSupercell.numbers, viaSupercell.positions, viaSupercell.cell!)).toEqual(
      atomSet(viaRepeat.numbers, viaRepeat.positions, viaRepeat.cell!),
    );
    expect(() => supercell(primitive, [1, 0, 0, 1, 0, 0, 0, 0, 1])).toThrow(/singular/);
    expect(() => supercell(primitive, [1.5, 0, 0, 0, 1, 0, 0, 0, 1])).toThrow(/integers/);
  });
});
