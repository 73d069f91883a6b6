import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { formatExtxyz, parseExtxyz } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';

// The shared data files (up to 27,000 atoms each): kept apart from extxyz.test.ts, which mutation testing runs.
const SHARED = [
  'mlip/Si_tiny.xyz',
  'mlip/solvent_xtb_train.xyz',
  'mlip/zuo2020_Si_train.xyz',
  'mlip/zuo2020_Cu_train.xyz',
  'crystals/NaCl_conventional.xyz',
  'crystals/CsCl_conventional.xyz',
  'crystals/ZnS_conventional.xyz',
  'crystals/NaCl_cluster_8x8x8_open.xyz',
  'lammps/ref_Cu_mishin1_fcc256_rattled.xyz',
  'lammps/ref_Cu_u3_fcc108_perfect.xyz',
  'lammps/ref_lj_fcc256_perfect.xyz',
  'lammps/ref_lj_fcc256_rattled.xyz',
];

describe('extxyz: shared data round trips with nothing lost', () => {
  for (const file of SHARED) {
    it(file, () => {
      const text = readFixtureText(file);
      const frames = parseExtxyz(text, { fileName: file });
      const frameCount = text.split('\n').filter((l) => /^\s*\d+\s*$/.test(l)).length;
      expect(frames.length).toBeGreaterThan(0);
      expect(frames.length).toBeLessThanOrEqual(frameCount);
      const again = parseExtxyz(formatExtxyz(frames));
      expectSameFrames(again, frames);
    });
  }

  it('reads the values the README states', () => {
    const si = parseExtxyz(readFixtureText('mlip/zuo2020_Si_train.xyz'));
    expect(si.length).toBe(214);
    expect(si.reduce((n, f) => n + f.numbers.length, 0)).toBe(13233);
    expect(si.every((f) => f.arrays.forces?.width === 3)).toBe(true);
    const tiny = parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'));
    expect(tiny.length).toBe(53);
    expect(tiny[0]!.info.dft_energy).toBe(-158.54496821);
    expect(tiny[0]!.arrays.map_shift!.type).toBe('I');
    const nacl = parseExtxyz(readFixtureText('crystals/NaCl_conventional.xyz'))[0]!;
    expect(Array.from(nacl.numbers)).toEqual([11, 11, 11, 11, 17, 17, 17, 17]);
    expect(Array.from(nacl.cell!)).toEqual([5.64, 0, 0, 0, 5.64, 0, 0, 0, 5.64]);
    expect(nacl.pbc).toEqual([true, true, true]);
    expect(nacl.info.ewald_energy).toBe(-35.694057607612);
    expect(nacl.info.comment).toBe('rock salt, a = 5.64 A (room-temperature experimental value ~5.640 A)');
    const cluster = parseExtxyz(readFixtureText('crystals/NaCl_cluster_8x8x8_open.xyz'))[0]!;
    expect(cluster.cell).toBeNull();
    expect(cluster.pbc).toEqual([false, false, false]);
    expect(cluster.numbers.length).toBe(512);
  });
});
