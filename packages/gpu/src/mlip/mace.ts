import type { TensorProduct } from '@equitensor/so3';
import { BufferSet } from '../runtime/buffers.ts';
import type { GpuContext } from '../runtime/device.ts';
import { runDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { KAHAN_OPEN_WGSL, kahanAddWgsl } from '../runtime/kahan.ts';
import { defineSizedKernel, type Kernel, linearWorkgroups, SIZED_WORKGROUP_SIZE } from '../runtime/kernel.ts';
import { SerialQueue } from '../runtime/serial.ts';
import { compileTensorProduct, packEntries, type SparseBilinear, sparseEntrySumWgsl } from '../so3/sparse-coupling.ts';

const WG = SIZED_WORKGROUP_SIZE;

/**
 * MACE's edge convolution summed into receivers, one thread per (receiver, output component): over the receiver's
 * incoming edges (CSR, edges sorted by receiver) and the output's sparse entries,
 * out[n, k] = Σ_e Σ_entries coef · w[row[e], wi] · x[sender[e], i] · sh[e, j], Kahan-compensated float32. No atomics:
 * every output has one writer, so the sum is deterministic. The entry loop is so3's `sparseTensorProductKernel`'s
 * ({@link sparseEntrySumWgsl}, Kahan update from `runtime/kahan.ts`) with the receiver's edge loop around it and
 * per-edge weight rows.
 *
 * @example
 * ```ts
 * getPipeline(gpu.device, maceConvolutionKernel);
 * ```
 */
export const maceConvolutionKernel: Kernel = defineSizedKernel({
  key: 'mlip/mace-conv/v1',
  sizes: 'nodes: u32, dimIn: u32, dimSh: u32, dimOut: u32, weightNumel: u32, pad0: u32, pad1: u32, pad2: u32',
  // entries: (bits i, bits j, coef, bits of the weight index or −1); edges sorted by receiver: edgeStart (nodes + 1),
  // senders, rows (radial row of each edge), sh (edges × dimSh); weights: rows × weightNumel
  bindings:
    'uniform sizes: Sizes, read rowStart: array<u32>, read entries: array<vec4f>, read edgeStart: array<u32>, read senders: array<u32>, read rows: array<u32>, read x: array<f32>, read sh: array<f32>, read weights: array<f32>, write out: array<f32>',
  count: 'sizes.nodes * sizes.dimOut',
  body: /* wgsl */ `  let n = t / sizes.dimOut;
  let k = t % sizes.dimOut;
${KAHAN_OPEN_WGSL}
  for (var e = edgeStart[n]; e < edgeStart[n + 1u]; e++) {
    let xo = senders[e] * sizes.dimIn;
    let so = e * sizes.dimSh;
    let wo = rows[e] * sizes.weightNumel;
${sparseEntrySumWgsl({ loop: 'q', entry: 'en', weights: 'wo', x1: ['x', 'xo'], x2: ['sh', 'so'] }, '    ')}
  }
  out[t] = sum;`,
});

/**
 * MACE's symmetric contraction, one thread per (node, channel, output slot): the slot's monomials of the channel's
 * features, Σ_t coef[(element·C + c)·T + t]·x[c, i_t1]⋯x[c, i_tν] (ν ≤ 3), Kahan-compensated float32.
 *
 * @example
 * ```ts
 * getPipeline(gpu.device, maceContractionKernel);
 * ```
 */
export const maceContractionKernel: Kernel = defineSizedKernel({
  key: 'mlip/mace-contraction/v1',
  sizes: 'nodes: u32, channels: u32, numEll: u32, slots: u32, terms: u32, dimOut: u32, pad0: u32, pad1: u32',
  // slots: (offset, stride) per slot; terms: indices packed 8 bits each, ν in the top 8 bits
  bindings:
    'uniform sizes: Sizes, read rowStart: array<u32>, read slots: array<vec2u>, read terms: array<u32>, read coef: array<f32>, read elements: array<u32>, read x: array<f32>, write out: array<f32>',
  count: 'sizes.nodes * sizes.channels * sizes.slots',
  body: /* wgsl */ `  let s = t % sizes.slots;
  let nc = t / sizes.slots;
  let c = nc % sizes.channels;
  let n = nc / sizes.channels;
  let xo = nc * sizes.numEll;
  let co = (elements[n] * sizes.channels + c) * sizes.terms;
${KAHAN_OPEN_WGSL}
  for (var q = rowStart[s]; q < rowStart[s + 1u]; q++) {
    let p = terms[q];
    let nu = p >> 24u;
    var v = coef[co + q];
    for (var j = 0u; j < nu; j++) { v *= x[xo + ((p >> (8u * j)) & 255u)]; }
${kahanAddWgsl('v', '    ')}
  }
  let slot = slots[s];
  out[n * sizes.dimOut + slot.x + c * slot.y] = sum;`,
});

/**
 * The convolution of a MACE interaction on the GPU (float32): the `uvu` tensor product of the senders' features
 * with each edge's harmonics under the edge's radial-MLP weights, summed into the receivers — the map of
 * `@equitensor/mlip`'s `EdgeConvolution.forward`, built from the same so3 `TensorProduct` (its per-sample
 * weights compiled by {@link compileTensorProduct}). Forward only (energies; the backward stays on the CPU).
 *
 * @example
 * ```ts
 * const conv = new GpuMaceConvolution(gpu, model.block(0).interaction.conv);
 * const summed = await conv.forward(up, senders, receivers, sh, weights, rows, nodes); // nodes × dimOut, float32
 * ```
 */
export class GpuMaceConvolution {
  readonly sparse: SparseBilinear;
  private readonly buffers: BufferSet;
  private readonly queue = new SerialQueue();

  constructor(
    readonly gpu: GpuContext,
    tp: TensorProduct,
  ) {
    if (tp.sharedWeights) throw new GpuParameterError('tp', 'the convolution needs per-edge weights (sharedWeights: false)');
    this.sparse = compileTensorProduct(tp, undefined);
    this.buffers = new BufferSet(gpu);
    this.buffers.upload('conv/entries', packEntries(this.sparse));
    this.buffers.upload('conv/rowStart', this.sparse.rowStart);
  }

  /**
   * x: nodes × dimIn; senders, receivers: per edge; sh: edges × dimSh; weights: one row of weightNumel per radial
   * row, `rows[e]` the row of edge e. Returns nodes × dimOut.
   */
  forward(
    x: ArrayLike<number>,
    senders: Int32Array,
    receivers: Int32Array,
    sh: ArrayLike<number>,
    weights: ArrayLike<number>,
    rows: Int32Array,
    nodes: number,
  ): Promise<Float32Array> {
    return this.queue.run(async () => {
      const { dim1, dim2, dimOut, weightNumel } = this.sparse;
      const edges = senders.length;
      if (x.length !== nodes * dim1)
        throw new GpuParameterError('x', `expected nodes × ${dim1} = ${nodes * dim1} numbers, got ${x.length}`);
      if (receivers.length !== edges || rows.length !== edges || sh.length !== edges * dim2)
        throw new GpuParameterError('edges', `senders, receivers, rows and sh (× ${dim2}) must describe the same ${edges} edges`);
      if (weights.length % weightNumel !== 0)
        throw new GpuParameterError('weights', `expected rows × ${weightNumel} numbers, got ${weights.length}`);
      // edges sorted by receiver (counting sort, stable): CSR
      const edgeStart = new Uint32Array(nodes + 1);
      for (let e = 0; e < edges; e++) {
        const r = receivers[e] as number;
        if (!(r >= 0 && r < nodes)) throw new GpuParameterError('receivers', `edge ${e} points to node ${r}, outside 0…${nodes - 1}`);
        edgeStart[r + 1] = (edgeStart[r + 1] as number) + 1;
      }
      for (let n = 0; n < nodes; n++) edgeStart[n + 1] = (edgeStart[n + 1] as number) + (edgeStart[n] as number);
      const fill = edgeStart.slice(0, nodes);
      const sortedSenders = new Uint32Array(Math.max(1, edges));
      const sortedRows = new Uint32Array(Math.max(1, edges));
      const sortedSh = new Float32Array(Math.max(1, edges * dim2));
      for (let e = 0; e < edges; e++) {
        const r = receivers[e] as number;
        const at = fill[r] as number;
        fill[r] = at + 1;
        sortedSenders[at] = senders[e] as number;
        sortedRows[at] = rows[e] as number;
        for (let j = 0; j < dim2; j++) sortedSh[at * dim2 + j] = sh[e * dim2 + j] as number;
      }
      const b = this.buffers;
      b.uniform('conv/sizes', new Uint32Array([nodes, dim1, dim2, dimOut, weightNumel, 0, 0, 0]));
      b.upload('conv/edgeStart', edgeStart);
      b.upload('conv/senders', sortedSenders);
      b.upload('conv/rows', sortedRows);
      b.upload('conv/x', Float32Array.from(x));
      b.upload('conv/sh', sortedSh);
      b.upload('conv/weights', Float32Array.from(weights));
      b.storage('conv/out', 4 * Math.max(1, nodes * dimOut));
      await runDispatches(this.gpu, [
        {
          kernel: maceConvolutionKernel,
          label: 'mlip/mace-conv',
          workgroups: linearWorkgroups(nodes * dimOut, WG),
          buffers: ['sizes', 'rowStart', 'entries', 'edgeStart', 'senders', 'rows', 'x', 'sh', 'weights', 'out'].map((k) =>
            b.get(`conv/${k}`),
          ),
        },
      ]);
      return b.readFloat32(b.get('conv/out'), nodes * dimOut);
    });
  }

  destroy(): void {
    this.buffers.destroy();
  }
}

/**
 * A MACE symmetric contraction on the GPU (float32), from the flat table of `@equitensor/mlip`'s
 * `SymmetricContraction.table()` (structurally typed here, so this package needs no dependency on mlip).
 * Forward only.
 *
 * @example
 * ```ts
 * const sc = new GpuMaceContraction(gpu, model.block(0).product.table());
 * const out = await sc.forward(x, elements); // nodes × dimOut, float32
 * ```
 */
export class GpuMaceContraction {
  readonly table: GpuContractionTable;
  private readonly buffers: BufferSet;
  private readonly queue = new SerialQueue();

  constructor(
    readonly gpu: GpuContext,
    table: GpuContractionTable,
  ) {
    // three 8-bit indices and ν in the top byte of one u32 per term
    if (table.maxOrder > 3)
      throw new GpuParameterError('table.maxOrder', `correlation orders up to 3 run on the GPU, got ${table.maxOrder}`);
    if (table.numEll > 256) throw new GpuParameterError('table.numEll', `at most 256 components per channel, got ${table.numEll}`);
    this.table = table;
    const T = table.order.length;
    const terms = new Uint32Array(Math.max(1, T));
    for (let q = 0; q < T; q++) {
      let p = ((table.order[q] as number) << 24) >>> 0;
      for (let j = 0; j < (table.order[q] as number); j++) p = (p | ((table.indices[q * table.maxOrder + j] as number) << (8 * j))) >>> 0;
      terms[q] = p;
    }
    const S = table.slotOffset.length;
    const slots = new Uint32Array(2 * S);
    for (let s = 0; s < S; s++) {
      slots[2 * s] = table.slotOffset[s] as number;
      slots[2 * s + 1] = table.slotStride[s] as number;
    }
    this.buffers = new BufferSet(gpu);
    this.buffers.upload('sc/rowStart', Uint32Array.from(table.rowStart));
    this.buffers.upload('sc/slots', slots);
    this.buffers.upload('sc/terms', terms);
    this.buffers.upload('sc/coef', Float32Array.from(table.coef));
  }

  /** x: nodes × channels × numEll; elements: the element index of each node. Returns nodes × dimOut. */
  forward(x: ArrayLike<number>, elements: Int32Array): Promise<Float32Array> {
    return this.queue.run(async () => {
      const { channels: C, numEll: L, dimOut, numElements } = this.table;
      const nodes = elements.length;
      if (x.length !== nodes * C * L)
        throw new GpuParameterError('x', `expected nodes × ${C} × ${L} = ${nodes * C * L} numbers, got ${x.length}`);
      for (let n = 0; n < nodes; n++) {
        const e = elements[n] as number;
        if (!(e >= 0 && e < numElements))
          throw new GpuParameterError('elements', `node ${n} has element ${e}, outside 0…${numElements - 1}`);
      }
      const S = this.table.slotOffset.length;
      const b = this.buffers;
      b.uniform('sc/sizes', new Uint32Array([nodes, C, L, S, this.table.order.length, dimOut, 0, 0]));
      b.upload('sc/elements', Uint32Array.from(elements));
      b.upload('sc/x', Float32Array.from(x));
      b.storage('sc/out', 4 * Math.max(1, nodes * dimOut));
      await runDispatches(this.gpu, [
        {
          kernel: maceContractionKernel,
          label: 'mlip/mace-contraction',
          workgroups: linearWorkgroups(nodes * C * S, WG),
          buffers: ['sizes', 'rowStart', 'slots', 'terms', 'coef', 'elements', 'x', 'out'].map((k) => b.get(`sc/${k}`)),
        },
      ]);
      return b.readFloat32(b.get('sc/out'), nodes * dimOut);
    });
  }

  destroy(): void {
    this.buffers.destroy();
  }
}

/** The shape of `@equitensor/mlip`'s `ContractionTable` that {@link GpuMaceContraction} reads. */
export interface GpuContractionTable {
  readonly channels: number;
  readonly numEll: number;
  readonly numElements: number;
  readonly dimOut: number;
  readonly maxOrder: number;
  readonly slotOffset: Int32Array;
  readonly slotStride: Int32Array;
  readonly rowStart: Int32Array;
  readonly order: Int32Array;
  readonly indices: Int32Array;
  readonly coef: Float64Array;
}
