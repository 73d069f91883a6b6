import type { ErfcTable } from '@equitensor/electrostatics';
import type { NeighborList } from '../neighbor-list.ts';
import type { IonicPairTable } from '../potentials/ionic-table.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { IONIC_KERNEL_BASE64, IONIC_TABLE_KERNEL_BASE64 } from './ionic-kernel-binary.ts';
import { base64Bytes, compiledOnce, ListKernelMemory } from './kernel-module.ts';

/**
 * The bytes of the WebAssembly PME real-space kernels (`ionic-kernel.ts`, committed in `ionic-kernel-binary.ts`):
 * Coulomb alone, and with `tabulated` the species-pair table's walk.
 *
 * @example
 * ```ts
 * WebAssembly.validate(ionicKernelBinary());
 * ```
 */
export function ionicKernelBinary(tabulated = false): Uint8Array<ArrayBuffer> {
  return base64Bytes(tabulated ? IONIC_TABLE_KERNEL_BASE64 : IONIC_KERNEL_BASE64);
}

const compiled = [compiledOnce(() => ionicKernelBinary(false)), compiledOnce(() => ionicKernelBinary(true))] as const;

/**
 * `ionic(i0, i1, x, q, f, start, mid, nbr, img, shifts, coef, out, k, rc2, r0, r02, inv)` and `table(i0, i1, x,
 * species, f, start, mid, nbr, img, shifts, coef, out, rows, exact, types, rc2, r0, inv)` of `ionic-kernel.ts`.
 */
type KernelFunction = (...args: number[]) => void;

/**
 * The WebAssembly walks of PME's real-space pairs over a half neighbour list, with their own memory: the list is
 * copied in after each rebuild (`buildCount` changed), the table when it changes, the positions, charges (or
 * species) and image shifts at each call. {@link IonicWasmKernel.compute} equals `sumIonicPairs` (Coulomb alone, no
 * per-atom energies) and {@link IonicWasmKernel.computeTabulated} `sumTabulatedPairs` (no per-atom energies), bit
 * for bit; each returns null, having changed nothing, when a pair is closer than where its table starts (where the
 * TypeScript walks evaluate the functions exactly) or at a NaN distance, and the caller runs the TypeScript walk.
 *
 * @example
 * ```ts
 * const kernel = IonicWasmKernel.create();
 * const real = kernel?.compute(list, positions, charges, table, 14.399645478, 144, forces) ?? sumIonicPairs(…);
 * ```
 */
export class IonicWasmKernel {
  private readonly store = new ListKernelMemory();
  private readonly ionic: KernelFunction;
  private readonly tableWalk: KernelFunction;
  private table: ErfcTable | IonicPairTable | null = null;
  // byte offsets (q: the charges or the species; rows, exact: the species-pair table's row offsets and exact-below r²)
  private at = { q: 0, f: 0, out: 0, shifts: 0, coef: 0, rows: 0, exact: 0, start: 0, mid: 0, nbr: 0, img: 0 };

  private constructor(ionic: WebAssembly.Module, table: WebAssembly.Module) {
    const env = { env: { memory: this.store.memory } };
    this.ionic = new WebAssembly.Instance(ionic, env).exports.ionic as KernelFunction;
    this.tableWalk = new WebAssembly.Instance(table, env).exports.table as KernelFunction;
  }

  /** A kernel, or null where WebAssembly is unavailable. */
  static create(): IonicWasmKernel | null {
    const [ionic, table] = [compiled[0](), compiled[1]()];
    return ionic === null || table === null ? null : new IonicWasmKernel(ionic, table);
  }

  /** Lay out the memory for n atoms, this list and this table, and copy the list and the table in. */
  private load(list: NeighborList, n: number, table: ErfcTable | IonicPairTable): void {
    const size = list.size;
    const rowCount = 'rowOffset' in table ? table.rowOffset.length : 0;
    const q = 24 * n;
    const f = q + 8 * n;
    const out = f + 24 * n;
    const shifts = out + 88;
    const coef = shifts + 8 * list.shifts.length;
    const exact = coef + 8 * table.coefficients.length;
    const rows = exact + 8 * rowCount;
    const start = rows + 4 * rowCount;
    const mid = start + 4 * (n + 1);
    const nbr = mid + 4 * n;
    const img = nbr + 4 * size;
    this.at = { q, f, out, shifts, coef, rows, exact, start, mid, nbr, img };
    this.store.copyList(list, n, this.at, img + 4 * size);
    const buffer = this.store.memory.buffer;
    new Float64Array(buffer, coef, table.coefficients.length).set(table.coefficients);
    if ('rowOffset' in table) {
      new Float64Array(buffer, exact, rowCount).set(table.exactBelow2);
      new Int32Array(buffer, rows, rowCount).set(table.rowOffset);
    }
    this.table = table;
  }

  /** Positions and image shifts in, forces and sums zeroed; the memory as float64. */
  private prepare(list: NeighborList, positions: Float64Array, n: number, table: ErfcTable | IonicPairTable): Float64Array {
    if (this.store.stale(list, n) || table !== this.table) this.load(list, n, table);
    const at = this.at;
    const h = new Float64Array(this.store.memory.buffer);
    h.set(positions, 0);
    h.fill(0, at.f / 8, at.f / 8 + 3 * n);
    h.fill(0, at.out / 8, at.out / 8 + 11);
    h.set(list.shifts, at.shifts / 8);
    return h;
  }

  /** The walk's forces added into `forces`, its energy and f·r virial; null when it stopped at a close pair. */
  private finish(
    h: Float64Array,
    positions: Float64Array,
    n: number,
    forces: Float64Array,
  ): { energy: number; virial: Float64Array } | null {
    const o = this.at.out / 8;
    if (h[o + 10] !== 0) return null;
    const f = h.subarray(this.at.f / 8, this.at.f / 8 + 3 * n);
    for (let c = 0; c < 3 * n; c++) forces[c] = (forces[c] as number) + (f[c] as number);
    return { energy: h[o] as number, virial: virialFromForces(positions, f, Array.from(h.subarray(o + 1, o + 10))) };
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
    const h = this.prepare(list, positions, n, table);
    const at = this.at;
    h.set(charges, at.q / 8);
    const r0 = table.start;
    const walk = [0, n, 0, at.q, at.f, at.start, at.mid, at.nbr, at.img, at.shifts, at.coef, at.out];
    this.ionic(...walk, k, cutoff2, r0, r0 * r0, table.inverseSpacing);
    return this.finish(h, positions, n, forces);
  }

  /**
   * Σ over the list's pairs of the species-pair table's φ_ab(r) (`types`: each atom's species): forces added into
   * `forces`, energy and f·r virial returned (as `sumTabulatedPairs`); null when the walk met a pair closer than its
   * row's exact-below distance.
   */
  computeTabulated(
    list: NeighborList,
    positions: Float64Array,
    types: Int32Array,
    table: IonicPairTable,
    forces: Float64Array,
  ): { energy: number; virial: Float64Array } | null {
    const n = types.length;
    const h = this.prepare(list, positions, n, table);
    const at = this.at;
    new Int32Array(this.store.memory.buffer, at.q, n).set(types);
    const walk = [0, n, 0, at.q, at.f, at.start, at.mid, at.nbr, at.img, at.shifts, at.coef, at.out];
    this.tableWalk(...walk, at.rows, at.exact, table.typeCount, table.cutoff2, table.start, table.inverseSpacing);
    return this.finish(h, positions, n, forces);
  }
}
