import { type Irreps, type IrrepsLike, Linear, type LinearPath } from '@equitensor/so3';
import { type LinearKernel, linearKernel } from './linear-source.ts';

/**
 * e3nn's `o3.Linear` (element normalisation, no biases) with its weights bound: the forward map is
 * `@equitensor/so3`'s `Linear`; so3 has no backward for it, so the transpose (the gradient with respect to the
 * input, needed for forces) is written here over the same blocks: one (mul_in × mul_out) matrix per pair of equal
 * irreps, scaled by 1/√(Σ mul_in into that output).
 *
 * @example
 * ```ts
 * const lin = new BoundLinear('16x0e+16x1o', '16x0e+16x1o', weights);
 * const y = lin.forward(x);        // batch × 64
 * const gx = lin.transpose(gy);    // batch × 64, ⟨lin.forward(x), gy⟩ = ⟨x, gx⟩
 * ```
 */
export class BoundLinear {
  readonly linear: Linear;
  readonly weights: Float64Array;
  /** so3's `Linear` blocks (element normalisation: 1/√fan-in). */
  private readonly blocks: readonly LinearPath[];
  /** The weights times each block's 1/√fan-in. */
  private readonly scaled: Float64Array;
  /** The same, each block transposed (mulOut × mulIn), for the forward pass's contiguous dot products. */
  private readonly scaledT: Float64Array;
  private readonly kernels: { readonly forward: LinearKernel; readonly transpose: LinearKernel };

  constructor(irrepsIn: IrrepsLike, irrepsOut: IrrepsLike, weights: Float64Array) {
    this.linear = new Linear(irrepsIn, irrepsOut);
    if (weights.length !== this.linear.weightNumel) {
      throw new RangeError(
        `BoundLinear: ${this.linear.irrepsIn} → ${this.linear.irrepsOut} needs ${this.linear.weightNumel} weights, got ${weights.length}`,
      );
    }
    this.weights = weights;
    this.blocks = this.linear.paths;
    this.scaled = new Float64Array(weights.length);
    for (const p of this.blocks)
      for (let q = p.offset; q < p.offset + p.mulIn * p.mulOut; q++) this.scaled[q] = p.alpha * (weights[q] as number);
    const dIn = this.linear.irrepsIn.dim;
    const dOut = this.linear.irrepsOut.dim;
    this.kernels = {
      forward: linearKernel(
        this.blocks.map((p) => ({
          sums: p.mulIn,
          outs: p.mulOut,
          dim: p.dim,
          sIn: p.sIn,
          sOut: p.sOut,
          offset: p.offset,
          sumStride: 1,
          outStride: p.mulIn,
        })),
        dIn,
        dOut,
        0,
      ),
      transpose: linearKernel(
        this.blocks.map((p) => ({
          sums: p.mulOut,
          outs: p.mulIn,
          dim: p.dim,
          sIn: p.sOut,
          sOut: p.sIn,
          offset: p.offset,
          sumStride: 1,
          outStride: p.mulOut,
        })),
        dOut,
        dIn,
        0,
      ),
    };
    this.scaledT = new Float64Array(weights.length);
    for (const p of this.blocks)
      for (let u = 0; u < p.mulIn; u++)
        for (let v = 0; v < p.mulOut; v++) this.scaledT[p.offset + v * p.mulIn + u] = this.scaled[p.offset + u * p.mulOut + v] as number;
  }

  get irrepsIn(): Irreps {
    return this.linear.irrepsIn;
  }

  get irrepsOut(): Irreps {
    return this.linear.irrepsOut;
  }

  /**
   * y = L x for a batch (rows of irrepsIn.dim): the map of so3's `Linear.forward(x, weights)` over the same blocks,
   * with the 1/√fan-in folded into each weight (equal up to the order of the products), compiled for these blocks
   * ({@link linearKernel}).
   */
  forward(x: Float64Array): Float64Array {
    const dIn = this.linear.irrepsIn.dim;
    const batch = dIn > 0 ? x.length / dIn : 0;
    if (!Number.isInteger(batch)) throw new RangeError(`BoundLinear.forward: length ${x.length} is not a multiple of ${dIn}`);
    const y = new Float64Array(batch * this.linear.irrepsOut.dim);
    this.kernels.forward(x, y, this.scaledT, batch, null);
    return y;
  }

  /** gx = Lᵀ gy for a batch (rows of irrepsOut.dim). */
  transpose(gy: Float64Array): Float64Array {
    const dOut = this.linear.irrepsOut.dim;
    const batch = dOut > 0 ? gy.length / dOut : 0;
    if (!Number.isInteger(batch)) throw new RangeError(`BoundLinear.transpose: length ${gy.length} is not a multiple of ${dOut}`);
    const gx = new Float64Array(batch * this.linear.irrepsIn.dim);
    this.kernels.transpose(gy, gx, this.scaled, batch, null);
    return gx;
  }
}
