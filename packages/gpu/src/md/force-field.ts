import type { AsyncPotential, AtomsState, ComputeOptions, PotentialResult } from '@equitensor/md';
import { BufferSet } from '../runtime/buffers.ts';
import type { GpuContext } from '../runtime/device.ts';
import type { TimestampProfiler } from '../runtime/profiler.ts';
import { SerialQueue } from '../runtime/serial.ts';

/**
 * A force field whose inputs and outputs stay on the device, so an integrator on the GPU can call
 * it every step without read-backs. `encode` fills `forces` (vec4 per atom) and `perAtom`
 * (8 floats per atom: energy, Wxx, Wyy, Wzz, Wxy, Wxz, Wyz, 0).
 *
 * @example
 * ```ts
 * const field: DeviceForceField = createGpuEam(gpu, splines).field;
 * field.configure(atoms);
 * ```
 */
export interface DeviceForceField {
  readonly name: string;
  readonly cutoff: number;
  readonly gpu: GpuContext;
  readonly buffers: BufferSet;
  /** Set up for these atoms (count, cell, periodicity, species); allocates buffers. */
  configure(atoms: AtomsState): void;
  /** Type index of each atom (written into the w lane of the position vec4s). */
  typesOf(numbers: Int32Array): Uint32Array;
  /** Encode the force computation for positions in `positions` (vec4 per atom). */
  encode(encoder: GPUCommandEncoder, positions: GPUBuffer, profiler?: TimestampProfiler): void;
  readonly forces: GPUBuffer;
  readonly perAtom: GPUBuffer;
}

/**
 * What every {@link DeviceForceField} holds the same way: its {@link BufferSet} and the `forces` (vec4 per atom) and
 * `perAtom` (8 floats per atom) buffers, named `<prefix>/forces` and `<prefix>/perAtom`, sized by `allocateOutputs`.
 *
 * @example
 * ```ts
 * class Field extends DeviceForceOutputs { constructor(gpu: GpuContext) { super(gpu, 'field'); } }
 * ```
 */
export abstract class DeviceForceOutputs {
  readonly buffers: BufferSet;

  /** The two buffers' names, made once (the getters run every step). */
  private readonly forcesName: string;
  private readonly perAtomName: string;

  protected constructor(
    readonly gpu: GpuContext,
    prefix: string,
  ) {
    this.buffers = new BufferSet(gpu);
    this.forcesName = `${prefix}/forces`;
    this.perAtomName = `${prefix}/perAtom`;
  }

  /** (Re)allocates the two output buffers for n atoms. */
  protected allocateOutputs(n: number): void {
    this.buffers.storage(this.forcesName, 16 * Math.max(1, n));
    this.buffers.storage(this.perAtomName, 32 * Math.max(1, n));
  }

  get forces(): GPUBuffer {
    return this.buffers.get(this.forcesName);
  }

  get perAtom(): GPUBuffer {
    return this.buffers.get(this.perAtomName);
  }
}

/**
 * Positions as the vec4 array the kernels read: xyz in float32, w = the type index's bits.
 *
 * @example
 * ```ts
 * const packed = packPositions(atoms.positions, new Uint32Array(n));
 * ```
 */
export function packPositions(positions: Float64Array, types: Uint32Array): Float32Array {
  const n = types.length;
  const out = new Float32Array(4 * n);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    out[4 * i] = positions[3 * i] as number;
    out[4 * i + 1] = positions[3 * i + 1] as number;
    out[4 * i + 2] = positions[3 * i + 2] as number;
    bits[4 * i + 3] = types[i] as number;
  }
  return out;
}

/**
 * Energy (float64 sum of float32 per-atom terms), forces and virial from the read-back buffers.
 *
 * @example
 * ```ts
 * const result = reducePerAtom(forces4, perAtom8, n, true);
 * ```
 */
export function reducePerAtom(forces4: Float32Array, perAtom8: Float32Array, n: number, perAtomEnergies: boolean): PotentialResult {
  const forces = new Float64Array(3 * n);
  const virial = new Float64Array(9);
  const energies = new Float64Array(n);
  // float64 running sums of the per-atom energy and virial lanes, in locals (this loop runs every read-back)
  let [energy, xx, yy, zz, xy, xz, yz] = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    forces[3 * i] = forces4[4 * i] as number;
    forces[3 * i + 1] = forces4[4 * i + 1] as number;
    forces[3 * i + 2] = forces4[4 * i + 2] as number;
    const o = 8 * i;
    const e = perAtom8[o] as number;
    energies[i] = e;
    energy += e;
    xx += perAtom8[o + 1] as number;
    yy += perAtom8[o + 2] as number;
    zz += perAtom8[o + 3] as number;
    xy += perAtom8[o + 4] as number;
    xz += perAtom8[o + 5] as number;
    yz += perAtom8[o + 6] as number;
  }
  virial.set([xx, xy, xz, xy, yy, yz, xz, yz, zz]);
  return perAtomEnergies ? { energy, forces, virial, perAtomEnergies: energies } : { energy, forces, virial };
}

/**
 * Evaluate a {@link DeviceForceField} once on `atoms` as an `AsyncPotential` call: upload, encode,
 * submit, read back, reduce in float64. With a {@link TimestampProfiler}, each pass (bin, scan,
 * scatter, forces) is timed on the GPU. Concurrent calls on one field run one after another.
 *
 * @example
 * ```ts
 * const result = await evaluateForceField(field, atoms);
 * const profiler = new TimestampProfiler(gpu);
 * await evaluateForceField(field, atoms, {}, profiler);
 * await profiler.read(); // [{ label: 'cell-list/bin', nanoseconds: … }, …]
 * ```
 */
export function evaluateForceField(
  field: DeviceForceField,
  atoms: AtomsState,
  options?: ComputeOptions,
  profiler?: TimestampProfiler,
): Promise<PotentialResult> {
  let queue = queues.get(field);
  if (queue === undefined) queues.set(field, (queue = new SerialQueue()));
  return queue.run(() => evaluateNow(field, atoms, options, profiler));
}

/** One queue per force field: concurrent calls share its buffers, so they run one at a time. */
const queues = new WeakMap<DeviceForceField, SerialQueue>();

async function evaluateNow(
  field: DeviceForceField,
  atoms: AtomsState,
  options?: ComputeOptions,
  profiler?: TimestampProfiler,
): Promise<PotentialResult> {
  field.gpu.assertAlive();
  const n = atoms.numbers.length;
  field.configure(atoms);
  const positions = field.buffers.upload('evaluate/positions', packPositions(atoms.positions, field.typesOf(atoms.numbers)));
  const encoder = field.gpu.device.createCommandEncoder();
  field.encode(encoder, positions, profiler);
  profiler?.resolve(encoder);
  field.gpu.device.queue.submit([encoder.finish()]);
  const forces = await field.buffers.readFloat32(field.forces, 4 * n);
  const perAtom = await field.buffers.readFloat32(field.perAtom, 8 * n);
  return reducePerAtom(forces, perAtom, n, options?.perAtomEnergies === true);
}

/**
 * Wrap a {@link DeviceForceField} as `@equitensor/md`'s `AsyncPotential`.
 *
 * @example
 * ```ts
 * const potential = asAsyncPotential(field);
 * const { energy } = await potential.computeAsync(atoms);
 * ```
 */
export function asAsyncPotential(field: DeviceForceField): AsyncPotential & { readonly gpu: GpuContext; readonly field: DeviceForceField } {
  return {
    name: field.name,
    cutoff: field.cutoff,
    gpu: field.gpu,
    field,
    computeAsync: (atoms, options) => evaluateForceField(field, atoms, options),
  };
}
