import type { AsyncPotential, AtomsState, EamSplines } from '@equitensor/md';
import type { GpuContext } from '../runtime/device.ts';
import { encodeDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { linearWorkgroups } from '../runtime/kernel.ts';
import type { TimestampProfiler } from '../runtime/profiler.ts';
import { GpuCellList } from './cell-list.ts';
import { EAM_UNIFORM_BYTES, eamDensityKernel, eamForceKernel } from './eam-kernels.ts';
import { asAsyncPotential, type DeviceForceField, DeviceForceOutputs } from './force-field.ts';

/**
 * The embedded-atom method on the GPU from `@equitensor/md`'s spline tables (`EamSplines`, LAMMPS'
 * 7-coefficient layout, funcfl or setfl, any number of elements): a density pass (ρ, F, F′ per atom)
 * then a force pass, both over the device cell list.
 *
 * @example
 * ```ts
 * const field = new GpuEamForceField(gpu, EmbeddedAtom.fromFile(text, 'Cu_u3.eam').splines, 'Cu_u3');
 * ```
 */
export class GpuEamForceField extends DeviceForceOutputs implements DeviceForceField {
  readonly name: string;
  readonly cutoff: number;
  private readonly cells: GpuCellList;
  private readonly elementOf = new Map<number, number>();
  private atomCount = 0;

  constructor(
    gpu: GpuContext,
    readonly splines: EamSplines,
    name = 'eam',
  ) {
    super(gpu, 'eam');
    this.name = `gpu:${name}`;
    this.cutoff = splines.cutoff;
    this.cells = new GpuCellList(this.buffers, 'eam');
    splines.atomicNumbers.forEach((z, e) => {
      if (!this.elementOf.has(z)) this.elementOf.set(z, e);
    });
    const tables = packTables(splines);
    this.buffers.upload('eam/tables', tables.data);
    this.buffers.uniform('eam/params', tables.uniform);
  }

  typesOf(numbers: Int32Array): Uint32Array {
    const out = new Uint32Array(numbers.length);
    for (let i = 0; i < numbers.length; i++) {
      const e = this.elementOf.get(numbers[i] as number);
      if (e === undefined) {
        throw new GpuParameterError(
          'numbers',
          `atom ${i} has atomic number ${numbers[i]}, which ${this.name} does not describe (elements: ${this.splines.symbols.join(', ')})`,
        );
      }
      out[i] = e;
    }
    return out;
  }

  configure(atoms: AtomsState): void {
    const n = atoms.numbers.length;
    this.typesOf(atoms.numbers);
    this.atomCount = n;
    this.cells.configure(atoms, this.cutoff, this.splines.frho.length);
    this.buffers.storage('eam/fp', 4 * Math.max(1, n));
    this.allocateOutputs(n);
  }

  encode(encoder: GPUCommandEncoder, positions: GPUBuffer, profiler?: TimestampProfiler): void {
    this.cells.clear(encoder);
    const c = this.cells;
    const b = this.buffers;
    const wg = linearWorkgroups(this.atomCount, 64);
    const common = [c.grid, b.get('eam/params'), c.wrapped, c.binOfAtom, c.binStart, c.sorted, b.get('eam/tables')];
    encodeDispatches(
      this.gpu,
      encoder,
      [
        ...c.plans(positions),
        { kernel: eamDensityKernel, label: 'eam/density', workgroups: wg, buffers: [...common, b.get('eam/fp'), this.perAtom] },
        { kernel: eamForceKernel, label: 'eam/forces', workgroups: wg, buffers: [...common, b.get('eam/fp'), this.forces, this.perAtom] },
      ],
      profiler,
    );
  }
}

function packTables(sp: EamSplines): { data: Float32Array; uniform: ArrayBuffer } {
  const elements = sp.frho.length;
  const strideF = 7 * (sp.nrho + 1);
  const strideR = 7 * (sp.nr + 1);
  const pairs = sp.z2r.length;
  const baseRho = elements * strideF;
  const basePair = baseRho + elements * strideR;
  const data = new Float32Array(basePair + pairs * strideR);
  for (const [e, t] of sp.frho.entries()) data.set(t.subarray(0, strideF), e * strideF);
  for (const [e, t] of sp.rhor.entries()) data.set(t.subarray(0, strideR), baseRho + e * strideR);
  for (const [k, t] of sp.z2r.entries()) data.set(t.subarray(0, strideR), basePair + k * strideR);
  const uniform = new ArrayBuffer(EAM_UNIFORM_BYTES);
  const f = new Float32Array(uniform);
  const u = new Uint32Array(uniform);
  f[0] = 1 / sp.dr;
  f[1] = 1 / sp.drho;
  f[2] = sp.rhomax;
  u[3] = elements;
  u[4] = sp.nr;
  u[5] = sp.nrho;
  u[6] = baseRho;
  u[7] = basePair;
  u[8] = strideF;
  u[9] = strideR;
  return { data, uniform };
}

/**
 * EAM on the GPU as an `AsyncPotential` (and a {@link DeviceForceField} for {@link GpuMdRunner}).
 *
 * @example
 * ```ts
 * import { EmbeddedAtom } from '@equitensor/md';
 * const cpu = EmbeddedAtom.fromFile(text, 'Cu_u3.eam');
 * const eam = createGpuEam(gpu, cpu.splines, cpu.name);
 * const { energy } = await eam.computeAsync(atoms);
 * ```
 */
export function createGpuEam(
  gpu: GpuContext,
  splines: EamSplines,
  name = 'eam',
): AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuEamForceField } {
  const field = new GpuEamForceField(gpu, splines, name);
  return asAsyncPotential(field) as AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuEamForceField };
}
