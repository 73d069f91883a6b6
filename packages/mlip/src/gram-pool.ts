import type { WorkerPool } from '@equitensor/tensor';
import { GRAM_POOL_KERNEL } from './gram-pool-kernel.ts';

/**
 * The Gram updates of {@link NormalEquations} on a shared-memory `WorkerPool` (`@equitensor/tensor`): the Gram matrix
 * lives in a `SharedArrayBuffer`, the block being added is staged once in shared memory by the calling thread, and
 * the workers split the Gram entries between them ({@link GRAM_POOL_KERNEL}); no row data is copied per worker and no
 * partial matrices are summed. Each entry gets the same additions, in the same order, as on one thread, so the
 * normal equations are bit-for-bit those of the one-thread assembly for every worker count.
 *
 * One `GramPool` per pool ({@link gramPoolOf}) serves every set of normal equations on it, one call at a time.
 *
 * @example
 * ```ts
 * import { NodeWorkerPool } from '@equitensor/tensor/node';
 * const pool = new NodeWorkerPool({ workers: 2 });
 * const ne = new NormalEquations(P, { pool }); // ne.addRows(...) now runs on both workers
 * await pool.close();
 * ```
 */
export class GramPool {
  readonly pool: WorkerPool;
  private readonly params = new Int32Array(new SharedArrayBuffer(4 * 4));
  private readonly scalars = new Float64Array(new SharedArrayBuffer(8));
  private row = new Float64Array(new SharedArrayBuffer(8));
  private active = new Int32Array(new SharedArrayBuffer(4));
  private t = new Float64Array(new SharedArrayBuffer(8));

  constructor(pool: WorkerPool) {
    this.pool = pool;
  }

  /** A shared array of at least `n` values for the block's weighted transposed rows (contents undefined). */
  staging(n: number): Float64Array {
    if (this.t.length < n) this.t = new Float64Array(new SharedArrayBuffer(8 * Math.max(n, 2 * this.t.length)));
    return this.t;
  }

  /** A shared array of at least `n` column indices for the block's active columns. */
  activeColumns(n: number): Int32Array {
    if (this.active.length < n) this.active = new Int32Array(new SharedArrayBuffer(4 * Math.max(n, 1)));
    return this.active;
  }

  /** G[a, b] += (w²·row[a])·row[b] for b ≥ a, on the pool (the row is copied into shared memory). */
  rank1(gram: Float64Array, P: number, row: Float64Array, rowOffset: number, w2: number): void {
    if (this.row.length < P) this.row = new Float64Array(new SharedArrayBuffer(8 * P));
    this.row.set(row.subarray(rowOffset, rowOffset + P));
    this.scalars[0] = w2;
    this.params[0] = P;
    this.load(gram);
    this.pool.run(0);
  }

  /** G[active[i], active[j]] += Σ_r T[i·R + r]·T[j·R + r], j ≥ i, on the pool; T and the active columns are staged. */
  tiles(gram: Float64Array, P: number, C: number, R: number): void {
    this.params[0] = P;
    this.params[1] = C;
    this.params[2] = R;
    this.load(gram);
    this.pool.run(1);
  }

  /** Loads the kernel with the current buffers: every call, since other kernels may share the pool in between. */
  private load(gram: Float64Array): void {
    if (!(gram.buffer instanceof SharedArrayBuffer)) throw new TypeError('GramPool: the Gram matrix is not in a SharedArrayBuffer');
    this.pool.load({
      source: GRAM_POOL_KERNEL,
      buffers: {
        gram: gram.buffer,
        params: this.params.buffer as SharedArrayBuffer,
        scalars: this.scalars.buffer as SharedArrayBuffer,
        row: this.row.buffer as SharedArrayBuffer,
        t: this.t.buffer as SharedArrayBuffer,
        active: this.active.buffer as SharedArrayBuffer,
      },
    });
  }
}

const byPool = new WeakMap<WorkerPool, GramPool>();

/**
 * The one {@link GramPool} of a worker pool (created on first use).
 *
 * @example
 * ```ts
 * gramPoolOf(pool) === gramPoolOf(pool); // true
 * ```
 */
export function gramPoolOf(pool: WorkerPool): GramPool {
  let g = byPool.get(pool);
  if (g === undefined) {
    g = new GramPool(pool);
    byPool.set(pool, g);
  }
  return g;
}
