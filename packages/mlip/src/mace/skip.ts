import type { TensorProduct } from '@equitensor/so3';

interface SkipBlock {
  readonly mulIn: number;
  readonly mulOut: number;
  readonly dim: number;
  readonly sIn: number;
  readonly sOut: number;
  /** Per element, mulIn × mulOut coefficients (element-major). */
  readonly c: Float64Array;
}

/**
 * MACE's skip `FullyConnectedTensorProduct(x, node_attrs)` specialised to one-hot element attributes: with
 * attrs = e_k the product is a linear map of x per element, block-diagonal over equal irreps and the identity
 * over m (the 3j symbol of (l, 0, l) is δ_ik/√(2l+1)). The coefficients are read from the product itself (one
 * forward pass of `tp` on unit inputs at m = 0), so path weights and normalisation are e3nn's by construction;
 * results agree with `tp.forward(x, attrs, w)` up to the order of the floating-point products.
 *
 * @example
 * ```ts
 * const skip = new SkipProduct(fctp, weights); // fctp: FullyConnectedTensorProduct(irreps, '3x0e', irrepsOut)
 * const y = skip.forward(x, elements);
 * const gx = skip.transpose(gy, elements);
 * ```
 */
export class SkipProduct {
  readonly tp: TensorProduct;
  private readonly blocks: SkipBlock[];

  constructor(tp: TensorProduct, weights: Float64Array) {
    this.tp = tp;
    const a = tp.irrepsIn1;
    const b = tp.irrepsIn2;
    const o = tp.irrepsOut;
    if (!b.entries.every((e) => e.ir.l === 0 && e.ir.p === 1) || b.entries.length !== 1)
      throw new RangeError(`SkipProduct: the attributes must be one block of scalars, got ${b}`);
    const E = b.dim;
    const sIn = a.slices();
    const sOut = o.slices();
    const pairs: { i: number; o: number }[] = [];
    a.entries.forEach((x, i) => {
      o.entries.forEach((y, k) => {
        if (x.ir.equals(y.ir)) pairs.push({ i, o: k });
      });
    });
    // probe: for each element and each input channel (at m = 0) one row of the batch
    const rowsPer = a.entries.reduce((n, x) => n + x.mul, 0);
    const batch = E * rowsPer;
    const x1 = new Float64Array(batch * a.dim);
    const x2 = new Float64Array(batch * E);
    let row = 0;
    for (let e = 0; e < E; e++) {
      a.entries.forEach((x, i) => {
        for (let u = 0; u < x.mul; u++, row++) {
          x1[row * a.dim + (sIn[i] as { start: number }).start + u * x.ir.dim] = 1;
          x2[row * E + e] = 1;
        }
      });
    }
    const y = tp.forward(x1, x2, weights);
    const rowOf = (e: number, i: number, u: number) => {
      let r = e * rowsPer;
      for (let q = 0; q < i; q++) r += a.get(q).mul;
      return r + u;
    };
    this.blocks = pairs.map(({ i, o: k }) => {
      const mulIn = a.get(i).mul;
      const mulOut = o.get(k).mul;
      const dim = a.get(i).ir.dim;
      const so = (sOut[k] as { start: number }).start;
      const c = new Float64Array(E * mulIn * mulOut);
      for (let e = 0; e < E; e++)
        for (let u = 0; u < mulIn; u++)
          for (let v = 0; v < mulOut; v++) c[(e * mulIn + u) * mulOut + v] = y[rowOf(e, i, u) * o.dim + so + v * dim] as number;
      return { mulIn, mulOut, dim, sIn: (sIn[i] as { start: number }).start, sOut: so, c };
    });
  }

  /**
   * y = TP(x, onehot(elements), w) for nodes × irrepsIn1.dim. Deliberate hot-loop specialisation, with
   * {@link transpose} and `BoundLinear`'s forward/transpose (`linear.ts`): the same block walk, each with its own
   * innermost loop order inlined.
   */
  forward(x: Float64Array, elements: Int32Array): Float64Array {
    const dIn = this.tp.irrepsIn1.dim;
    const dOut = this.tp.irrepsOut.dim;
    const nodes = elements.length;
    const y = new Float64Array(nodes * dOut);
    for (let n = 0; n < nodes; n++) {
      const e = elements[n] as number;
      for (const p of this.blocks) {
        const { mulIn, mulOut, dim, c } = p;
        const cb = e * mulIn * mulOut;
        const xb = n * dIn + p.sIn;
        const yb = n * dOut + p.sOut;
        for (let u = 0; u < mulIn; u++) {
          const cu = cb + u * mulOut;
          const xu = xb + u * dim;
          for (let v = 0; v < mulOut; v++) {
            const cv = c[cu + v] as number;
            const yv = yb + v * dim;
            for (let m = 0; m < dim; m++) y[yv + m] = (y[yv + m] as number) + cv * (x[xu + m] as number);
          }
        }
      }
    }
    return y;
  }

  /**
   * gx = ∂⟨forward(x), gy⟩/∂x (the transpose of each element's map). Deliberate hot-loop specialisation of
   * {@link forward}'s block walk (same loop heads, the sum over v innermost).
   */
  transpose(gy: Float64Array, elements: Int32Array): Float64Array {
    const dIn = this.tp.irrepsIn1.dim;
    const dOut = this.tp.irrepsOut.dim;
    const nodes = elements.length;
    const gx = new Float64Array(nodes * dIn);
    for (let n = 0; n < nodes; n++) {
      const e = elements[n] as number;
      for (const p of this.blocks) {
        const { mulIn, mulOut, dim, c } = p;
        const cb = e * mulIn * mulOut;
        const xb = n * dIn + p.sIn;
        const yb = n * dOut + p.sOut;
        for (let u = 0; u < mulIn; u++) {
          const cu = cb + u * mulOut;
          const xu = xb + u * dim;
          for (let m = 0; m < dim; m++) {
            let acc = 0;
            for (let v = 0; v < mulOut; v++) acc += (c[cu + v] as number) * (gy[yb + v * dim + m] as number);
            gx[xu + m] = (gx[xu + m] as number) + acc;
          }
        }
      }
    }
    return gx;
  }
}
