import { type Checkpoint, checkpoint, restoreCheckpoint } from '../checkpoint.ts';
import { kineticEnergy, temperature } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { metalUnits, type UnitSystem } from '../units.ts';
import { checkDynamicsSystem } from './preflight.ts';
import { createIntegrator, type IntegratorSpec } from './spec.ts';
import { checkFinite, checkScalars, DynamicsInstabilityError, maxTemperatureOf, type StabilityLimits } from './stability.ts';
import type { Integrator, MDState } from './state.ts';

/**
 * The state of a run at one step, as every backend reports it (float64 copies; units of the run's
 * {@link UnitSystem}). `forces` and `virial` belong to `positions` (after a barostat step, to the
 * positions before the cell was scaled, as md's integrators keep them).
 *
 * @example
 * ```ts
 * const { step, potentialEnergy, temperature } = await dynamics.run(100);
 * ```
 */
export interface DynamicsSnapshot {
  readonly step: number;
  /** Simulation time (fs for metal units). */
  readonly time: number;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly forces: Float64Array;
  /** Virial W (row-major 3×3, energy units). */
  readonly virial: Float64Array;
  readonly cell: Float64Array | null;
  readonly potentialEnergy: number;
  readonly kineticEnergy: number;
  /** The integrator's conserved quantity (PE + KE where the backend does not tally the bath). */
  readonly conservedEnergy: number;
  readonly temperature: number;
  /** Which backend produced this state (`cpu`, `webgpu`). */
  readonly backend: string;
}

/**
 * What to simulate: the atoms (or a checkpoint to continue), the potential (md's `Potential`; a backend
 * maps it onto its own kernels), the integrator as a value, the time step and units, and the guard's limits.
 *
 * @example
 * ```ts
 * const request: DynamicsRequest = { system, potential: lj, integrator: { kind: 'nve' }, dt: 0.005, units: ljUnits };
 * ```
 */
export interface DynamicsRequest {
  /** The atoms to start from (advanced in place by the CPU engine). Give this or `restart`. */
  readonly system?: System;
  /** A checkpoint (see {@link Dynamics.checkpoint}) to continue bit for bit. Give this or `system`. */
  readonly restart?: Checkpoint;
  readonly potential: Potential;
  readonly integrator: IntegratorSpec;
  /** Time step (fs for metal units, τ for LJ units). */
  readonly dt: number;
  /** Unit system (default metal). */
  readonly units?: UnitSystem;
  /** When a run counts as exploding (default: temperature above 1e5). */
  readonly limits?: StabilityLimits;
  /** Smallest allowed distance between atoms at the start (default 0.1 Å). */
  readonly minDistance?: number;
  /** Receives warnings (a cutoff beyond half the cell, a lost device). */
  readonly warn?: (message: string) => void;
}

/** Options of {@link Dynamics.run}. */
export interface DynamicsRunOptions {
  /** Stop early, at a step boundary, once aborted (SIGINT/SIGTERM in the CLI); the snapshot tells the step reached. */
  readonly signal?: AbortSignal;
}

/**
 * A running simulation, the contract every backend implements: `run(k)` advances k steps and returns
 * the snapshot after them. The engine checks every run for non-finite or exploding energies, forces and
 * temperatures and then throws {@link DynamicsInstabilityError}; `snapshot` and `checkpoint()` then still
 * give the last good state (the end of the previous `run`).
 *
 * @example
 * ```ts
 * const dynamics = await cpuBackend.create({ system, potential, integrator: { kind: 'nve' }, dt: 1 });
 * for (let block = 0; block < 10; block++) writeFrame(await dynamics.run(100));
 * dynamics.destroy();
 * ```
 */
export interface Dynamics {
  /** The backend that produces the snapshots now (`webgpu` may become `cpu` after a device loss). */
  readonly backend: string;
  /** Where it runs, for reports (a GPU adapter's name), when the backend knows. */
  readonly device?: string;
  /** The atoms (numbers, masses, charges, pbc); positions, velocities and cell follow the last snapshot. */
  readonly system: System;
  readonly units: UnitSystem;
  readonly dt: number;
  /** The integrator's name (`nve`, `langevin`, `nhc+berendsen`, …). */
  readonly integratorName: string;
  /** The last good state. */
  readonly snapshot: DynamicsSnapshot;
  run(steps: number, options?: DynamicsRunOptions): Promise<DynamicsSnapshot>;
  /** An exact-restart checkpoint of {@link snapshot}, or null where the backend has none. */
  checkpoint(): Checkpoint | null;
  /** Free what the backend holds (device buffers). */
  destroy(): void;
}

/**
 * A way to run {@link Dynamics}: md's {@link cpuBackend} (the float64 reference) or `@equitensor/gpu`'s
 * `webgpuBackend`. Callers choose one by argument and never fork on it.
 *
 * @example
 * ```ts
 * const why = backend.unsupported(request);
 * if (why !== null) throw new Error(`${backend.name} ${why}`);
 * const dynamics = await backend.create(request);
 * ```
 */
export interface DynamicsBackend {
  readonly name: string;
  /** Whether {@link Dynamics.checkpoint} gives checkpoints. */
  readonly checkpoints: boolean;
  /** Null when this backend can run the request, else a phrase saying what it runs (e.g. `runs the ensembles nve and langevin, not nhc`). */
  unsupported(request: DynamicsRequest): string | null;
  create(request: DynamicsRequest): Promise<Dynamics>;
}

/** How long a CPU run computes before it lets the event loop deliver signals and messages (ms). */
const YIELD_MS = 50;

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Check a request the way every engine does before the first step: exactly one of `system` and
 * `restart`, a positive time step, and {@link checkDynamicsSystem} on the atoms. Throws `RangeError`.
 *
 * @example
 * ```ts
 * checkDynamicsRequest({ system, potential, integrator: { kind: 'nve' }, dt: 1 });
 * ```
 */
export function checkDynamicsRequest(request: DynamicsRequest, system: System | undefined = request.system): void {
  if ((request.system === undefined) === (request.restart === undefined)) throw new RangeError('give exactly one of system and restart');
  if (!(request.dt > 0) || !Number.isFinite(request.dt)) throw new RangeError(`time step must be a positive number, got ${request.dt}`);
  maxTemperatureOf(request.limits);
  if (system !== undefined)
    checkDynamicsSystem(system, request.potential, {
      ...(request.minDistance === undefined ? {} : { minDistance: request.minDistance }),
      ...(request.warn === undefined ? {} : { warn: request.warn }),
    });
}

/** md's float64 engine: one of md's integrators stepping a state in this thread. */
class CpuDynamics implements Dynamics {
  readonly backend = 'cpu';
  readonly system: System;
  readonly units: UnitSystem;
  readonly dt: number;
  readonly integratorName: string;
  private readonly integrator: Integrator;
  private readonly state: MDState;
  private readonly maxTemperature: number;
  private last: DynamicsSnapshot;
  private lastExtra: Float64Array;
  private lastRng: number[] | null;
  private broken: DynamicsInstabilityError | null = null;
  /** When the last run let the event loop in (kept across runs: many short runs must not starve signals). */
  private lastYield = performance.now();

  constructor(request: DynamicsRequest) {
    this.units = request.units ?? metalUnits;
    this.dt = request.dt;
    this.maxTemperature = maxTemperatureOf(request.limits);
    this.integrator = createIntegrator(request.potential, request.integrator, { dt: request.dt, units: this.units });
    this.integratorName = this.integrator.name;
    this.state =
      request.restart !== undefined ? restoreCheckpoint(request.restart, this.integrator) : this.integrator.init(request.system as System);
    this.system = this.state.system;
    this.last = this.capture();
    this.lastExtra = Float64Array.from(this.state.extra);
    this.lastRng = this.state.rng?.getState() ?? null;
  }

  get snapshot(): DynamicsSnapshot {
    return this.last;
  }

  async run(steps: number, options: DynamicsRunOptions = {}): Promise<DynamicsSnapshot> {
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
    if (this.broken !== null) throw this.broken;
    const { state, integrator, units } = this;
    try {
      for (let s = 0; s < steps; s++) {
        if (options.signal?.aborted === true) break;
        try {
          integrator.step(state);
        } catch (error) {
          // Mid-run RangeErrors come from the state (an exploding cell or coordinates), not from the request.
          if (error instanceof RangeError)
            throw new DynamicsInstabilityError(state.step + 1, 'integration', Number.NaN, `failed: ${error.message}`);
          throw error;
        }
        checkScalars(
          state.step,
          { potentialEnergy: state.potentialEnergy, temperature: temperature(state.system, units) },
          this.maxTemperature,
        );
        if (options.signal !== undefined && performance.now() - this.lastYield > YIELD_MS) {
          await yieldToEventLoop();
          this.lastYield = performance.now();
        }
      }
      const next = this.capture();
      this.last = next;
      this.lastExtra = Float64Array.from(state.extra);
      this.lastRng = state.rng?.getState() ?? null;
      return next;
    } catch (error) {
      if (error instanceof DynamicsInstabilityError) this.broken = error;
      throw error;
    }
  }

  checkpoint(): Checkpoint {
    const snap = this.last;
    const system: System = { ...this.system, positions: snap.positions, velocities: snap.velocities, cell: snap.cell };
    const rng = this.lastRng;
    const state = {
      system,
      forces: snap.forces,
      potentialEnergy: snap.potentialEnergy,
      virial: snap.virial,
      step: snap.step,
      time: snap.time,
      extra: this.lastExtra,
      rng: rng === null ? null : { getState: () => rng },
    } as unknown as MDState;
    return checkpoint(state, this.integrator);
  }

  destroy(): void {}

  /** A copy of the state, checked: everything finite, the temperature within its limit. */
  private capture(): DynamicsSnapshot {
    const { state, units } = this;
    const s = state.system;
    const snap: DynamicsSnapshot = {
      step: state.step,
      time: state.time,
      positions: Float64Array.from(s.positions),
      velocities: Float64Array.from(s.velocities),
      forces: Float64Array.from(state.forces),
      virial: Float64Array.from(state.virial),
      cell: s.cell === null ? null : Float64Array.from(s.cell),
      potentialEnergy: state.potentialEnergy,
      kineticEnergy: kineticEnergy(s, units),
      conservedEnergy: this.integrator.conservedEnergy(state),
      temperature: temperature(s, units),
      backend: 'cpu',
    };
    checkSnapshot(snap, this.maxTemperature);
    return snap;
  }
}

/**
 * Throw {@link DynamicsInstabilityError} unless a snapshot is finite everywhere and within the
 * temperature limit (what every backend checks at each read-back).
 *
 * @example
 * ```ts
 * checkSnapshot(await dynamics.run(10), 1e5);
 * ```
 */
export function checkSnapshot(snapshot: DynamicsSnapshot, maxTemperature: number): void {
  checkScalars(snapshot.step, snapshot, maxTemperature);
  checkFinite(snapshot.step, 'position', snapshot.positions);
  checkFinite(snapshot.step, 'velocity', snapshot.velocities);
  checkFinite(snapshot.step, 'force', snapshot.forces);
}

/**
 * md's float64 CPU engine, the reference every other backend is tested against: runs any
 * {@link IntegratorSpec} with any `Potential`, restarts from checkpoints bit for bit.
 *
 * @example
 * ```ts
 * const dynamics = await cpuBackend.create({ system, potential: new LennardJones(), integrator: { kind: 'nve' }, dt: 0.005, units: ljUnits });
 * const after = await dynamics.run(100);
 * ```
 */
export const cpuBackend: DynamicsBackend = {
  name: 'cpu',
  checkpoints: true,
  unsupported: () => null,
  async create(request: DynamicsRequest): Promise<Dynamics> {
    checkDynamicsRequest(request);
    return new CpuDynamics(request);
  },
};
