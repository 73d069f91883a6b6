import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { broadcast, CONTROL, RUN } from '../worker-pool/control.ts';
import type { PoolKernel, WorkerPool, WorkerPoolOptions } from '../worker-pool/worker-pool.ts';

/** Options of {@link NodeWorkerPool}: `workers` threads, `timeoutMs` per `run`. */
export interface NodeWorkerPoolOptions extends WorkerPoolOptions {}

// control words (Int32Array over a SharedArrayBuffer), shared with WebWorkerPool
const { GENERATION, DONE, COMMAND, PHASE, FAILED } = CONTROL;
const STOP = 2;

/**
 * Each worker's loop (plain JavaScript): sleep on the generation word; on a new generation pick up any new
 * kernel with `receiveMessageOnPort` (synchronous: the worker never returns to its event loop), run it once,
 * count itself done and wake the caller.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { control, port, index, size } = workerData;
const ctrl = new Int32Array(control);
const compiled = new Map();
let fn = null, buffers = null, seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GENERATION}, seen);
  seen = Atomics.load(ctrl, ${GENERATION});
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const source = m.message.source;
    let f = compiled.get(source);
    if (f === undefined) { f = new Function('return (' + source + ');')(); compiled.set(source, f); }
    fn = f; buffers = m.message.buffers;
  }
  if (Atomics.load(ctrl, ${COMMAND}) === ${STOP}) break;
  try {
    fn(buffers, index, size, Atomics.load(ctrl, ${PHASE}));
  } catch (e) {
    Atomics.store(ctrl, ${FAILED}, index + 1);
    port.postMessage(String(e && e.stack || e));
  }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

/**
 * The {@link WorkerPool} on Node's `worker_threads` (`@equitensor/tensor/node`). `run` is synchronous: the
 * calling thread sleeps in `Atomics.wait` until every worker has run the kernel. Workers are `unref`'d, so a
 * forgotten pool does not keep the process alive; `close()` stops them.
 *
 * @example
 * ```ts
 * import { NodeWorkerPool } from '@equitensor/tensor/node';
 * const x = new Float64Array(new SharedArrayBuffer(8 * 1000)).fill(1);
 * const pool = new NodeWorkerPool({ workers: 2 });
 * pool.load({ source: '(b, w, k) => { const x = new Float64Array(b.x); for (let i = w; i < x.length; i += k) x[i] *= 2; }', buffers: { x: x.buffer } });
 * pool.run();
 * await pool.close(); // x is now all 2
 * ```
 */
export class NodeWorkerPool implements WorkerPool {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly control = new Int32Array(new SharedArrayBuffer(8 * 4));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private loaded = false;
  private closed = false;

  constructor(options: NodeWorkerPoolOptions = {}) {
    this.size = options.workers ?? 2;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`workers must be a positive integer, got ${this.size}`);
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    for (let w = 0; w < this.size; w++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { control: this.control.buffer, port: port2, index: w, size: this.size },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  load(kernel: PoolKernel): void {
    if (this.closed) throw new Error('NodeWorkerPool is closed');
    for (const port of this.ports) port.postMessage({ source: kernel.source, buffers: kernel.buffers });
    this.loaded = true;
  }

  run(phase = 0): void {
    if (this.closed) throw new Error('NodeWorkerPool is closed');
    if (!this.loaded) throw new Error('NodeWorkerPool.run before load: no kernel');
    if (!Number.isInteger(phase)) throw new RangeError(`phase must be an integer, got ${phase}`);
    const c = this.control;
    const late = broadcast(c, this.size, this.timeoutMs, RUN, phase);
    if (late > 0) throw new Error(`NodeWorkerPool: ${late} of ${this.size} workers did not finish in ${this.timeoutMs} ms`);
    const failed = Atomics.load(c, FAILED);
    if (failed !== 0) throw new Error(`NodeWorkerPool: the kernel threw in worker ${failed - 1} (phase ${phase})`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, COMMAND, STOP);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const p of this.ports) p.close();
  }
}
