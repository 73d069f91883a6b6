/**
 * e3nn's `o3.TensorProduct` on the CPU: Clebsch-Gordan (real Wigner 3j) couplings stored sparsely
 * (only m3 = ±m1 ± m2 are non-zero), every connection mode, shared or per-sample weights, e3nn's
 * weight layout and normalisation, a float64 and a float32 path, and an analytic backward pass.
 */

import type { WorkerPool } from '@equitensor/tensor';
import { gauntFactor } from '../gaunt.ts';
import { Irreps, type IrrepsLike } from '../irreps.ts';
import { wigner3jSparse } from '../wigner-3j.ts';
import { type FastPath, forwardShared } from './fast-kernels.ts';
import { type Instruction, type InstructionSpec, type NormalizationOptions, resolveInstructions } from './instructions.ts';
import { forwardAll } from './kernels.ts';
import { forwardOnPool } from './pool.ts';

/** The array itself when float64, otherwise a float64 copy. */
export function asFloat64(x: ArrayLike<number>): Float64Array {
  if (x instanceof Float64Array) return x;
  // the typed-array constructor converts element-wise without the iterator protocol of `from`
  return x instanceof Float32Array ? new Float64Array(x) : Float64Array.from(x);
}

/** A float64 or float32 array: the output has the type of `x1`. */
export type FloatArray = Float64Array | Float32Array;

/** Options of {@link TensorProduct}. */
export interface TensorProductOptions extends NormalizationOptions {
  /** One weight vector for the whole batch (default) or one per sample (`weights` of length batch·weightNumel). */
  readonly sharedWeights?: boolean;
  /** `'wigner3j'` (e3nn, default) or `'gaunt'`: each path's 3j tensor times its Gaunt factor (zero on odd paths). */
  readonly coupling?: 'wigner3j' | 'gaunt';
}

/** Options of {@link TensorProduct.forward}. */
export interface TensorProductForwardOptions {
  /**
   * A shared-memory worker pool (`@equitensor/tensor`'s `NodeWorkerPool` / `WebWorkerPool`): with shared weights the
   * batch rows are split over its workers, each row's output equal to the one-thread result bit for bit.
   */
  readonly pool?: WorkerPool;
}

/** Gradients of a tensor product with respect to its inputs and weights. */
export interface TensorProductGradients<T extends FloatArray> {
  readonly x1: T;
  readonly x2: T;
  /** Same layout as the weights passed in (summed over the batch when shared). */
  readonly weights: T;
}

interface CompiledPath extends FastPath {
  readonly ins: Instruction;
  /** number of (u, v) pairs: m1·m2, or m1 for uu modes */
  readonly pairs: number;
  readonly diagonal: boolean;
  readonly mix: boolean;
}

/**
 * A bilinear equivariant map `out = Σ_paths w · pathWeight · (x1 ⊗ x2 contracted with w3j)`, e3nn's
 * `TensorProduct(irreps_in1, irreps_in2, irreps_out, instructions)` with the same weight layout
 * (instructions in order, each `pathShape` row-major).
 *
 * @example
 * ```ts
 * const tp = new TensorProduct('2x1o', '1x1o', '2x0e+2x1e', [
 *   [0, 0, 0, 'uvu', true],
 *   [0, 0, 1, 'uvu', true],
 * ]);
 * const out = tp.forward(x1, x2, new Float64Array(tp.weightNumel).fill(1)); // batch inferred
 * ```
 */
export class TensorProduct {
  readonly irrepsIn1: Irreps;
  readonly irrepsIn2: Irreps;
  readonly irrepsOut: Irreps;
  readonly instructions: readonly Instruction[];
  readonly weightNumel: number;
  readonly sharedWeights: boolean;
  private readonly paths: CompiledPath[];

  constructor(
    irrepsIn1: IrrepsLike,
    irrepsIn2: IrrepsLike,
    irrepsOut: IrrepsLike,
    instructions: readonly InstructionSpec[],
    options: TensorProductOptions = {},
  ) {
    this.irrepsIn1 = new Irreps(irrepsIn1);
    this.irrepsIn2 = new Irreps(irrepsIn2);
    this.irrepsOut = new Irreps(irrepsOut);
    this.instructions = resolveInstructions(this.irrepsIn1, this.irrepsIn2, this.irrepsOut, instructions, options);
    this.sharedWeights = options.sharedWeights ?? true;
    let numel = 0;
    for (const ins of this.instructions) if (ins.hasWeight) numel += ins.pathShape.reduce((p, s) => p * s, 1);
    this.weightNumel = numel;
    const sl1 = this.irrepsIn1.slices();
    const sl2 = this.irrepsIn2.slices();
    const slo = this.irrepsOut.slices();
    const coupling = options.coupling ?? 'wigner3j';
    this.paths = this.instructions.map((ins) => {
      const a = this.irrepsIn1.get(ins.i1);
      const b = this.irrepsIn2.get(ins.i2);
      const o = this.irrepsOut.get(ins.iOut);
      const sp = wigner3jSparse(a.ir.l, b.ir.l, o.ir.l);
      const factor = ins.pathWeight * (coupling === 'gaunt' ? gauntFactor(a.ir.l, b.ir.l, o.ir.l) : 1);
      const diagonal = ins.mode === 'uuw' || ins.mode === 'uuu';
      return {
        ins,
        mode: ins.mode,
        hasWeight: ins.hasWeight,
        weightOffset: ins.weightOffset,
        i: sp.i,
        j: sp.j,
        k: sp.k,
        c: sp.value.map((v) => v * factor),
        l1: a.ir.l,
        l2: b.ir.l,
        l3: o.ir.l,
        factor,
        m1: a.mul,
        m2: b.mul,
        mo: o.mul,
        d1: a.ir.dim,
        d2: b.ir.dim,
        d3: o.ir.dim,
        s1: (sl1[ins.i1] as { start: number }).start,
        s2: (sl2[ins.i2] as { start: number }).start,
        so: (slo[ins.iOut] as { start: number }).start,
        pairs: diagonal ? a.mul : a.mul * b.mul,
        diagonal,
        mix: ins.mode === 'uvw' || ins.mode === 'uuw',
      };
    });
  }

  private batchOf(x1: FloatArray, x2: FloatArray, weights: FloatArray | undefined): number {
    const d1 = this.irrepsIn1.dim;
    const d2 = this.irrepsIn2.dim;
    const batch = d1 > 0 ? x1.length / d1 : x2.length / Math.max(d2, 1);
    if (!Number.isInteger(batch) || x1.length !== batch * d1 || x2.length !== batch * d2) {
      throw new RangeError(`TensorProduct: x1 (length ${x1.length}) and x2 (length ${x2.length}) must be batch × ${d1} and batch × ${d2}`);
    }
    const expected = this.sharedWeights ? this.weightNumel : batch * this.weightNumel;
    if ((weights?.length ?? 0) !== expected) {
      throw new RangeError(
        `TensorProduct: expected ${expected} weights (${this.sharedWeights ? 'shared' : 'per sample'}), got ${weights?.length ?? 0}`,
      );
    }
    return batch;
  }

  /**
   * Apply the tensor product to a batch: x1 is batch × irrepsIn1.dim, x2 batch × irrepsIn2.dim
   * (row-major); returns batch × irrepsOut.dim of the same float type as x1. Shared weights run the fast
   * kernels (generated coupling loops and blocked matrix products, `fast-kernels.ts`), on the batch rows split over
   * `options.pool`'s workers when given (`pool.ts`; each row equal to the one-thread result bit for bit); per-sample
   * weights run the reference kernels (on this thread).
   */
  forward<T extends FloatArray>(x1: T, x2: FloatArray, weights?: FloatArray, options: TensorProductForwardOptions = {}): T {
    return this.run(x1, x2, weights, this.sharedWeights, options.pool);
  }

  /**
   * The same map by the reference kernels (`kernels.ts`: sparse index loops, one contraction order per
   * path), kept to check the fast path against; equal to {@link forward} to rounding.
   *
   * @example
   * ```ts
   * const ref = tp.forwardReference(x1, x2, w); // ≈ tp.forward(x1, x2, w) to 1e-12
   * ```
   */
  forwardReference<T extends FloatArray>(x1: T, x2: FloatArray, weights?: FloatArray): T {
    return this.run(x1, x2, weights, false);
  }

  private run<T extends FloatArray>(x1: T, x2: FloatArray, weights: FloatArray | undefined, fast: boolean, pool?: WorkerPool): T {
    const batch = this.batchOf(x1, x2, weights);
    const dimOut = this.irrepsOut.dim;
    const layout = {
      batch,
      dim1: this.irrepsIn1.dim,
      dim2: this.irrepsIn2.dim,
      dimOut,
      weightNumel: this.weightNumel,
      sharedWeights: this.sharedWeights,
    };
    // the kernels run on float64 only (monomorphic and exact); float32 is converted at the boundary
    const out = new Float64Array(batch * dimOut);
    const w = weights ? asFloat64(weights) : new Float64Array(0);
    if (!fast) forwardAll(this.paths, asFloat64(x1), asFloat64(x2), w, out, layout);
    // with a pool: the batch rows on its workers (the same kernels, bit for bit per row)
    else if (pool === undefined || !forwardOnPool(this.paths, x1, x2, w, out, layout, pool))
      forwardShared(this.paths, asFloat64(x1), asFloat64(x2), w, out, layout);
    return (x1 instanceof Float64Array ? out : new Float32Array(out)) as T;
  }

  /**
   * Gradients of Σ gradOut·forward(x1, x2, weights) with respect to x1, x2 and the weights
   * (reverse mode, exact), for forces and training.
   *
   * @example
   * ```ts
   * const g = tp.backward(x1, x2, w, gradOut); // g.x1, g.x2, g.weights
   * ```
   */
  backward<T extends FloatArray>(
    x1In: T,
    x2In: FloatArray,
    weightsIn: FloatArray | undefined,
    gradOutIn: FloatArray,
  ): TensorProductGradients<T> {
    const batch = this.batchOf(x1In, x2In, weightsIn);
    const x1 = asFloat64(x1In);
    const x2 = asFloat64(x2In);
    const weights = weightsIn ? asFloat64(weightsIn) : undefined;
    const gradOut = asFloat64(gradOutIn);
    const dOut = this.irrepsOut.dim;
    const d1 = this.irrepsIn1.dim;
    const d2 = this.irrepsIn2.dim;
    if (gradOut.length !== batch * dOut)
      throw new RangeError(`TensorProduct.backward: gradOut must have length ${batch * dOut}, got ${gradOut.length}`);
    const g1 = new Float64Array(batch * d1);
    const g2 = new Float64Array(batch * d2);
    const gw = new Float64Array(weights?.length ?? 0);
    const maxT = Math.max(1, ...this.paths.map((p) => p.pairs * p.d3));
    const t = new Float64Array(maxT);
    const gt = new Float64Array(maxT);
    const numel = this.weightNumel;
    const w = weights ?? new Float64Array(0);
    for (let b = 0; b < batch; b++) {
      const o1 = b * d1;
      const o2 = b * d2;
      const oo = b * dOut;
      const wb = this.sharedWeights ? 0 : b * numel;
      for (const p of this.paths) {
        const { ins, d3, mo, pairs } = p;
        const base = oo + p.so;
        const wo = wb + ins.weightOffset;
        if (ins.hasWeight) this.couple(p, x1, o1, x2, o2, t);
        gt.fill(0, 0, pairs * d3);
        if (p.mix) {
          for (let q = 0; q < pairs; q++) {
            for (let wi = 0; wi < mo; wi++) {
              const ob = base + wi * d3;
              if (!ins.hasWeight) {
                for (let k = 0; k < d3; k++) gt[q * d3 + k] = (gt[q * d3 + k] as number) + (gradOut[ob + k] as number);
                continue;
              }
              const wv = w[wo + q * mo + wi] as number;
              let acc = 0;
              for (let k = 0; k < d3; k++) {
                const go = gradOut[ob + k] as number;
                gt[q * d3 + k] = (gt[q * d3 + k] as number) + wv * go;
                acc += (t[q * d3 + k] as number) * go;
              }
              gw[wo + q * mo + wi] = (gw[wo + q * mo + wi] as number) + acc;
            }
          }
        } else {
          for (let q = 0; q < pairs; q++) {
            const ob = base + this.target(p, q) * d3;
            const wv = ins.hasWeight ? (w[wo + q] as number) : 1;
            let acc = 0;
            for (let k = 0; k < d3; k++) {
              const go = gradOut[ob + k] as number;
              gt[q * d3 + k] = wv * go;
              if (ins.hasWeight) acc += (t[q * d3 + k] as number) * go;
            }
            if (ins.hasWeight) gw[wo + q] = (gw[wo + q] as number) + acc;
          }
        }
        // through the coupling: t[q, k] = Σ c · x1[u, i] · x2[v, j]
        const { i, j, k, c, d1: e1, d2: e2, m2 } = p;
        const nnz = c.length;
        for (let q = 0; q < pairs; q++) {
          const u = p.diagonal ? q : Math.floor(q / m2);
          const v = p.diagonal ? q : q % m2;
          const a1 = o1 + p.s1 + u * e1;
          const a2 = o2 + p.s2 + v * e2;
          const tq = q * d3;
          for (let n = 0; n < nnz; n++) {
            const g = (c[n] as number) * (gt[tq + (k[n] as number)] as number);
            if (g === 0) continue;
            const ii = a1 + (i[n] as number);
            const jj = a2 + (j[n] as number);
            g1[ii] = (g1[ii] as number) + g * (x2[jj] as number);
            g2[jj] = (g2[jj] as number) + g * (x1[ii] as number);
          }
        }
      }
    }
    if (x1In instanceof Float64Array) return { x1: g1 as T, x2: g2 as T, weights: gw as T };
    return { x1: Float32Array.from(g1) as T, x2: Float32Array.from(g2) as T, weights: Float32Array.from(gw) as T };
  }

  /** Output multiplicity index of pair q in scatter modes. */
  private target(p: CompiledPath, q: number): number {
    switch (p.ins.mode) {
      case 'uvu':
        return Math.floor(q / p.m2);
      case 'uvv':
        return q % p.m2;
      default:
        return q; // uuu: q = u; uvuv: q = u·m2 + v
    }
  }

  /** t[q, k] = Σ_nz c · x1[u, i] · x2[v, j] for every pair q = (u, v). */
  private couple(p: CompiledPath, x1: FloatArray, o1: number, x2: FloatArray, o2: number, t: Float64Array): void {
    const { i, j, k, c, d1, d2, d3, m1, m2, pairs } = p;
    t.fill(0, 0, pairs * d3);
    const nnz = c.length;
    if (p.diagonal) {
      for (let u = 0; u < m1; u++) {
        const a1 = o1 + p.s1 + u * d1;
        const a2 = o2 + p.s2 + u * d2;
        const tq = u * d3;
        for (let n = 0; n < nnz; n++) {
          const kk = tq + (k[n] as number);
          t[kk] = (t[kk] as number) + (c[n] as number) * (x1[a1 + (i[n] as number)] as number) * (x2[a2 + (j[n] as number)] as number);
        }
      }
      return;
    }
    for (let u = 0; u < m1; u++) {
      const a1 = o1 + p.s1 + u * d1;
      for (let v = 0; v < m2; v++) {
        const a2 = o2 + p.s2 + v * d2;
        const tq = (u * m2 + v) * d3;
        for (let n = 0; n < nnz; n++) {
          const kk = tq + (k[n] as number);
          t[kk] = (t[kk] as number) + (c[n] as number) * (x1[a1 + (i[n] as number)] as number) * (x2[a2 + (j[n] as number)] as number);
        }
      }
    }
  }
}
