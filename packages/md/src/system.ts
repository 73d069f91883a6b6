import { atomicMasses, type Structure } from '@equitensor/io';
import type { AtomsState } from './potential.ts';

/**
 * The dynamical state of a set of atoms: what a `Structure` holds plus velocities and masses.
 * Positions are never wrapped by the engine (neighbour lists handle images), so unwrapped
 * trajectories give mean-squared displacements directly. Velocities are in length/time of the
 * integrator's {@link UnitSystem} (Å/fs for metal units).
 *
 * @example
 * ```ts
 * const system = createSystem({ numbers: new Int32Array([18, 18]), positions: new Float64Array([0, 0, 0, 3.8, 0, 0]) });
 * ```
 */
export interface System extends AtomsState {
  readonly numbers: Int32Array;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly masses: Float64Array;
  cell: Float64Array | null;
  pbc: readonly [boolean, boolean, boolean];
  readonly charges?: Float64Array;
}

/** Fields accepted by {@link createSystem}; everything but numbers and positions is optional. */
export interface SystemInit {
  readonly numbers: Int32Array | readonly number[];
  readonly positions: Float64Array | readonly number[];
  readonly cell?: Float64Array | readonly number[] | null;
  readonly pbc?: readonly [boolean, boolean, boolean] | boolean;
  /** amu (default: standard atomic masses from the atomic numbers, 1 for number 0). */
  readonly masses?: Float64Array | readonly number[];
  readonly velocities?: Float64Array | readonly number[];
  readonly charges?: Float64Array | readonly number[];
}

/**
 * Make a {@link System}, copying the arrays. With a cell, pbc defaults to all periodic.
 *
 * @example
 * ```ts
 * const dimer = createSystem({ numbers: [1, 1], positions: [0, 0, 0, 0.74, 0, 0] }); // open boundaries
 * ```
 */
export function createSystem(init: SystemInit): System {
  const numbers = Int32Array.from(init.numbers);
  const n = numbers.length;
  const positions = Float64Array.from(init.positions);
  if (positions.length !== 3 * n) throw new RangeError(`positions have ${positions.length} numbers, expected 3 × ${n}`);
  const cell = init.cell === undefined || init.cell === null ? null : Float64Array.from(init.cell);
  if (cell !== null && cell.length !== 9) throw new RangeError(`a cell has 9 numbers, got ${cell.length}`);
  const p = init.pbc ?? cell !== null;
  const pbc: [boolean, boolean, boolean] = typeof p === 'boolean' ? [p, p, p] : [p[0], p[1], p[2]];
  if (cell === null && (pbc[0] || pbc[1] || pbc[2])) throw new RangeError('periodic boundaries need a cell');
  const masses = init.masses === undefined ? standardMasses(numbers) : Float64Array.from(init.masses);
  if (masses.length !== n) throw new RangeError(`masses have ${masses.length} numbers, expected ${n}`);
  for (let i = 0; i < n; i++) {
    if (!((masses[i] as number) > 0)) throw new RangeError(`atom ${i} has a non-positive mass ${masses[i]}`);
  }
  const velocities = init.velocities === undefined ? new Float64Array(3 * n) : Float64Array.from(init.velocities);
  if (velocities.length !== 3 * n) throw new RangeError(`velocities have ${velocities.length} numbers, expected 3 × ${n}`);
  const system: System = { numbers, positions, velocities, masses, cell, pbc };
  if (init.charges !== undefined) return { ...system, charges: Float64Array.from(init.charges) };
  return system;
}

function standardMasses(numbers: Int32Array): Float64Array {
  const masses = new Float64Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) {
    const z = numbers[i] as number;
    const m = z > 0 ? atomicMasses[z] : 1;
    if (m === undefined || !(m > 0)) throw new RangeError(`no standard mass for atomic number ${z}`);
    masses[i] = m;
  }
  return masses;
}

/**
 * A {@link System} from an io `Structure`: its `masses`, `velocities` (Å/fs) and `charges` arrays are used
 * when present; `options.masses` overrides.
 *
 * @example
 * ```ts
 * const [frame] = parseExtxyz(text);
 * const system = systemFromStructure(frame!);
 * ```
 */
export function systemFromStructure(structure: Structure, options: { masses?: Float64Array } = {}): System {
  const arrayOf = (name: string, width: number): Float64Array | undefined => {
    const a = structure.arrays[name];
    if (a === undefined) return undefined;
    if (a.type !== 'R' || a.width !== width) throw new RangeError(`per-atom array "${name}" must be real with width ${width}`);
    return a.data;
  };
  const masses = options.masses ?? arrayOf('masses', 1);
  const velocities = arrayOf('velocities', 3);
  const charges = arrayOf('charges', 1) ?? arrayOf('initial_charges', 1);
  const init: SystemInit = {
    numbers: structure.numbers,
    positions: structure.positions,
    cell: structure.cell,
    pbc: structure.pbc,
    ...(masses === undefined ? {} : { masses }),
    ...(charges === undefined ? {} : { charges }),
  };
  const system = createSystem(init);
  if (velocities !== undefined) system.velocities.set(velocities);
  return system;
}

/** Extra per-frame results to store in a written frame. */
export interface FrameResults {
  readonly energy?: number;
  readonly forces?: Float64Array;
  /** Row-major 3×3 stress, eV/Å³ (ASE sign). */
  readonly stress?: Float64Array;
  readonly perAtomEnergies?: Float64Array;
  /** Any other key-values for the frame's info line. */
  readonly info?: Readonly<Record<string, number | string | boolean | number[]>>;
}

/**
 * An io `Structure` (a copy) of the system, with velocities and masses as per-atom arrays and
 * optional results (energy, stress, forces, per-atom energies) — ready for `formatExtxyz`.
 *
 * @example
 * ```ts
 * const text = formatExtxyz(systemToStructure(system, { energy: result.energy, forces: result.forces }));
 * ```
 */
export function systemToStructure(system: System, results: FrameResults = {}): Structure {
  const arrays: Structure['arrays'] = {
    masses: { type: 'R', width: 1, data: Float64Array.from(system.masses) },
    velocities: { type: 'R', width: 3, data: Float64Array.from(system.velocities) },
  };
  if (system.charges !== undefined) arrays.charges = { type: 'R', width: 1, data: Float64Array.from(system.charges) };
  if (results.forces !== undefined) arrays.forces = { type: 'R', width: 3, data: Float64Array.from(results.forces) };
  if (results.perAtomEnergies !== undefined) arrays.energies = { type: 'R', width: 1, data: Float64Array.from(results.perAtomEnergies) };
  const info: Structure['info'] = { ...(results.info ?? {}) };
  if (results.energy !== undefined) info.energy = results.energy;
  if (results.stress !== undefined) info.stress = Array.from(results.stress);
  return {
    numbers: Int32Array.from(system.numbers),
    positions: Float64Array.from(system.positions),
    cell: system.cell === null ? null : Float64Array.from(system.cell),
    pbc: [system.pbc[0], system.pbc[1], system.pbc[2]],
    arrays,
    info,
  };
}
