import type { AsyncPotential, AtomsState } from '@equitensor/md';
import type { GpuContext } from '../runtime/device.ts';
import { encodeDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { linearWorkgroups } from '../runtime/kernel.ts';
import type { TimestampProfiler } from '../runtime/profiler.ts';
import { GpuCellList } from './cell-list.ts';
import { asAsyncPotential, type DeviceForceField, DeviceForceOutputs } from './force-field.ts';
import { LENNARD_JONES_WGSL, MORSE_WGSL, type PairTermWgsl, pairForceKernel } from './pair-kernels.ts';

/**
 * A pair potential on the GPU: cell list built on the device, one thread per atom over the full
 * neighbour list. One parameter set for every pair of atoms (one species, as LAMMPS' `pair_coeff * *`).
 *
 * @example
 * ```ts
 * const field = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 }).field;
 * new GpuMdRunner({ field, atoms, masses, timestep: 0.005, units: ljUnits });
 * ```
 */
export class GpuPairForceField extends DeviceForceOutputs implements DeviceForceField {
  private readonly cells: GpuCellList;
  private readonly kernel;
  private atomCount = 0;

  constructor(
    gpu: GpuContext,
    readonly name: string,
    readonly cutoff: number,
    term: PairTermWgsl,
    private readonly parameters: readonly [number, number, number, number],
  ) {
    super(gpu, 'pair');
    this.cells = new GpuCellList(this.buffers, 'pair');
    this.kernel = pairForceKernel(term);
  }

  configure(atoms: AtomsState): void {
    const n = atoms.numbers.length;
    if (atoms.positions.length !== 3 * n) throw new GpuParameterError('positions', `length ${atoms.positions.length}, expected 3 × ${n}`);
    this.atomCount = n;
    this.cells.configure(atoms, this.cutoff, 1);
    this.buffers.upload('pair/params', new Float32Array(this.parameters));
    this.allocateOutputs(n);
  }

  typesOf(numbers: Int32Array): Uint32Array {
    return new Uint32Array(numbers.length);
  }

  encode(encoder: GPUCommandEncoder, positions: GPUBuffer, profiler?: TimestampProfiler): void {
    this.cells.clear(encoder);
    const c = this.cells;
    encodeDispatches(
      this.gpu,
      encoder,
      [
        ...c.plans(positions),
        {
          kernel: this.kernel,
          label: `${this.name}/forces`,
          workgroups: linearWorkgroups(this.atomCount, this.kernel.workgroupSize),
          buffers: [c.grid, c.wrapped, c.binOfAtom, c.binStart, c.sorted, this.buffers.get('pair/params'), this.forces, this.perAtom],
        },
      ],
      profiler,
    );
  }
}

/**
 * Parameters of {@link createGpuLennardJones} (one species; Å and eV, or reduced units).
 *
 * @example
 * ```ts
 * const options: GpuLennardJonesOptions = { epsilon: 0.0104, sigma: 3.4, cutoff: 8.5, shift: true }; // argon, eV and Å
 * ```
 */
export interface GpuLennardJonesOptions {
  readonly epsilon: number;
  readonly sigma: number;
  readonly cutoff: number;
  /** Subtract φ(cutoff) so the energy is continuous at the cutoff (default false, as LAMMPS' lj/cut). */
  readonly shift?: boolean;
}

/**
 * Lennard-Jones on the GPU (cell list on the device), as a {@link DeviceForceField} for the GPU
 * integrators and an `AsyncPotential` for everything else. Float32: forces agree with the float64
 * reference to ~1e-5 relative (see the README's tolerance table).
 *
 * @example
 * ```ts
 * const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
 * const { energy, forces } = await lj.computeAsync(atoms);
 * ```
 */
export function createGpuLennardJones(
  gpu: GpuContext,
  options: GpuLennardJonesOptions,
): AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuPairForceField } {
  const { epsilon, sigma, cutoff } = options;
  for (const [key, value] of Object.entries({ epsilon, sigma, cutoff })) {
    if (!(value > 0) || !Number.isFinite(value)) throw new GpuParameterError(key, `must be positive and finite, got ${value}`);
  }
  const sr6 = (sigma / cutoff) ** 6;
  const shift = options.shift === true ? 4 * epsilon * (sr6 * sr6 - sr6) : 0;
  const field = new GpuPairForceField(gpu, 'lj', cutoff, LENNARD_JONES_WGSL, [epsilon, sigma * sigma, 0, shift]);
  return asAsyncPotential(field) as AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuPairForceField };
}

/**
 * Parameters of {@link createGpuMorse} (as `@equitensor/md`'s `Morse`): depth D (eV), stiffness α (1/Å), equilibrium r₀ (Å), cutoff (Å).
 *
 * @example
 * ```ts
 * const options: GpuMorseOptions = { D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 9 };
 * ```
 */
export interface GpuMorseOptions {
  readonly D: number;
  readonly alpha: number;
  readonly r0: number;
  readonly cutoff: number;
  /** Subtract φ(cutoff) (default false). */
  readonly shift?: boolean;
}

/**
 * Morse φ(r) = D[e^{−2α(r−r₀)} − 2e^{−α(r−r₀)}] on the GPU, as {@link createGpuLennardJones}.
 *
 * @example
 * ```ts
 * const morse = createGpuMorse(gpu, { D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 6 });
 * ```
 */
export function createGpuMorse(
  gpu: GpuContext,
  options: GpuMorseOptions,
): AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuPairForceField } {
  const { D, alpha, r0, cutoff } = options;
  for (const [key, value] of Object.entries({ D, alpha, r0, cutoff })) {
    if (!(value > 0) || !Number.isFinite(value)) throw new GpuParameterError(key, `must be positive and finite, got ${value}`);
  }
  const e1 = Math.exp(-alpha * (cutoff - r0));
  const shift = options.shift === true ? D * (e1 * e1 - 2 * e1) : 0;
  const field = new GpuPairForceField(gpu, 'morse', cutoff, MORSE_WGSL, [D, alpha, r0, shift]);
  return asAsyncPotential(field) as AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuPairForceField };
}
