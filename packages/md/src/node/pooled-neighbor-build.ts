import { evenRanges, type WorkerPool, weightedRanges } from '@equitensor/tensor';
import {
  cursors,
  ints,
  numberImages,
  ScatterScratch,
  type ScatterTarget,
  scatterPlan,
  sortByBin,
  wrapAndBin,
} from '../neighbor-scatter.ts';
import { base64Bytes } from '../wasm/kernel-module.ts';
import { NEIGHBOR_KERNEL_BASE64 } from '../wasm/neighbor-kernel-binary.ts';
import { neighborKernelModule } from '../wasm/neighbor-wasm.ts';
import { NEIGHBOR_POOL_KERNEL } from './neighbor-pool-kernel.ts';
import { sharedBytes } from './shared-copy.ts';

/**
 * An atom's search work apart from its pairs (its stencil's bins), in pairs: ~20 columns of ~110 WebAssembly
 * instructions per atom against ~200 per pair (candidates, conversion and scatter) in in.lj.
 */
const ATOM_WEIGHT = 10;

function sharedInts(length: number): Int32Array {
  return ints(length, true);
}

/**
 * Per atom j, the work of a build up to it (`work[j + 1]`: pairs + {@link ATOM_WEIGHT} per atom) from the workers' run
 * ends `pairEnd` (numbered from 0 in each of the k `ranges`). Its own function with nothing after its loops: as a loop
 * inside `balance`, V8 entered it by on-stack replacement and deoptimised at the code after it on every build.
 */
function pairWork(work: Int32Array, ranges: Int32Array, pairEnd: Int32Array, k: number): void {
  let sum = 0;
  work[0] = 0;
  for (let w = 0; w < k; w++) {
    let previous = 0;
    for (let j = ranges[w] as number, end = ranges[w + 1] as number; j < end; j++) {
      const e = pairEnd[j] as number;
      sum += e - previous + ATOM_WEIGHT;
      previous = e;
      work[j + 1] = sum;
    }
  }
}

/**
 * The periodic fast path of a neighbour-list build (`neighbor-scatter.ts`' `scatterBuild`) with its pair search and
 * scatter on a shared-memory {@link WorkerPool} ({@link NEIGHBOR_POOL_KERNEL}): binning, the CSR offsets and the
 * image numbering stay on the calling thread (each O(N)), the search and the scatter (the build's cost) run on a fixed
 * partition of atoms into index ranges (equal for the first build, then balanced by the last build's pairs per atom:
 * in.lj's half list gives the upper half of the indices 13 % more pairs). The arrays written are exactly those of the serial build for every
 * worker count (same order, image indices and shifts), so results do not depend on the worker count or on timing.
 * The list's `neighbors` and `images` are kept in `SharedArrayBuffer`s, which pooled potentials then share without a
 * copy. Attach it with `list.fastPath = build.build` (the pooled potentials do); it loads its kernel on the pool, so
 * a pooled potential reloads its own after each rebuild.
 *
 * @example
 * ```ts
 * const list = new NeighborList({ cutoff: 2.5 });
 * list.fastPath = new PooledNeighborBuild(pool).build;
 * list.build(atoms); // the same arrays as without the pool
 * ```
 */
export class PooledNeighborBuild {
  private readonly scratch = new ScatterScratch(true);
  private readonly params = new Float64Array(new SharedArrayBuffer(8 * 22));
  private readonly status: Int32Array;
  private atoms = -1;
  private cap = 0;
  private cnt = sharedInts(0);
  private pairEnd = sharedInts(0);
  private owner = sharedInts(0);
  private codes = sharedInts(0);
  private ranges = sharedInts(0);
  /** Per atom, the work of the last build up to it (pairs + {@link ATOM_WEIGHT} per atom), for the next ranges. */
  private work = new Int32Array(0);
  /** Number of builds run on the pool. */
  builds = 0;
  /**
   * Where a build of n atoms and `total` entries writes the list's entries and images (views of one shared buffer, at
   * least `total` long: a pooled potential's kernel memory, so that it reads them where they were written), or null for
   * the build's own shared arrays (10 % headroom). Asked at every build; new views make the list's arrays.
   */
  entries: ((n: number, total: number) => { neighbors: Int32Array; images: Int32Array } | null) | null = null;
  /** The WebAssembly candidate search's bytes for the workers (shared), or null: they run the JavaScript search. */
  private readonly wasm: SharedArrayBuffer | null = null;

  /**
   * @param options.search `wasm` (default where WebAssembly is available): the workers search with the WebAssembly
   * kernel (`wasm/neighbor-kernel.ts`); `typescript`: with the JavaScript search (the reference). Same arrays either way.
   */
  constructor(
    private readonly pool: WorkerPool,
    options: { readonly search?: 'wasm' | 'typescript' } = {},
  ) {
    this.status = sharedInts(pool.size);
    if (options.search !== 'typescript' && neighborKernelModule() !== null) this.wasm = sharedBytes(base64Bytes(NEIGHBOR_KERNEL_BASE64));
  }

  /** `scatterBuild`'s contract: build `target` on the pool, or return false (writing nothing) when the fast path does not apply. */
  readonly build = (
    target: ScatterTarget,
    _scratch: ScatterScratch,
    x: Float64Array,
    cell: Float64Array,
    inverse: Float64Array,
    spacings: readonly [number, number, number],
    rcut: number,
  ): boolean => {
    const n = x.length / 3;
    const plan = scatterPlan(n, target.kind, cell, spacings, rcut);
    const s = this.scratch;
    if (plan === null || !wrapAndBin(s, x, inverse, plan)) return false;
    sortByBin(s, cell, n);
    const k = this.pool.size;
    if (this.atoms !== n) {
      this.cnt = sharedInts(2 * k * n);
      this.pairEnd = sharedInts(n);
      this.ranges = sharedInts(k + 1);
      this.ranges.set(evenRanges(n, k));
      this.work = new Int32Array(n + 1);
      this.atoms = n;
    }
    this.reserve(Math.ceil((1.5 * plan.expectedPairs) / k) + n + 1024);
    const p = this.params;
    p.set(cell);
    p[9] = plan.rcut2;
    p[10] = plan.half ? 1 : 0;
    p[11] = plan.orthogonal ? 1 : 0;
    p.set(plan.nb, 12);
    p.set(plan.reach, 15);
    p[18] = n;
    for (;;) {
      p[19] = this.cap;
      this.status.fill(0);
      this.load(target);
      this.pool.run(0);
      if (this.status.every((c) => c >= 0)) break;
      this.reserve(2 * this.cap);
    }
    // the kernel again only when the list's entries moved to larger shared buffers
    if (this.offsets(target, n, k)) this.load(target);
    this.pool.run(1);
    numberImages(target, cell, n);
    this.balance(n, k);
    this.builds++;
    return true;
  };

  /**
   * The next build's ranges: about equal work per worker, counting per atom j its pairs in this build (the workers'
   * run ends `pairEnd`, numbered from 0 in each range) and {@link ATOM_WEIGHT} for its stencil. Any partition gives the
   * same arrays; this one only evens the phases' times.
   */
  private balance(n: number, k: number): void {
    pairWork(this.work, this.ranges, this.pairEnd, k);
    this.ranges.set(weightedRanges(this.work, n, k));
  }

  /** Per-worker pair slices of at least `cap` pairs. */
  private reserve(cap: number): void {
    if (this.cap >= cap) return;
    const k = this.pool.size;
    this.cap = cap;
    this.owner = sharedInts(k * cap);
    this.codes = sharedInts(k * cap);
  }

  private load(target: ScatterTarget): void {
    const s = this.scratch;
    const buffers: Record<string, SharedArrayBuffer> = {};
    const arrays = {
      params: this.params,
      status: this.status,
      ranges: this.ranges,
      owner: this.owner,
      codes: this.codes,
      cnt: this.cnt,
      pairEnd: this.pairEnd,
      frac: s.frac,
      sorted: s.sorted,
      binAtoms: s.binAtoms,
      binStart: s.binStart,
      binFirst: s.binFirst,
      slot: s.slot,
      wrapCode: s.wrapCode,
      bin: s.bin,
      neighbors: target.neighbors,
      images: target.images,
    };
    for (const [name, a] of Object.entries(arrays)) if (a.buffer instanceof SharedArrayBuffer) buffers[name] = a.buffer;
    if (this.wasm !== null) buffers.wasm = this.wasm;
    this.pool.load({ source: NEIGHBOR_POOL_KERNEL, buffers });
  }

  /**
   * CSR offsets from the workers' counts (zero images first), and in `cnt` each worker's two cursors per owner, in
   * worker order; the list's `neighbors`/`images` where {@link PooledNeighborBuild.entries} puts them, else grown into
   * shared memory when needed (returns true when they moved).
   */
  private offsets(target: ScatterTarget, n: number, k: number): boolean {
    if (target.start.length !== n + 1) target.start = new Int32Array(n + 1);
    if (target.mid.length !== n) target.mid = new Int32Array(n);
    const total = cursors(this.cnt, target.start, target.mid, n, k);
    const nbr = target.neighbors;
    const given = this.entries?.(n, total) ?? null;
    let moved = false;
    if (given !== null) {
      moved =
        given.neighbors.buffer !== nbr.buffer || given.neighbors.byteOffset !== nbr.byteOffset || given.neighbors.length !== nbr.length;
      target.neighbors = given.neighbors;
      target.images = given.images;
    } else if (!(nbr.buffer instanceof SharedArrayBuffer) || nbr.length < total || nbr.byteOffset !== 0) {
      // 10 % headroom: a list fitted exactly was outgrown at the next build (in.lj: the first build in the MD loop
      // allocated and faulted in 2 × 7 MB again, its scatter 28 ms instead of 4)
      const capacity = Math.max(Math.ceil(total * 1.1), Math.ceil(nbr.length * 1.5));
      target.neighbors = sharedInts(capacity);
      target.images = sharedInts(capacity);
      moved = true;
    }
    // where the scatter writes them in their buffers (in int32 elements)
    this.params[20] = target.neighbors.byteOffset / 4;
    this.params[21] = target.images.byteOffset / 4;
    return moved;
  }
}
