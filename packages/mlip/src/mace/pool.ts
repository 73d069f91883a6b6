import { type WorkerPool, weightedRanges } from '@equitensor/tensor';
import type { EdgeInputs, InteractionBlock } from './interaction.ts';
import { macePoolKernel } from './pool-kernel.ts';
import type { SymmetricContraction } from './symmetric-contraction.ts';

type Buffers = Record<string, SharedArrayBuffer>;

function shared(length: number, bytes = 8): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(1, length) * bytes);
}

function sharedCopy(a: Float64Array | Int32Array): SharedArrayBuffer {
  const buffer = shared(a.length, a.BYTES_PER_ELEMENT);
  (a instanceof Int32Array ? new Int32Array(buffer) : new Float64Array(buffer)).set(a);
  return buffer;
}

/** Edges grouped by node (counting sort, edge order kept within a node): CSR start, order and worker ranges. */
function groupBy(owner: Int32Array, nodes: number, k: number): { start: Int32Array; order: Int32Array; ranges: Int32Array } {
  const edges = owner.length;
  const start = new Int32Array(nodes + 1);
  for (let e = 0; e < edges; e++) start[(owner[e] as number) + 1] = (start[(owner[e] as number) + 1] as number) + 1;
  for (let n = 0; n < nodes; n++) start[n + 1] = (start[n + 1] as number) + (start[n] as number);
  const fill = start.slice(0, nodes);
  const order = new Int32Array(edges);
  for (let e = 0; e < edges; e++) {
    const o = owner[e] as number;
    order[fill[o] as number] = e;
    fill[o] = (fill[o] as number) + 1;
  }
  return { start, order, ranges: weightedRanges(start, nodes, k) };
}

/**
 * MACE's edge work on a shared-memory `WorkerPool` (`@equitensor/tensor`): the radial MLPs (forward and backward,
 * split by radial rows), the edge convolutions (forward split by receiver, backward by sender) and the symmetric
 * contractions (forward and backward, split by node) of every interaction run on the pool's workers
 * ({@link macePoolKernel}); the other node-wise blocks (linears, skip products, readouts) stay on the calling thread. Every sum keeps the serial order, so energies and
 * forces are the serial model's bit for bit, for any number of workers. Made by {@link MaceModel.usePool}.
 *
 * @example
 * ```ts
 * const pool = new NodeWorkerPool({ workers: 2 });
 * const model = loadMaceModel(text).usePool(pool); // model.evaluate(graph) now runs its edge work on the pool
 * ```
 */
export class MacePool {
  readonly pool: WorkerPool;
  private readonly blocks: readonly InteractionBlock[];
  private readonly statics: Buffers = {};
  private buffers: Buffers = {};
  private readonly params = new Int32Array(new SharedArrayBuffer(8 * 4));
  private capacity = { nodes: -1, edges: -1, rows: -1 };
  private nodes = 0;
  private edges = 0;
  private rows = 0;
  private readonly maxNumel: number;
  private readonly maxHidden: number;
  private readonly maxIn: number;
  private readonly maxOut: number;
  private readonly nb: number;
  private readonly products: readonly SymmetricContraction[];
  private readonly maxX: number;
  private readonly maxProductOut: number;
  /** The kernel source for this model ({@link macePoolKernel}). */
  private readonly source: string;

  constructor(blocks: readonly InteractionBlock[], numBessel: number, pool: WorkerPool, products: readonly SymmetricContraction[]) {
    this.pool = pool;
    this.blocks = blocks;
    this.products = products;
    this.maxX = Math.max(...products.map((p) => p.channels * p.numEll));
    this.maxProductOut = Math.max(...products.map((p) => p.irrepsOut.dim));
    products.forEach((product, t) => {
      const pre = `L${t}_`;
      const kernels = product.kernels();
      this.statics[`${pre}scInfo`] = sharedCopy(Int32Array.of(product.channels, product.numEll, product.irrepsOut.dim, kernels.length));
      kernels.forEach(({ coef }, q) => {
        this.statics[`${pre}scCoef${q}`] = sharedCopy(coef);
      });
    });
    this.source = macePoolKernel(
      blocks.map((block) => block.edgeConv.source),
      products.map((product) => product.kernels().map((k) => k.source)),
    );
    this.nb = numBessel;
    this.maxNumel = Math.max(...blocks.map((b) => b.conv.weightNumel));
    this.maxHidden = Math.max(...blocks.flatMap((b) => b.mlp.sizes.slice(1, -1)));
    this.maxIn = Math.max(...blocks.map((b) => b.conv.irrepsIn1.dim));
    this.maxOut = Math.max(...blocks.map((b) => b.conv.irrepsOut.dim));
    blocks.forEach((block, t) => {
      const pre = `L${t}_`;
      const sizes = block.mlp.sizes;
      const layers = sizes.length - 1;
      this.statics[`${pre}info`] = sharedCopy(
        Int32Array.from([
          block.conv.irrepsIn1.dim,
          block.conv.irrepsIn2.dim,
          block.conv.irrepsOut.dim,
          block.conv.weightNumel,
          layers,
          0,
          numBessel,
          ...sizes,
        ]),
      );
      this.statics[`${pre}act`] = sharedCopy(Float64Array.of(block.mlp.activationScale));
      for (let l = 0; l < layers; l++) {
        this.statics[`${pre}wt${l}`] = sharedCopy(block.mlp.transposed[l] as Float64Array);
        this.statics[`${pre}w${l}`] = sharedCopy(block.mlp.weights[l] as Float64Array);
      }
    });
  }

  private f64(name: string, length: number): Float64Array {
    return new Float64Array(this.buffers[name] as SharedArrayBuffer, 0, length);
  }

  private i32(name: string, length: number): Int32Array {
    return new Int32Array(this.buffers[name] as SharedArrayBuffer, 0, length);
  }

  /**
   * Share one graph's edge data (and grow the buffers when it is larger than any before), and load this model's
   * kernel and buffers on the pool.
   */
  prepare(g: EdgeInputs, nodes: number): void {
    const edges = g.senders.length;
    const rows = g.rowLengths.length;
    this.nodes = nodes;
    this.edges = edges;
    this.rows = rows;
    const cap = this.capacity;
    if (nodes > cap.nodes || edges > cap.edges || rows > cap.rows) {
      const N = Math.ceil(nodes * 1.1) + 1;
      const E = Math.ceil(edges * 1.1) + 1;
      const R = Math.ceil(rows * 1.1) + 1;
      const L = g.sh.length / Math.max(1, edges);
      const b: Buffers = { ...this.statics, params: this.params.buffer as SharedArrayBuffer };
      b.radial = shared(R * this.nb);
      b.gRadial = shared(R * this.nb);
      b.gTmp0 = shared(R * this.maxHidden);
      b.gTmp1 = shared(R * this.maxHidden);
      b.gW = shared(R * this.maxNumel);
      b.rowEdges = shared(2 * R, 4);
      b.senders = shared(E, 4);
      b.receivers = shared(E, 4);
      b.radialIndex = shared(E, 4);
      b.sh = shared(E * L);
      b.gSh = shared(E * L);
      b.gWedge = shared(E * this.maxNumel);
      for (const key of ['recvOrder', 'sendOrder']) b[key] = shared(E, 4);
      for (const key of ['recvStart', 'sendStart']) b[key] = shared(N + 1, 4);
      for (const key of ['recvRanges', 'sendRanges']) b[key] = shared(this.pool.size + 1, 4);
      b.summed = shared(N * this.maxOut);
      b.gSummed = shared(N * this.maxOut);
      b.gUp = shared(N * this.maxIn);
      b.elements = shared(N, 4);
      b.scX = shared(N * this.maxX);
      b.scGx = shared(N * this.maxX);
      b.scOut = shared(N * this.maxProductOut);
      b.scG = shared(N * this.maxProductOut);
      this.blocks.forEach((block, t) => {
        const pre = `L${t}_`;
        const sizes = block.mlp.sizes;
        b[`${pre}out`] = shared(R * block.conv.weightNumel);
        b[`${pre}up`] = shared(N * block.conv.irrepsIn1.dim);
        for (let l = 0; l + 1 < sizes.length - 1; l++) {
          b[`${pre}dz${l}`] = shared(R * (sizes[l + 1] as number));
          b[`${pre}a${l}`] = shared(R * (sizes[l + 1] as number));
        }
      });
      this.buffers = b;
      this.capacity = { nodes: N, edges: E, rows: R };
    }
    // load every call: another MacePool (another model) or another kernel may have been loaded on the same pool since
    // (the workers keep the compiled kernel, so this posts only the buffer handles)
    this.pool.load({ source: this.source, buffers: this.buffers });
    this.i32('elements', nodes).set(g.elements);
    this.i32('senders', edges).set(g.senders);
    this.i32('receivers', edges).set(g.receivers);
    this.i32('radialIndex', edges).set(g.radialIndex);
    this.f64('sh', g.sh.length).set(g.sh);
    if (g.radial.length > 0) this.f64('radial', g.radial.length).set(g.radial);
    const k = this.pool.size;
    const recv = groupBy(g.receivers, nodes, k);
    const send = groupBy(g.senders, nodes, k);
    this.i32('recvOrder', edges).set(recv.order);
    this.i32('recvStart', nodes + 1).set(recv.start);
    this.i32('recvRanges', k + 1).set(recv.ranges);
    this.i32('sendOrder', edges).set(send.order);
    this.i32('sendStart', nodes + 1).set(send.start);
    this.i32('sendRanges', k + 1).set(send.ranges);
    const rowEdges = this.i32('rowEdges', 2 * rows).fill(-1);
    for (let e = 0; e < edges; e++) {
      const r = g.radialIndex[e] as number;
      rowEdges[2 * r + (rowEdges[2 * r] === -1 ? 0 : 1)] = e;
    }
  }

  private run(t: number, phase: number, flag = 0): void {
    this.params.set([t, this.rows, this.edges, flag, flag]);
    this.pool.run(phase);
  }

  /** The radial MLP of interaction t on the shared radial rows: its per-edge weights (a view of shared memory). */
  mlpForward(t: number): Float64Array {
    this.run(t, 0);
    return this.f64(`L${t}_out`, this.rows * (this.blocks[t] as InteractionBlock).conv.weightNumel);
  }

  /** summed = the edge convolution of interaction t (up: nodes × irrepsIn1.dim; weights: rows × weightNumel). */
  convForward(t: number, up: Float64Array, weights: Float64Array, summed: Float64Array): void {
    this.f64(`L${t}_up`, up.length).set(up);
    const out = this.f64(`L${t}_out`, weights.length);
    if (out.buffer !== weights.buffer) out.set(weights);
    this.run(t, 1);
    summed.set(this.f64('summed', summed.length));
  }

  /**
   * Backward of interaction t's convolution (and, with `mlp`, its radial MLP): adds into gSh, writes gUp (when
   * given) and returns dE/d(weights) per radial row and, with `mlp`, dE/d(radial embedding) per row.
   */
  convBackward(
    t: number,
    gSummed: Float64Array,
    gUp: Float64Array | null,
    gSh: Float64Array,
    mlp: boolean,
  ): { gW: Float64Array; gRadial: Float64Array | null } {
    this.f64('gSummed', gSummed.length).set(gSummed);
    const shared = this.f64('gSh', gSh.length);
    shared.set(gSh);
    this.params.set([t, this.rows, this.edges, gUp ? 1 : 0, mlp ? 1 : 0]);
    this.pool.run(2);
    this.params.set([t, this.rows, this.edges, gUp ? 1 : 0, mlp ? 1 : 0]);
    this.pool.run(3);
    gSh.set(shared);
    if (gUp) gUp.set(this.f64('gUp', gUp.length));
    const numel = (this.blocks[t] as InteractionBlock).conv.weightNumel;
    return {
      gW: this.f64('gW', this.rows * numel),
      gRadial: mlp ? this.f64('gRadial', this.rows * this.nb) : null,
    };
  }

  /** The symmetric contraction of interaction t on the pool: `products[t].forward(x, elements)` (a fresh array). */
  productForward(t: number, x: Float64Array): Float64Array {
    const product = this.products[t] as SymmetricContraction;
    this.f64('scX', x.length).set(x);
    this.params.set([t, this.nodes]);
    this.pool.run(4);
    return this.f64('scOut', this.nodes * product.irrepsOut.dim).slice();
  }

  /** Its backward on the pool: `products[t].backward(x, elements, gOut)` (a fresh array). */
  productBackward(t: number, x: Float64Array, gOut: Float64Array): Float64Array {
    this.f64('scX', x.length).set(x);
    this.f64('scG', gOut.length).set(gOut);
    this.params.set([t, this.nodes]);
    this.pool.run(5);
    return this.f64('scGx', x.length).slice();
  }
}
