import type { ScatterPlan } from '../neighbor-scatter.ts';
import { base64Bytes, compiledOnce } from './kernel-module.ts';
import { NEIGHBOR_KERNEL_BASE64 } from './neighbor-kernel-binary.ts';

/**
 * Byte offsets of the header that the neighbour kernel (`neighbor-kernel.ts`) reads at each call: fourteen int32
 * pointers, the stencil reach and bin counts, the list kind (1 half, 0 full), float64 r² and the cell (row-major), the
 * pointers of the second step (atoms' wrap codes, the stencil images' code offsets, the per-owner counts, the codes out),
 * then those of the loop over atoms (fractional coordinates, slots, bins, the three axes' slab edges, the run ends
 * `pairEnd`), whether the cell is orthogonal (slab pruning), `limit`, the address in `out` past which no atom starts,
 * and per axis a the table of image shifts m·(cell row a) per stencil coordinate (three float64 each).
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
  frac: 176,
  slot: 180,
  bin: 184,
  edgeX: 188,
  edgeY: 192,
  edgeZ: 196,
  pairEnd: 200,
  orthogonal: 204,
  limit: 208,
  shiftX: 212,
  shiftY: 216,
  shiftZ: 220,
  bytes: 224,
} as const;

/**
 * Per stencil coordinate c, the shift of its image m[c] along cell row `axis`: m·cell[3·axis … 3·axis + 2] (the
 * products `findPairs` forms, m0·c0 and so on), into `out` (three per coordinate).
 */
export function imageShifts(out: Float64Array, m: Int32Array, cell: Float64Array, axis: number): void {
  for (let c = 0; c < m.length; c++) for (let d = 0; d < 3; d++) out[3 * c + d] = (m[c] as number) * (cell[3 * axis + d] as number);
}

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

type SearchFunction = (jLo: number, jHi: number, first: number) => number;

/**
 * One stencil axis: per stencil coordinate, the wrapped bin `q` and its image `m`, and the slab edges (see `findPairs`).
 */
export interface StencilAxis {
  readonly q: Int32Array;
  readonly m: Int32Array;
  readonly edge: Float64Array;
}

/** What {@link NeighborWasmSearch.prepare} copies in: the binned atoms of a `ScatterScratch` and the search geometry. */
export interface NeighborSearchInput extends Pick<ScatterPlan, 'n' | 'nb' | 'reach' | 'rcut2' | 'half' | 'orthogonal'> {
  readonly cell: Float64Array;
  readonly frac: Float64Array;
  readonly slot: Int32Array;
  readonly bin: Int32Array;
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
 * {@link search} then searches a range of atoms in one call; `out` and `codes` (the pairs' owners and image codes, all
 * atoms' one after the other), `pairEnd` (per atom j, the end of its pairs) and `cursor` (per owner, its entries and
 * zero-image entries) are views on that memory, valid until the next `prepare`.
 *
 * @example
 * ```ts
 * const search = NeighborWasmSearch.create();
 * search?.prepare(input, reserve);
 * p = search.search(j0, j1, p); // search.out[… p], search.codes[… p], or −1: out of room
 * ```
 */
export class NeighborWasmSearch {
  private readonly memory: WebAssembly.Memory;
  /**
   * Atoms `jLo … jHi − 1` in index order, as `findPairs` (`neighbor-scatter.ts`) searches them: their pairs' owners i
   * to `out` and image codes (`ZERO_CODE` − w_j − offset + w_i) to `codes` from entry `first` on, each atom's end to
   * `pairEnd[j]`, the per-owner counts to `cursor` (entries, zero-image entries); returns the entry after the last pair,
   * or −1 when an atom would start past the `pairs` entries {@link prepare} reserved (the caller reserves more).
   */
  readonly search: SearchFunction;
  /** How many entries `out` and `codes` hold (the reserve and what one atom may add beyond it). */
  capacity = 0;
  out: Int32Array = new Int32Array(0);
  codes: Int32Array = new Int32Array(0);
  cursor: Int32Array = new Int32Array(0);
  pairEnd: Int32Array = new Int32Array(0);

  private constructor(module: WebAssembly.Module, maximumPages: number) {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: maximumPages });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.search = instance.exports.search as SearchFunction;
  }

  /** A search whose memory grows up to `maximumPages` of 64 KiB (default 4 GiB), or null where WebAssembly is unavailable. */
  static create(maximumPages = 65536): NeighborWasmSearch | null {
    const module = neighborKernelModule();
    return module === null ? null : new NeighborWasmSearch(module, maximumPages);
  }

  /**
   * Copy one build's binned atoms and geometry in (growing the memory as needed), with room for `pairs` pairs in `out`
   * and `codes` beyond what one atom may add; gaps start at 0 (no pruning unless orthogonal). False (nothing copied)
   * when the memory cannot grow that far, or when some stencil reach is not 2 (the kernel's, and what `scatterPlan`
   * always gives: bins of at least half the search radius, fewer than a whole one): the caller then searches in
   * TypeScript.
   */
  prepare(input: NeighborSearchInput, pairs: number): boolean {
    const { n, nb, reach, axes } = input;
    if (reach.some((r) => r !== 2)) return false;
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
    this.capacity = pairs + n * visits;
    const out = take(4 * this.capacity);
    const codes = take(4 * this.capacity);
    const wrapCode = take(4 * n);
    const imageOffset = take(4 * 32);
    const cursor = take(8 * n);
    const frac = take(24 * n);
    const slot = take(4 * n);
    const bin = take(4 * n);
    const edges = axes.map((a) => take(8 * a.edge.length));
    const pairEnd = take(4 * n);
    const shifts = axes.map((a) => take(24 * a.m.length));
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
    axes.forEach((a, k) => {
      new Float64Array(buffer, gaps[k] as number, 5).fill(0);
      new Float64Array(buffer, edges[k] as number, a.edge.length).set(a.edge);
      imageShifts(new Float64Array(buffer, shifts[k] as number, 3 * a.m.length), a.m, input.cell, k);
    });
    this.out = new Int32Array(buffer, out, this.capacity);
    this.codes = new Int32Array(buffer, codes, this.capacity);
    this.cursor = new Int32Array(buffer, cursor, 2 * n).fill(0);
    this.pairEnd = new Int32Array(buffer, pairEnd, n);
    new Int32Array(buffer, wrapCode, n).set(input.wrapCode.subarray(0, n));
    new Int32Array(buffer, imageOffset, 32).set(input.imageOffset);
    new Float64Array(buffer, frac, 3 * n).set(input.frac.subarray(0, 3 * n));
    new Int32Array(buffer, slot, n).set(input.slot.subarray(0, n));
    new Int32Array(buffer, bin, n).set(input.bin.subarray(0, n));
    const tail = [
      wrapCode,
      imageOffset,
      cursor,
      codes,
      frac,
      slot,
      bin,
      ...edges,
      pairEnd,
      input.orthogonal ? 1 : 0,
      out + 4 * pairs,
      ...shifts,
    ];
    new Int32Array(buffer, H.wrapCode, tail.length).set(tail);
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
