import type { ScatterPlan } from '../neighbor-scatter.ts';
import { base64Bytes, compiledOnce } from './kernel-module.ts';
import { NEIGHBOR_KERNEL_BASE64 } from './neighbor-kernel-binary.ts';

/**
 * Byte offsets of the header that the neighbour kernel (`neighbor-kernel.ts`) reads at each call: fourteen int32
 * pointers, the stencil reach and bin counts, the list kind (1 half, 0 full), float64 r² and the cell (row-major), then the
 * pointers of the second step (atoms' wrap codes, the stencil images' code offsets, the per-owner counts, the codes out).
 */
export const NEIGHBOR_HEADER = {
  sorted: 0,
  binAtoms: 4,
  binStart: 8,
  binFirst: 12,
  qx: 16,
  mx: 20,
  qy: 24,
  my: 28,
  qz: 32,
  mz: 36,
  gx: 40,
  gy: 44,
  gz: 48,
  out: 52,
  r0: 56,
  r1: 60,
  r2: 64,
  nb1: 68,
  nb2: 72,
  half: 76,
  rcut2: 80,
  cell: 88,
  wrapCode: 160,
  imageOffset: 164,
  cursor: 168,
  codes: 172,
  bytes: 176,
} as const;

/**
 * The compiled neighbour kernel (committed in `neighbor-kernel-binary.ts`), or null where WebAssembly is unavailable
 * or forbidden: the fast path then runs its TypeScript search.
 *
 * @example
 * ```ts
 * const kernel = neighborKernelModule() === null ? 'typescript' : 'wasm';
 * ```
 */
export const neighborKernelModule = compiledOnce(() => base64Bytes(NEIGHBOR_KERNEL_BASE64));

type PairsFunction = (
  j: number,
  bx: number,
  by: number,
  bz: number,
  xj: number,
  yj: number,
  zj: number,
  base: number,
  first: number,
) => number;

/** One stencil axis: per stencil coordinate, the wrapped bin `q` and its image `m` (see `findPairs`). */
export interface StencilAxis {
  readonly q: Int32Array;
  readonly m: Int32Array;
}

/** What {@link NeighborWasmSearch.prepare} copies in: the binned atoms of a `ScatterScratch` and the search geometry. */
export interface NeighborSearchInput extends Pick<ScatterPlan, 'n' | 'nb' | 'reach' | 'rcut2' | 'half'> {
  readonly cell: Float64Array;
  readonly sorted: Float64Array;
  readonly binAtoms: Int32Array;
  readonly binStart: Int32Array;
  readonly binFirst: Int32Array;
  readonly axes: readonly [StencilAxis, StencilAxis, StencilAxis];
  /** Per atom, its wrap code (see `neighbor-scatter.ts`). */
  readonly wrapCode: Int32Array;
  /** Per stencil image (27 of 32), its image-code offset. */
  readonly imageOffset: Int32Array;
}

/**
 * The WebAssembly candidate search with its own memory: {@link prepare} copies one build's binned atoms in,
 * {@link pairs} then searches atom by atom; `gx`, `gy`, `gz` (the slab gaps of the atom searched next), `out` and
 * `codes` (the pairs' owners and image codes, all atoms' one after the other) and `cursor` (per owner, its entries and
 * zero-image entries) are views on that memory, valid until the next `prepare`.
 *
 * @example
 * ```ts
 * const search = NeighborWasmSearch.create();
 * search?.prepare(input, reserve);
 * p += search.pairs(j, bx, by, bz, xj, yj, zj, base, p); // search.out[p …], search.codes[p …]
 * ```
 */
export class NeighborWasmSearch {
  private readonly memory: WebAssembly.Memory;
  /**
   * Atom j's pairs: writes their owners i to `out` and image codes (`base` − offset + w_i) to `codes` from entry
   * `first` on, adds them to the per-owner counts `cursor` (entries, zero-image entries), and returns how many.
   */
  readonly pairs: PairsFunction;
  /** How many entries `out` and `codes` hold: {@link pairs} may write up to `perAtom` from its `first`. */
  capacity = 0;
  perAtom = 0;
  gx: Float64Array = new Float64Array(0);
  gy: Float64Array = new Float64Array(0);
  gz: Float64Array = new Float64Array(0);
  out: Int32Array = new Int32Array(0);
  codes: Int32Array = new Int32Array(0);
  cursor: Int32Array = new Int32Array(0);

  private constructor(module: WebAssembly.Module, maximumPages: number) {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: maximumPages });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    const raw = instance.exports.pairs as PairsFunction;
    this.pairs = (...args) => raw(...args) >> 2;
  }

  /** A search whose memory grows up to `maximumPages` of 64 KiB (default 4 GiB), or null where WebAssembly is unavailable. */
  static create(maximumPages = 65536): NeighborWasmSearch | null {
    const module = neighborKernelModule();
    return module === null ? null : new NeighborWasmSearch(module, maximumPages);
  }

  /**
   * Copy one build's binned atoms and geometry in (growing the memory as needed), with room for `pairs` pairs in `out`
   * and `codes` beyond what one atom may add; gaps start at 0 (no pruning). False (nothing copied) when the memory
   * cannot grow that far.
   */
  prepare(input: NeighborSearchInput, pairs: number): boolean {
    const { n, nb, reach, axes } = input;
    const nbins = nb[0] * nb[1] * nb[2];
    const H = NEIGHBOR_HEADER;
    let at = H.bytes;
    const take = (bytes: number) => {
      const here = at;
      at += Math.ceil(bytes / 8) * 8;
      return here;
    };
    const sorted = take(24 * n);
    const binAtoms = take(4 * n);
    const binStart = take(4 * (nbins + 1));
    const binFirst = take(4 * (nbins + 1));
    const axis = axes.map((a) => [take(4 * a.q.length), take(4 * a.m.length)] as const);
    const gaps = reach.map((r) => take(8 * (2 * r + 1)));
    // per atom at most n candidates per visit of a bin, and the stencil visits a bin ⌈(2r + 1) / nb⌉ times per axis
    let visits = 1;
    for (let k = 0; k < 3; k++) visits *= Math.ceil((2 * (reach[k] as number) + 1) / (nb[k] as number));
    this.perAtom = n * visits;
    this.capacity = pairs + this.perAtom;
    const out = take(4 * this.capacity);
    const codes = take(4 * this.capacity);
    const wrapCode = take(4 * n);
    const imageOffset = take(4 * 32);
    const cursor = take(8 * n);
    const pages = Math.ceil(at / 65536) - this.memory.buffer.byteLength / 65536;
    try {
      if (pages > 0) this.memory.grow(pages);
    } catch {
      return false; // beyond the maximum (4 GiB, or less where the engine allows less): the caller searches in TypeScript
    }
    const buffer = this.memory.buffer;
    new Float64Array(buffer, sorted, 3 * n).set(input.sorted.subarray(0, 3 * n));
    new Int32Array(buffer, binAtoms, n).set(input.binAtoms.subarray(0, n));
    new Int32Array(buffer, binStart, nbins + 1).set(input.binStart.subarray(0, nbins + 1));
    new Int32Array(buffer, binFirst, nbins + 1).set(input.binFirst.subarray(0, nbins + 1));
    axes.forEach((a, k) => {
      const [q, m] = axis[k] as readonly [number, number];
      new Int32Array(buffer, q, a.q.length).set(a.q);
      new Int32Array(buffer, m, a.m.length).set(a.m);
    });
    const [gx, gy, gz] = reach.map((r, k) => new Float64Array(buffer, gaps[k] as number, 2 * r + 1).fill(0)) as [
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    this.gx = gx;
    this.gy = gy;
    this.gz = gz;
    this.out = new Int32Array(buffer, out, this.capacity);
    this.codes = new Int32Array(buffer, codes, this.capacity);
    this.cursor = new Int32Array(buffer, cursor, 2 * n).fill(0);
    new Int32Array(buffer, wrapCode, n).set(input.wrapCode.subarray(0, n));
    new Int32Array(buffer, imageOffset, 32).set(input.imageOffset);
    new Int32Array(buffer, H.wrapCode, 4).set([wrapCode, imageOffset, cursor, codes]);
    const header = new Int32Array(buffer, 0, H.rcut2 / 4);
    const pointers = [sorted, binAtoms, binStart, binFirst, ...axis.flat(), ...gaps, out];
    header.set(pointers, 0);
    header.set([reach[0], reach[1], reach[2], nb[1], nb[2], input.half ? 1 : 0], H.r0 / 4);
    const constants = new Float64Array(buffer, H.rcut2, 10);
    constants[0] = input.rcut2;
    constants.set(input.cell.subarray(0, 9), 1);
    return true;
  }
}
