import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, PotentialResult } from '../potential.ts';
import { LennardJones, type LennardJonesOptions } from '../potentials/lennard-jones.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { base64Bytes, SHARED_MAXIMUM_PAGES } from '../wasm/kernel-module.ts';
import { LJ_SHARED_KERNEL_BASE64 } from '../wasm/lj-kernel-binary.ts';
import { LJ_POOL_KERNEL } from './lj-pool-kernel.ts';
import { PooledPairPotential, type PooledPotentialOptions } from './pooled-potential.ts';

/** Options of {@link ParallelLennardJones}. */
export interface ParallelLennardJonesOptions extends LennardJonesOptions, PooledPotentialOptions {}

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
 * With the WebAssembly SIMD kernel the positions, the list, the workers' force slots and partial sums live in one
 * shared `WebAssembly.Memory` ({@link LjSharedMemory}) that every worker's kernel instance uses: the positions are
 * written once per step, the workers write their forces in place and the reduction reads them there (no per-step copies
 * into or out of the kernels' memories). Where that memory cannot be made (no shared WebAssembly memory, or a list
 * beyond its 2 GiB) the workers walk the separate shared buffers in JavaScript (`kernel` then reads `typescript`).
 *
 * @example
 * ```ts
 * import { ParallelLennardJones } from '@equitensor/md/node';
 * const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
 * const { energy } = lj.compute(system);
 * await lj.close();
 * ```
 */
export class ParallelLennardJones extends PooledPairPotential<LennardJones> {
  /**
   * The workers' force loop: `wasm-simd` or `typescript`, as the serial potential's (`kernel` option); after a step,
   * `typescript` if a worker ran the JavaScript walk (it could not compile the WebAssembly kernel, or no shared kernel
   * memory could be made for the list).
   */
  kernel: 'wasm-simd' | 'typescript';
  private readonly wasm: SharedArrayBuffer | null;
  /** The shared kernel memory (null with the `typescript` kernel). */
  private readonly shared: LjSharedMemory | null;
  /** Whether the walk's positions, sums and forces are views of {@link ParallelLennardJones.shared}'s memory. */
  private inMemory = false;

  constructor(options: ParallelLennardJonesOptions = {}) {
    const serial = new LennardJones(options);
    super('ParallelLennardJones', serial, options, LJ_POOL_KERNEL, 11, serial.constants);
    this.kernel = serial.kernel;
    this.wasm = serial.kernel === 'wasm-simd' ? sharedCopyBytes(base64Bytes(LJ_SHARED_KERNEL_BASE64)) : null;
    this.shared = this.wasm === null ? null : new LjSharedMemory(this.workerCount);
  }

  /**
   * After a rebuild: the list laid out in the shared kernel memory and the walk's positions, reduced forces and partial
   * sums pointed at it; or, where it cannot be (no shared memory, beyond 2 GiB), the walk's own shared buffers.
   */
  protected override buffers(n: number): Record<string, SharedArrayBuffer> {
    const walk = this.walk;
    const placed = this.shared?.place(this.neighborList, n) ?? null;
    if (placed === null || this.wasm === null) {
      if (!this.inMemory) return {};
      // back from the kernel memory to buffers of the walk's own (the JavaScript walk reads whole buffers)
      this.inMemory = false;
      walk.positions = new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
      walk.out = new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
      walk.partial = new Float64Array(new SharedArrayBuffer(88 * this.workerCount));
      return { positions: walk.positions.buffer, out: walk.out.buffer, partial: walk.partial.buffer };
    }
    this.inMemory = true;
    walk.positions = placed.positions;
    walk.out = placed.out;
    walk.partial = placed.partial;
    // a shared WebAssembly.Memory is posted to the workers like a SharedArrayBuffer (its structured clone is the same memory)
    return { wasm: this.wasm, memory: placed.memory as unknown as SharedArrayBuffer, layout: placed.layout };
  }

  protected step(atoms: AtomsState, options: ComputeOptions): PotentialResult {
    // the image shifts (a few dozen values; new after a cell change without a rebuild) into the kernel memory
    if (this.inMemory) this.shared?.shifts.set(this.neighborList.shifts);
    this.pool.run(0);
    this.pool.run(1);
    const forces = this.walk.forces(options);
    const [energy, ...image] = this.walk.sum(0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) as [number, ...number[]];
    const [wasmWorkers = 0] = this.walk.sum(10, [0]);
    if (this.wasm !== null && wasmWorkers < this.workerCount) this.kernel = 'typescript';
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }
}

/** Bytes in a new SharedArrayBuffer (the workers receive the kernel's bytes as shared memory, like every buffer). */
function sharedCopyBytes(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

type SharedFloats = Float64Array<SharedArrayBuffer>;

/**
 * The order of `layout`, the byte offsets of the pooled kernel's arrays in the shared kernel memory: the atom count n,
 * positions `x` (3n float64), the reduced forces `out` (3n), the workers' partial sums `part` (11 float64 each),
 * their force `slots` (3n each), the image `shifts` (float64 triples) and their count in values, the list's `start`
 * (n + 1 int32), `mid` (n), entries `nbr` and images `img` (int32 each), and the list size.
 */
const LJ_LAYOUT = ['n', 'x', 'out', 'part', 'slots', 'shifts', 'shiftCount', 'start', 'mid', 'nbr', 'img', 'size'] as const;

/**
 * The pooled Lennard-Jones kernel's shared `WebAssembly.Memory`: one memory for the calling thread and every worker's
 * instance of the shared-memory variant of `wasm/lj-kernel.ts`. {@link LjSharedMemory.place} lays out n atoms and a
 * (re)built list (`LJ_LAYOUT`), copies the list's start and mid in (the workers copy their parts of its entries) and
 * returns the views the calling thread uses. A shared memory cannot grow past the maximum it was made with, so it is
 * made with room for a list a quarter longer and made again, larger, when a list outgrows it; beyond the kernel's
 * 2 GiB (`SHARED_MAXIMUM_PAGES`) there is none.
 */
export class LjSharedMemory {
  memory: WebAssembly.Memory | null = null;
  /** The image shifts' view (written before each step). */
  shifts: SharedFloats = new Float64Array(new SharedArrayBuffer(8));
  private readonly layout = new Int32Array(new SharedArrayBuffer(4 * LJ_LAYOUT.length));

  constructor(private readonly workers: number) {}

  /**
   * Lay out n atoms and the list in the memory (made anew when too small); its views, or null where no shared memory
   * can hold them.
   */
  place(
    list: NeighborList,
    n: number,
  ): { memory: WebAssembly.Memory; layout: SharedArrayBuffer; positions: SharedFloats; out: SharedFloats; partial: SharedFloats } | null {
    const k = this.workers;
    const size = list.size;
    const shiftCount = list.shifts.length;
    const x = 0;
    const out = x + 24 * n;
    const part = out + 24 * n;
    const slots = part + 88 * k;
    const shifts = slots + 24 * n * k;
    const start = shifts + 8 * shiftCount;
    const mid = start + 4 * (n + 1);
    const nbr = mid + 4 * n;
    const img = nbr + 4 * size;
    const bytes = img + 4 * size;
    if (this.memory === null || this.memory.buffer.byteLength < bytes) {
      // room for a list a quarter longer (lists grow and shrink a little between rebuilds as the liquid moves)
      const pages = Math.ceil((bytes + 2 * size) / 65536);
      this.memory = null;
      if (pages > SHARED_MAXIMUM_PAGES) return null;
      try {
        this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      } catch {
        return null; // no shared WebAssembly memory here, or not this much
      }
    }
    const memory = this.memory;
    const buffer = memory.buffer as unknown as SharedArrayBuffer;
    if (!(buffer instanceof SharedArrayBuffer)) return null;
    const at: Record<(typeof LJ_LAYOUT)[number], number> = { n, x, out, part, slots, shifts, shiftCount, start, mid, nbr, img, size };
    this.layout.set(LJ_LAYOUT.map((key) => at[key]));
    new Int32Array(buffer, start, n + 1).set(list.start.subarray(0, n + 1));
    new Int32Array(buffer, mid, n).set(list.mid.subarray(0, n));
    this.shifts = new Float64Array(buffer, shifts, shiftCount);
    return {
      memory,
      layout: this.layout.buffer,
      positions: new Float64Array(buffer, x, 3 * n),
      out: new Float64Array(buffer, out, 3 * n),
      partial: new Float64Array(buffer, part, 11 * k),
    };
  }
}
