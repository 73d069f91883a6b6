import type { TensorProduct } from '@equitensor/so3';
import { type LinearKernel, linearKernel } from './linear-source.ts';

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
  /** Every block's coefficients, [element][block][mulIn][mulOut]. */
  private readonly coefficients: Float64Array;
  private readonly kernels: { readonly forward: LinearKernel; readonly transpose: LinearKernel };

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
    // every block's coefficients in one array, [element][block][u][v], for the compiled maps
    const per = this.blocks.reduce((n, b) => n + b.mulIn * b.mulOut, 0);
    this.coefficients = new Float64Array(E * per);
    const offsets: number[] = [];
    let at = 0;
    for (const b of this.blocks) {
      offsets.push(at);
      const size = b.mulIn * b.mulOut;
      for (let e = 0; e < E; e++) this.coefficients.set(b.c.subarray(e * size, (e + 1) * size), e * per + at);
      at += size;
    }
    const spec = (transpose: boolean) =>
      this.blocks.map((b, q) =>
        transpose
          ? {
              sums: b.mulOut,
              outs: b.mulIn,
              dim: b.dim,
              sIn: b.sOut,
              sOut: b.sIn,
              offset: offsets[q] as number,
              sumStride: 1,
              outStride: b.mulOut,
            }
          : {
              sums: b.mulIn,
              outs: b.mulOut,
              dim: b.dim,
              sIn: b.sIn,
              sOut: b.sOut,
              offset: offsets[q] as number,
              sumStride: b.mulOut,
              outStride: 1,
            },
      );
    this.kernels = {
      forward: linearKernel(spec(false), a.dim, o.dim, per),
      transpose: linearKernel(spec(true), o.dim, a.dim, per),
    };
  }

  /** y = TP(x, onehot(elements), w) for nodes × irrepsIn1.dim (compiled for these blocks, {@link linearKernel}). */
  forward(x: Float64Array, elements: Int32Array): Float64Array {
    const y = new Float64Array(elements.length * this.tp.irrepsOut.dim);
    this.kernels.forward(x, y, this.coefficients, elements.length, elements);
    return y;
  }

  /** gx = ∂⟨forward(x), gy⟩/∂x (the transpose of each element's map). */
  transpose(gy: Float64Array, elements: Int32Array): Float64Array {
    const gx = new Float64Array(elements.length * this.tp.irrepsIn1.dim);
    this.kernels.transpose(gy, gx, this.coefficients, elements.length, elements);
    return gx;
  }
}
