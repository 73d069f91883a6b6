import {
  CoulombPme,
  checkDynamicsRequest,
  checkSnapshot,
  createIntegrator,
  createSystem,
  type Dynamics,
  type DynamicsBackend,
  type DynamicsRequest,
  type DynamicsRunOptions,
  type DynamicsSnapshot,
  EmbeddedAtom,
  type Integrator,
  kineticEnergy,
  LennardJones,
  type MDState,
  Morse,
  maxTemperatureOf,
  metalUnits,
  type Potential,
  SumPotential,
  type System,
  temperature,
  type UnitSystem,
} from '@equitensor/md';
import { GpuPmeForceField } from '../electrostatics/pme-potential.ts';
import { type GpuContext, type RequestGpuOptions, requestGpu } from '../runtime/device.ts';
import { createGpuEam } from './eam-potential.ts';
import type { DeviceForceField } from './force-field.ts';
import { type GpuIntegrator, GpuMdRunner, type MdSnapshot } from './md-runner.ts';
import { createGpuLennardJones, createGpuMorse } from './pair-potential.ts';

/**
 * The device force field that computes the same thing as one of md's potentials: `LennardJones`,
 * `Morse` (one parameter set for all pairs), `EmbeddedAtom` and `CoulombPme` (with its Born-Mayer-Huggins or
 * Buckingham `shortRange` term, as `--potential born:FILE+coulomb:pme` builds it) have WebGPU kernels, and so has a
 * `SumPotential` of one such term; anything else gives null.
 *
 * @example
 * ```ts
 * const field = deviceForceFieldFor(gpu, new LennardJones({ epsilon: 0.0104, sigma: 3.4, cutoff: 8.5, shift: true }));
 * ```
 */
export function deviceForceFieldFor(gpu: GpuContext, potential: Potential): DeviceForceField | null {
  if (potential instanceof LennardJones) {
    const { epsilon, sigma, cutoff, shift } = potential;
    return createGpuLennardJones(gpu, { epsilon, sigma, cutoff, shift }).field;
  }
  if (potential instanceof Morse) {
    const { D, alpha, r0, cutoff, shift } = potential;
    return createGpuMorse(gpu, { D, alpha, r0, cutoff, shift }).field;
  }
  if (potential instanceof EmbeddedAtom) return createGpuEam(gpu, potential.splines, potential.name).field;
  if (potential instanceof CoulombPme) return new GpuPmeForceField(gpu, potential.options);
  if (potential instanceof SumPotential && potential.terms.length === 1) return deviceForceFieldFor(gpu, potential.terms[0] as Potential);
  return null;
}

const hasKernel = (potential: Potential): boolean =>
  potential instanceof LennardJones ||
  potential instanceof Morse ||
  potential instanceof EmbeddedAtom ||
  potential instanceof CoulombPme ||
  (potential instanceof SumPotential && potential.terms.length === 1 && hasKernel(potential.terms[0] as Potential));

/** The device integrator for a spec that {@link webgpuBackend} runs (`nve`, `langevin`). */
function deviceIntegrator(request: DynamicsRequest): GpuIntegrator {
  const spec = request.integrator;
  if (spec.kind === 'langevin') return { kind: 'langevin', temperature: spec.temperature, friction: spec.friction, seed: spec.seed ?? 0 };
  return { kind: 'velocity-verlet' };
}

/** MD on the device through {@link GpuMdRunner}; after a device loss md's integrator continues on the CPU. */
class GpuDynamics implements Dynamics {
  readonly system: System;
  readonly units: UnitSystem;
  readonly dt: number;
  readonly integratorName: string;
  /** The adapter's name (vendor, device, description). */
  readonly device: string;
  private readonly runner: GpuMdRunner;
  private readonly maxTemperature: number;
  private last!: DynamicsSnapshot;
  /** md's integrator after a device loss, kept across blocks. */
  private cpu: { integrator: Integrator; state: MDState; step: number } | null = null;
  private broken: Error | null = null;

  constructor(
    private readonly gpu: GpuContext,
    private readonly ownsDevice: boolean,
    private readonly request: DynamicsRequest,
  ) {
    const system = request.system as System;
    this.system = system;
    this.units = request.units ?? metalUnits;
    this.dt = request.dt;
    this.integratorName = request.integrator.kind;
    this.device = `${gpu.report.vendor} ${gpu.report.device} ${gpu.report.description}`.trim();
    this.maxTemperature = maxTemperatureOf(request.limits);
    const field = deviceForceFieldFor(gpu, request.potential) as DeviceForceField;
    this.runner = new GpuMdRunner({
      field,
      atoms: system,
      masses: system.masses,
      velocities: system.velocities,
      timestep: this.dt,
      units: this.units,
      integrator: deviceIntegrator(request),
      // one read-back per run(): the caller chooses the block length
      readEvery: 2 ** 30,
      cpuContinuation: (from, steps) => this.continueOnCpu(from, steps),
      ...(request.warn === undefined ? {} : { warn: request.warn }),
    });
  }

  get backend(): string {
    return this.runner.backend;
  }

  get snapshot(): DynamicsSnapshot {
    return this.last;
  }

  /** Forces and energy at step 0 (compiles the pipelines). */
  async start(): Promise<this> {
    this.last = this.accept(await this.runner.run(0));
    return this;
  }

  async run(steps: number, options: DynamicsRunOptions = {}): Promise<DynamicsSnapshot> {
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
    if (this.broken !== null) throw this.broken;
    if (options.signal?.aborted === true || steps === 0) return this.last;
    try {
      this.last = this.accept(await this.runner.run(steps, options.signal === undefined ? {} : { signal: options.signal }));
    } catch (error) {
      this.broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
    return this.last;
  }

  checkpoint(): null {
    return null;
  }

  destroy(): void {
    this.runner.destroy();
    if (this.ownsDevice) this.gpu.destroy();
  }

  /** The runner's snapshot as md's, checked; `system` follows it. */
  private accept(md: MdSnapshot): DynamicsSnapshot {
    const system = this.system;
    system.positions.set(md.positions);
    system.velocities.set(md.velocities);
    const n = system.masses.length;
    const snapshot: DynamicsSnapshot = {
      step: md.step,
      time: md.step * this.dt,
      positions: md.positions,
      velocities: md.velocities,
      forces: md.forces ?? new Float64Array(3 * n).fill(Number.NaN),
      virial: md.virial ?? new Float64Array(9).fill(Number.NaN),
      cell: system.cell === null ? null : Float64Array.from(system.cell),
      potentialEnergy: md.potentialEnergy,
      kineticEnergy: md.kineticEnergy,
      // the device does not tally the heat a Langevin bath exchanges: PE + KE (constant under velocity Verlet only)
      conservedEnergy: md.potentialEnergy + md.kineticEnergy,
      temperature: temperature(system, this.units),
      backend: md.backend,
    };
    checkSnapshot(snapshot, this.maxTemperature);
    return snapshot;
  }

  private continueOnCpu(from: MdSnapshot, steps: number): MdSnapshot {
    const { request, units } = this;
    if (this.cpu === null || this.cpu.step !== from.step) {
      const copy = createSystem({ ...this.system, positions: from.positions, velocities: from.velocities });
      const integrator = createIntegrator(request.potential, request.integrator, { dt: this.dt, units });
      this.cpu = { integrator, state: integrator.init(copy), step: from.step };
    }
    const { integrator, state } = this.cpu;
    for (let s = 0; s < steps; s++) integrator.step(state);
    this.cpu.step = from.step + steps;
    const copy = state.system;
    return {
      step: this.cpu.step,
      positions: Float64Array.from(copy.positions),
      velocities: Float64Array.from(copy.velocities),
      potentialEnergy: state.potentialEnergy,
      kineticEnergy: kineticEnergy(copy, units),
      forces: Float64Array.from(state.forces),
      virial: Float64Array.from(state.virial),
      backend: 'cpu',
    };
  }
}

/** Options of {@link webgpuBackend}. */
export interface WebgpuBackendOptions {
  /** The device to run on; without it `create` requests one (high-performance) and `destroy` releases it. */
  readonly gpu?: GpuContext;
  readonly requestOptions?: RequestGpuOptions;
}

/**
 * md's {@link DynamicsBackend} contract on WebGPU: positions, velocities and forces stay on the device
 * and come back once per `run(k)`; NVE (velocity Verlet) and Langevin (BAOAB, per-atom random streams)
 * with md's `LennardJones`, `Morse`, `EmbeddedAtom` and `CoulombPme` (with its Born/Buckingham term), mapped onto
 * their kernels. If the device is
 * lost, the run continues on the CPU with md's integrator from the last read-back (one warning through
 * `request.warn`), losing no state. No checkpoints (they hold the CPU integrator's state).
 *
 * @example
 * ```ts
 * const backend = webgpuBackend();
 * const why = backend.unsupported(request); // null, or e.g. 'runs the ensembles nve and langevin, not nhc'
 * const dynamics = await backend.create(request);
 * const after = await dynamics.run(100);
 * dynamics.destroy();
 * ```
 */
export function webgpuBackend(options: WebgpuBackendOptions = {}): DynamicsBackend {
  const unsupported = (request: DynamicsRequest): string | null => {
    if (request.restart !== undefined) return 'cannot continue from a checkpoint (checkpoints hold the CPU integrator state)';
    const spec = request.integrator;
    if (spec.kind !== 'nve' && spec.kind !== 'langevin') return `runs the ensembles nve and langevin, not ${spec.kind}`;
    if (spec.barostat !== undefined) return 'runs no barostat';
    if (!hasKernel(request.potential))
      return `supports the potentials lj, morse and eam (md's LennardJones, Morse, EmbeddedAtom) and coulomb:pme with or without born|buck (CoulombPme), not ${request.potential.name}`;
    return null;
  };
  return {
    name: 'webgpu',
    checkpoints: false,
    unsupported,
    async create(request: DynamicsRequest): Promise<Dynamics> {
      const why = unsupported(request);
      if (why !== null) throw new RangeError(`the webgpu backend ${why}`);
      checkDynamicsRequest(request);
      const gpu = options.gpu ?? (await requestGpu(options.requestOptions ?? { powerPreference: 'high-performance' }));
      return new GpuDynamics(gpu, options.gpu === undefined, request).start();
    },
  };
}
