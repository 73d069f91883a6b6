import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  cartesianToFractional,
  cellFromParameters,
  cellLengths,
  cellParameters,
  center,
  cloneStructure,
  createStructure,
  fractionalToCartesian,
  invertCell,
  repeat,
  volume,
  wrapPositions,
} from '../../src/index.ts';
import { runPython } from '../helpers/python.ts';

const rng = new SeededRng(20261129);
const cellpars = [
  { a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90 },
  { a: 3.2, b: 3.2, c: 5.2, alpha: 90, beta: 90, gamma: 120 },
  { a: 4.1, b: 5.3, c: 6.7, alpha: 71.5, beta: 83.2, gamma: 102.9 },
  { a: 7.0, b: 7.0, c: 7.0, alpha: 60, beta: 60, gamma: 60 },
];
const n = 7;
const fractional = Array.from(cellpars, () => Array.from(rng.uniformArray(3 * n, -1.5, 2.5)));

interface AseCase {
  cell: number[];
  cellpar: number[];
  volume: number;
  positions: number[];
  wrapped: number[];
  wrappedPartial: number[];
  repeated: number[];
  repeatedNumbers: number[];
  centred: number[];
  centredCell: number[];
}

const ase = runPython<AseCase[]>(
  `
import json, sys
import numpy as np
from ase import Atoms
from ase.geometry import cellpar_to_cell, cell_to_cellpar, wrap_positions
data = json.load(sys.stdin)
out = []
for par, frac in zip(data['cellpars'], data['fractional']):
    cell = cellpar_to_cell([par['a'], par['b'], par['c'], par['alpha'], par['beta'], par['gamma']])
    frac = np.array(frac).reshape(-1, 3)
    pos = frac @ cell
    atoms = Atoms(numbers=[1, 6, 7, 8, 11, 17, 29], positions=pos, cell=cell, pbc=True)
    rep = atoms.repeat((2, 1, 3))
    cen = Atoms(numbers=[1, 6, 7, 8, 11, 17, 29], positions=pos)
    cen.center(vacuum=4.0)
    out.append({
      'cell': cell.ravel().tolist(), 'cellpar': cell_to_cellpar(cell).tolist(), 'volume': atoms.get_volume(),
      'positions': pos.ravel().tolist(),
      'wrapped': wrap_positions(pos, cell, pbc=True).ravel().tolist(),
      'wrappedPartial': wrap_positions(pos, cell, pbc=[True, False, True]).ravel().tolist(),
      'repeated': rep.positions.ravel().tolist(), 'repeatedNumbers': rep.numbers.tolist(),
      'centred': cen.positions.ravel().tolist(), 'centredCell': cen.cell.array.ravel().tolist(),
    })
print(json.dumps(out))
`,
  JSON.stringify({ cellpars, fractional }),
);

describe('Structure helpers agree with ASE 3.22', () => {
  cellpars.forEach((par, i) => {
    const reference = ase[i]!;
    it(`cell ${JSON.stringify(par)}`, () => {
      const cell = cellFromParameters(par);
      assertClose(cell, reference.cell, { atol: 1e-12 }, 'cellpar_to_cell');
      const back = cellParameters(cell);
      assertClose([back.a, back.b, back.c, back.alpha, back.beta, back.gamma], reference.cellpar, { atol: 1e-10 }, 'cell_to_cellpar');
      expect(volume(cell)).toBeCloseTo(reference.volume, 10);
      assertClose(cellLengths(cell), reference.cellpar.slice(0, 3), { rtol: 1e-14 }, 'lengths');

      const positions = fractionalToCartesian(Float64Array.from(fractional[i]!), cell);
      assertClose(positions, reference.positions, { atol: 1e-12 }, 'fractional → Cartesian');
      assertClose(cartesianToFractional(positions, cell), fractional[i]!, { atol: 1e-12 }, 'Cartesian → fractional');

      const s = createStructure({ numbers: [1, 6, 7, 8, 11, 17, 29], positions, cell, pbc: true });
      assertClose(wrapPositions(s), reference.wrapped, { atol: 1e-10 }, 'wrap');
      assertClose(wrapPositions(s, { pbc: [true, false, true] }), reference.wrappedPartial, { atol: 1e-10 }, 'wrap partial');

      const big = repeat(s, [2, 1, 3]);
      assertClose(big.positions, reference.repeated, { atol: 1e-12 }, 'repeat');
      expect(Array.from(big.numbers)).toEqual(reference.repeatedNumbers);
      expect(volume(big)).toBeCloseTo(6 * reference.volume, 8);

      const molecule = createStructure({ numbers: [1, 6, 7, 8, 11, 17, 29], positions });
      const centred = center(molecule, { vacuum: 4 });
      assertClose(centred.positions, reference.centred, { atol: 1e-10 }, 'center positions');
      assertClose(centred.cell!, reference.centredCell, { atol: 1e-10 }, 'center cell');
    });
  });
});

describe('Structure helpers: identities and errors', () => {
  it('inverse times cell is the identity', () => {
    const cell = cellFromParameters(cellpars[2]!);
    const inv = invertCell(cell);
    const product = new Float64Array(9);
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) product[3 * r + c]! += cell[3 * r + k]! * inv[3 * k + c]!;
    assertClose(product, [1, 0, 0, 0, 1, 0, 0, 0, 1], { atol: 1e-14 }, 'cell·cell⁻¹');
    expect(() => invertCell(new Float64Array([1, 0, 0, 2, 0, 0, 0, 0, 1]))).toThrow(RangeError);
  });

  it('repeat tiles per-atom arrays and keeps info', () => {
    const s = createStructure({
      symbols: ['Na', 'Cl'],
      positions: [0, 0, 0, 2.82, 2.82, 2.82],
      cell: [5.64, 5.64, 5.64],
      arrays: { charges: { type: 'R', width: 1, data: new Float64Array([1, -1]) }, labels: { type: 'S', width: 1, data: ['a', 'b'] } },
      info: { energy: -1 },
    });
    const big = repeat(s, 2);
    expect(Array.from(big.arrays.charges!.data as Float64Array)).toEqual([1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1]);
    expect(big.arrays.labels!.data.length).toBe(16);
    expect(big.info.energy).toBe(-1);
    expect(() => repeat(s, [0, 1, 1])).toThrow(RangeError);
  });

  it('createStructure checks its inputs and cloneStructure shares nothing', () => {
    expect(() => createStructure({ symbols: ['Xx'], positions: [0, 0, 0] })).toThrow(/chemical symbol/);
    expect(() => createStructure({ symbols: ['H'], positions: [0, 0] })).toThrow(/position/);
    expect(() => cellFromParameters({ a: 1, b: 1, c: 1, alpha: 10, beta: 10, gamma: 120 })).toThrow(RangeError);
    const s = createStructure({
      symbols: ['H', 'H'],
      positions: [
        [0, 0, 0],
        [0.74, 0, 0],
      ],
    });
    expect(s.pbc).toEqual([false, false, false]);
    expect(s.cell).toBeNull();
    const copy = cloneStructure(s);
    copy.positions[0] = 9;
    expect(s.positions[0]).toBe(0);
  });
});
