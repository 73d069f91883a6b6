import type { WorkerPool } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';

/**
 * Runs `body` with a shared-memory worker pool of `workers` threads (`NodeWorkerPool` of `@equitensor/tensor/node`),
 * closed afterwards even when `body` throws; with `workers` = 1 no pool is made and `body` gets `undefined` (one
 * thread, the caller's).
 *
 * @example
 * ```ts
 * const result = await withWorkerPool(options.workers, (pool) => fitPotential(configs, pool ? { pool } : {}));
 * ```
 */
export async function withWorkerPool<T>(workers: number, body: (pool: WorkerPool | undefined) => T | Promise<T>): Promise<T> {
  if (workers <= 1) return body(undefined);
  const pool = new NodeWorkerPool({ workers });
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}
