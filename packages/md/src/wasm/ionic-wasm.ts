import type { ErfcTable } from '@equitensor/electrostatics';
import type { NeighborList } from '../neighbor-list.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { IONIC_KERNEL_BASE64 } from './ionic-kernel-binary.ts';
import { base64Bytes, compiledOnce, ListKernelMemory } from './kernel-module.ts';

/**
 * The bytes of the WebAssembly PME real-space kernel (`ionic-kernel.ts`, committed in `ionic-kernel-binary.ts`).
 *
 * @example
 * ```ts
 * WebAssembly.validate(ionicKernelBinary());
 * ```
 */
export function ionicKernelBinary(): Uint8Array<ArrayBuffer> {
  return base64Bytes(IONIC_KERNEL_BASE64);
}

const compiled = compiledOnce(ionicKernelBinary);

/** `ionic(i0, i1, x, q, f, start, mid, nbr, img, shifts, coef, out, k, rc2, r0, r02, inv)` of `ionic-kernel.ts`. */
type IonicFunction = (...args: number[]) => void;

/**
 * The WebAssembly walk of PME's real-space Coulomb pairs over a half neighbour list, with its own memory: the list is
 * copied in after each rebuild (`buildCount` changed), the table when it changes, the positions, charges and image
 * shifts at each call. Its results equal `sumIonicPairs`' (Coulomb alone, no per-atom energies) bit for bit; it
 * returns null, having changed nothing, when a pair is closer than the table's start (where `sumIonicPairs` calls
 * erfc) or at a NaN distance, and the caller runs `sumIonicPairs`.
 *
 * @example
 * ```ts
 * const kernel = IonicWasmKernel.create();
 * const real = kernel?.compute(list, positions, charges, table, 14.399645478, 144, forces) ?? sumIonicPairs(…);
 * ```
 */
export class IonicWasmKernel {
  private readonly store = new ListKernelMemory();
  private readonly ionic: IonicFunction;
  private table: ErfcTable | null = null;
  // byte offsets
  private at = { q: 0, f: 0, out: 0, shifts: 0, coef: 0, start: 0, mid: 0, nbr: 0, img: 0 };

  private constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, { env: { memory: this.store.memory } });
    this.ionic = instance.exports.ionic as IonicFunction;
  }

  /** A kernel, or null where WebAssembly is unavailable. */
  static create(): IonicWasmKernel | null {
    const module = compiled();
    return module === null ? null : new IonicWasmKernel(module);
  }

  /** Lay out the memory for n atoms, this list and this table, and copy the list and the table in. */
  private load(list: NeighborList, n: number, table: ErfcTable): void {
    const size = list.size;
    const q = 24 * n;
    const f = q + 8 * n;
    const out = f + 24 * n;
    const shifts = out + 88;
    const coef = shifts + 8 * list.shifts.length;
    const start = coef + 8 * table.coefficients.length;
    const mid = start + 4 * (n + 1);
    const nbr = mid + 4 * n;
    const img = nbr + 4 * size;
    this.at = { q, f, out, shifts, coef, start, mid, nbr, img };
    this.store.copyList(list, n, this.at, img + 4 * size);
    new Float64Array(this.store.memory.buffer, coef, table.coefficients.length).set(table.coefficients);
    this.table = table;
  }

  /**
   * Σ over the list's pairs below r_c (`cutoff2` = r_c²) of k q_i q_j E(r): forces added into `forces`, energy and
   * LAMMPS' f·r virial returned (as `sumIonicPairs`); null when the walk met a pair closer than the table's start.
   */
  compute(
    list: NeighborList,
    positions: Float64Array,
    charges: Float64Array,
    table: ErfcTable,
    k: number,
    cutoff2: number,
    forces: Float64Array,
  ): { energy: number; virial: Float64Array } | null {
    const n = charges.length;
    if (this.store.stale(list, n) || table !== this.table) this.load(list, n, table);
    const at = this.at;
    const h = new Float64Array(this.store.memory.buffer);
    h.set(positions, 0);
    h.set(charges, at.q / 8);
    h.fill(0, at.f / 8, at.f / 8 + 3 * n);
    h.fill(0, at.out / 8, at.out / 8 + 11);
    h.set(list.shifts, at.shifts / 8);
    const r0 = table.start;
    this.ionic(
      0,
      n,
      0,
      at.q,
      at.f,
      at.start,
      at.mid,
      at.nbr,
      at.img,
      at.shifts,
      at.coef,
      at.out,
      k,
      cutoff2,
      r0,
      r0 * r0,
      table.inverseSpacing,
    );
    const o = at.out / 8;
    if (h[o + 10] !== 0) return null;
    const f = h.subarray(at.f / 8, at.f / 8 + 3 * n);
    for (let c = 0; c < 3 * n; c++) forces[c] = (forces[c] as number) + (f[c] as number);
    return { energy: h[o] as number, virial: virialFromForces(positions, f, Array.from(h.subarray(o + 1, o + 10))) };
  }
}
