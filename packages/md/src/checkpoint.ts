import type { Integrator, MDState } from './integrators/state.ts';
import { createSystem } from './system.ts';

/**
 * Everything needed to continue a run bit for bit: the system, the step and time, the integrator's own
 * variables and its random stream. Plain JSON (numbers round-trip exactly through `JSON.stringify`).
 */
export interface Checkpoint {
  readonly format: 'equitensor-md-checkpoint';
  readonly version: 1;
  readonly integrator: string;
  /** The potential's name (`lj`, `eam:Cu_u3.eam`, …); a restart with another potential is refused. Absent in older checkpoints. */
  readonly potential?: string;
  /** The unit system's name (`metal`, `lj`); absent in older checkpoints. */
  readonly units?: string;
  readonly dt: number;
  readonly step: number;
  readonly time: number;
  readonly numbers: number[];
  readonly positions: number[];
  readonly velocities: number[];
  readonly masses: number[];
  readonly cell: number[] | null;
  readonly pbc: [boolean, boolean, boolean];
  readonly charges?: number[];
  readonly extra: number[];
  readonly rng: number[] | null;
  /**
   * The state's forces, potential energy and virial. Usually what re-evaluating the potential gives; after a
   * barostat step they belong to the positions before the cell was scaled (as the next step expects), so a
   * restart uses them instead. Optional: checkpoints without them re-evaluate.
   */
  readonly forces?: number[];
  readonly potentialEnergy?: number;
  readonly virial?: number[];
}

/**
 * Capture a state as a JSON-serialisable checkpoint.
 *
 * @example
 * ```ts
 * writeFileSync('run.chk.json', JSON.stringify(checkpoint(state, integrator)));
 * ```
 */
export function checkpoint(state: MDState, integrator: Integrator): Checkpoint {
  const s = state.system;
  const base = {
    format: 'equitensor-md-checkpoint' as const,
    version: 1 as const,
    integrator: integrator.name,
    potential: integrator.potential.name,
    units: integrator.units.name,
    dt: integrator.dt,
    step: state.step,
    time: state.time,
    numbers: Array.from(s.numbers),
    positions: Array.from(s.positions),
    velocities: Array.from(s.velocities),
    masses: Array.from(s.masses),
    cell: s.cell === null ? null : Array.from(s.cell),
    pbc: [s.pbc[0], s.pbc[1], s.pbc[2]] as [boolean, boolean, boolean],
    extra: Array.from(state.extra),
    rng: state.rng === null ? null : state.rng.getState(),
    forces: Array.from(state.forces),
    potentialEnergy: state.potentialEnergy,
    virial: Array.from(state.virial),
  };
  return s.charges === undefined ? base : { ...base, charges: Array.from(s.charges) };
}

/**
 * Continue from a checkpoint with an integrator of the same kind, potential, units and time step: forces are re-evaluated
 * (identically: neighbour sums have a fixed order) and the thermostat and random stream restored.
 *
 * @example
 * ```ts
 * const state = restoreCheckpoint(JSON.parse(readFileSync('run.chk.json', 'utf8')), integrator);
 * integrator.step(state);
 * ```
 */
export function restoreCheckpoint(data: Checkpoint, integrator: Integrator): MDState {
  if (data.format !== 'equitensor-md-checkpoint' || data.version !== 1) throw new RangeError('not an equitensor-md checkpoint (version 1)');
  if (data.integrator !== integrator.name)
    throw new RangeError(`checkpoint was written by a ${data.integrator} integrator, not ${integrator.name}`);
  if (data.potential !== undefined && data.potential !== integrator.potential.name)
    throw new RangeError(`checkpoint was written with the potential ${data.potential}, not ${integrator.potential.name}`);
  if (data.units !== undefined && data.units !== integrator.units.name)
    throw new RangeError(`checkpoint was written in ${data.units} units, not ${integrator.units.name}`);
  if (data.dt !== integrator.dt) throw new RangeError(`checkpoint time step ${data.dt} differs from the integrator's ${integrator.dt}`);
  const system = createSystem({
    numbers: data.numbers,
    positions: data.positions,
    velocities: data.velocities,
    masses: data.masses,
    cell: data.cell,
    pbc: data.pbc,
    ...(data.charges === undefined ? {} : { charges: data.charges }),
  });
  const state = integrator.init(system);
  if (state.extra.length !== data.extra.length) throw new RangeError('checkpoint integrator variables do not match this integrator');
  state.extra.set(data.extra);
  if (data.rng !== null) {
    if (state.rng === null) throw new RangeError('checkpoint has a random stream but the integrator is deterministic');
    state.rng.setState(data.rng);
  }
  if (data.forces !== undefined && data.potentialEnergy !== undefined && data.virial !== undefined) {
    if (data.forces.length !== state.forces.length || data.virial.length !== 9)
      throw new RangeError('checkpoint forces or virial have the wrong size');
    state.forces = Float64Array.from(data.forces);
    state.potentialEnergy = data.potentialEnergy;
    state.virial = Float64Array.from(data.virial);
  }
  state.step = data.step;
  state.time = data.time;
  return state;
}
