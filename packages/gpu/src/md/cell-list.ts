import type { AtomsState } from '@equitensor/md';
import type { BufferSet } from '../runtime/buffers.ts';
import type { DispatchPlan } from '../runtime/kernel.ts';
import { linearWorkgroups } from '../runtime/kernel.ts';
import {
  addBlockOffsetsKernel,
  binAtomsKernel,
  SCAN_BLOCK,
  scanBlockSumsKernel,
  scanBlocksKernel,
  scatterAtomsKernel,
} from './cell-list-kernels.ts';
import { type GridGeometry, gridGeometry, packGridUniform } from './grid-geometry.ts';

/**
 * A cell list built entirely on the GPU each time it is encoded: bin the atoms (atomic counters),
 * prefix-sum the bin counts (a three-pass block scan), scatter the wrapped positions into bin order (a counting sort). The
 * force kernels then loop over the stencil of neighbour bins. Rebuilding every step costs three
 * light passes and needs no skin or displacement check.
 *
 * @example
 * ```ts
 * const cells = new GpuCellList(buffers, 'lj');
 * cells.configure(atoms, 2.5, 1);
 * encoder.clearBuffer(cells.binCounts);
 * encodeDispatches(gpu, encoder, [...cells.plans(positions), forcePlan]);
 * ```
 */
export class GpuCellList {
  private geometryValue: GridGeometry | null = null;
  private atomCount = 0;

  constructor(
    readonly buffers: BufferSet,
    readonly prefix: string,
  ) {}

  /** The bins chosen by the last {@link configure}. */
  get geometry(): GridGeometry {
    if (this.geometryValue === null) throw new Error('GpuCellList: configure() first');
    return this.geometryValue;
  }

  /**
   * Choose the bins for `atoms` (periodicity, cell, box) and allocate the buffers. `geometry` gives the bins instead
   * (PME bins the atoms by their mesh cell: one bin per mesh point).
   */
  configure(atoms: AtomsState, cutoff: number, typeCount: number, geometry?: GridGeometry): void {
    const n = atoms.numbers.length;
    this.atomCount = n;
    this.geometryValue = geometry ?? gridGeometry(atoms, cutoff);
    const bins = this.geometryValue.cellCount;
    this.buffers.uniform(`${this.prefix}/grid`, packGridUniform(this.geometryValue, n, cutoff, typeCount));
    this.buffers.storage(`${this.prefix}/wrapped`, 16 * n);
    this.buffers.storage(`${this.prefix}/binOfAtom`, 4 * n);
    this.buffers.storage(`${this.prefix}/slotOfAtom`, 4 * n);
    this.buffers.storage(`${this.prefix}/binCounts`, 4 * bins);
    this.buffers.storage(`${this.prefix}/binStart`, 4 * (bins + 1));
    this.buffers.storage(`${this.prefix}/blockSums`, 4 * Math.ceil(bins / SCAN_BLOCK));
    this.buffers.storage(`${this.prefix}/sorted`, 16 * n);
  }

  get grid(): GPUBuffer {
    return this.buffers.get(`${this.prefix}/grid`);
  }
  get wrapped(): GPUBuffer {
    return this.buffers.get(`${this.prefix}/wrapped`);
  }
  get binOfAtom(): GPUBuffer {
    return this.buffers.get(`${this.prefix}/binOfAtom`);
  }
  get binCounts(): GPUBuffer {
    return this.buffers.get(`${this.prefix}/binCounts`);
  }
  get binStart(): GPUBuffer {
    return this.buffers.get(`${this.prefix}/binStart`);
  }
  get sorted(): GPUBuffer {
    return this.buffers.get(`${this.prefix}/sorted`);
  }

  /** Encode the zeroing of the bin counters (outside any pass; call before {@link plans}). */
  clear(encoder: GPUCommandEncoder): void {
    encoder.clearBuffer(this.binCounts);
  }

  /** The bin, scan (three passes) and scatter dispatches for positions in `positions` (vec4 per atom, w = type bits). */
  plans(positions: GPUBuffer): DispatchPlan[] {
    const wg = linearWorkgroups(this.atomCount, 64);
    const bins = this.geometry.cellCount;
    const b = (name: string): GPUBuffer => this.buffers.get(`${this.prefix}/${name}`);
    return [
      {
        kernel: binAtomsKernel,
        label: 'cell-list/bin',
        workgroups: wg,
        buffers: [this.grid, positions, b('wrapped'), b('binOfAtom'), b('slotOfAtom'), b('binCounts')],
      },
      {
        kernel: scanBlocksKernel,
        label: 'cell-list/scan',
        workgroups: linearWorkgroups(Math.ceil(bins / SCAN_BLOCK), 1),
        buffers: [this.grid, b('binCounts'), b('binStart'), b('blockSums')],
      },
      {
        kernel: scanBlockSumsKernel,
        label: 'cell-list/scan-blocks',
        workgroups: [1, 1, 1],
        buffers: [this.grid, b('blockSums'), b('binStart')],
      },
      {
        kernel: addBlockOffsetsKernel,
        label: 'cell-list/scan-offsets',
        workgroups: linearWorkgroups(bins, 256),
        buffers: [this.grid, b('blockSums'), b('binStart')],
      },
      {
        kernel: scatterAtomsKernel,
        label: 'cell-list/scatter',
        workgroups: wg,
        buffers: [this.grid, b('wrapped'), b('binOfAtom'), b('slotOfAtom'), b('binStart'), b('sorted')],
      },
    ];
  }
}
