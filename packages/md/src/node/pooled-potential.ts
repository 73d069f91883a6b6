import type { PoolBuffer, WorkerPool } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import type { NeighborList } from '../neighbor-list.ts';
import { type AtomsState, type ComputeOptions, forcesOutput, type Potential, type PotentialResult } from '../potential.ts';
import { PooledNeighborBuild } from './pooled-neighbor-build.ts';
import { SharedListVersion, sharedCopy, sharedNeighborList } from './shared-copy.ts';

/** The pool options every pooled potential takes. */
export interface PooledPotentialOptions {
  /** Number of worker threads (default 2); ignored when `pool` is given. */
  readonly workers?: number;
  /** A worker pool to run on (shared with other kernels; the caller closes it). Default: a private `NodeWorkerPool`. */
  readonly pool?: WorkerPool;
}

/**
 * What md's pooled potentials (`ParallelLennardJones`, `ParallelMorse`, `ParallelEmbeddedAtom`, `ParallelCoulombPme`)
 * have in common: the serial potential's name and cutoff (the same potential, equal to 1e-12, so checkpoints restart
 * across worker counts), the pool (private unless one is given), and `close()`.
 */
export abstract class PooledPotential implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly workerCount: number;
  abstract readonly neighborList: NeighborList;
  protected readonly pool: WorkerPool;
  private readonly ownsPool: boolean;
  private closed = false;

  protected constructor(
    private readonly className: string,
    serial: Pick<Potential, 'name' | 'cutoff'>,
    options: PooledPotentialOptions,
  ) {
    this.name = serial.name;
    this.cutoff = serial.cutoff;
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new NodeWorkerPool({ workers: options.workers ?? 2 });
    this.workerCount = this.pool.size;
  }

  abstract compute(atoms: AtomsState, options?: ComputeOptions): PotentialResult;

  /** Throw when `close()` was called. */
  protected assertOpen(): void {
    if (this.closed) throw new Error(`${this.className} is closed`);
  }

  /** Stop the workers (when the pool is this potential's own). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.close();
  }
}

type SharedFloats = Float64Array<SharedArrayBuffer>;

/** A `SharedArrayBuffer`-backed Float64Array of at least one element. */
function sharedFloats(length: number): SharedFloats {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(1, length)));
}

/**
 * The shared memory of a pooled pair walk: positions in, the reduced forces out, each worker's `slot` partial sums
 * (energy, virial terms, flags), and the neighbour list copied once per rebuild ({@link sharedNeighborList}), its image
 * shifts refreshed after a cell change ({@link SharedListVersion}). Positions, forces and partials are kept while the
 * atom count stays the same.
 *
 * @example
 * ```ts
 * if (walk.stale(list, n)) pool.load({ source, buffers: { ...walk.share(list, n), parameters } });
 * walk.prepare(list, atoms.positions);
 * pool.run(0);
 * pool.run(1);
 * const [energy, ...image] = walk.sum(0, new Array(10).fill(0));
 * ```
 */
export class SharedPairWalk {
  /** The atom count the buffers hold (−1 before the first share). */
  n = -1;
  positions: SharedFloats = sharedFloats(0);
  out: SharedFloats = sharedFloats(0);
  partial: SharedFloats = sharedFloats(0);
  /** The workers' force slots (3n values each), kept while n stays the same. */
  private slots = new SharedArrayBuffer(8);
  private shifts: Float64Array = sharedFloats(0);
  private readonly version = new SharedListVersion();

  constructor(
    private readonly workers: number,
    private readonly slot: number,
  ) {}

  /** Whether the list was rebuilt or the atom count changed since the last {@link SharedPairWalk.share}. */
  stale(list: NeighborList, n: number): boolean {
    return this.n !== n || this.version.rebuilt(list);
  }

  /**
   * Copy the (re)built list of n atoms into shared memory; returns the buffers a pair kernel reads (`positions`,
   * per-worker `forces`, `partial`, `out`, the list and its partitions); without the list's entries and images when
   * `entries` is false (the kernel reads them where the list build wrote them).
   */
  share(list: NeighborList, n: number, entries = true): Record<string, SharedArrayBuffer> {
    const k = this.workers;
    if (this.n !== n) {
      this.positions = sharedFloats(3 * n);
      this.out = sharedFloats(3 * n);
      this.partial = sharedFloats(this.slot * k);
      this.slots = new SharedArrayBuffer(24 * Math.max(1, n) * k);
    }
    const listBuffers = sharedNeighborList(list, n, k, entries);
    this.shifts = new Float64Array(listBuffers.shifts);
    this.n = n;
    this.version.mark(list);
    return {
      positions: this.positions.buffer,
      forces: this.slots,
      partial: this.partial.buffer,
      out: this.out.buffer,
      // equal numbers of list entries per worker; equal force components in the reduction
      ...listBuffers,
    };
  }

  /** Before a step: the list's image shifts when the cell changed without a rebuild, and the positions. */
  prepare(list: NeighborList, positions: Float64Array): void {
    this.version.refreshShifts(list, this.shifts);
    this.positions.set(positions);
  }

  /**
   * The reduced forces (`out`) copied into `options.forces` when it holds 3n values (an integrator's own array: no
   * allocation per step), else into a new array.
   */
  forces(options: ComputeOptions): Float64Array {
    const forces = forcesOutput(options, this.out.length);
    forces.set(this.out);
    return forces;
  }

  /**
   * The workers' partial sums at `offset` (`into.length` consecutive values of each worker's slot) added onto `into`
   * in worker order, so a run with k workers gives the same numbers every time.
   */
  sum(offset: number, into: number[]): number[] {
    for (let w = 0; w < this.workers; w++)
      for (let c = 0; c < into.length; c++) into[c] = (into[c] as number) + (this.partial[this.slot * w + offset + c] as number);
    return into;
  }
}

/**
 * A pooled potential whose kernel walks the serial potential's neighbour list ({@link SharedPairWalk}): per-atom
 * energies on the calling thread (the serial potential), otherwise the list updated, shared and the kernel loaded after
 * a rebuild, the positions written, and {@link PooledPairPotential.step} run. The list's periodic fast-path builds run
 * on the same pool ({@link PooledNeighborBuild}: the serial build's arrays, so the same numbers) until `close()`.
 */
export abstract class PooledPairPotential<S extends Potential & { readonly neighborList: NeighborList }> extends PooledPotential {
  readonly neighborList: NeighborList;
  protected readonly walk: SharedPairWalk;
  /** The list builds on the pool (its `builds` counts them). */
  readonly listBuild: PooledNeighborBuild;
  private readonly parameters: SharedArrayBuffer;
  private readonly serialFastPath: NeighborList['fastPath'];

  /**
   * @param source the pool kernel
   * @param slot the length of each worker's partial sums
   * @param parameters the kernel's `parameters` buffer
   */
  protected constructor(
    className: string,
    protected readonly serial: S,
    options: PooledPotentialOptions,
    private readonly source: string,
    slot: number,
    parameters: readonly number[],
  ) {
    super(className, serial, options);
    this.neighborList = serial.neighborList;
    this.serialFastPath = this.neighborList.fastPath;
    this.listBuild = new PooledNeighborBuild(this.pool);
    this.neighborList.fastPath = this.listBuild.build;
    this.walk = new SharedPairWalk(this.workerCount, slot);
    this.parameters = sharedCopy(Float64Array.from(parameters), parameters.length);
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.assertOpen();
    if (options.perAtomEnergies === true) return this.serial.compute(atoms, options);
    const list = this.neighborList;
    list.update(atoms);
    const n = atoms.numbers.length;
    const walk = this.walk;
    // the (re)built list into shared memory, the kernel loaded with the new buffers
    if (walk.stale(list, n)) {
      const buffers = { ...walk.share(list, n, !this.entriesInPlace(n)), ...this.buffers(n), parameters: this.parameters };
      this.pool.load({ source: this.source, buffers });
    }
    walk.prepare(list, atoms.positions);
    return this.step(atoms, options);
  }

  /** Stop the workers (when the pool is this potential's own); the serial potential's list builds on its own thread again. */
  override async close(): Promise<void> {
    this.neighborList.fastPath = this.serialFastPath;
    await super.close();
  }

  /** Whether the kernel reads the list's entries and images where the list build wrote them (not shared by the walk). */
  protected entriesInPlace(_n: number): boolean {
    return false;
  }

  /** The kernel's buffers besides the walk's and `parameters`, for n atoms (called once per list rebuild). */
  protected buffers(_n: number): Record<string, PoolBuffer> {
    return {};
  }

  /** Run the kernel's phases on the pool and return the reduced result (forces into `options.forces` where given). */
  protected abstract step(atoms: AtomsState, options: ComputeOptions): PotentialResult;
}
