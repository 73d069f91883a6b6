import { bsplineModuli, type PmeParameters, pmeParameters } from '@equitensor/electrostatics';
import { COULOMB_CONSTANT, cellGeometry, invertCell } from '@equitensor/io';
import type { AsyncPotential, AtomsState, CoulombPmeOptions } from '@equitensor/md';
import { GpuCellList } from '../md/cell-list.ts';
import { asAsyncPotential, type DeviceForceField, DeviceForceOutputs } from '../md/force-field.ts';
import type { GridGeometry } from '../md/grid-geometry.ts';
import type { GpuContext } from '../runtime/device.ts';
import { encodeDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { linearWorkgroups } from '../runtime/kernel.ts';
import type { TimestampProfiler } from '../runtime/profiler.ts';
import { GpuMeshFft } from './fft-kernels.ts';
import {
  PME_CONVOLVE_CHUNK,
  PME_MESH_WG,
  pmeConvolveKernel,
  pmeGatherKernel,
  pmeRealSpaceKernel,
  pmeReduceKernel,
  pmeSpreadKernel,
  pmeStencilKernel,
} from './pme-kernels.ts';

/**
 * Options of {@link GpuPmeForceField}: those of md's `CoulombPme` that decide the sum (the parameters are chosen by
 * `pmeParameters` from the same options, so the device evaluates the same PME sum as the CPU).
 *
 * @example
 * ```ts
 * const options: GpuCoulombPmeOptions = { accuracy: 1e-5, cutoff: 8, shortRange: BornMayerHuggins.fromFile(text) };
 * ```
 */
export type GpuCoulombPmeOptions = Pick<
  CoulombPmeOptions,
  'accuracy' | 'cutoff' | 'alpha' | 'order' | 'mesh' | 'charges' | 'coulombConstant' | 'shortRange'
>;

const PME_UNIFORM_BYTES = 112;

/**
 * Smooth particle-mesh Ewald (Essmann et al., J. Chem. Phys. 103, 8577 (1995)) on the device, the same sum as md's
 * `CoulombPme` with its parameters from `pmeParameters` (α, r_c, mesh, order 4–8, chosen on the first evaluation and
 * kept, as the CPU does): the real space (erfc-screened Coulomb, plus a Born-Mayer-Huggins or Buckingham `shortRange`
 * term in the same loop) over the device cell list; the mesh part by a second cell list with one bin per mesh point,
 * B-spline stencils, gather-style spreading (one thread per mesh point sums the atoms of the p³ cells above it: no
 * atomics, deterministic), a mixed-radix 3D FFT ({@link GpuMeshFft}, one thread per butterfly), the influence-function
 * multiply with the energy and virial sums, the backward FFT, and force gathering; the self term and the neutralising
 * background of a net charge. Float32 throughout; the per-atom energies and virials are summed in float64 on the CPU.
 *
 * @example
 * ```ts
 * const field = new GpuPmeForceField(gpu, { accuracy: 1e-5, cutoff: 10 });
 * const { energy, forces, virial } = await evaluateForceField(field, system); // system.charges set
 * ```
 */
export class GpuPmeForceField extends DeviceForceOutputs implements DeviceForceField {
  readonly name: string;
  readonly cutoff: number;
  private readonly realCells: GpuCellList;
  private readonly meshCells: GpuCellList;
  private readonly coulombConstant: number;
  private chosen: PmeParameters | null = null;
  private chosenFor = -1;
  private fft: GpuMeshFft | null = null;
  private atomCount = 0;
  private bornTypes = 0;
  private spreadGroups: [number, number, number] = [1, 1, 1];
  private convolveThreads = 1;

  constructor(
    gpu: GpuContext,
    readonly options: GpuCoulombPmeOptions = {},
  ) {
    super(gpu, 'pme');
    this.cutoff = options.cutoff ?? 10;
    if (!(this.cutoff > 0) || !Number.isFinite(this.cutoff)) throw new GpuParameterError('cutoff', `must be positive, got ${this.cutoff}`);
    const short = options.shortRange;
    if (short !== undefined && short.cutoff > this.cutoff) {
      throw new GpuParameterError('shortRange', `its cutoff ${short.cutoff} exceeds the real-space cutoff ${this.cutoff}`);
    }
    this.name = short === undefined ? 'gpu:coulomb:pme' : `gpu:${short.name}+coulomb:pme`;
    this.coulombConstant = options.coulombConstant ?? COULOMB_CONSTANT;
    this.realCells = new GpuCellList(this.buffers, 'pme-real');
    this.meshCells = new GpuCellList(this.buffers, 'pme-mesh');
  }

  /** α, r_c, the mesh, the order and the error estimate in use (null before the first `configure`). */
  get parameters(): PmeParameters | null {
    return this.chosen;
  }

  typesOf(numbers: Int32Array): Uint32Array {
    const short = this.options.shortRange;
    return short === undefined ? new Uint32Array(numbers.length) : Uint32Array.from(short.pairTerms(numbers).types);
  }

  configure(atoms: AtomsState): void {
    const n = atoms.numbers.length;
    if (atoms.positions.length !== 3 * n) throw new GpuParameterError('positions', `length ${atoms.positions.length}, expected 3 × ${n}`);
    const charges = atoms.charges ?? this.options.charges;
    if (charges === undefined) throw new GpuParameterError('charges', 'the atoms carry no charges and none were given (option `charges`)');
    if (charges.length !== n) throw new GpuParameterError('charges', `${charges.length} charges for ${n} atoms`);
    const cell = atoms.cell;
    if (cell === null || !(atoms.pbc[0] && atoms.pbc[1] && atoms.pbc[2])) {
      throw new GpuParameterError('cell', 'PME needs a fully periodic cell');
    }
    if (this.chosen === null || this.chosenFor !== n) {
      // the same choice as md's CoulombPme: pmeParameters reads accuracy, alpha, order and mesh from the options
      this.chosen = pmeParameters(cell, charges, { ...this.options, cutoff: this.cutoff });
      this.chosenFor = n;
      const { mesh, order } = this.chosen;
      if (this.fft === null || this.fft.mesh.some((k, d) => k !== mesh[d])) this.fft = new GpuMeshFft(this.buffers, 'pme', mesh);
      const moduli = new Float32Array(mesh[0] + mesh[1] + mesh[2]);
      moduli.set(bsplineModuli(mesh[0], order), 0);
      moduli.set(bsplineModuli(mesh[1], order), mesh[0]);
      moduli.set(bsplineModuli(mesh[2], order), mesh[0] + mesh[1]);
      this.buffers.upload('pme/moduli', moduli);
    }
    const { alpha, mesh, order } = this.chosen;
    this.atomCount = n;
    const points = mesh[0] * mesh[1] * mesh[2];
    this.spreadGroups = linearWorkgroups(points, PME_MESH_WG);
    this.convolveThreads = Math.ceil(points / PME_CONVOLVE_CHUNK);
    const groups = this.convolveThreads;
    const geometry = cellGeometry(cell);
    const k = this.coulombConstant;
    let q = 0;
    for (let i = 0; i < n; i++) q += charges[i] as number;
    const background = (-k * Math.PI * q * q) / (2 * geometry.volume * alpha * alpha);
    const bytes = new ArrayBuffer(PME_UNIFORM_BYTES);
    const f = new Float32Array(bytes);
    const u = new Uint32Array(bytes);
    const inverse = geometry.inverse;
    for (let col = 0; col < 3; col++) for (let a = 0; a < 3; a++) f[4 * col + a] = inverse[3 * a + col] as number;
    u.set([mesh[0], mesh[1], mesh[2], points, n, order, groups, 0], 12);
    f.set([k, (Math.PI * Math.PI) / (alpha * alpha), 1 / (Math.PI * geometry.volume), (-k * alpha) / Math.sqrt(Math.PI)], 20);
    f.set([q === 0 ? 0 : background / q, background, 1 / Math.max(1, n), 0], 24);
    this.buffers.uniform('pme/params', bytes);
    this.buffers.upload('pme/charges', Float32Array.from(charges));
    const real = new ArrayBuffer(16);
    new Float32Array(real).set([k, alpha, (2 * alpha) / Math.sqrt(Math.PI)]);
    this.bornTypes = this.uploadBorn(atoms.numbers);
    new Uint32Array(real)[3] = this.bornTypes;
    this.buffers.uniform('pme/real', real);
    this.realCells.configure(atoms, this.cutoff, Math.max(1, this.bornTypes));
    this.meshCells.configure(atoms, this.cutoff, 1, meshGeometry(cell, mesh));
    this.buffers.storage('pme/mesh', 8 * points);
    this.buffers.storage('pme/scratch', 8 * points);
    this.buffers.storage('pme/partials', 32 * groups);
    this.buffers.storage('pme/totals', 32);
    this.buffers.storage('pme/base', 16 * Math.max(1, n));
    this.buffers.storage('pme/stencil', 24 * order * Math.max(1, n));
    this.allocateOutputs(n);
  }

  encode(encoder: GPUCommandEncoder, positions: GPUBuffer, profiler?: TimestampProfiler): void {
    const b = (name: string): GPUBuffer => this.buffers.get(`pme/${name}`);
    const real = this.realCells;
    const cells = this.meshCells;
    const fft = this.fft as GpuMeshFft;
    const atoms = linearWorkgroups(this.atomCount, 64);
    const forward = fft.plans(b('mesh'), b('scratch'), -1);
    const spectrum = forward.result;
    const backward = fft.plans(spectrum, spectrum === b('mesh') ? b('scratch') : b('mesh'), 1);
    real.clear(encoder);
    cells.clear(encoder);
    encodeDispatches(
      this.gpu,
      encoder,
      [
        ...real.plans(positions),
        {
          kernel: pmeRealSpaceKernel,
          label: 'pme/real-space',
          workgroups: atoms,
          buffers: [
            real.grid,
            real.wrapped,
            real.binOfAtom,
            real.binStart,
            real.sorted,
            b('real'),
            b('charges'),
            b('born'),
            this.forces,
            this.perAtom,
          ],
        },
        ...cells.plans(positions),
        {
          kernel: pmeStencilKernel,
          label: 'pme/stencils',
          workgroups: atoms,
          buffers: [cells.grid, b('params'), cells.binOfAtom, cells.sorted, b('base'), b('stencil')],
        },
        {
          kernel: pmeSpreadKernel,
          label: 'pme/spread',
          workgroups: this.spreadGroups,
          buffers: [b('params'), cells.binStart, b('base'), b('stencil'), b('charges'), b('mesh')],
        },
        ...forward.plans,
        {
          kernel: pmeConvolveKernel,
          label: 'pme/convolve',
          workgroups: linearWorkgroups(this.convolveThreads, 64),
          buffers: [b('params'), b('moduli'), spectrum, b('partials')],
        },
        ...backward.plans,
        { kernel: pmeReduceKernel, label: 'pme/reduce', workgroups: [1, 1, 1], buffers: [b('params'), b('partials'), b('totals')] },
        {
          kernel: pmeGatherKernel,
          label: 'pme/gather',
          workgroups: atoms,
          buffers: [b('params'), b('base'), b('stencil'), b('charges'), backward.result, b('totals'), this.forces, this.perAtom],
        },
      ],
      profiler,
    );
  }

  /** The Born rows per type pair (two vec4 each) for these atoms; returns the type count (0 without a short-range term). */
  private uploadBorn(numbers: Int32Array): number {
    const short = this.options.shortRange;
    if (short === undefined) {
      this.buffers.upload('pme/born', new Float32Array(8));
      return 0;
    }
    const terms = short.pairTerms(numbers);
    const t = terms.typeCount;
    const table = new Float32Array(8 * t * t);
    for (let a = 0; a < t * t; a++) {
      const row = terms.pairIndex[a] as number;
      if (row < 0) continue; // no pair: cutoff² 0
      table.set(terms.params.subarray(5 * row, 5 * row + 4), 8 * a);
      table[8 * a + 4] = terms.params[5 * row + 4] as number;
      table[8 * a + 5] = terms.cutoff2[row] as number;
    }
    this.buffers.upload('pme/born', table);
    return t;
  }
}

/** The bins of the mesh cell list: one per mesh point, so an atom's bin is its mesh cell ⌊u⌋. */
function meshGeometry(cell: Float64Array, mesh: readonly [number, number, number]): GridGeometry {
  return {
    box: Float64Array.from(cell),
    inverse: invertCell(cell),
    origin: [0, 0, 0],
    dims: [mesh[0], mesh[1], mesh[2]],
    periodic: [true, true, true],
    reach: [1, 1, 1],
    cellCount: mesh[0] * mesh[1] * mesh[2],
  };
}

/**
 * md's `CoulombPme` on the GPU as an `AsyncPotential` with `.field` (a {@link GpuPmeForceField} for the device
 * integrators). Float32: see the README's tolerance table.
 *
 * @example
 * ```ts
 * const pme = createGpuCoulombPme(gpu, { accuracy: 1e-5, cutoff: 8, shortRange: born });
 * const { energy, forces, virial } = await pme.computeAsync(system);
 * ```
 */
export function createGpuCoulombPme(
  gpu: GpuContext,
  options: GpuCoulombPmeOptions = {},
): AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuPmeForceField } {
  const field = new GpuPmeForceField(gpu, options);
  return asAsyncPotential(field) as AsyncPotential & { readonly gpu: GpuContext; readonly field: GpuPmeForceField };
}
