import { evenRanges, type WorkerPool } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import type { EmbeddedAtom } from '../potentials/eam.ts';
import type { EamSplines } from '../potentials/eam-tables.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { EAM_POOL_KERNEL } from './eam-pool-kernel.ts';
import { SharedListVersion, sharedCopy, sharedNeighborList } from './shared-copy.ts';

/** Options of {@link ParallelEmbeddedAtom}. */
export interface ParallelEmbeddedAtomOptions {
  /** Number of worker threads (default 2); ignored when `pool` is given. */
  readonly workers?: number;
  /** A worker pool to run on (shared with other kernels; the caller closes it). Default: a private `NodeWorkerPool`. */
  readonly pool?: WorkerPool;
}

interface Shared {
  readonly n: number;
  readonly positions: Float64Array;
  readonly species: Int32Array;
  readonly partial: Float64Array;
  readonly out: Float64Array;
  readonly shifts: Float64Array;
}

function sharedTables(tables: readonly Float64Array[]): SharedArrayBuffer {
  const stride = (tables[0] as Float64Array).length;
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, stride * tables.length)));
  tables.forEach((t, e) => {
    out.set(t, e * stride);
  });
  return out.buffer as SharedArrayBuffer;
}

/**
 * {@link EmbeddedAtom} (LAMMPS' `pair_style eam` / `eam/alloy`) computed on a shared-memory {@link WorkerPool} from
 * `@equitensor/tensor` (Node only: `@equitensor/md/node`). The neighbour list is built on the calling thread and
 * shared once per rebuild; each step only the positions are written to shared memory and the pool runs four barriers
 * (densities, embedding, forces, force reduction; {@link EAM_POOL_KERNEL}), with no messages. Each worker takes a
 * fixed slice of atoms with about the same number of list entries and accumulates densities and forces into its own
 * slot; slots are added in a fixed order, so a run with k workers gives the same numbers every time and differs from
 * {@link EmbeddedAtom} (and other k) only by reassociation. Per-atom energies are computed on the calling thread.
 * Call `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelEmbeddedAtom } from '@equitensor/md/node';
 * const eam = new ParallelEmbeddedAtom(EmbeddedAtom.fromFile(text, 'Cu_u3.eam'), { workers: 2 });
 * const { energy, forces } = eam.compute(system);
 * await eam.close();
 * ```
 */
export class ParallelEmbeddedAtom implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly workerCount: number;
  readonly neighborList: NeighborList;
  readonly splines: EamSplines;
  private readonly serial: EmbeddedAtom;
  private readonly pool: WorkerPool;
  private readonly ownsPool: boolean;
  private readonly elementOf = new Int32Array(256).fill(-1);
  private readonly parameters = new SharedArrayBuffer(10 * 8);
  private readonly tables: { rhor: SharedArrayBuffer; frho: SharedArrayBuffer; z2r: SharedArrayBuffer };
  private shared: Shared | null = null;
  private readonly listVersion = new SharedListVersion();
  private closed = false;

  constructor(serial: EmbeddedAtom, options: ParallelEmbeddedAtomOptions = {}) {
    this.serial = serial;
    this.splines = serial.splines;
    this.name = serial.name; // the same potential (equal to 1e-12): checkpoints restart across worker counts
    this.cutoff = serial.cutoff;
    this.neighborList = serial.neighborList;
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new NodeWorkerPool({ workers: options.workers ?? 2 });
    this.workerCount = this.pool.size;
    const sp = serial.splines;
    sp.atomicNumbers.forEach((z, e) => {
      if (z >= 0 && z < 256 && (this.elementOf[z] as number) < 0) this.elementOf[z] = e;
    });
    new Float64Array(this.parameters).set([
      1 / sp.dr,
      1 / sp.drho,
      sp.nr,
      sp.nrho,
      sp.rhomax,
      sp.cutoff * sp.cutoff,
      sp.frho.length,
      sp.frho.length === 1 ? 1 : 0,
      (sp.rhor[0] as Float64Array).length,
      (sp.frho[0] as Float64Array).length,
    ]);
    this.tables = { rhor: sharedTables(sp.rhor), frho: sharedTables(sp.frho), z2r: sharedTables(sp.z2r) };
  }

  /** The masses of the file's elements for these atoms (amu), as {@link EmbeddedAtom.massesFor}. */
  massesFor(numbers: Int32Array): Float64Array {
    return this.serial.massesFor(numbers);
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    if (this.closed) throw new Error('ParallelEmbeddedAtom is closed');
    if (options.perAtomEnergies === true) return this.serial.compute(atoms, options);
    const list = this.neighborList;
    list.update(atoms);
    const n = atoms.numbers.length;
    if (this.shared === null || this.listVersion.rebuilt(list) || this.shared.n !== n) this.shareList(n);
    const b = this.shared as Shared;
    this.listVersion.refreshShifts(list, b.shifts);
    for (let i = 0; i < n; i++) {
      const z = atoms.numbers[i] as number;
      const e = z >= 0 && z < 256 ? (this.elementOf[z] as number) : -1;
      if (e < 0)
        throw new RangeError(
          `atom ${i} has atomic number ${z}, which ${this.serial.name} does not describe (elements: ${this.splines.symbols.join(', ')})`,
        );
      b.species[i] = e;
    }
    b.positions.set(atoms.positions);
    for (let phase = 0; phase < 4; phase++) this.pool.run(phase);
    const forces = b.out.slice();
    // serial order: every embedding energy, then every pair energy
    let energy = 0;
    for (let w = 0; w < this.workerCount; w++) energy += b.partial[11 * w] as number;
    const image = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let w = 0; w < this.workerCount; w++) {
      energy += b.partial[11 * w + 1] as number;
      for (let c = 0; c < 9; c++) image[c] = (image[c] as number) + (b.partial[11 * w + 2 + c] as number);
    }
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }

  /** Copy the (re)built list into shared memory and load the kernel with the new buffers. */
  private shareList(n: number): void {
    const list = this.neighborList;
    const k = this.workerCount;
    const old = this.shared !== null && this.shared.n === n ? this.shared : null;
    const positions = old?.positions ?? new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const species = old?.species ?? new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
    const out = old?.out ?? new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const partial = old?.partial ?? new Float64Array(new SharedArrayBuffer(88 * k));
    const listBuffers = sharedNeighborList(list, n, k);
    const buffers = {
      positions: positions.buffer as SharedArrayBuffer,
      species: species.buffer as SharedArrayBuffer,
      rhoSlots: new SharedArrayBuffer(8 * Math.max(1, n) * k),
      fp: new SharedArrayBuffer(8 * Math.max(1, n)),
      forces: new SharedArrayBuffer(24 * Math.max(1, n) * k),
      partial: partial.buffer as SharedArrayBuffer,
      out: out.buffer as SharedArrayBuffer,
      parameters: this.parameters,
      ...this.tables,
      // equal numbers of list entries per worker for the pair passes; equal atoms for the embedding; equal force
      // components in the reduction
      ...listBuffers,
      atoms: sharedCopy(evenRanges(n, k), k + 1),
    };
    this.pool.load({ source: EAM_POOL_KERNEL, buffers });
    this.shared = { n, positions, species, partial, out, shifts: new Float64Array(listBuffers.shifts) };
    this.listVersion.mark(list);
  }

  /** Stop the workers (when the pool is this potential's own). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.close();
  }
}
