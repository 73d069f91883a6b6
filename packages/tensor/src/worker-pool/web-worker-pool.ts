import { broadcast, CONTROL, RUN } from './control.ts';
import type { PoolKernel, WorkerPool, WorkerPoolOptions } from './worker-pool.ts';

/** Options of {@link WebWorkerPool}: `workers` Web Workers, `timeoutMs` per `run` or `load`. */
export interface WebWorkerPoolOptions extends WorkerPoolOptions {}

// control words (Int32Array over a SharedArrayBuffer), shared with NodeWorkerPool
const { GENERATION, DONE, COMMAND, PHASE, FAILED } = CONTROL;
const YIELD = 2;

/**
 * Each Web Worker (plain JavaScript, started from a Blob URL): kernels arrive as messages, which a worker can only
 * receive from its event loop. After a `load` message it compiles the kernel and sleeps in `Atomics.wait` on the
 * generation word, running the kernel once per new generation with command RUN (no messages per run); command YIELD
 * makes it count itself done and return to its event loop for the next `load` message.
 */
const WORKER_SOURCE = `
let ctrl = null, index = 0, size = 1, fn = null, buffers = null;
const compiled = new Map();
onmessage = (e) => {
  const m = e.data;
  if (m.control) { ctrl = new Int32Array(m.control); index = m.index; size = m.size; postMessage({ ready: true }); return; }
  let f = compiled.get(m.source);
  if (f === undefined) { f = new Function('return (' + m.source + ');')(); compiled.set(m.source, f); }
  fn = f; buffers = m.buffers;
  let seen = m.generation;
  for (;;) {
    Atomics.wait(ctrl, ${GENERATION}, seen);
    seen = Atomics.load(ctrl, ${GENERATION});
    const command = Atomics.load(ctrl, ${COMMAND});
    if (command === ${RUN}) {
      try {
        fn(buffers, index, size, Atomics.load(ctrl, ${PHASE}));
      } catch (err) {
        Atomics.store(ctrl, ${FAILED}, index + 1);
        postMessage({ error: String((err && err.stack) || err) });
      }
    }
    Atomics.add(ctrl, ${DONE}, 1);
    Atomics.notify(ctrl, ${DONE});
    if (command !== ${RUN}) return;
  }
};
`;

/**
 * The {@link WorkerPool} on browser Web Workers (same interface and kernels as `NodeWorkerPool` of
 * `@equitensor/tensor/node`). Needs shared memory, i.e. a cross-origin-isolated page (`crossOriginIsolated`: served
 * with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`), and must be
 * driven from a dedicated worker: `run` and `load` wait with `Atomics.wait`, which a page's main thread may not do.
 * {@link WebWorkerPool.available} says whether both hold; where they do not, run on one thread and say so. Workers
 * start only while the creating thread is in its event loop, so `await pool.ready` (or use {@link WebWorkerPool.create})
 * before the first `load`.
 *
 * @example
 * ```ts
 * // inside a dedicated (module) worker of a cross-origin-isolated page
 * if (WebWorkerPool.available()) {
 *   const pool = await WebWorkerPool.create({ workers: navigator.hardwareConcurrency });
 *   pool.load(kernel);
 *   pool.run(0);
 *   await pool.close();
 * }
 * ```
 */
export class WebWorkerPool implements WorkerPool {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly control = new Int32Array(new SharedArrayBuffer(8 * 4));
  private readonly workers: Worker[] = [];
  private readonly url: string;
  private loaded = false;
  private closed = false;
  /** The first error message a worker posted (a kernel that threw). */
  private lastError = '';
  private started = 0;
  /** Resolves when every worker has started (they start only while the creating thread is in its event loop). */
  readonly ready: Promise<void>;

  /**
   * A pool whose workers have all started.
   *
   * @example
   * ```ts
   * const pool = await WebWorkerPool.create({ workers: 4 });
   * ```
   */
  static async create(options: WebWorkerPoolOptions = {}): Promise<WebWorkerPool> {
    const pool = new WebWorkerPool(options);
    await pool.ready;
    return pool;
  }

  /**
   * Whether this context can run a pool: `SharedArrayBuffer` and Web Workers exist, the page is cross-origin
   * isolated, and this is not a window's main thread (where `Atomics.wait` throws).
   *
   * @example
   * ```ts
   * WebWorkerPool.available(); // false on a page served without COOP/COEP
   * ```
   */
  static available(): boolean {
    const g = globalThis as { crossOriginIsolated?: boolean; window?: unknown; document?: unknown };
    return (
      typeof SharedArrayBuffer === 'function' &&
      typeof Worker === 'function' &&
      g.crossOriginIsolated === true &&
      typeof g.window === 'undefined' &&
      typeof g.document === 'undefined'
    );
  }

  constructor(options: WebWorkerPoolOptions = {}) {
    this.size = options.workers ?? 2;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`workers must be a positive integer, got ${this.size}`);
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    this.url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    let resolveReady: () => void = () => {};
    this.ready = new Promise((resolve) => {
      resolveReady = resolve;
    });
    for (let w = 0; w < this.size; w++) {
      const worker = new Worker(this.url);
      worker.onmessage = (e: MessageEvent<{ ready?: boolean; error?: string }>) => {
        if (e.data.ready === true && ++this.started === this.size) resolveReady();
        if (e.data.error !== undefined && this.lastError === '') this.lastError = e.data.error;
      };
      worker.postMessage({ control: this.control.buffer, index: w, size: this.size });
      this.workers.push(worker);
    }
  }

  load(kernel: PoolKernel): void {
    if (this.closed) throw new Error('WebWorkerPool is closed');
    if (this.started < this.size) throw new Error('WebWorkerPool: workers not started yet (await pool.ready first)');
    // Workers sleeping on an earlier kernel go back to their event loops first (and say so), so that the new
    // kernel is the next thing each of them sees.
    if (this.loaded) this.broadcast(YIELD, 0, 'load');
    const generation = Atomics.load(this.control, GENERATION);
    for (const worker of this.workers) worker.postMessage({ source: kernel.source, buffers: kernel.buffers, generation });
    this.loaded = true;
  }

  run(phase = 0): void {
    if (this.closed) throw new Error('WebWorkerPool is closed');
    if (!this.loaded) throw new Error('WebWorkerPool.run before load: no kernel');
    if (!Number.isInteger(phase)) throw new RangeError(`phase must be an integer, got ${phase}`);
    this.broadcast(RUN, phase, `run(${phase})`);
    const failed = Atomics.load(this.control, FAILED);
    if (failed !== 0) throw new Error(`WebWorkerPool: the kernel threw in worker ${failed - 1} (phase ${phase})`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) worker.terminate();
    URL.revokeObjectURL(this.url);
  }

  /** Set the command, start a new generation, wake every worker and wait until each has counted itself done. */
  private broadcast(command: number, phase: number, what: string): void {
    const late = broadcast(this.control, this.size, this.timeoutMs, command, phase);
    if (late > 0) throw new Error(`WebWorkerPool: ${late} of ${this.size} workers did not finish ${what} in ${this.timeoutMs} ms`);
  }
}
