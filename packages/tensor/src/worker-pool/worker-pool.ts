/**
 * A kernel for a {@link WorkerPool}: the JavaScript source of a self-contained function
 * `(buffers, index, size, phase) => void` (no imports, no closures: it is compiled inside each worker) and the
 * shared buffers it works on. Worker `index` of `size` handles its own fixed part of the items and writes only
 * to memory no other worker writes in the same phase (its own slot of a partial-sum buffer, or its own range).
 *
 * @example
 * ```ts
 * const kernel: PoolKernel = {
 *   source: '(b, w, k) => { const x = new Float64Array(b.x); for (let i = w; i < x.length; i += k) x[i] *= 2; }',
 *   buffers: { x: new SharedArrayBuffer(8 * 1000) },
 * };
 * ```
 */
export interface PoolKernel {
  /** JavaScript source of `(buffers, index, size, phase) => void`. */
  readonly source: string;
  /** Shared memory the kernel reads and writes (passed by reference, never copied). */
  readonly buffers: Readonly<Record<string, PoolBuffer>>;
}

/**
 * What a kernel's buffer can be: a `SharedArrayBuffer`, or a shared `WebAssembly.Memory` (made with `shared: true`;
 * posted to the workers it is the same memory, so their WebAssembly instances and the calling thread share it).
 *
 * @example
 * ```ts
 * const memory = new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true });
 * pool.load({ source, buffers: { memory, x: new SharedArrayBuffer(8 * 1000) } });
 * ```
 */
export type PoolBuffer = SharedArrayBuffer | WebAssembly.Memory;

/**
 * A fixed set of workers sharing memory with the calling thread. `load` hands a kernel and its buffers to
 * every worker once (a message); `run(phase)` is a barrier: every worker runs the kernel once with that phase
 * and `run` returns when all have finished, with `Atomics.wait`/`Atomics.notify` on a shared control word and
 * no messages. Implementations: {@link NodeWorkerPool} (`@equitensor/tensor/node`, `worker_threads`) and
 * {@link WebWorkerPool} (browser Web Workers; driven from a dedicated worker of a cross-origin-isolated page).
 *
 * @example
 * ```ts
 * import { NodeWorkerPool } from '@equitensor/tensor/node';
 * const pool = new NodeWorkerPool({ workers: 2 });
 * pool.load(kernel);
 * pool.run(0);
 * await pool.close();
 * ```
 */
export interface WorkerPool {
  /** Number of workers. */
  readonly size: number;
  /** Give every worker this kernel and its buffers (takes effect at the next `run`). */
  load(kernel: PoolKernel): void;
  /** Run the loaded kernel on every worker with `phase` (default 0) and wait until all are done. */
  run(phase?: number): void;
  /** Stop the workers; the pool cannot run afterwards. */
  close(): Promise<void>;
}

/** What both pools take ({@link WorkerPool}'s Node and Web implementations). */
export interface WorkerPoolOptions {
  /** Number of workers (default 2). */
  readonly workers?: number;
  /** Longest wait for the workers in one call (`run`, and the Web pool's `load`), in ms (default 60 000); past it the call throws. */
  readonly timeoutMs?: number;
}
