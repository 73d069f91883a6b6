import type { Potential } from '@equitensor/md';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { potentialOnPool } from '../worker/pooled-potential.ts';

/** A potential on the shared-memory worker pool, with `close()` to stop its workers. */
export type PooledPotential = Potential & { close(): Promise<void> };

/**
 * The pooled version of a potential for `md run --workers n` (n ≥ 2) on a `NodeWorkerPool` of n threads, closed by
 * the result's `close()`: the app's mapping ({@link potentialOnPool}: lj, eam, morse, mace, mlip (cg, gaunt) and coulomb:pme, alone or
 * fused with born/buck); null, and no threads started, for potentials without a pooled kernel yet (the caller runs
 * them on one thread and says so).
 *
 * @example
 * ```ts
 * const pooled = pooledPotential(potential, 2); // null for sw, mlip, sums, …
 * ```
 */
export function pooledPotential(potential: Potential, workers: number): PooledPotential | null {
  const made: { pool?: NodeWorkerPool } = {};
  const pooled = potentialOnPool(potential, () => {
    made.pool = new NodeWorkerPool({ workers });
    return made.pool;
  });
  const pool = made.pool;
  if (pooled === null || pool === undefined) return null;
  return Object.assign(pooled, { close: () => pool.close() });
}
