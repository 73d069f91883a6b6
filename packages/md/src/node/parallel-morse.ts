import type { WorkerPool } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import type { Morse } from '../potentials/morse.ts';
import { MORSE_PAIR, pairPoolKernel } from './pair-pool-kernel.ts';
import { SharedListVersion, sharedNeighborList } from './shared-copy.ts';

/** Options of {@link ParallelMorse}. */
export interface ParallelMorseOptions {
  /** Number of worker threads (default 2); ignored when `pool` is given. */
  readonly workers?: number;
  /** A worker pool to run on (shared with other kernels; the caller closes it). Default: a private `NodeWorkerPool`. */
  readonly pool?: WorkerPool;
}

interface Shared {
  readonly n: number;
  readonly positions: Float64Array;
  readonly partial: Float64Array;
  readonly out: Float64Array;
  readonly shifts: Float64Array;
}

const MORSE_KERNEL = pairPoolKernel(MORSE_PAIR);

/**
 * {@link Morse} computed on a shared-memory {@link WorkerPool} from `@equitensor/tensor` (Node only:
 * `@equitensor/md/node`), `sumPairs`' half-list walk split over fixed atom ranges ({@link pairPoolKernel}): forces into
 * per-worker slots, a fixed-order reduction, two barriers per step, the list shared once per rebuild. A run with k
 * workers gives the same numbers every time and differs from `Morse` (and other k) only by reassociation. Per-atom
 * energies are computed on the calling thread. Call `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelMorse } from '@equitensor/md/node';
 * const morse = new ParallelMorse(new Morse({ D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 9 }), { workers: 2 });
 * const { energy } = morse.compute(system);
 * await morse.close();
 * ```
 */
export class ParallelMorse implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly workerCount: number;
  readonly neighborList: NeighborList;
  private readonly serial: Morse;
  private readonly pool: WorkerPool;
  private readonly ownsPool: boolean;
  private readonly parameters = new SharedArrayBuffer(5 * 8);
  private shared: Shared | null = null;
  private readonly listVersion = new SharedListVersion();
  private closed = false;

  constructor(serial: Morse, options: ParallelMorseOptions = {}) {
    this.serial = serial;
    this.name = serial.name; // the same potential (equal to 1e-12): checkpoints restart across worker counts
    this.cutoff = serial.cutoff;
    this.neighborList = serial.neighborList;
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new NodeWorkerPool({ workers: options.workers ?? 2 });
    this.workerCount = this.pool.size;
    const { D, alpha, r0, cutoff } = serial;
    // the energy shift exactly as Morse computes it
    const e = Math.exp(-alpha * (cutoff - r0));
    new Float64Array(this.parameters).set([cutoff * cutoff, D, alpha, r0, serial.shift ? D * (e * e - 2 * e) : 0]);
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    if (this.closed) throw new Error('ParallelMorse is closed');
    if (options.perAtomEnergies === true) return this.serial.compute(atoms, options);
    const list = this.neighborList;
    list.update(atoms);
    const n = atoms.numbers.length;
    if (this.shared === null || this.listVersion.rebuilt(list) || this.shared.n !== n) this.shareList(n);
    const b = this.shared as Shared;
    this.listVersion.refreshShifts(list, b.shifts);
    b.positions.set(atoms.positions);
    this.pool.run(0);
    this.pool.run(1);
    const forces = b.out.slice();
    let energy = 0;
    const v = [0, 0, 0, 0, 0, 0];
    for (let w = 0; w < this.workerCount; w++) {
      energy += b.partial[7 * w] as number;
      for (let c = 0; c < 6; c++) v[c] = (v[c] as number) + (b.partial[7 * w + 1 + c] as number);
    }
    const [xx, yy, zz, xy, xz, yz] = v as [number, number, number, number, number, number];
    return { energy, forces, virial: new Float64Array([xx, xy, xz, xy, yy, yz, xz, yz, zz]) };
  }

  /** Copy the (re)built list into shared memory and load the kernel with the new buffers. */
  private shareList(n: number): void {
    const list = this.neighborList;
    const k = this.workerCount;
    const old = this.shared !== null && this.shared.n === n ? this.shared : null;
    const positions = old?.positions ?? new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const out = old?.out ?? new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const partial = old?.partial ?? new Float64Array(new SharedArrayBuffer(56 * k));
    const listBuffers = sharedNeighborList(list, n, k);
    const buffers = {
      positions: positions.buffer as SharedArrayBuffer,
      forces: new SharedArrayBuffer(24 * Math.max(1, n) * k),
      partial: partial.buffer as SharedArrayBuffer,
      out: out.buffer as SharedArrayBuffer,
      parameters: this.parameters,
      ...listBuffers,
    };
    this.pool.load({ source: MORSE_KERNEL, buffers });
    this.shared = { n, positions, partial, out, shifts: new Float64Array(listBuffers.shifts) };
    this.listVersion.mark(list);
  }

  /** Stop the workers (when the pool is this potential's own). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.close();
  }
}
