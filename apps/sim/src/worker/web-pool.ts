/**
 * The app's MD on all the cores: inside the simulation worker, a `WebWorkerPool` of `@equitensor/tensor` (nested
 * Web Workers sharing memory) runs the pooled potential of {@link potentialOnPool}, the same mapping as
 * `md run --workers`. Where shared memory is unavailable (a page served without cross-origin isolation) the run
 * stays on one thread and says why.
 */
import type { Potential } from '@equitensor/md';
import { WebWorkerPool, type WorkerPool } from '@equitensor/tensor';
import { POOLED_POTENTIALS, potentialOnPool } from './pooled-potential.ts';
import { ONE_WORKER_REQUESTED, type WorkersMessage } from './protocol.ts';

/** Why this context cannot start a pool (null: it can). */
export function poolUnavailableReason(): string | null {
  if (WebWorkerPool.available()) return null;
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (typeof SharedArrayBuffer !== 'function' || g.crossOriginIsolated !== true) return 'page not cross-origin isolated';
  return 'no nested Web Workers here';
}

/** A potential as it runs in the app: on the pool (`pool` set) or on one thread, with the report for the status bar. */
export interface PooledRun {
  readonly potential: Potential;
  /** The pool the potential runs on (null: one thread); the caller closes it. */
  readonly pool: WorkerPool | null;
  readonly report: WorkersMessage;
}

/**
 * The potential of an MD run on the CPU with `requested` workers: a `WebWorkerPool` of that many workers and the
 * potential on it when `requested` ≥ 2, the potential has a pooled kernel and this context has shared memory;
 * otherwise the potential itself on one thread, with the reason in the report (1 requested, no pooled kernel,
 * page not cross-origin isolated).
 *
 * @example
 * ```ts
 * const run = await pooledRun(new LennardJones({ cutoff: 8.5 }), 4);
 * post(run.report); // { type: 'workers', workers: 4, reason: 'on 4 Web Workers' } on an isolated page
 * ```
 */
export async function pooledRun(potential: Potential, requested: number): Promise<PooledRun> {
  const single = (reason: string): PooledRun => ({ potential, pool: null, report: { type: 'workers', workers: 1, reason } });
  if (requested <= 1) return single(ONE_WORKER_REQUESTED);
  const unavailable = poolUnavailableReason();
  if (unavailable !== null) return single(unavailable);
  const made: { pool?: WebWorkerPool } = {};
  const pooled = potentialOnPool(potential, () => {
    made.pool = new WebWorkerPool({ workers: requested });
    return made.pool;
  });
  const pool = made.pool;
  if (pooled === null || pool === undefined) return single(`${potential.name} has no pooled kernel (${POOLED_POTENTIALS} have)`);
  // the workers start while this thread is in its event loop, before the potential's first kernel load
  await pool.ready;
  return { potential: pooled, pool, report: { type: 'workers', workers: pool.size, reason: `on ${pool.size} Web Workers` } };
}

/** The potential on `pool` (after a cutoff change; a potential without a pooled kernel stays as it is). */
export function onPool(potential: Potential, pool: WorkerPool): Potential {
  return potentialOnPool(potential, () => pool) ?? potential;
}
