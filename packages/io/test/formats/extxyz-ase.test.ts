import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { cellFromParameters, createStructure, formatExtxyz, parseExtxyz, type Structure } from '../../src/index.ts';
import { ASE_DUMP, type AseFrame } from '../helpers/ase-dump.ts';
import { runPython } from '../helpers/python.ts';

/** Our frame as ASE 3.22 should see it after `ase.io.read(..., index=':')`. */
function expectAseSees(ase: AseFrame, ours: Structure): void {
  expect(ase.numbers).toEqual(Array.from(ours.numbers));
  expect(ase.positions).toEqual(Array.from(ours.positions));
  expect(ase.cell).toEqual(ours.cell === null ? [0, 0, 0, 0, 0, 0, 0, 0, 0] : Array.from(ours.cell));
  expect(ase.pbc).toEqual(ours.pbc);
  // ASE moves energy/forces/stress/charges… into the calculator; stress becomes Voigt (xx yy zz yz xz xy)
  const seen: Record<string, unknown> = { ...ase.arrays, ...ase.info, ...ase.results };
  for (const [name, array] of Object.entries(ours.arrays)) {
    const values = Array.from(array.data as ArrayLike<number | string>, (v) => (array.type === 'L' ? Boolean(v) : v));
    // ASE 3.22 reads a `charges` column into atoms.arrays['initial_charges']
    expect(seen[name === 'charges' ? 'initial_charges' : name], `array ${name}`).toEqual(values);
  }
  for (const [key, value] of Object.entries(ours.info)) {
    if (key === 'stress' && Array.isArray(value)) {
      const s = value as number[];
      expect(seen.stress, 'stress (Voigt)').toEqual([s[0], s[4], s[8], s[5], s[2], s[1]]);
    } else {
      expect(seen[key], `info ${key}`).toEqual(value);
    }
  }
}

describe('ASE 3.22 reads what we write', () => {
  it('a frame with every kind of column and key-value, and a second frame without a cell', () => {
    const cell = cellFromParameters({ a: 4.1, b: 5.3, c: 6.7, alpha: 71.5, beta: 83.2, gamma: 102.9 });
    const first = createStructure({
      symbols: ['O', 'H', 'H', 'Na'],
      positions: [0.1 + 0.2, 1 / 3, -1e-12, 1.5, 2.25, -0.125, 2 / 7, 3.1, 4.7, 1e5, -2.5e-8, 0],
      cell,
      pbc: [true, false, true],
      arrays: {
        forces: { type: 'R', width: 3, data: Float64Array.from({ length: 12 }, (_, i) => Math.sin(i) / 7) },
        charges: { type: 'R', width: 1, data: new Float64Array([-0.8, 0.4, 0.4, 1]) },
        tags: { type: 'I', width: 1, data: new Int32Array([0, 1, 1, -2]) },
        fixed_axes: { type: 'L', width: 3, data: new Uint8Array([1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0]) },
        residue: { type: 'S', width: 1, data: ['HOH', 'HOH', 'HOH', 'ION'] },
      },
      info: {
        energy: -76.4321098765,
        stress: [0.1, 0.01, 0.02, 0.01, 0.2, 0.03, 0.02, 0.03, 0.3],
        virial: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5],
        config_type: 'water_ion',
        comment: 'a "quoted" comment, with = signs and \\ backslashes',
        step: 42,
        kpoints: [4, 4, 1],
        weights: [0.25, 0.5, 0.25],
        converged: true,
        flags: [true, false],
      },
    });
    const second = createStructure({ symbols: ['C', 'O'], positions: [0, 0, 0, 0, 0, 1.128], info: { energy: -1.5 } });
    const text = formatExtxyz([first, second]);
    const ase = runPython<AseFrame[]>(
      `${ASE_DUMP}
import sys, io, json
from ase.io import read
print(json.dumps(dump(read(io.StringIO(sys.stdin.read()), index=':', format='extxyz'))))`,
      text,
    );
    expect(ase.length).toBe(2);
    // ASE reads virial (a special 3×3 key) as a matrix; our row-major virial must be that matrix
    expectAseSees(ase[0]!, first);
    expectAseSees(ase[1]!, second);
  });

  it('the shared training files, frame by frame', () => {
    for (const file of ['mlip/Si_tiny.xyz', 'lammps/ref_Cu_mishin1_fcc256_rattled.xyz']) {
      const ours = parseExtxyz(readFixtureText(file));
      const ase = runPython<AseFrame[]>(
        `${ASE_DUMP}
import sys, io, json
from ase.io import read
print(json.dumps(dump(read(io.StringIO(sys.stdin.read()), index=':', format='extxyz'))))`,
        formatExtxyz(ours),
      );
      expect(ase.length).toBe(ours.length);
      ours.forEach((frame, i) => {
        expectAseSees(ase[i]!, frame);
      });
    }
  });
});

describe('we read what ASE 3.22 writes', () => {
  it('cells, pbc, calculator results, arrays and info of several frames', () => {
    const out = runPython<{ text: string; frames: AseFrame[] }>(`${ASE_DUMP}
import io, json
import numpy as np
from ase import Atoms
from ase.build import bulk, molecule
from ase.calculators.singlepoint import SinglePointCalculator
from ase.io import write
rng = np.random.default_rng(7)
a = bulk('Cu', 'fcc', a=3.615, cubic=True).repeat((2, 1, 1))
a.rattle(0.05, seed=3)
a.set_initial_charges(rng.normal(size=len(a)))
a.set_tags(np.arange(len(a)) % 3)
a.new_array('flag', np.arange(len(a)) % 2 == 0)
a.new_array('vec', rng.normal(size=(len(a), 2)))
a.info['config_type'] = 'bulk rattled'
a.info['seed'] = 3
a.info['mix'] = np.array([1.5, 2.0, -3.25])
a.calc = SinglePointCalculator(a, energy=-28.123456789012, forces=rng.normal(size=(len(a), 3)),
                               stress=rng.normal(size=6))
m = molecule('CH3CH2OH')
m.info['name'] = 'ethanol'
m.calc = SinglePointCalculator(m, energy=-45.5, forces=rng.normal(size=(len(m), 3)))
t = Atoms('Si2', positions=[[0, 0, 0], [1.3, 1.4, 1.5]], cell=[[0, 2.7, 2.7], [2.7, 0, 2.7], [2.7, 2.7, 0]], pbc=[True, True, False])
frames = [a, m, t]
buf = io.StringIO()
write(buf, frames, format='extxyz')
print(json.dumps({'text': buf.getvalue(), 'frames': dump(frames)}))`);
    const ours = parseExtxyz(out.text, { fileName: 'ase.xyz' });
    expect(ours.length).toBe(3);
    ours.forEach((frame, i) => {
      const ase = out.frames[i]!;
      expect(Array.from(frame.numbers)).toEqual(ase.numbers);
      // ASE writes positions with %16.8f
      ase.positions.forEach((x, k) => {
        expect(Math.abs(frame.positions[k]! - x)).toBeLessThanOrEqual(5e-9);
      });
      const cell = frame.cell === null ? [0, 0, 0, 0, 0, 0, 0, 0, 0] : Array.from(frame.cell);
      ase.cell.forEach((x, k) => {
        expect(Math.abs(cell[k]! - x)).toBeLessThanOrEqual(5e-9);
      });
      expect(frame.pbc).toEqual(ase.pbc);
      for (const [name, values] of Object.entries({ ...ase.arrays, forces: ase.results.forces }) as [string, unknown[] | undefined][]) {
        if (values === undefined) continue;
        const array = frame.arrays[name];
        expect(array, `array ${name}`).toBeDefined();
        const got = Array.from(array!.data as ArrayLike<number>, (v) => (array!.type === 'L' ? Boolean(v) : v));
        values.forEach((v, k) => {
          if (typeof v === 'number')
            expect(Math.abs((got[k] as number) - v), `${name}[${k}]`).toBeLessThanOrEqual(5e-9 * Math.max(1, Math.abs(v)));
          else expect(got[k]).toEqual(v);
        });
      }
      for (const [key, value] of Object.entries(ase.info)) expect(frame.info[key], `info ${key}`).toEqual(value);
      if ('energy' in ase.results) expect(frame.info.energy).toBe(ase.results.energy);
      if ('stress' in ase.results) {
        const v = ase.results.stress as number[]; // Voigt xx yy zz yz xz xy
        expect(frame.info.stress).toEqual([v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2]]);
      }
    });
    expect(ours[0]!.info.config_type).toBe('bulk rattled');
    expect(ours[0]!.arrays.flag!.type).toBe('L');
  });
});
