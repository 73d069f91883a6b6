import { type AtomsState, kineticEnergy, metalUnits, type UnitSystem } from '@equitensor/md';
import { encodeDispatches } from '../runtime/dispatch.ts';
import { DeviceLostError, GpuParameterError } from '../runtime/errors.ts';
import { linearWorkgroups } from '../runtime/kernel.ts';
import { type DeviceForceField, packPositions, reducePerAtom } from './force-field.ts';
import { INTEGRATOR_UNIFORM_BYTES, kickDriftKernel, kickKernel, langevinBaoaKernel } from './integrator-kernels.ts';

/** Steps encoded into one command buffer before it is submitted (no waiting in between). */
const STEPS_PER_SUBMIT = 25;

/**
 * Which integrator runs on the device.
 *
 * @example
 * ```ts
 * const integrator: GpuIntegrator = { kind: 'langevin', temperature: 300, friction: 0.01, seed: 1 };
 * ```
 */
export type GpuIntegrator =
  | { readonly kind: 'velocity-verlet' }
  | {
      readonly kind: 'langevin';
      /** Target temperature (K; with `ljUnits` in ε/kB). */
      readonly temperature: number;
      /** Friction γ in 1/time unit (1/fs for metal units). */
      readonly friction: number;
      /** Seed of the per-atom random streams. */
      readonly seed: number;
    };

/**
 * The dynamical state at a step: what the runner reads back every `readEvery` steps and what a CPU
 * fallback continues from. Units are those of `@equitensor/md`'s {@link UnitSystem}: velocities in Å/fs
 * for `metalUnits`, σ/τ for `ljUnits`.
 *
 * @example
 * ```ts
 * const { step, positions, potentialEnergy, kineticEnergy } = await md.run(100);
 * ```
 */
export interface MdSnapshot {
  readonly step: number;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  /** Potential energy at these positions (float64 sum of the float32 per-atom energies). */
  readonly potentialEnergy: number;
  /** Kinetic energy ½Σmv² in energy units (eV for metal units). */
  readonly kineticEnergy: number;
  /** Forces at these positions (energy/length), when the producer had them (the device always does). */
  readonly forces?: Float64Array;
  /** Virial W at these positions (row-major 3×3, energy units), when the producer had it. */
  readonly virial?: Float64Array;
  /** Which backend produced this state. */
  readonly backend: 'webgpu' | 'cpu';
}

/**
 * Continues a simulation on the CPU from a snapshot when the device is lost: advance `steps`
 * steps from `from` and return the new state (wire `@equitensor/md`'s integrator and CPU potential).
 *
 * @example
 * ```ts
 * const cpuContinuation: CpuContinuation = (from, steps) => advanceOnCpu(from, steps); // wraps md's velocityVerlet
 * ```
 */
export type CpuContinuation = (from: MdSnapshot, steps: number) => MdSnapshot | Promise<MdSnapshot>;

/**
 * Options of {@link GpuMdRunner}.
 *
 * @example
 * ```ts
 * const options: GpuMdOptions = { field, atoms: system, masses: system.masses, timestep: 1, readEvery: 20 };
 * ```
 */
export interface GpuMdOptions {
  readonly field: DeviceForceField;
  readonly atoms: AtomsState;
  /** Masses per atom (amu, or reduced). */
  readonly masses: Float64Array;
  /** Initial velocities (default zero), length/time of `units`. */
  readonly velocities?: Float64Array;
  /** Time step in the time unit of `units` (fs for metal units). */
  readonly timestep: number;
  /** `@equitensor/md`'s unit system (default `metalUnits`: Å, eV, amu, fs; `ljUnits` for reduced LJ). */
  readonly units?: UnitSystem;
  readonly integrator?: GpuIntegrator;
  /** Read positions and velocities back every k steps (default 10). */
  readonly readEvery?: number;
  /** What to do when the device is lost; without it the runner throws {@link DeviceLostError}. */
  readonly cpuContinuation?: CpuContinuation;
  /** Called once when the runner switches to the CPU (default `console.warn`). */
  readonly warn?: (message: string) => void;
}

/**
 * Molecular dynamics on the device: positions, velocities and forces stay in GPU buffers; each step
 * is a few dispatches (integrator, cell list, forces); positions and velocities come back only every
 * `readEvery` steps as an {@link MdSnapshot} (for the viewer, trajectories and recovery). If the
 * device is lost, the runner warns and continues from the last snapshot with `cpuContinuation`, so
 * the returned state is always the state after the requested steps.
 *
 * @example
 * ```ts
 * const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
 * const md = new GpuMdRunner({ field: lj.field, atoms, masses, timestep: 0.005, units: ljUnits, readEvery: 10 });
 * for (let block = 0; block < 100; block++) viewer.update((await md.run(10)).positions);
 * md.destroy();
 * ```
 */
export class GpuMdRunner {
  private snapshotValue: MdSnapshot;
  private backendValue: 'webgpu' | 'cpu' = 'webgpu';
  private readonly n: number;
  private readonly readEvery: number;
  private readonly integrator: GpuIntegrator;
  private readonly masses: Float64Array;
  private readonly units: UnitSystem;
  private readonly types: Uint32Array;
  private forcesReady = false;

  constructor(private readonly options: GpuMdOptions) {
    const { field, atoms, masses } = options;
    const n = atoms.numbers.length;
    this.n = n;
    if (masses.length !== n) throw new GpuParameterError('masses', `length ${masses.length}, expected ${n}`);
    if (options.velocities !== undefined && options.velocities.length !== 3 * n) {
      throw new GpuParameterError('velocities', `length ${options.velocities.length}, expected ${3 * n}`);
    }
    if (!(options.timestep > 0)) throw new GpuParameterError('timestep', `must be positive, got ${options.timestep}`);
    this.readEvery = options.readEvery ?? 10;
    if (!(Number.isInteger(this.readEvery) && this.readEvery >= 1))
      throw new GpuParameterError('readEvery', `must be a positive integer, got ${this.readEvery}`);
    this.integrator = options.integrator ?? { kind: 'velocity-verlet' };
    this.masses = masses;
    const unitSystem = options.units ?? metalUnits;
    this.units = unitSystem;
    const dt = options.timestep;
    const kT = this.integrator.kind === 'langevin' ? unitSystem.kB * this.integrator.temperature : 0;
    const gammaDt = this.integrator.kind === 'langevin' ? this.integrator.friction * options.timestep : 0;
    const c1 = Math.exp(-gammaDt);
    const uniform = new ArrayBuffer(INTEGRATOR_UNIFORM_BYTES);
    new Float32Array(uniform).set([dt, dt / 2, c1, Math.sqrt(Math.max(0, 1 - c1 * c1)), kT]);
    new Uint32Array(uniform)[5] = n;
    field.configure(atoms);
    this.types = field.typesOf(atoms.numbers);
    const b = field.buffers;
    b.uniform('md/step', uniform);
    b.upload('md/positions', packPositions(atoms.positions, this.types));
    const velocities = new Float32Array(4 * n);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) velocities[4 * i + c] = options.velocities?.[3 * i + c] ?? 0;
      velocities[4 * i + 3] = unitSystem.accelerationFactor / (masses[i] as number);
    }
    b.upload('md/velocities', velocities);
    if (this.integrator.kind === 'langevin') {
      const seeds = new Uint32Array(n);
      let x = this.integrator.seed >>> 0;
      for (let i = 0; i < n; i++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        seeds[i] = (z ^ (z >>> 16)) >>> 0;
      }
      b.upload('md/rng', seeds);
    }
    this.snapshotValue = {
      step: 0,
      positions: Float64Array.from(atoms.positions),
      velocities: options.velocities === undefined ? new Float64Array(3 * n) : Float64Array.from(options.velocities),
      potentialEnergy: Number.NaN,
      kineticEnergy: kineticEnergy({ velocities: options.velocities ?? new Float64Array(3 * n), masses }, unitSystem),
      backend: 'webgpu',
    };
  }

  /** The last state read back (or produced by the CPU after a device loss). */
  get snapshot(): MdSnapshot {
    return this.snapshotValue;
  }

  /** `'webgpu'`, or `'cpu'` once the device was lost and the CPU continuation took over. */
  get backend(): 'webgpu' | 'cpu' {
    return this.backendValue;
  }

  /**
   * Advance `steps` steps; reads back every `readEvery` steps and at the end. Returns the final
   * snapshot. With `signal`, stops early once it is aborted, within two submitted slices of
   * {@link STEPS_PER_SUBMIT} steps (the snapshot's `step` tells where).
   */
  async run(steps: number, options: { readonly signal?: AbortSignal } = {}): Promise<MdSnapshot> {
    if (!(Number.isInteger(steps) && steps >= 0)) throw new GpuParameterError('steps', `must be a non-negative integer, got ${steps}`);
    const { signal } = options;
    let remaining = steps;
    while (remaining > 0 && signal?.aborted !== true) {
      let block = Math.min(this.readEvery, remaining);
      if (this.backendValue === 'webgpu') {
        try {
          block = await this.runOnDevice(block, signal);
        } catch (error) {
          if (!(error instanceof DeviceLostError) && !this.options.field.gpu.isLost) throw error;
          this.switchToCpu(error instanceof Error ? error.message : String(error));
          continue; // redo this block on the CPU from the last snapshot
        }
      } else {
        const continuation = this.options.cpuContinuation;
        if (continuation === undefined) throw new DeviceLostError('lost', 'no cpuContinuation was given');
        this.snapshotValue = { ...(await continuation(this.snapshotValue, block)), backend: 'cpu' };
      }
      remaining -= block;
    }
    if (steps === 0 && this.backendValue === 'webgpu' && Number.isNaN(this.snapshotValue.potentialEnergy)) await this.runOnDevice(0);
    return this.snapshotValue;
  }

  /** Free the device buffers of the force field. */
  destroy(): void {
    this.options.field.buffers.destroy();
  }

  private switchToCpu(reason: string): void {
    if (this.options.cpuContinuation === undefined)
      throw new DeviceLostError(
        'lost',
        `${reason}; no cpuContinuation was given, the state at step ${this.snapshotValue.step} is in runner.snapshot`,
      );
    this.backendValue = 'cpu';
    (this.options.warn ?? ((m: string) => console.warn(m)))(
      `@equitensor/gpu: the WebGPU device was lost (${reason}); MD continues on the CPU from step ${this.snapshotValue.step}`,
    );
  }

  /** Runs up to `steps` steps and reads back; returns the steps run (fewer once `signal` is aborted). */
  private async runOnDevice(steps: number, signal?: AbortSignal): Promise<number> {
    const { field } = this.options;
    const gpu = field.gpu;
    gpu.assertAlive();
    const b = field.buffers;
    const positions = b.get('md/positions');
    const velocities = b.get('md/velocities');
    const stepUniform = b.get('md/step');
    const wg = linearWorkgroups(this.n, 64);
    let encoder = gpu.device.createCommandEncoder();
    if (!this.forcesReady) {
      field.encode(encoder, positions);
      this.forcesReady = true;
    }
    let done = 0;
    let running: Promise<unknown> | null = null;
    for (let s = 0; s < steps; s++) {
      const first =
        this.integrator.kind === 'langevin'
          ? { kernel: langevinBaoaKernel, workgroups: wg, buffers: [stepUniform, positions, velocities, field.forces, b.get('md/rng')] }
          : { kernel: kickDriftKernel, workgroups: wg, buffers: [stepUniform, positions, velocities, field.forces] };
      encodeDispatches(gpu, encoder, [first]);
      field.encode(encoder, positions);
      encodeDispatches(gpu, encoder, [{ kernel: kickKernel, workgroups: wg, buffers: [stepUniform, velocities, field.forces] }]);
      // Submit in slices so that no single command buffer runs long enough to trip a driver watchdog.
      done = s + 1;
      if (done % STEPS_PER_SUBMIT === 0 && done < steps) {
        gpu.device.queue.submit([encoder.finish()]);
        encoder = gpu.device.createCommandEncoder();
        if (signal !== undefined) {
          // With a signal, wait for the slice before this one (one stays queued: the device keeps busy) and stop
          // at a slice boundary once aborted; encoding a whole block without yielding made Ctrl-C wait for its end.
          const previous = running;
          running = gpu.device.queue.onSubmittedWorkDone();
          if (previous !== null) await previous;
          if (signal.aborted) break;
        }
      }
    }
    gpu.device.queue.submit([encoder.finish()]);
    const [p4, v4, f4, perAtom] = [
      await b.readFloat32(positions, 4 * this.n),
      await b.readFloat32(velocities, 4 * this.n),
      await b.readFloat32(field.forces, 4 * this.n),
      await b.readFloat32(field.perAtom, 8 * this.n),
    ];
    const positions64 = new Float64Array(3 * this.n);
    const velocities64 = new Float64Array(3 * this.n);
    for (let i = 0; i < this.n; i++) {
      for (let c = 0; c < 3; c++) {
        positions64[3 * i + c] = p4[4 * i + c] as number;
        velocities64[3 * i + c] = v4[4 * i + c] as number;
      }
    }
    const { energy: potentialEnergy, forces, virial } = reducePerAtom(f4, perAtom, this.n, false);
    this.snapshotValue = {
      step: this.snapshotValue.step + done,
      positions: positions64,
      velocities: velocities64,
      potentialEnergy,
      kineticEnergy: kineticEnergy({ velocities: velocities64, masses: this.masses }, this.units),
      forces,
      virial,
      backend: 'webgpu',
    };
    return done;
  }
}
