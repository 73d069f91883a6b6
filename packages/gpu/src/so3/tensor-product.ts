import { sphereGrid, sphericalHarmonics, type TensorProduct } from '@equitensor/so3';
import { BufferSet } from '../runtime/buffers.ts';
import type { GpuContext } from '../runtime/device.ts';
import { runDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { KAHAN_OPEN_WGSL, kahanAddWgsl } from '../runtime/kahan.ts';
import { type DispatchPlan, defineSizedKernel, type Kernel, linearWorkgroups, SIZED_WORKGROUP_SIZE } from '../runtime/kernel.ts';
import { SerialQueue } from '../runtime/serial.ts';
import { compileTensorProduct, packEntries, type SparseBilinear, sparseEntrySumWgsl } from './sparse-coupling.ts';

const WG = SIZED_WORKGROUP_SIZE;

/** Sizes uniform shared by the tensor-product kernels. */
function sizes(batch: number, a: number, b: number, c: number): Uint32Array {
  return new Uint32Array([batch, a, b, c]);
}

/**
 * Sparse Clebsch-Gordan tensor product: one thread per (sample, output component) runs over that
 * output's entries with Kahan-compensated float32 accumulation. The entry loop ({@link sparseEntrySumWgsl}) is
 * shared with mlip's `maceConvolutionKernel` (`mlip/mace.ts`, inside a receiver's edge loop) and the Kahan update
 * (`runtime/kahan.ts`) with {@link gridProjectKernel}: each kernel's WGSL is composed from the one snippet.
 *
 * @example
 * ```ts
 * const plan: DispatchPlan = gpuTp.plan(batch); // plan.kernel === sparseTensorProductKernel
 * ```
 */
export const sparseTensorProductKernel: Kernel = defineSizedKernel({
  key: 'so3/tp/sparse-cg/v1',
  sizes: 'batch: u32, dim1: u32, dim2: u32, dimOut: u32, weightNumel: u32, pad0: u32, pad1: u32, pad2: u32',
  // entries: (bits i, bits j, coef, bits of the weight index or −1); weights: batch × weightNumel (per-sample weights)
  bindings:
    'uniform sizes: Sizes, read rowStart: array<u32>, read entries: array<vec4f>, read x1: array<f32>, read x2: array<f32>, read weights: array<f32>, write out: array<f32>',
  count: 'sizes.batch * sizes.dimOut',
  body: /* wgsl */ `  let b = t / sizes.dimOut;
  let k = t % sizes.dimOut;
  let o1 = b * sizes.dim1;
  let o2 = b * sizes.dim2;
  let ow = b * sizes.weightNumel;
${KAHAN_OPEN_WGSL}
${sparseEntrySumWgsl({ loop: 'e', entry: 'q', weights: 'ow', x1: ['x1', 'o1'], x2: ['x2', 'o2'] }, '  ')}
  out[t] = sum;`,
});

/**
 * Grid kind, pass 1: g[b, p] = (Σ_i Y1[p, i] x1[b, i]) · (Σ_j Y2[p, j] x2[b, j]) at the sphere-grid
 * points p.
 *
 * @example
 * ```ts
 * getPipeline(gpu.device, gridProductKernel); // compiled once per device
 * ```
 */
export const gridProductKernel: Kernel = defineSizedKernel({
  key: 'so3/tp/grid-product/v1',
  sizes: 'batch: u32, dim1: u32, dim2: u32, points: u32',
  // y1: points × dim1; y2: points × dim2
  bindings: 'uniform sizes: Sizes, read y1: array<f32>, read y2: array<f32>, read x1: array<f32>, read x2: array<f32>, write g: array<f32>',
  count: 'sizes.batch * sizes.points',
  body: /* wgsl */ `  let b = t / sizes.points;
  let p = t % sizes.points;
  var f1 = 0.0;
  for (var i = 0u; i < sizes.dim1; i++) { f1 += y1[p * sizes.dim1 + i] * x1[b * sizes.dim1 + i]; }
  var f2 = 0.0;
  for (var j = 0u; j < sizes.dim2; j++) { f2 += y2[p * sizes.dim2 + j] * x2[b * sizes.dim2 + j]; }
  g[t] = f1 * f2;`,
});

/**
 * Grid kind, pass 2: out[b, k] = Σ_p w_p Y_k(p) g[b, p] (quadrature back to the harmonics).
 *
 * @example
 * ```ts
 * getPipeline(gpu.device, gridProjectKernel);
 * ```
 */
export const gridProjectKernel: Kernel = defineSizedKernel({
  key: 'so3/tp/grid-project/v1',
  sizes: 'batch: u32, dimOut: u32, points: u32, pad: u32',
  // yw: dimOut × points (weights folded in)
  bindings: 'uniform sizes: Sizes, read yw: array<f32>, read g: array<f32>, write out: array<f32>',
  count: 'sizes.batch * sizes.dimOut',
  body: /* wgsl */ `  let b = t / sizes.dimOut;
  let k = t % sizes.dimOut;
${KAHAN_OPEN_WGSL}
  for (var p = 0u; p < sizes.points; p++) {
${kahanAddWgsl('yw[k * sizes.points + p] * g[b * sizes.points + p]', '    ')}
  }
  out[t] = sum;`,
});

/**
 * The common surface of the GPU tensor products: batched forward, float32 in and out.
 *
 * @example
 * ```ts
 * const tp: GpuTensorProduct = kind === 'grid' ? new GpuGridTensorProduct(gpu, 2, 2, 4) : new GpuSparseTensorProduct(gpu, cg, w);
 * const out = await tp.forward(x1, x2);
 * ```
 */
export interface GpuTensorProduct {
  readonly dim1: number;
  readonly dim2: number;
  readonly dimOut: number;
  /** x1: batch × dim1, x2: batch × dim2 (row-major), per-sample weights batch × weightNumel when the product has them; returns batch × dimOut. */
  forward(x1: ArrayLike<number>, x2: ArrayLike<number>, weights?: ArrayLike<number>): Promise<Float32Array>;
  /** Upload inputs (returns the batch); {@link dispatch} then runs without transfers (benchmarks). */
  prepare(x1: ArrayLike<number>, x2: ArrayLike<number>, weights?: ArrayLike<number>): number;
  dispatch(batch: number): Promise<void>;
  destroy(): void;
}

function checkBatch(x1: ArrayLike<number>, x2: ArrayLike<number>, d1: number, d2: number): number {
  const batch = d1 > 0 ? x1.length / d1 : x2.length / d2;
  if (!Number.isInteger(batch) || x1.length !== batch * d1 || x2.length !== batch * d2) {
    throw new GpuParameterError('x1, x2', `lengths ${x1.length} and ${x2.length} must be batch × ${d1} and batch × ${d2}`);
  }
  return batch;
}

/**
 * The Clebsch-Gordan tensor product of `@equitensor/so3` on the GPU, compiled to a sparse bilinear
 * map ({@link compileTensorProduct}). Every connection mode and normalisation of the CPU
 * `TensorProduct` is supported, since the compilation reads its resolved instructions. Shared
 * weights are given to the constructor (and folded in); per-sample weights (`sharedWeights: false`,
 * e.g. from a radial network per edge) are given to each `forward`.
 *
 * @example
 * ```ts
 * const tp = new FullyConnectedTensorProduct('8x0e+8x1o', '1x0e+1x1o', '8x0e+8x1o');
 * const gpuTp = new GpuSparseTensorProduct(gpu, tp, weights);
 * const out = await gpuTp.forward(x1, x2); // ≈ tp.forward(x1, x2, weights)
 * const perEdge = new GpuSparseTensorProduct(gpu, new FullyConnectedTensorProduct(a, b, c, { sharedWeights: false }), undefined);
 * const y = await perEdge.forward(x1, x2, edgeWeights); // edgeWeights: batch × weightNumel
 * ```
 */
export class GpuSparseTensorProduct implements GpuTensorProduct {
  readonly sparse: SparseBilinear;
  readonly dim1: number;
  readonly dim2: number;
  readonly dimOut: number;
  private readonly buffers: BufferSet;
  private readonly queue = new SerialQueue();

  constructor(
    readonly gpu: GpuContext,
    tp: TensorProduct,
    weights: ArrayLike<number> | undefined,
    coupling: 'wigner3j' | 'gaunt' = 'wigner3j',
  ) {
    this.sparse = compileTensorProduct(tp, weights, coupling);
    this.dim1 = this.sparse.dim1;
    this.dim2 = this.sparse.dim2;
    this.dimOut = this.sparse.dimOut;
    this.buffers = new BufferSet(gpu);
    this.buffers.upload('tp/entries', packEntries(this.sparse));
    this.buffers.upload('tp/rowStart', this.sparse.rowStart);
  }

  prepare(x1: ArrayLike<number>, x2: ArrayLike<number>, weights?: ArrayLike<number>): number {
    const batch = checkBatch(x1, x2, this.dim1, this.dim2);
    const numel = this.sparse.weightNumel;
    if (numel > 0 && weights?.length !== batch * numel) {
      throw new GpuParameterError(
        'weights',
        `per-sample weights must be batch × ${numel} = ${batch * numel} numbers, got ${weights?.length ?? 0}`,
      );
    }
    if (numel === 0 && weights !== undefined)
      throw new GpuParameterError('weights', 'this product has shared weights, given to the constructor');
    this.buffers.upload('tp/x1', Float32Array.from(x1));
    this.buffers.upload('tp/x2', Float32Array.from(x2));
    this.buffers.upload('tp/weights', numel > 0 ? Float32Array.from(weights ?? []) : new Float32Array(4));
    this.buffers.storage('tp/out', 4 * Math.max(1, batch * this.dimOut));
    this.buffers.uniform('tp/sizes', new Uint32Array([batch, this.dim1, this.dim2, this.dimOut, numel, 0, 0, 0]));
    return batch;
  }

  plan(batch: number): DispatchPlan {
    const b = this.buffers;
    return {
      kernel: sparseTensorProductKernel,
      label: 'tp/sparse-cg',
      workgroups: linearWorkgroups(batch * this.dimOut, WG),
      buffers: [
        b.get('tp/sizes'),
        b.get('tp/rowStart'),
        b.get('tp/entries'),
        b.get('tp/x1'),
        b.get('tp/x2'),
        b.get('tp/weights'),
        b.get('tp/out'),
      ],
    };
  }

  async dispatch(batch: number): Promise<void> {
    await runDispatches(this.gpu, [this.plan(batch)]);
  }

  forward(x1: ArrayLike<number>, x2: ArrayLike<number>, weights?: ArrayLike<number>): Promise<Float32Array> {
    return this.queue.run(() => this.forwardNow(x1, x2, weights));
  }

  private async forwardNow(x1: ArrayLike<number>, x2: ArrayLike<number>, weights?: ArrayLike<number>): Promise<Float32Array> {
    const batch = this.prepare(x1, x2, weights);
    await this.dispatch(batch);
    return this.buffers.readFloat32(this.buffers.get('tp/out'), batch * this.dimOut);
  }

  destroy(): void {
    this.buffers.destroy();
  }
}

/**
 * The sphere-grid tensor product (Gaunt coupling) of coefficient vectors over degrees 0…L1 and
 * 0…L2 (one channel each, e3nn layout l² + l + m, integral-normalised harmonics), projected on
 * degrees 0…Lout: out_k = ∫ Y_k f1 f2 dΩ, by a Gauss-Legendre × uniform grid exact for degree
 * L1 + L2 + Lout. Equals the CG product with Gaunt path weights (paths with l1 + l2 + l3 even).
 *
 * @example
 * ```ts
 * const grid = new GpuGridTensorProduct(gpu, 2, 2, 4);
 * const out = await grid.forward(x1, x2); // batch × 25
 * ```
 */
export class GpuGridTensorProduct implements GpuTensorProduct {
  readonly dim1: number;
  readonly dim2: number;
  readonly dimOut: number;
  readonly points: number;
  private readonly buffers: BufferSet;
  private readonly queue = new SerialQueue();

  constructor(
    readonly gpu: GpuContext,
    readonly lmax1: number,
    readonly lmax2: number,
    readonly lmaxOut: number,
  ) {
    for (const [name, l] of Object.entries({ lmax1, lmax2, lmaxOut })) {
      if (!(Number.isInteger(l) && l >= 0 && l <= 32)) throw new GpuParameterError(name, `must be an integer in 0..32, got ${l}`);
    }
    const degree = lmax1 + lmax2 + lmaxOut;
    const resBeta = Math.floor(degree / 2) + 1;
    const resAlpha = degree + 1;
    const grid = sphereGrid(resBeta, resAlpha);
    this.points = resBeta * resAlpha;
    this.dim1 = (lmax1 + 1) ** 2;
    this.dim2 = (lmax2 + 1) ** 2;
    this.dimOut = (lmaxOut + 1) ** 2;
    const y1 = sphericalHarmonics(lmax1, grid.vectors, false, 'integral');
    const y2 = sphericalHarmonics(lmax2, grid.vectors, false, 'integral');
    const yo = sphericalHarmonics(lmaxOut, grid.vectors, false, 'integral');
    const yw = new Float32Array(this.dimOut * this.points);
    for (let p = 0; p < this.points; p++) {
      const w = grid.ringWeight[Math.floor(p / resAlpha)] as number;
      for (let k = 0; k < this.dimOut; k++) yw[k * this.points + p] = w * (yo[p * this.dimOut + k] as number);
    }
    this.buffers = new BufferSet(gpu);
    this.buffers.upload('grid/y1', Float32Array.from(y1));
    this.buffers.upload('grid/y2', Float32Array.from(y2));
    this.buffers.upload('grid/yw', yw);
  }

  prepare(x1: ArrayLike<number>, x2: ArrayLike<number>): number {
    const batch = checkBatch(x1, x2, this.dim1, this.dim2);
    const b = this.buffers;
    b.upload('grid/x1', Float32Array.from(x1));
    b.upload('grid/x2', Float32Array.from(x2));
    b.storage('grid/g', 4 * Math.max(1, batch * this.points));
    b.storage('grid/out', 4 * Math.max(1, batch * this.dimOut));
    b.uniform('grid/sizes1', sizes(batch, this.dim1, this.dim2, this.points));
    b.uniform('grid/sizes2', sizes(batch, this.dimOut, this.points, 0));
    return batch;
  }

  async dispatch(batch: number): Promise<void> {
    const b = this.buffers;
    await runDispatches(this.gpu, [
      {
        kernel: gridProductKernel,
        label: 'tp/grid-product',
        workgroups: linearWorkgroups(batch * this.points, WG),
        buffers: [b.get('grid/sizes1'), b.get('grid/y1'), b.get('grid/y2'), b.get('grid/x1'), b.get('grid/x2'), b.get('grid/g')],
      },
      {
        kernel: gridProjectKernel,
        label: 'tp/grid-project',
        workgroups: linearWorkgroups(batch * this.dimOut, WG),
        buffers: [b.get('grid/sizes2'), b.get('grid/yw'), b.get('grid/g'), b.get('grid/out')],
      },
    ]);
  }

  forward(x1: ArrayLike<number>, x2: ArrayLike<number>): Promise<Float32Array> {
    return this.queue.run(() => this.forwardNow(x1, x2));
  }

  private async forwardNow(x1: ArrayLike<number>, x2: ArrayLike<number>): Promise<Float32Array> {
    const batch = this.prepare(x1, x2);
    await this.dispatch(batch);
    return this.buffers.readFloat32(this.buffers.get('grid/out'), batch * this.dimOut);
  }

  destroy(): void {
    this.buffers.destroy();
  }
}
