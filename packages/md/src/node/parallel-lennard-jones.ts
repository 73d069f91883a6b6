import type { PoolBuffer } from '@equitensor/tensor';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, PotentialResult } from '../potential.ts';
import { LennardJones, type LennardJonesOptions } from '../potentials/lennard-jones.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { base64Bytes, SHARED_MAXIMUM_PAGES } from '../wasm/kernel-module.ts';
import { LJ_SHARED_KERNEL_BASE64 } from '../wasm/lj-kernel-binary.ts';
import { LJ_POOL_KERNEL } from './lj-pool-kernel.ts';
import { PooledPairPotential, type PooledPotentialOptions } from './pooled-potential.ts';
import { sharedBytes } from './shared-copy.ts';

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
    this.wasm = serial.kernel === 'wasm-simd' ? sharedBytes(base64Bytes(LJ_SHARED_KERNEL_BASE64)) : null;
    this.shared = this.wasm === null ? null : new LjSharedMemory(this.workerCount);
    const shared = this.shared;
    // the pooled list build scatters the entries straight into the kernel memory (no copy after a rebuild)
    if (shared !== null) this.listBuild.entries = (n, total) => shared.entries(n, total);
  }

  /** Whether the list's entries are already in the kernel memory (then they are not shared as buffers of their own). */
  protected override entriesInPlace(n: number): boolean {
    return this.shared?.holds(this.neighborList, n) ?? false;
  }

  /**
   * After a rebuild: the list laid out in the shared kernel memory and the walk's positions, reduced forces and partial
   * sums pointed at it; or, where it cannot be (no shared memory, beyond 2 GiB), the walk's own shared buffers.
   */
  protected override buffers(n: number): Record<string, PoolBuffer> {
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
    return { wasm: this.wasm, memory: placed.memory, layout: placed.layout };
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

type SharedFloats = Float64Array<SharedArrayBuffer>;

/**
 * The order of `layout`, the byte offsets of the pooled kernel's arrays in the shared kernel memory: the atom count n,
 * positions `x` (3n float64), the reduced forces `out` (3n), the workers' partial sums `part` (11 float64 each),
 * their force `slots` (3n each), the image `shifts` (float64 triples) and their count in values, the list's `start`
 * (n + 1 int32), `mid` (n), entries `nbr` and images `img` (int32 each), the list size, and `copy`: 1 when the workers
 * copy their parts of the entries in from the `neighbors`/`images` buffers, 0 when the list build wrote them in place.
 */
const LJ_LAYOUT = ['n', 'x', 'out', 'part', 'slots', 'shifts', 'shiftCount', 'start', 'mid', 'nbr', 'img', 'size', 'copy'] as const;

/** Bytes kept after the list's entries for the image shifts (float64 triples): 1,024 images. */
const SHIFT_ROOM = 8 * 3 * 1024;

/**
 * The pooled Lennard-Jones kernel's shared `WebAssembly.Memory`: one memory for the calling thread and every worker's
 * instance of the shared-memory variant of `wasm/lj-kernel.ts`. Its layout for n atoms: the arrays of n atoms and k
 * workers (positions, reduced forces, partial sums, force slots, start, mid), then room for `capacity` list entries and
 * as many images, then the image shifts. {@link LjSharedMemory.entries} is the pooled neighbour build's allocation hook:
 * the build scatters the list's entries and images straight into that room, so nothing is copied after a rebuild;
 * {@link LjSharedMemory.place} lays out a (re)built list (`LJ_LAYOUT`), copies its start, mid and shifts in and, for a
 * list built elsewhere (the serial build, or one that outgrew the room), has the workers copy their parts of the
 * entries in. A shared memory cannot grow past the maximum it was made with, so it is made with room for a list a
 * quarter longer and made again, larger, when a list outgrows it; beyond the kernel's 2 GiB (`SHARED_MAXIMUM_PAGES`)
 * there is none.
 */
export class LjSharedMemory {
  memory: WebAssembly.Memory | null = null;
  /** The image shifts' view (written before each step). */
  shifts: SharedFloats = new Float64Array(new SharedArrayBuffer(8));
  private readonly layout = new Int32Array(new SharedArrayBuffer(4 * LJ_LAYOUT.length));
  /** The memory's buffer (the object the views were made on). */
  private buffer: SharedArrayBuffer | null = null;
  /** The atom count, entry room and shift room (bytes) of the memory's layout. */
  private atoms = -1;
  private capacity = 0;
  private shiftBytes = 0;

  constructor(private readonly workers: number) {}

  /** Byte offset of the entries' room (after the arrays of n atoms and k workers, 8-aligned). */
  private head(n: number): number {
    const k = this.workers;
    return Math.ceil((24 * n * (2 + k) + 88 * k + 4 * (n + 1) + 4 * n) / 8) * 8;
  }

  /** A new memory for n atoms, `capacity` entries and `shiftBytes` of shifts, or false where none can be made. */
  private make(n: number, capacity: number, shiftBytes: number): boolean {
    this.memory = null;
    this.buffer = null;
    this.atoms = -1;
    const pages = Math.ceil((this.head(n) + 8 * capacity + shiftBytes) / 65536);
    if (pages > SHARED_MAXIMUM_PAGES) return false;
    try {
      this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      return false; // no shared WebAssembly memory here, or not this much
    }
    const buffer = this.memory.buffer as unknown as SharedArrayBuffer;
    if (!(buffer instanceof SharedArrayBuffer)) {
      this.memory = null;
      return false;
    }
    this.buffer = buffer;
    this.atoms = n;
    this.capacity = capacity;
    this.shiftBytes = shiftBytes;
    return true;
  }

  /** The entries' and images' views of the room, `capacity` long. */
  private room(): { neighbors: Int32Array; images: Int32Array } {
    const buffer = this.buffer as SharedArrayBuffer;
    const at = this.head(this.atoms);
    return { neighbors: new Int32Array(buffer, at, this.capacity), images: new Int32Array(buffer, at + 4 * this.capacity, this.capacity) };
  }

  /**
   * The pooled neighbour build's allocation hook: where a build of n atoms and `total` entries writes its entries and
   * images (the room of this memory, made anew with a quarter of headroom when missing or too small), or null (the
   * build's own shared arrays) where no memory can hold them.
   */
  entries(n: number, total: number): { neighbors: Int32Array; images: Int32Array } | null {
    if (this.buffer === null || this.atoms !== n || this.capacity < total) {
      if (!this.make(n, Math.ceil(1.25 * total) + 1024, SHIFT_ROOM)) return null;
    }
    return this.room();
  }

  /** Whether the list of n atoms is laid out in this memory's room (the build wrote it there). */
  holds(list: NeighborList, n: number): boolean {
    const room = this.head(n);
    return (
      this.buffer !== null &&
      this.atoms === n &&
      list.neighbors.buffer === this.buffer &&
      list.images.buffer === this.buffer &&
      list.neighbors.byteOffset === room &&
      list.images.byteOffset === room + 4 * this.capacity &&
      8 * list.shifts.length <= this.shiftBytes
    );
  }

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
    const copy = this.holds(list, n) ? 0 : 1;
    if (copy === 1 && (this.buffer === null || this.atoms !== n || this.capacity < size || this.shiftBytes < 8 * shiftCount)) {
      // room for a list a quarter longer (lists grow and shrink a little between rebuilds as the liquid moves)
      if (!this.make(n, Math.ceil(1.25 * size) + 1024, Math.max(SHIFT_ROOM, 8 * shiftCount))) return null;
    }
    const memory = this.memory as WebAssembly.Memory;
    const buffer = this.buffer as SharedArrayBuffer;
    const x = 0;
    const out = x + 24 * n;
    const part = out + 24 * n;
    const slots = part + 88 * k;
    const start = slots + 24 * n * k;
    const mid = start + 4 * (n + 1);
    const nbr = this.head(n);
    const img = nbr + 4 * this.capacity;
    const shifts = img + 4 * this.capacity;
    const at: Record<(typeof LJ_LAYOUT)[number], number> = { n, x, out, part, slots, shifts, shiftCount, start, mid, nbr, img, size, copy };
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
