import { readFileSync } from 'node:fs';
import { parseExtxyz, type Structure } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { createSystem, cubicLattice, ljUnits, maxwellBoltzmann, type System } from '../src/index.ts';

/** LAMMPS' metal-units pressure conversion (eV/Å³ → bar), `force->nktv2p`. */
export const LAMMPS_NKTV2P_METAL = 1.6021765e6;

/** A frame from the shared data directory (`lammps/ref_*.xyz`) or this package's test fixtures (`local:`). */
export function readReference(name: string): Structure {
  const text = name.startsWith('local:')
    ? readFileSync(new URL(`./fixtures/${name.slice(6)}`, import.meta.url), 'utf8')
    : readFixtureText(name);
  const [frame] = parseExtxyz(text, { fileName: name });
  if (frame === undefined) throw new Error(`${name} has no frame`);
  return frame;
}

/** A potential file's text from the shared data (`lammps/potentials/…`) or the local fixtures (`local:`). */
export function readPotentialText(name: string): string {
  return name.startsWith('local:')
    ? readFileSync(new URL(`./fixtures/${name.slice(6)}`, import.meta.url), 'utf8')
    : readFileSync(fixturePath(name), 'utf8');
}

/** A system at rest from a frame, unit masses unless given. */
export function systemOf(frame: Structure, masses?: Float64Array): System {
  return createSystem({
    numbers: frame.numbers,
    positions: frame.positions,
    cell: frame.cell,
    pbc: frame.pbc,
    masses: masses ?? new Float64Array(frame.numbers.length).fill(1),
  });
}

/** Row-major 3×3 stress (ASE sign) → LAMMPS' pressure vector [pxx, pyy, pzz, pxy, pxz, pyz]. */
export function pressVector(stress: ArrayLike<number>, scale = 1): number[] {
  return [0, 4, 8, 1, 2, 5].map((k) => -(stress[k] as number) * scale);
}

/** LAMMPS in.lj's fcc lattice (ρ* = 0.8442) of repeat³ cells with seeded Maxwell-Boltzmann velocities at T* (lj units). */
export function ljLiquid(repeat: number, t: number, seed: number): System {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
  maxwellBoltzmann(system, { temperature: t, seed, units: ljUnits });
  return system;
}
