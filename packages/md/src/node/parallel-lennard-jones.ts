import type { WorkerPool } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import { LennardJones, type LennardJonesOptions } from '../potentials/lennard-jones.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { LJ_POOL_KERNEL } from './lj-pool-kernel.ts';
import { SharedListVersion, sharedNeighborList } from './shared-copy.ts';

/** Options of {@link ParallelLennardJones}. */
export interface ParallelLennardJonesOptions extends LennardJonesOptions {
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

/**
 * Lennard-Jones forces computed on a shared-memory {@link WorkerPool} from `@equitensor/tensor` (Node only:
 * `@equitensor/md/node`). The neighbour list is built on the calling thread and shared once per rebuild;
 * each step only the positions are written to shared memory and the pool runs two barriers (forces, then
 * their reduction), with no messages. Each worker takes a fixed slice of atoms with about the same number of
 * list entries and accumulates into its own slot; slots are added in a fixed order, so a run with k workers
 * gives the same numbers every time and differs from {@link LennardJones} (and other k) only by
 * reassociation. `compute` stays synchronous. Per-atom energies are computed on the calling thread. Call
 * `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelLennardJones } from '@equitensor/md/node';
 * const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
 * const { energy } = lj.compute(system);
 * await lj.close();
 * ```
 */
export class ParallelLennardJones implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly workerCount: number;
  readonly neighborList: NeighborList;
  private readonly serial: LennardJones;
  private readonly pool: WorkerPool;
  private readonly ownsPool: boolean;
  private readonly parameters = new SharedArrayBuffer(5 * 8);
  private shared: Shared | null = null;
  private readonly listVersion = new SharedListVersion();
  private closed = false;

  constructor(options: ParallelLennardJonesOptions = {}) {
    this.serial = new LennardJones(options);
    this.name = this.serial.name; // the same potential (equal to 1e-12): checkpoints restart across worker counts
    this.cutoff = this.serial.cutoff;
    this.neighborList = this.serial.neighborList;
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new NodeWorkerPool({ workers: options.workers ?? 2 });
    this.workerCount = this.pool.size;
    const { sigma, epsilon, cutoff } = this.serial;
    const sr6 = (sigma / cutoff) ** 6;
    new Float64Array(this.parameters).set([
      cutoff * cutoff,
      sigma * sigma,
      4 * epsilon,
      24 * epsilon,
      this.serial.shift ? 4 * epsilon * (sr6 * sr6 - sr6) : 0,
    ]);
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    if (this.closed) throw new Error('ParallelLennardJones is closed');
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
    const image = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let w = 0; w < this.workerCount; w++) {
      energy += b.partial[10 * w] as number;
      for (let c = 0; c < 9; c++) image[c] = (image[c] as number) + (b.partial[10 * w + 1 + c] as number);
    }
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }

  /** Copy the (re)built list into shared memory and load the kernel with the new buffers. */
  private shareList(n: number): void {
    const list = this.neighborList;
    const k = this.workerCount;
    const old = this.shared !== null && this.shared.n === n ? this.shared : null;
    const positions = old?.positions ?? new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const out = old?.out ?? new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const partial = old?.partial ?? new Float64Array(new SharedArrayBuffer(80 * k));
    const forces = new SharedArrayBuffer(24 * Math.max(1, n) * k);
    const listBuffers = sharedNeighborList(list, n, k);
    const buffers = {
      positions: positions.buffer as SharedArrayBuffer,
      forces,
      partial: partial.buffer as SharedArrayBuffer,
      out: out.buffer as SharedArrayBuffer,
      parameters: this.parameters,
      // equal numbers of list entries per worker; equal force components in the reduction
      ...listBuffers,
    };
    this.pool.load({ source: LJ_POOL_KERNEL, buffers });
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
