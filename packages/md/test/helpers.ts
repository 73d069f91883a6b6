import { readFileSync } from 'node:fs';
import { parseExtxyz, type Structure } from '@equitensor/io';
import { fixturePath, readFixtureText, type SeededRng } from '@equitensor/testing';
import {
  type AtomsState,
  createSystem,
  cubicLattice,
  type Integrator,
  ljUnits,
  type MDState,
  maxwellBoltzmann,
  type NeighborList,
  type System,
} from '../src/index.ts';

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

/**
 * LAMMPS' `fix npt temp 0.5 0.5 0.5 aniso 1.0 1.0 2.0` reference case (test/fixtures/ref_mtk_lj_aniso.json, from
 * generate_berendsen_reference.py part 4): an fcc LJ crystal of 256 atoms from ρ* = 1.0 with seeded Maxwell-Boltzmann
 * velocities at T* = 0.5 …
 */
export function ljAnisoCrystal(seed: number): System {
  const system = cubicLattice({ structure: 'fcc', a: 4 ** (1 / 3), repeat: [4, 4, 4] });
  maxwellBoltzmann(system, { temperature: 0.5, seed, units: ljUnits });
  return system;
}

/** … and its `mtkNpt` settings besides dt (lj units): T* 0.5, P* 1.0 per axis, τ_T 0.5, τ_P 2. */
export const LJ_ANISO_NPT = { temperature: 0.5, pressure: 1, tau: 0.5, tauP: 2, units: ljUnits, coupling: 'aniso' } as const;

/**
 * Two integrators stepped side by side for `steps` steps, each from its own `make()` (the same start); their states
 * (each `state.system` is the system it made and moved).
 */
export function stepSideBySide(first: Integrator, second: Integrator, make: () => System, steps: number): [MDState, MDState] {
  const a = first.init(make());
  const b = second.init(make());
  for (let s = 0; s < steps; s++) {
    first.step(a);
    second.step(b);
  }
  return [a, b];
}

/** LAMMPS' own spread on the shared reference input: its real-space erfc tabulated (table 12, the reference; table 16) or polynomial (table 0). */
export function lammpsPrecision(frame: Structure) {
  const tables = JSON.parse(readFileSync(new URL('./fixtures/ref_NaCl_tosi_fumi_tables.json', import.meta.url), 'utf8')) as Record<
    string,
    { energy: number; press: number[]; forces: number[][] }
  >;
  const variants = [tables.table0!, tables.table16!];
  const forces = frame.arrays.forces!.data as Float64Array;
  const press = (frame.info.stress as number[]).map((s) => -s * LAMMPS_NKTV2P_METAL);
  const pressVector = [press[0]!, press[4]!, press[8]!, press[1]!, press[2]!, press[5]!];
  let energy = 0;
  let force = 0;
  let pressure = 0;
  for (const v of variants) {
    energy = Math.max(energy, Math.abs(v.energy - (frame.info.energy as number)));
    for (let i = 0; i < v.forces.length; i++) {
      for (let d = 0; d < 3; d++) force = Math.max(force, Math.abs(v.forces[i]![d]! - forces[3 * i + d]!));
    }
    for (let k = 0; k < 6; k++) pressure = Math.max(pressure, Math.abs(v.press[k]! - pressVector[k]!));
  }
  return { energy, force, stress: pressure / LAMMPS_NKTV2P_METAL };
}

/** Atoms at random fractional positions in [−spread/2, 1 + spread/2) of the cell (unwrapped by up to that many boxes). */
export function atomsIn(rng: SeededRng, n: number, cell: number[], spread: number): AtomsState {
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const s = [0, 1, 2].map(() => rng.uniformIn(-spread / 2, 1 + spread / 2));
    for (let k = 0; k < 3; k++) positions[3 * i + k] = s[0]! * cell[k]! + s[1]! * cell[3 + k]! + s[2]! * cell[6 + k]!;
  }
  return createSystem({ numbers: new Int32Array(n).fill(18), positions, cell, pbc: true });
}

/** Every array of a built list, up to its size. */
export function layout(list: NeighborList, n: number) {
  return {
    start: Array.from(list.start),
    mid: Array.from(list.mid.subarray(0, n)),
    neighbors: Array.from(list.neighbors.subarray(0, list.size)),
    images: Array.from(list.images.subarray(0, list.size)),
    shifts: Array.from(list.shifts),
    imageCells: Array.from(list.imageCells),
  };
}
