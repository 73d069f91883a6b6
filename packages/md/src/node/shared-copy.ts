import { evenRanges, weightedRanges } from '@equitensor/tensor';
import type { NeighborList } from '../neighbor-list.ts';

/**
 * The first `length` values of an array copied into a new `SharedArrayBuffer` (at least one element long), for the
 * pooled potentials' neighbour lists and partitions.
 *
 * @example
 * ```ts
 * const buffers = { start: sharedCopy(list.start, n + 1) };
 * ```
 */
export function sharedCopy(source: Int32Array | Float64Array, length: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(Math.max(1, length) * source.BYTES_PER_ELEMENT);
  (source instanceof Int32Array ? new Int32Array(buffer) : new Float64Array(buffer)).set(source.subarray(0, length));
  return buffer;
}

/**
 * A WebAssembly kernel's bytes in a new `SharedArrayBuffer` of exactly their length (pool workers receive every buffer
 * as shared memory and compile the kernel from it).
 *
 * @example
 * ```ts
 * const buffers = { wasm: sharedBytes(base64Bytes(NEIGHBOR_KERNEL_BASE64)) };
 * ```
 */
export function sharedBytes(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

/** The buffer of an array already in shared memory (a pooled list build's), else a shared copy of its first `length` values. */
function shareOrCopy(source: Int32Array, length: number): SharedArrayBuffer {
  return source.buffer instanceof SharedArrayBuffer && source.byteOffset === 0 ? source.buffer : sharedCopy(source, length);
}

/** The shared-memory copy of a neighbour list and its partitions that every pooled pair kernel reads. */
export interface SharedNeighborList {
  start: SharedArrayBuffer;
  mid: SharedArrayBuffer;
  neighbors: SharedArrayBuffer;
  images: SharedArrayBuffer;
  shifts: SharedArrayBuffer;
  /** k + 1 atom bounds with about equal numbers of list entries per worker (the pair passes). */
  ranges: SharedArrayBuffer;
  /** k + 1 even bounds over the 3n force components (the fixed-order reduction). */
  reduce: SharedArrayBuffer;
}

/**
 * A (re)built half neighbour list of n atoms copied into shared memory for a pool of k workers, with the partitions
 * the pooled kernels use: equal list entries per worker (`ranges`) and equal force components in the reduction
 * (`reduce`). Called once per list rebuild, outside the step loop; the entries of a list built on the pool
 * (already in shared memory) are not copied, and with `entries` false (a kernel that reads them where the list build
 * wrote them) not shared at all.
 *
 * @example
 * ```ts
 * const listBuffers = sharedNeighborList(list, n, pool.size);
 * pool.load({ source: LJ_POOL_KERNEL, buffers: { positions, forces, partial, out, parameters, ...listBuffers } });
 * ```
 */
export function sharedNeighborList(
  list: Pick<NeighborList, 'start' | 'mid' | 'neighbors' | 'images' | 'shifts' | 'size'>,
  n: number,
  k: number,
  entries = true,
): SharedNeighborList {
  return {
    start: sharedCopy(list.start, n + 1),
    mid: sharedCopy(list.mid, n),
    // a pooled build's arrays are shared as they are (rewritten in place only by the next build, which reshares); none
    // for a kernel that reads them where the build wrote them
    neighbors: entries ? shareOrCopy(list.neighbors, list.size) : new SharedArrayBuffer(4),
    images: entries ? shareOrCopy(list.images, list.size) : new SharedArrayBuffer(4),
    shifts: sharedCopy(list.shifts, list.shifts.length),
    ranges: sharedCopy(weightedRanges(list.start, n, k), k + 1),
    reduce: sharedCopy(evenRanges(3 * n, k), k + 1),
  };
}

/**
 * Which build and cell deformation of a neighbour list a pooled potential's shared copy reflects: after a rebuild the
 * list is shared again ({@link sharedNeighborList}); after a cell change without one (a barostat) only the Cartesian
 * image shifts are copied.
 *
 * @example
 * ```ts
 * if (shared === null || version.rebuilt(list)) share(); // share() ends with version.mark(list)
 * version.refreshShifts(list, shared.shifts);
 * ```
 */
export class SharedListVersion {
  private build = -1;
  private deform = 0;

  /** Whether the list was rebuilt since the last {@link SharedListVersion.mark}. */
  rebuilt(list: Pick<NeighborList, 'buildCount'>): boolean {
    return this.build !== list.buildCount;
  }

  /** Record that the shared copy now reflects the list as it is. */
  mark(list: Pick<NeighborList, 'buildCount' | 'deformCount'>): void {
    this.build = list.buildCount;
    this.deform = list.deformCount;
  }

  /** Copy the list's image shifts into `shifts` when the cell changed without a rebuild (same images, new shifts). */
  refreshShifts(list: Pick<NeighborList, 'deformCount' | 'shifts'>, shifts: Float64Array): void {
    if (this.deform !== list.deformCount) {
      shifts.set(list.shifts);
      this.deform = list.deformCount;
    }
  }
}
