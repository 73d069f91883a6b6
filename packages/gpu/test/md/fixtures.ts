import { parseExtxyz, type Structure } from '@equitensor/io';
import { cubicLattice, type System } from '@equitensor/md';
import { readFixtureText, SeededRng } from '@equitensor/testing';

/** LAMMPS' rattled 256-atom LJ fcc (lj units, rc 2.5) with its reference energy and forces. */
export function ljReference(): Structure {
  const frame = parseExtxyz(readFixtureText('lammps/ref_lj_fcc256_rattled.xyz'), { fileName: 'ref_lj_fcc256_rattled.xyz' })[0];
  if (frame === undefined) throw new Error('ref_lj_fcc256_rattled.xyz has no frame');
  return frame;
}

/** Named per-atom array of a frame. */
export function arrayOf(s: Structure, name: string): Float64Array {
  const a = s.arrays[name];
  if (a === undefined) throw new Error(`missing array ${name}`);
  return a.data as Float64Array;
}

/** Seeded Maxwell-Boltzmann velocities at temperature T (unit masses, kB = 1) with zero momentum. */
export function thermalVelocities(n: number, temperature: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const v = rng.normalArray(3 * n).map((x) => x * Math.sqrt(temperature));
  for (let c = 0; c < 3; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += v[3 * i + c] as number;
    mean /= n;
    for (let i = 0; i < n; i++) v[3 * i + c] = (v[3 * i + c] as number) - mean;
  }
  return v;
}

/**
 * 500 LJ atoms: fcc at reduced density 0.8442 (LAMMPS' bench/in.lj), 5×5×5 cells, rattled by
 * ±0.05σ; the box (8.4σ) gives 3 bins per axis at rc = 2.5, so the GPU cell-list path runs.
 */
export function ljCrystal500(seed = 1): System {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [5, 5, 5], number: 18, mass: 1 });
  const rng = new SeededRng(seed);
  for (let k = 0; k < system.positions.length; k++) system.positions[k] = (system.positions[k] as number) + rng.uniformIn(-0.05, 0.05);
  return system;
}
