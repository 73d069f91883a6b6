import type { NeighborList } from '../neighbor-list.ts';
import { base64Bytes, compiledOnce } from './kernel-module.ts';
import { LJ_KERNEL_BASE64 } from './lj-kernel-binary.ts';

/**
 * The bytes of the WebAssembly Lennard-Jones kernel (`lj-kernel.ts`, committed in `lj-kernel-binary.ts`).
 *
 * @example
 * ```ts
 * WebAssembly.validate(ljKernelBinary());
 * ```
 */
export function ljKernelBinary(): Uint8Array<ArrayBuffer> {
  return base64Bytes(LJ_KERNEL_BASE64);
}

/**
 * The compiled kernel, or null where WebAssembly or its SIMD instructions are unavailable (or forbidden, as by a
 * content security policy without `wasm-unsafe-eval`): callers then use the TypeScript loop. Compiled once.
 *
 * @example
 * ```ts
 * const kernel = ljKernelModule() === null ? 'typescript' : 'wasm-simd';
 * ```
 */
export const ljKernelModule: () => WebAssembly.Module | null = compiledOnce(ljKernelBinary);

/** The kernel's constants: r_c², σ², 4ε, 24ε and the energy shift. */
export type LjConstants = readonly [rc2: number, s2: number, e4: number, e24: number, eShift: number];

type LjFunction = (
  i0: number,
  i1: number,
  x: number,
  f: number,
  start: number,
  mid: number,
  nbr: number,
  img: number,
  shifts: number,
  out: number,
  rc2: number,
  s2: number,
  e4: number,
  e24: number,
  eShift: number,
) => void;

/**
 * The WebAssembly kernel with its own memory, for one neighbour list: the list is copied in after each rebuild
 * (`buildCount` changed), the positions and image shifts at each call. Results equal `LennardJones`' TypeScript loop bit
 * for bit (same operations in the same order).
 *
 * @example
 * ```ts
 * const kernel = LjWasmKernel.create();
 * const { energy, forces, image } = kernel.compute(list, positions, [6.25, 1, 4, 24, 0]);
 * ```
 */
export class LjWasmKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly lj: LjFunction;
  private list: NeighborList | null = null;
  private build = -1;
  private n = -1;
  private shiftCount = -1;
  // byte offsets: x, f, out, shifts, start, mid, nbr, img
  private at = { f: 0, out: 0, shifts: 0, start: 0, mid: 0, nbr: 0, img: 0 };

  private constructor(module: WebAssembly.Module, maximumPages: number) {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: maximumPages });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.lj = instance.exports.lj as LjFunction;
  }

  /**
   * A kernel, or null where WebAssembly SIMD is unavailable. Its memory grows up to `maximumPages` of 64 KiB (default
   * 32,768: 2 GiB, about 200 million list entries).
   */
  static create(maximumPages = 32768): LjWasmKernel | null {
    const module = ljKernelModule();
    return module === null ? null : new LjWasmKernel(module, maximumPages);
  }

  /** Copy a (re)built half list of n atoms into the kernel's memory (grown as needed); false when it does not fit. */
  private load(list: NeighborList, n: number): boolean {
    const size = list.size;
    const f = 24 * n;
    const out = 48 * n;
    const shifts = out + 80;
    const start = shifts + 8 * list.shifts.length;
    const mid = start + 4 * (n + 1);
    const nbr = mid + 4 * n;
    const img = nbr + 4 * size;
    const bytes = img + 4 * size;
    const pages = Math.ceil(bytes / 65536) - this.memory.buffer.byteLength / 65536;
    try {
      if (pages > 0) this.memory.grow(pages);
    } catch {
      this.list = null;
      return false;
    }
    const buffer = this.memory.buffer;
    new Int32Array(buffer, start, n + 1).set(list.start.subarray(0, n + 1));
    new Int32Array(buffer, mid, n).set(list.mid.subarray(0, n));
    new Int32Array(buffer, nbr, size).set(list.neighbors.subarray(0, size));
    new Int32Array(buffer, img, size).set(list.images.subarray(0, size));
    this.at = { f, out, shifts, start, mid, nbr, img };
    this.list = list;
    this.build = list.buildCount;
    this.n = n;
    this.shiftCount = list.shifts.length;
    return true;
  }

  /**
   * Energy, forces (written into `into` when it holds 3n values, else a new array) and the image-pair virial Σ S ⊗ f
   * (row-major) of the pairs of a half list; null when the list does not fit in the kernel's memory (the caller then
   * runs its TypeScript loop).
   */
  compute(
    list: NeighborList,
    positions: Float64Array,
    c: LjConstants,
    into?: Float64Array,
  ): { energy: number; forces: Float64Array; image: number[] } | null {
    const n = positions.length / 3;
    const stale = list !== this.list || list.buildCount !== this.build || n !== this.n || list.shifts.length !== this.shiftCount;
    if (stale && !this.load(list, n)) return null;
    const at = this.at;
    const h = new Float64Array(this.memory.buffer);
    h.set(positions, 0);
    h.fill(0, at.f / 8, at.f / 8 + 3 * n);
    h.set(list.shifts, at.shifts / 8);
    this.lj(0, n, 0, at.f, at.start, at.mid, at.nbr, at.img, at.shifts, at.out, ...c);
    const o = at.out / 8;
    const computed = h.subarray(at.f / 8, at.f / 8 + 3 * n);
    const forces = into !== undefined && into.length === 3 * n ? into : new Float64Array(3 * n);
    forces.set(computed);
    return { energy: h[o] as number, forces, image: Array.from(h.subarray(o + 1, o + 10)) };
  }
}
