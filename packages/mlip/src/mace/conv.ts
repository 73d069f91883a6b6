import { type TensorProduct, wigner3jSparse } from '@equitensor/so3';
import { type ConvPathSpec, compileKernel, convKernelSource } from './conv-source.ts';

/** The generated kernels: the methods' arguments, then (backward) per-edge rows, and the edges order[qLo…qHi). */
type Range = [order: Int32Array | null, qLo: number, qHi: number];
type ConvForward = (...args: [...Parameters<EdgeConvolution['forward']>, ...Range]) => void;
type ConvBackward = (...args: [...Parameters<EdgeConvolution['backward']>, perEdge: boolean, ...Range]) => void;

/**
 * MACE's edge convolution as one fused loop: for each edge sender → receiver, the `uvu` tensor product of the
 * sender's features with the edge's harmonics under the edge's own weights, summed straight into the receiver
 * (no edges × irreps intermediate), and its exact backward pass. It is the same map as `@equitensor/so3`'s
 * `TensorProduct` with `sharedWeights: false` followed by a scatter-sum — built from that product's resolved
 * instructions (path weights, weight offsets) and so3's sparse Wigner 3j, and tested against it — specialised to
 * second inputs of multiplicity 1: per edge and path the 3j tensor is contracted with the harmonics once
 * (M_ik = Σ_j c_ijk Y_j), then applied to every channel.
 *
 * @example
 * ```ts
 * const conv = new EdgeConvolution(tp); // tp: TensorProduct(node, '0e+1o+2e+3o', mid, uvu instructions, { sharedWeights: false })
 * conv.forward(up, senders, receivers, sh, weights, summed); // summed: nodes × tp.irrepsOut.dim
 * ```
 */
export class EdgeConvolution {
  readonly tp: TensorProduct;
  /** The kernels' source ({@link convKernelSource}): the worker pool compiles the same text. */
  readonly source: { readonly forward: string; readonly backward: string };
  private readonly kernels: { readonly forward: ConvForward; readonly backward: ConvBackward };

  constructor(tp: TensorProduct) {
    this.tp = tp;
    const s1 = tp.irrepsIn1.slices();
    const s2 = tp.irrepsIn2.slices();
    const so = tp.irrepsOut.slices();
    if (!tp.irrepsIn2.entries.every((e) => e.mul === 1))
      throw new RangeError('EdgeConvolution: the second input needs multiplicity 1 per irrep');
    const paths: ConvPathSpec[] = tp.instructions.map((ins) => {
      if (ins.mode !== 'uvu' || !ins.hasWeight) throw new RangeError(`EdgeConvolution: instruction mode ${ins.mode} (weighted uvu needed)`);
      const a = tp.irrepsIn1.get(ins.i1);
      const b = tp.irrepsIn2.get(ins.i2);
      const o = tp.irrepsOut.get(ins.iOut);
      const sp = wigner3jSparse(a.ir.l, b.ir.l, o.ir.l);
      return {
        mul: a.mul,
        d1: a.ir.dim,
        d3: o.ir.dim,
        s1: (s1[ins.i1] as { start: number }).start,
        s2: (s2[ins.i2] as { start: number }).start,
        so: (so[ins.iOut] as { start: number }).start,
        offset: ins.weightOffset,
        i: sp.i,
        j: sp.j,
        k: sp.k,
        c: sp.value.map((v) => v * ins.pathWeight),
      };
    });
    this.source = convKernelSource(paths, {
      dIn: tp.irrepsIn1.dim,
      dSh: tp.irrepsIn2.dim,
      dOut: tp.irrepsOut.dim,
      numel: tp.weightNumel,
    });
    this.kernels = {
      forward: compileKernel<ConvForward>(this.source.forward),
      backward: compileKernel<ConvBackward>(this.source.backward),
    };
  }

  /**
   * out[receiver] += TP(x[sender], sh[e], w[row[e]]) over every edge e; out is nodes × irrepsOut.dim, w has one row
   * of weights per distinct radial input (`row` maps edges to rows; edges sharing a length may share a row). Runs
   * the kernel {@link convKernelSource} writes for these paths (the worker pool compiles the same text).
   */
  forward(
    x: Float64Array,
    senders: Int32Array,
    receivers: Int32Array,
    sh: Float64Array,
    w: Float64Array,
    row: Int32Array,
    out: Float64Array,
  ): void {
    this.kernels.forward(x, senders, receivers, sh, w, row, out, null, 0, senders.length);
  }

  /**
   * Backward pass of {@link forward} for the gradient gOut (nodes × irrepsOut.dim) of the summed output: adds the
   * gradients into gx (nodes × irrepsIn1.dim, may be null), gSh (edges × irrepsIn2.dim) and gW (rows × weightNumel).
   */
  backward(
    x: Float64Array,
    senders: Int32Array,
    receivers: Int32Array,
    sh: Float64Array,
    w: Float64Array,
    row: Int32Array,
    gOut: Float64Array,
    gx: Float64Array | null,
    gSh: Float64Array,
    gW: Float64Array,
  ): void {
    this.kernels.backward(x, senders, receivers, sh, w, row, gOut, gx, gSh, gW, false, null, 0, senders.length);
  }
}
