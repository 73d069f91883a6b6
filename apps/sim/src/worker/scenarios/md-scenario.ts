/**
 * The one MD scenario runner: a system, one of md's potentials and the integrator of the user's parameters
 * (an `IntegratorSpec`), run through md's `Dynamics` contract on the backend the worker resolved — md's
 * float64 `cpuBackend`, or `@equitensor/gpu`'s `webgpuBackend`, which maps md's LJ and EAM onto its kernels,
 * keeps the state on the device, reads it back once per block and continues on the CPU from the last read-back
 * if the device is lost. The backend is an argument: this file never forks on it beyond asking it
 * whether it can run the scenario. On the CPU the forces run on a worker pool of `options.workers` nested Web Workers
 * (web-pool.ts: the pooled potentials of `md run --workers`) where the page shares memory, else on this thread.
 */

import { webgpuBackend } from '@equitensor/gpu';
import type { AtomsState, Dynamics, DynamicsBackend, DynamicsRequest, IntegratorSpec, Potential, System } from '@equitensor/md';
import { cpuBackend, createSystem, maxwellBoltzmann } from '@equitensor/md';
import { forceLoopOf } from '../pooled-potential.ts';
import type { AtomsData, FrameMessage, RunId, SimParams, StructureMessage } from '../protocol.ts';
import { onPool, pooledRun } from '../web-pool.ts';
import { RdfSampler, type RdfSpec } from './rdf-sampler.ts';
import { guardStability } from './run-stopped.ts';
import type { RunningScenario, ScenarioOptions } from './scenario.ts';
import { mdStructureMessage } from './structure-message.ts';

/** What an MD scenario is made of. */
export interface MdScenarioSpec extends AtomsData {
  readonly id: RunId;
  readonly title: string;
  /** md's potential for the given parameters (called again when the cutoff changes); WebGPU maps it onto its kernels. */
  readonly potential: (params: SimParams) => Potential;
  readonly controls: StructureMessage['controls'];
  readonly representation?: StructureMessage['representation'];
  /** Seed of the initial velocities. */
  readonly seed?: number;
  /** Partial g(r) to sample (periodic scenarios): a running average goes with every frame. */
  readonly rdf?: RdfSpec;
  /**
   * Per-atom extrapolation grades of a state (an MLIP with a committee, `mlipGrades` in mlip-fit.ts): sent with the
   * structure and every frame, for the viewer's `grade` colouring.
   */
  readonly grades?: (atoms: AtomsState) => Float64Array;
}

/** Wall time of one block of steps (one frame per block): short on the CPU, longer on a GPU (one read-back per block). */
const BLOCK_MS = { cpu: 30, webgpu: 60 } as const;

/**
 * The integrator of the app's parameters: velocity Verlet (`nve`) or Langevin BAOAB, its noise seeded per
 * segment of constant parameters (7, 8, …), on every backend.
 *
 * @example
 * ```ts
 * integratorSpecFor({ ...DEFAULT_PARAMS, thermostat: 'langevin' }, 0); // { kind: 'langevin', temperature: 100, friction: 0.01, seed: 7 }
 * ```
 */
export function integratorSpecFor(params: SimParams, segment: number): IntegratorSpec {
  return params.thermostat === 'nve'
    ? { kind: 'nve' }
    : { kind: 'langevin', temperature: params.temperature, friction: params.friction, seed: 7 + segment };
}

/**
 * Start an MD scenario on the backend of `options` (the CPU without options): Maxwell–Boltzmann velocities at
 * the target temperature, then md's `Dynamics` for the parameters. Reports the backend that runs through
 * `options.reportBackend` (and again if a lost device hands the run to the CPU). `advanceAsync(k)` runs k steps;
 * new parameters rebuild the dynamics from the last good state (and the potential when the cutoff changes).
 * A run that md's stability guard stops (NaN, a temperature above the limit) throws a `RunStoppedError` naming
 * the step (counted across parameter changes) and the quantity; `snapshot` then still gives the last good state.
 *
 * @example
 * ```ts
 * const running = await startMdScenario(spec, DEFAULT_PARAMS, { backend: { backend: 'cpu', reason: 'requested' }, reportBackend: post });
 * await running.advanceAsync?.(10);
 * ```
 */
export async function startMdScenario(spec: MdScenarioSpec, initial: SimParams, options?: ScenarioOptions): Promise<RunningScenario> {
  const system: System = createSystem({
    numbers: spec.numbers,
    positions: spec.positions,
    cell: spec.cell,
    pbc: spec.pbc,
    ...(spec.charges ? { charges: spec.charges } : {}),
  });
  maxwellBoltzmann(system, { temperature: initial.temperature, seed: spec.seed ?? 1 });
  let params = initial;
  let potential = spec.potential(params);
  let segment = 0;
  let stepOffset = 0;
  let timeOffset = 0;
  let pending: SimParams | null = null;
  const report = options?.reportBackend ?? (() => {});
  const reportWorkers = options?.reportWorkers ?? (() => {});
  const request = (): DynamicsRequest => ({
    system,
    potential,
    integrator: integratorSpecFor(params, segment),
    dt: params.dt,
    warn: (message) => {
      // a device loss hands a GPU run to the CPU (the dynamics reports `cpu` from then on); other warnings go to the console
      if (current !== null && current.backend === 'cpu' && backend.name !== 'cpu') {
        report({ type: 'backend', backend: 'cpu', adapter: '', reason: message });
        reportWorkers({ type: 'workers', workers: 1, reason: 'the GPU was lost: the CPU continues on one thread' });
      } else console.warn(message);
    },
  });

  const chosen = options?.backend ?? ({ backend: 'cpu', reason: 'requested' } as const);
  let backend: DynamicsBackend = cpuBackend;
  if (chosen.backend === 'webgpu') {
    const device = webgpuBackend({ gpu: chosen.gpu });
    if (device.unsupported(request()) === null) {
      backend = device;
      report({ type: 'backend', backend: 'webgpu', adapter: chosen.adapter, reason: chosen.reason });
    } else {
      chosen.gpu.destroy();
      report({ type: 'backend', backend: 'cpu', adapter: '', reason: 'this scenario has no WebGPU implementation' });
    }
  } else if (options !== undefined) report({ type: 'backend', backend: 'cpu', adapter: '', reason: chosen.reason });
  // on the CPU the forces run on the worker pool when asked for (and the page shares memory), else on this thread
  const pooled = backend === cpuBackend ? await pooledRun(potential, options?.workers ?? 1) : null;
  if (pooled !== null) {
    potential = pooled.potential;
    reportWorkers(pooled.report);
  }
  const pool = pooled?.pool ?? null;
  let current: Dynamics | null = null;
  // a starting state that is already unstable (overlapping atoms, a temperature above the limit) stops at step 0
  let dynamics: Dynamics = await guardStability(
    () => backend.create(request()),
    () => ({ stepOffset: 0, lastGoodStep: 0 }),
  );
  current = dynamics;
  // the pooled force loop is settled by the first evaluation (a worker that cannot run the WebAssembly kernel walks in
  // JavaScript): say which, so a slower fallback is never silent
  const forceLoop = pooled?.pool ? forceLoopOf(potential) : null;
  if (pooled !== null && forceLoop !== null) reportWorkers({ ...pooled.report, forceLoop });
  const rdf = spec.rdf && system.cell ? new RdfSampler(spec.rdf, system.numbers, Float64Array.from(system.cell)) : null;
  rdf?.observe(0, system.positions);
  const where = () => ({ stepOffset, lastGoodStep: stepOffset + dynamics.snapshot.step });
  const gradesAt = (positions: Float64Array, cell: Float64Array | null): { grades?: Float64Array } =>
    spec.grades ? { grades: spec.grades({ numbers: spec.numbers, positions, cell, pbc: spec.pbc }) } : {};

  /** New parameters: continue from the last good state with a new dynamics (on the CPU once a device was lost). */
  const applyPending = async (): Promise<void> => {
    if (pending === null) return;
    const next = pending;
    pending = null;
    const last = dynamics.snapshot;
    system.positions.set(last.positions);
    system.velocities.set(last.velocities);
    stepOffset += last.step;
    timeOffset += last.time;
    segment++;
    if (dynamics.backend !== backend.name) backend = cpuBackend;
    dynamics.destroy();
    if (next.cutoff !== params.cutoff) potential = pool === null ? spec.potential(next) : onPool(spec.potential(next), pool);
    params = next;
    rdf?.reset(); // a new state point: average afresh
    current = null;
    dynamics = await guardStability(
      () => backend.create(request()),
      () => ({ stepOffset, lastGoodStep: stepOffset }),
    );
    current = dynamics;
  };

  let queue: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    structure: { ...mdStructureMessage(spec, system), ...gradesAt(system.positions, system.cell) },
    get blockMs() {
      return BLOCK_MS[dynamics.backend === 'webgpu' ? 'webgpu' : 'cpu'];
    },
    advance() {
      throw new Error('MD scenarios advance asynchronously: use advanceAsync');
    },
    advanceAsync: (steps: number) =>
      serial(async () => {
        await applyPending();
        // md's guard stops an unstable run (RunStoppedError); `snapshot` keeps giving the last good state
        await guardStability(() => dynamics.run(steps), where);
        if (rdf !== null) rdf.observe(stepOffset + dynamics.snapshot.step, dynamics.snapshot.positions);
      }),
    ...(chosen.backend === 'webgpu' && backend !== cpuBackend
      ? {
          loseDevice: () =>
            serial(async () => {
              chosen.gpu.destroy();
              await chosen.gpu.device.lost;
            }),
        }
      : {}),
    snapshot(msPerStep: number): FrameMessage {
      const snap = dynamics.snapshot;
      const averaged = rdf?.current();
      return {
        type: 'frame',
        step: stepOffset + snap.step,
        time: timeOffset + snap.time,
        positions: Float64Array.from(snap.positions),
        cell: snap.cell ? Float64Array.from(snap.cell) : null,
        forces: Float64Array.from(snap.forces),
        potentialEnergy: snap.potentialEnergy,
        kineticEnergy: snap.kineticEnergy,
        conservedEnergy: snap.conservedEnergy,
        temperature: snap.temperature,
        msPerStep,
        ...(averaged === undefined ? {} : { rdf: averaged }),
        ...gradesAt(snap.positions, snap.cell ?? system.cell),
      };
    },
    setParams(next: SimParams) {
      pending = next;
    },
  };
}
