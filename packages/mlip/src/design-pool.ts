import type { PoolKernel, WorkerPool } from '@equitensor/tensor';
import { DESIGN_POOL_KERNEL } from './design-pool-kernel.ts';
import { type DesignRows, rowCount } from './design-rows.ts';

/**
 * One `SharedArrayBuffer` of float64 values filled in order: `place` copies an array into the next free slot and
 * returns the shared view. A caller that then drops its originals (the fit keeps only the views of its design blocks)
 * holds the values once, and {@link SharedDesignRows} on rows whose data are views of one arena copies nothing.
 *
 * @example
 * ```ts
 * const arena = new SharedArena(block.energy.length + block.forces.length);
 * const energy = arena.place(block.energy); // energy.buffer is the arena's SharedArrayBuffer
 * ```
 */
export class SharedArena {
  readonly values: Float64Array;
  private used = 0;

  constructor(length: number) {
    this.values = new Float64Array(new SharedArrayBuffer(8 * Math.max(length, 1)));
  }

  /** Copies `a` into the next free slot; throws a RangeError when it does not fit. */
  place(a: Float64Array): Float64Array {
    const o = this.used;
    if (o + a.length > this.values.length)
      throw new RangeError(`SharedArena: ${a.length} values do not fit (${this.values.length - o} free)`);
    this.values.set(a, o);
    this.used = o + a.length;
    return this.values.subarray(o, o + a.length);
  }
}

/**
 * Weighted design rows on a shared-memory `WorkerPool` (`@equitensor/tensor`): the products of the `krylov` solver's
 * Lanczos step, `gramTimes` (AᵀW²A u) and `weightedRowTimes` (W A u), with each worker owning a fixed contiguous block
 * of rows ({@link DESIGN_POOL_KERNEL}). The design values stay where they are when every row's data lies in one
 * `SharedArrayBuffer` (see {@link SharedArena}); otherwise they are copied once into one (n·P doubles more).
 *
 * A step costs two pool barriers (the partial AᵀW²A u of each worker, then a column-split reduction in worker order)
 * and no messages of row data: u and the result are P values in shared memory. A fixed k gives the same numbers every
 * run; k = 1 gives the one-thread `gramTimes` bit for bit; different k agree to the rounding of regrouped sums.
 *
 * @example
 * ```ts
 * const shared = new SharedDesignRows(pool, rows, P);
 * shared.gramTimes(u, out); // out += AᵀW²A u on every worker of the pool
 * ```
 */
export class SharedDesignRows {
  readonly pool: WorkerPool;
  readonly size: number;
  /** Rows (all segments). */
  readonly rows: number;
  private readonly data: SharedArrayBuffer;
  private readonly segments: Float64Array;
  private readonly params = new Int32Array(new SharedArrayBuffer(3 * 4));
  private readonly u: Float64Array;
  private readonly partial: Float64Array;
  private readonly out: Float64Array;
  private readonly rowOut: Float64Array;
  private readonly kernel: PoolKernel;

  constructor(pool: WorkerPool, rows: readonly DesignRows[], P: number) {
    this.pool = pool;
    this.size = P;
    this.rows = rowCount(rows);
    // The kernel indexes with int32 (V8 then keeps the hot loops on integer indices): n·P < 2³¹ values (17 GB).
    if (this.rows * P >= 2 ** 31) throw new RangeError(`SharedDesignRows: ${this.rows} × ${P} values exceed 2³¹`);
    const first = rows[0]?.data.buffer;
    const inPlace = first instanceof SharedArrayBuffer && rows.every((r) => r.data.buffer === first);
    this.segments = new Float64Array(new SharedArrayBuffer(8 * 3 * Math.max(rows.length, 1)));
    if (inPlace) {
      this.data = first;
      rows.forEach((r, g) => {
        this.segments[3 * g] = r.data.byteOffset / 8 + (r.offset ?? 0);
      });
    } else {
      // Copy each segment's rows (only its rows: the data array may hold more) into one shared buffer.
      const values = new Float64Array(new SharedArrayBuffer(8 * Math.max(this.rows * P, 1)));
      let o = 0;
      rows.forEach((r, g) => {
        const off = r.offset ?? 0;
        values.set(r.data.subarray(off, off + r.rows * P), o);
        this.segments[3 * g] = o;
        o += r.rows * P;
      });
      this.data = values.buffer as SharedArrayBuffer;
    }
    rows.forEach((r, g) => {
      this.segments[3 * g + 1] = r.rows;
      this.segments[3 * g + 2] = r.weight;
    });
    this.params[0] = P;
    this.params[1] = rows.length;
    this.params[2] = this.rows;
    this.u = new Float64Array(new SharedArrayBuffer(8 * Math.max(P, 1)));
    this.partial = new Float64Array(new SharedArrayBuffer(8 * Math.max(P * pool.size, 1)));
    this.out = new Float64Array(new SharedArrayBuffer(8 * Math.max(P, 1)));
    this.rowOut = new Float64Array(new SharedArrayBuffer(8 * Math.max(this.rows, 1)));
    const views = { segments: this.segments, params: this.params, u: this.u, partial: this.partial, out: this.out, rowOut: this.rowOut };
    const buffers: Record<string, SharedArrayBuffer> = { data: this.data };
    for (const [name, view] of Object.entries(views)) buffers[name] = view.buffer as SharedArrayBuffer;
    this.kernel = { source: DESIGN_POOL_KERNEL, buffers };
  }

  /** Adds AᵀW²A u to `out` (P entries): `gramTimes` on the pool. */
  gramTimes(u: Float64Array, out: Float64Array): void {
    this.u.set(u.subarray(0, this.size));
    this.out.set(out.subarray(0, this.size));
    this.load();
    this.pool.run(0);
    this.pool.run(1);
    out.set(this.out);
  }

  /** Writes w_i a_iᵀu of every row into `out` (in order) and returns the rows written: `weightedRowTimes` on the pool. */
  weightedRowTimes(u: Float64Array, out: Float64Array): number {
    this.u.set(u.subarray(0, this.size));
    this.load();
    this.pool.run(2);
    out.set(this.rowOut.subarray(0, this.rows));
    return this.rows;
  }

  /** Loads the kernel with these rows' buffers: every call, since other kernels (and other row sets) share the pool. */
  private load(): void {
    this.pool.load(this.kernel);
  }
}
