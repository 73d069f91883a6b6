import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureText } from '@equitensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatLammpsData,
  formatLammpsDump,
  type ParseError,
  parseExtxyz,
  parseLammpsData,
  parseLammpsDump,
  type Structure,
} from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';
import { runPython } from '../helpers/python.ts';

// LAMMPS (Debian's `lmp`, 29 Sep 2021) writes a triclinic charge-style data file and a full-precision custom dump
const INPUT = `units metal
atom_style charge
boundary p p p
lattice fcc 4.0
region box prism 0 3 0 3 0 3 0.7 -0.4 0.3 units lattice
create_box 2 box
create_atoms 1 box
set type 1 charge 1.0
set group all type/fraction 2 0.5 12345
set type 2 charge -1.0
mass 1 22.98976928
mass 2 35.45
velocity all create 300 4928459 dist gaussian
displace_atoms all random 0.1 0.1 0.1 777
pair_style zero 5.0
pair_coeff * *
write_data data.test
dump d all custom 1 dump.test id type element x y z vx vy vz q ix iy iz
dump_modify d element Na Cl format float %.17g
run 1
`;

let dir = '';
let dataText = '';
let dumpText = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'equitensor-io-lammps-'));
  writeFileSync(join(dir, 'in.test'), INPUT);
  const r = spawnSync('lmp', ['-in', 'in.test', '-log', 'none', '-screen', 'none'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lmp failed: ${r.stderr}`);
  dataText = readFileSync(join(dir, 'data.test'), 'utf8');
  dumpText = readFileSync(join(dir, 'dump.test'), 'utf8');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('LAMMPS data and dump written by LAMMPS itself', () => {
  it('the data file (triclinic, charge style, skipped Pair Coeffs, Velocities) matches the dump of the same step 0', () => {
    const [data] = parseLammpsData(dataText, { fileName: 'data.test', typeSymbols: ['Na', 'Cl'] });
    const frames = parseLammpsDump(dumpText, { fileName: 'dump.test' });
    expect(frames.length).toBe(2);
    const dump = frames[0]!;
    expect(data!.numbers.length).toBe(108);
    expect(Array.from(data!.cell!)).toEqual([12, 0, 0, 2.8, 12, 0, -1.6, 1.2, 12]);
    expect(data!.info.atomStyle).toBe('charge');
    expect(data!.info.typeMasses).toEqual([22.98976928, 35.45]);
    expect(Array.from(dump.numbers)).toEqual(Array.from(data!.numbers));
    expect(Array.from(dump.arrays.ids!.data as Int32Array)).toEqual(Array.from({ length: 108 }, (_, i) => i + 1));
    expect(Array.from(dump.arrays.types!.data as Int32Array)).toEqual(Array.from(data!.arrays.types!.data as Int32Array));
    expect(Array.from(dump.arrays.charges!.data as Float64Array)).toEqual(Array.from(data!.arrays.charges!.data as Float64Array));
    expect(Array.from(dump.arrays.images!.data as Int32Array)).toEqual(Array.from(data!.arrays.images!.data as Int32Array));
    dump.cell!.forEach((x, i) => {
      expect(Math.abs(x - data!.cell![i]!)).toBeLessThan(1e-12);
    });
    dump.positions.forEach((x, i) => {
      expect(Math.abs(x - data!.positions[i]!)).toBeLessThan(1e-12);
    });
    // write_data stores velocities in metal units (Å/ps), the dump too
    const v0 = data!.arrays.velocities!.data as Float64Array;
    (dump.arrays.velocities!.data as Float64Array).forEach((x, i) => {
      expect(Math.abs(x - v0[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x)));
    });
    expect(dump.pbc).toEqual([true, true, true]);
    expect(frames[1]!.info.timestep).toBe(1);
  });

  it('ASE 3.22 reads the same data file to the same positions, cell, charges, ids, types and image flags', () => {
    const ase = runPython<{ positions: number[]; cell: number[]; charges: number[]; id: number[]; type: number[]; travel: number[] }>(
      `
import io, json, sys
from ase.io import read
a = read(io.StringIO(sys.stdin.read()), format='lammps-data', style='charge', units='metal', sort_by_id=True)
print(json.dumps({'positions': a.positions.ravel().tolist(), 'cell': a.cell.array.ravel().tolist(), 'charges': a.get_initial_charges().tolist(),
  'id': a.arrays['id'].tolist(), 'type': a.arrays['type'].tolist(), 'travel': a.arrays['travel'].ravel().tolist()}))`,
      dataText,
    );
    const [ours] = parseLammpsData(dataText);
    expect(Array.from(ours!.positions)).toEqual(ase.positions);
    expect(Array.from(ours!.cell!)).toEqual(ase.cell);
    expect(Array.from(ours!.arrays.charges!.data as Float64Array)).toEqual(ase.charges);
    expect(Array.from(ours!.arrays.ids!.data as Int32Array)).toEqual(ase.id);
    expect(Array.from(ours!.arrays.types!.data as Int32Array)).toEqual(ase.type);
    expect(Array.from(ours!.arrays.images!.data as Int32Array)).toEqual(ase.travel);
    // without typeSymbols the elements come from the masses
    expect(new Set(ours!.numbers)).toEqual(new Set([11, 17]));
  });

  it('round trips: data → formatLammpsData → parse, dump → formatLammpsDump → parse', () => {
    const [data] = parseLammpsData(dataText);
    const again = parseLammpsData(formatLammpsData(data!));
    expectSameFrames(again, [{ ...data!, info: { ...data!.info, comment: again[0]!.info.comment as string } }]);
    expect(again[0]!.info.comment).toBe(dataText.split('\n')[0]!.trim());
    const frames = parseLammpsDump(dumpText);
    const back = parseLammpsDump(formatLammpsDump(frames));
    expect(back.length).toBe(2);
    back.forEach((s, f) => {
      const e = frames[f]!;
      expect(Array.from(s.numbers)).toEqual(Array.from(e.numbers));
      expect(Object.keys(s.arrays).sort()).toEqual(Object.keys(e.arrays).sort());
      for (const name of Object.keys(e.arrays))
        expect(Array.from(s.arrays[name]!.data as ArrayLike<number>), name).toEqual(Array.from(e.arrays[name]!.data as ArrayLike<number>));
      // triclinic bounds add and remove the tilt: a few ulps
      s.positions.forEach((x, i) => {
        expect(Math.abs(x - e.positions[i]!)).toBeLessThan(1e-12);
      });
      s.cell!.forEach((x, i) => {
        expect(Math.abs(x - e.cell![i]!)).toBeLessThan(1e-12);
      });
    });
  });

  it('shared LAMMPS reference frames (extxyz) → data and dump → back: positions, cell, forces kept', () => {
    for (const file of ['lammps/ref_lj_fcc256_rattled.xyz', 'lammps/ref_Cu_mishin1_fcc256_rattled.xyz', 'crystals/ZnS_conventional.xyz']) {
      const [s] = parseExtxyz(readFixtureText(file));
      const [data] = parseLammpsData(formatLammpsData(s!));
      const [dump] = parseLammpsDump(formatLammpsDump(s!));
      for (const back of [data!, dump!]) {
        expect(Array.from(back.numbers), file).toEqual(Array.from(s!.numbers));
        expect(Array.from(back.positions)).toEqual(Array.from(s!.positions));
        expect(Array.from(back.cell!)).toEqual(Array.from(s!.cell!));
      }
      if (s!.arrays.forces)
        expect(Array.from(dump!.arrays.forces!.data as Float64Array)).toEqual(Array.from(s!.arrays.forces.data as Float64Array));
      if (s!.arrays.charges)
        expect(Array.from(data!.arrays.charges!.data as Float64Array)).toEqual(Array.from(s!.arrays.charges.data as Float64Array));
    }
  });
});

describe('LAMMPS: atomic style, scaled dump columns, errors', () => {
  it('reads the atomic style with image flags and a dump with scaled coordinates', () => {
    const data = `title\n\n2 atoms\n1 atom types\n\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\nMasses\n\n1 63.546 # Cu\n\nAtoms # atomic\n\n2 1 2 2 2 0 1 0\n1 1 0 0 0 0 0 0\n`;
    const [s] = parseLammpsData(data);
    expect(Array.from(s!.numbers)).toEqual([29, 29]);
    expect(Array.from(s!.positions)).toEqual([0, 0, 0, 2, 2, 2]);
    expect(Array.from(s!.arrays.images!.data as Int32Array)).toEqual([0, 0, 0, 0, 1, 0]);
    const dump =
      'ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp ff\n1 5\n1 5\n1 5\nITEM: ATOMS id type xs ys zs c_pe\n2 1 0.5 0.5 0.5 -3.5\n1 1 0 0 0 -3.25\n';
    const [d] = parseLammpsDump(dump, { typeSymbols: ['Cu'] });
    expect(Array.from(d!.positions)).toEqual([1, 1, 1, 3, 3, 3]);
    expect(d!.pbc).toEqual([true, true, false]);
    expect(Array.from(d!.arrays.c_pe!.data as Float64Array)).toEqual([-3.25, -3.5]);
    expect(d!.info).toEqual({ timestep: 5, origin: [1, 1, 1] });
  });

  it('bad files give ParseErrors with line and column', () => {
    const bad = (f: () => Structure[]): ParseError => parseErrorOf(f);
    const base = `t\n\n2 atoms\n1 atom types\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\nAtoms # atomic\n\n1 1 0 0 0\n2 1 1 1 1\n`;
    const e1 = bad(() => parseLammpsData(base.replace('2 1 1 1 1', '2 1 1 x 1'), { fileName: 'data.bad' }));
    expect([e1.fileName, e1.line, e1.column, e1.expected]).toEqual(['data.bad', 12, 7, 'a number for y']);
    expect(bad(() => parseLammpsData(base.replace('2 atoms', '3 atoms'))).expected).toMatch(/3 atom lines/);
    expect(bad(() => parseLammpsData(base.replace('2 1 1 1 1', '2 2 1 1 1'))).expected).toMatch(/atom type from 1 to 1/);
    expect(bad(() => parseLammpsData(base.replace('2 1 1 1 1', '1 1 1 1 1'))).expected).toMatch(/unique atom ids/);
    const dump =
      'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n1 1 0 0\n';
    const e2 = bad(() => parseLammpsDump(dump, { fileName: 'dump.bad' }));
    expect([e2.line, e2.column]).toEqual([10, 8]);
    expect(
      bad(() => parseLammpsDump(dump.replace('NUMBER OF ATOMS\n1', 'NUMBER OF ATOMS\n2').replace('1 1 0 0\n', '1 1 0 0 0\n'))).found,
    ).toBe('end of file');
    expect(
      bad(() => parseLammpsDump(dump.replace('ITEM: ATOMS id type x y z', 'ITEM: ATOMS id type q').replace('1 1 0 0\n', '1 1 0\n')))
        .expected,
    ).toMatch(/positions/);
  });
});
