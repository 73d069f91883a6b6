import { formatExtxyz, volume } from '@equitensor/io';
import type { DynamicsSnapshot } from './integrators/dynamics.ts';
import type { Integrator, MDState } from './integrators/state.ts';
import { kineticEnergy, pressure, stressTensor, temperature } from './observables/thermo.ts';
import { type System, systemToStructure } from './system.ts';
import type { UnitSystem } from './units.ts';

/** One row of thermodynamic output. */
export interface ThermoRow {
  readonly step: number;
  /** Simulation time (fs for metal units). */
  readonly time: number;
  readonly potentialEnergy: number;
  readonly kineticEnergy: number;
  readonly totalEnergy: number;
  /** The integrator's conserved quantity (total energy for NVE). */
  readonly conservedEnergy: number;
  readonly temperature: number;
  /** Pressure (energy/volume) or NaN without a cell. */
  readonly pressure: number;
  /** Cell volume (Å³, σ³ in LJ units; changes under a barostat) or NaN without a cell. */
  readonly volume: number;
  /** Steps per second of wall time since the run started (NaN at step 0). */
  readonly stepsPerSecond: number;
  /** Estimated seconds left (NaN when unknown). */
  readonly remainingSeconds: number;
}

/** Something called every `every` steps of {@link runDynamics} (and at the first and last step). */
export interface Reporter {
  readonly every: number;
  report(state: MDState, integrator: Integrator, progress: RunProgress): void;
}

/** Where a run is. */
export interface RunProgress {
  readonly stepsDone: number;
  readonly stepsTotal: number;
  readonly elapsedSeconds: number;
}

/**
 * A thermo row for the current state.
 *
 * @example
 * ```ts
 * const row = thermoRow(state, integrator);
 * row.temperature;
 * ```
 */
export function thermoRow(state: MDState, integrator: Integrator, progress?: RunProgress): ThermoRow {
  const units = integrator.units;
  const ke = kineticEnergy(state.system, units);
  const speed = progress !== undefined && progress.elapsedSeconds > 0 ? progress.stepsDone / progress.elapsedSeconds : Number.NaN;
  return {
    step: state.step,
    time: state.time,
    potentialEnergy: state.potentialEnergy,
    kineticEnergy: ke,
    totalEnergy: state.potentialEnergy + ke,
    conservedEnergy: integrator.conservedEnergy(state),
    temperature: temperature(state.system, units),
    pressure: state.system.cell === null ? Number.NaN : pressure(state.system, state.virial, units),
    volume: state.system.cell === null ? Number.NaN : volume(state.system.cell),
    stepsPerSecond: speed,
    remainingSeconds: progress !== undefined && speed > 0 ? (progress.stepsTotal - progress.stepsDone) / speed : Number.NaN,
  };
}

/**
 * Collects thermo rows every `every` steps and hands each to `onRow` (e.g. to print it).
 *
 * @example
 * ```ts
 * const thermo = new ThermoReporter(100, (row) => console.error(row.step, row.temperature));
 * runDynamics(integrator, state, 1000, [thermo]);
 * thermo.rows.length; // 11
 * ```
 */
export class ThermoReporter implements Reporter {
  readonly every: number;
  readonly rows: ThermoRow[] = [];
  private readonly onRow: ((row: ThermoRow) => void) | undefined;

  constructor(every: number, onRow?: (row: ThermoRow) => void) {
    this.every = checkEvery(every);
    this.onRow = onRow;
  }

  report(state: MDState, integrator: Integrator, progress: RunProgress): void {
    const row = thermoRow(state, integrator, progress);
    this.rows.push(row);
    this.onRow?.(row);
  }
}

/**
 * Writes extxyz frames every `every` steps through `formatExtxyz`: positions, velocities, masses, per-atom
 * forces, the potential energy (`energy`), the potential stress (`stress`, eV/Å³, ASE sign), step and time.
 * `write` receives each frame's text (append it to a file, or collect it).
 *
 * @example
 * ```ts
 * const traj = new TrajectoryReporter(10, (text) => appendFileSync('md.xyz', text));
 * ```
 */
export class TrajectoryReporter implements Reporter {
  readonly every: number;
  private readonly write: (text: string) => void;
  frames = 0;

  constructor(every: number, write: (text: string) => void) {
    this.every = checkEvery(every);
    this.write = write;
  }

  report(state: MDState, integrator: Integrator): void {
    this.write(frameText(state.system, state, integrator.units));
    this.frames++;
  }
}

/** The extxyz text of one frame: positions, velocities, masses, forces, energy, stress, step, time, temperature. */
function frameText(
  s: System,
  frame: Pick<MDState, 'forces' | 'potentialEnergy' | 'virial' | 'step' | 'time'>,
  units: UnitSystem,
  info: Readonly<Record<string, string | number | boolean>> = {},
): string {
  const structure = systemToStructure(s, {
    energy: frame.potentialEnergy,
    forces: frame.forces,
    ...(s.cell === null ? {} : { stress: stressTensor(s, frame.virial, units, { includeKinetic: false }) }),
    info: { step: frame.step, time: frame.time, temperature: temperature(s, units), ...info },
  });
  return formatExtxyz(structure);
}

/**
 * The extxyz frame of a `Dynamics` snapshot, exactly as {@link TrajectoryReporter} writes a state: `system`
 * gives the numbers, masses, charges and pbc; the snapshot the positions, velocities, cell, forces, energy,
 * stress, step and time. `info` adds keys (e.g. the backend).
 *
 * @example
 * ```ts
 * appendFileSync('md.xyz', snapshotFrame(dynamics.system, await dynamics.run(10), dynamics.units));
 * ```
 */
export function snapshotFrame(
  system: System,
  snapshot: DynamicsSnapshot,
  units: UnitSystem,
  info: Readonly<Record<string, string | number | boolean>> = {},
): string {
  const view: System = { ...system, positions: snapshot.positions, velocities: snapshot.velocities, cell: snapshot.cell };
  return frameText(view, snapshot, units, info);
}

function checkEvery(every: number): number {
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`a reporting interval must be a positive integer, got ${every}`);
  return every;
}

/**
 * Advance `state` by `steps` steps, calling each reporter at the start, every `reporter.every` steps and
 * at the end. Returns the wall time and speed.
 *
 * @example
 * ```ts
 * const integrator = langevin(eam, { dt: 2, temperature: 500, friction: 0.01 });
 * const state = integrator.init(system);
 * const { stepsPerSecond } = runDynamics(integrator, state, 1000, [new ThermoReporter(100)]);
 * ```
 */
export function runDynamics(
  integrator: Integrator,
  state: MDState,
  steps: number,
  reporters: readonly Reporter[] = [],
): { seconds: number; stepsPerSecond: number } {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  const t0 = performance.now();
  const progress = (done: number): RunProgress => ({ stepsDone: done, stepsTotal: steps, elapsedSeconds: (performance.now() - t0) / 1000 });
  for (const r of reporters) r.report(state, integrator, progress(0));
  for (let s = 1; s <= steps; s++) {
    integrator.step(state);
    for (const r of reporters) if (s % r.every === 0 || s === steps) r.report(state, integrator, progress(s));
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, stepsPerSecond: seconds > 0 ? steps / seconds : Number.NaN };
}
