import { type TensorProduct, wigner3jSparse } from '@equitensor/so3';

interface ConvPath {
  readonly mul: number;
  readonly d1: number;
  readonly d3: number;
  readonly s1: number;
  readonly s2: number;
  readonly so: number;
  readonly offset: number;
  /** w3j non-zeros (i, j, k) with value × path weight. */
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly k: Int32Array;
  readonly c: Float64Array;
}

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
  private readonly paths: ConvPath[];
  private readonly m: Float64Array;
  private readonly gm: Float64Array;

  constructor(tp: TensorProduct) {
    this.tp = tp;
    const s1 = tp.irrepsIn1.slices();
    const s2 = tp.irrepsIn2.slices();
    const so = tp.irrepsOut.slices();
    if (!tp.irrepsIn2.entries.every((e) => e.mul === 1))
      throw new RangeError('EdgeConvolution: the second input needs multiplicity 1 per irrep');
    let maxBlock = 1;
    this.paths = tp.instructions.map((ins) => {
      if (ins.mode !== 'uvu' || !ins.hasWeight) throw new RangeError(`EdgeConvolution: instruction mode ${ins.mode} (weighted uvu needed)`);
      const a = tp.irrepsIn1.get(ins.i1);
      const b = tp.irrepsIn2.get(ins.i2);
      const o = tp.irrepsOut.get(ins.iOut);
      const sp = wigner3jSparse(a.ir.l, b.ir.l, o.ir.l);
      maxBlock = Math.max(maxBlock, a.ir.dim * o.ir.dim);
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
    this.m = new Float64Array(maxBlock);
    this.gm = new Float64Array(maxBlock);
  }

  /**
   * The paths as flat arrays (for the worker-pool kernel): 9 integers per path (mul, d1, d3, s1, s2, so, weight
   * offset, first and end index of its 3j non-zeros in i/j/k/c), the non-zeros, and the largest d1·d3 block.
   */
  pathTable(): { paths: Int32Array; i: Int32Array; j: Int32Array; k: Int32Array; c: Float64Array; maxBlock: number } {
    const total = this.paths.reduce((n, p) => n + p.c.length, 0);
    const paths = new Int32Array(9 * this.paths.length);
    const i = new Int32Array(total);
    const j = new Int32Array(total);
    const k = new Int32Array(total);
    const c = new Float64Array(total);
    let n = 0;
    this.paths.forEach((p, q) => {
      paths.set([p.mul, p.d1, p.d3, p.s1, p.s2, p.so, p.offset, n, n + p.c.length], 9 * q);
      i.set(p.i, n);
      j.set(p.j, n);
      k.set(p.k, n);
      c.set(p.c, n);
      n += p.c.length;
    });
    return { paths, i, j, k, c, maxBlock: this.m.length };
  }

  /**
   * out[receiver] += TP(x[sender], sh[e], w[row[e]]) over every edge e; out is nodes × irrepsOut.dim, w has one row
   * of weights per distinct radial input (`row` maps edges to rows; edges sharing a length may share a row).
   * Deliberate hot-loop specialisation, with {@link backward}: both build each path's harmonic block M per edge with
   * the same inlined loop (a helper call per edge and path is what this loop avoids).
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
    const dIn = this.tp.irrepsIn1.dim;
    const dSh = this.tp.irrepsIn2.dim;
    const dOut = this.tp.irrepsOut.dim;
    const numel = this.tp.weightNumel;
    const M = this.m;
    const edges = senders.length;
    for (let e = 0; e < edges; e++) {
      const xs = (senders[e] as number) * dIn;
      const yo = (receivers[e] as number) * dOut;
      const ys = e * dSh;
      const ws = (row[e] as number) * numel;
      for (const p of this.paths) {
        const { d1, d3 } = p;
        M.fill(0, 0, d1 * d3);
        const nnz = p.c.length;
        for (let n = 0; n < nnz; n++) {
          const q = (p.i[n] as number) * d3 + (p.k[n] as number);
          M[q] = (M[q] as number) + (p.c[n] as number) * (sh[ys + p.s2 + (p.j[n] as number)] as number);
        }
        if (d1 === 1) {
          // scalar input channels (every path of a first interaction): out_uk += (w_u·x_u)·M_k
          const wb = ws + p.offset;
          const xb = xs + p.s1;
          const ob = yo + p.so;
          for (let u = 0; u < p.mul; u++) {
            const a = (w[wb + u] as number) * (x[xb + u] as number);
            const oo = ob + u * d3;
            for (let k = 0; k < d3; k++) out[oo + k] = (out[oo + k] as number) + a * (M[k] as number);
          }
          continue;
        }
        for (let u = 0; u < p.mul; u++) {
          const wu = w[ws + p.offset + u] as number;
          const xo = xs + p.s1 + u * d1;
          const oo = yo + p.so + u * d3;
          for (let k = 0; k < d3; k++) {
            let t = 0;
            for (let i = 0; i < d1; i++) t += (x[xo + i] as number) * (M[i * d3 + k] as number);
            out[oo + k] = (out[oo + k] as number) + wu * t;
          }
        }
      }
    }
  }

  /**
   * Backward pass of {@link forward} for the gradient gOut (nodes × irrepsOut.dim) of the summed output: adds the
   * gradients into gx (nodes × irrepsIn1.dim, may be null), gSh (edges × irrepsIn2.dim) and gW (rows × weightNumel).
   * Deliberate hot-loop specialisation of {@link forward}'s edge and path walk (same loop heads and M block).
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
    const dIn = this.tp.irrepsIn1.dim;
    const dSh = this.tp.irrepsIn2.dim;
    const dOut = this.tp.irrepsOut.dim;
    const numel = this.tp.weightNumel;
    const M = this.m;
    const GM = this.gm;
    const edges = senders.length;
    for (let e = 0; e < edges; e++) {
      const xs = (senders[e] as number) * dIn;
      const go = (receivers[e] as number) * dOut;
      const ys = e * dSh;
      const ws = (row[e] as number) * numel;
      for (const p of this.paths) {
        const { d1, d3 } = p;
        const block = d1 * d3;
        M.fill(0, 0, block);
        GM.fill(0, 0, block);
        const nnz = p.c.length;
        for (let n = 0; n < nnz; n++) {
          const q = (p.i[n] as number) * d3 + (p.k[n] as number);
          M[q] = (M[q] as number) + (p.c[n] as number) * (sh[ys + p.s2 + (p.j[n] as number)] as number);
        }
        for (let u = 0; u < p.mul; u++) {
          const wu = w[ws + p.offset + u] as number;
          const xo = xs + p.s1 + u * d1;
          const oo = go + p.so + u * d3;
          // dE/dw_u = Σ_i x_i·(Σ_k M_ik·g_k): the inner sum is also dE/dx_i / w_u
          let gw = 0;
          for (let i = 0; i < d1; i++) {
            const xi = x[xo + i] as number;
            const wxi = wu * xi;
            const base = i * d3;
            let acc = 0;
            for (let k = 0; k < d3; k++) {
              const g = gOut[oo + k] as number;
              acc += (M[base + k] as number) * g;
              GM[base + k] = (GM[base + k] as number) + wxi * g;
            }
            gw += xi * acc;
            if (gx) gx[xo + i] = (gx[xo + i] as number) + wu * acc;
          }
          gW[ws + p.offset + u] = (gW[ws + p.offset + u] as number) + gw;
        }
        for (let n = 0; n < nnz; n++) {
          const q = (p.i[n] as number) * d3 + (p.k[n] as number);
          const j = ys + p.s2 + (p.j[n] as number);
          gSh[j] = (gSh[j] as number) + (p.c[n] as number) * (GM[q] as number);
        }
      }
    }
  }
}
