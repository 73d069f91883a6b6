import { type Irreps, type IrrepsLike, Linear, type LinearPath } from '@equitensor/so3';

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
   * written out here with the 1/√fan-in folded into each weight (equal up to the order of the products).
   * Deliberate hot-loop specialisation, with {@link transpose} and `SkipProduct` (`skip.ts`): the same block
   * walk, each with its own innermost loop order inlined.
   */
  forward(x: Float64Array): Float64Array {
    const dIn = this.linear.irrepsIn.dim;
    const dOut = this.linear.irrepsOut.dim;
    const batch = dIn > 0 ? x.length / dIn : 0;
    if (!Number.isInteger(batch)) throw new RangeError(`BoundLinear.forward: length ${x.length} is not a multiple of ${dIn}`);
    const y = new Float64Array(batch * dOut);
    const w = this.scaledT;
    for (let n = 0; n < batch; n++) {
      for (const p of this.blocks) {
        const { mulIn, mulOut, dim, offset } = p;
        const xb = n * dIn + p.sIn;
        const yb = n * dOut + p.sOut;
        for (let v = 0; v < mulOut; v++) {
          const wv = offset + v * mulIn;
          const yv = yb + v * dim;
          for (let m = 0; m < dim; m++) {
            let acc = 0;
            for (let u = 0; u < mulIn; u++) acc += (w[wv + u] as number) * (x[xb + u * dim + m] as number);
            y[yv + m] = (y[yv + m] as number) + acc;
          }
        }
      }
    }
    return y;
  }

  /** gx = Lᵀ gy for a batch (rows of irrepsOut.dim). Deliberate hot-loop specialisation of {@link forward}'s block walk. */
  transpose(gy: Float64Array): Float64Array {
    const dIn = this.linear.irrepsIn.dim;
    const dOut = this.linear.irrepsOut.dim;
    const batch = dOut > 0 ? gy.length / dOut : 0;
    if (!Number.isInteger(batch)) throw new RangeError(`BoundLinear.transpose: length ${gy.length} is not a multiple of ${dOut}`);
    const gx = new Float64Array(batch * dIn);
    const w = this.scaled;
    for (let n = 0; n < batch; n++) {
      for (const p of this.blocks) {
        const { mulIn, mulOut, dim, offset } = p;
        const xb = n * dIn + p.sIn;
        const yb = n * dOut + p.sOut;
        for (let u = 0; u < mulIn; u++) {
          const wu = offset + u * mulOut;
          const xu = xb + u * dim;
          for (let m = 0; m < dim; m++) {
            let acc = 0;
            for (let v = 0; v < mulOut; v++) acc += (w[wu + v] as number) * (gy[yb + v * dim + m] as number);
            gx[xu + m] = (gx[xu + m] as number) + acc;
          }
        }
      }
    }
    return gx;
  }
}
