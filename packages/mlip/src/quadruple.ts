import { type SparsePath, sparsify, wigner3j } from '@equitensor/so3';
import { FACTOR_SLOTS } from './basis.ts';
import type { FeatureLayout } from './layout.ts';

const SLOTS = FACTOR_SLOTS;

/** Real CG coefficients of one (l1, l2) → L product (sparse; i3 indexes M). */
export interface PairPath extends SparsePath {
  readonly L: number;
}

function pairPath(l1: number, l2: number, L: number): PairPath {
  return { ...sparsify(wigner3j(l1, l2, L), l1, l2, L), L };
}

/**
 * The order-4 invariants B = Σ_M T12_M T34_M with T12 = (A_a1 ⊗ A_a2)_L and T34 = (A_a3 ⊗ A_a4)_L (real CG
 * products, e3nn's `wigner_3j`), their per-feature adjoints and the weighted adjoint of a linear model.
 * Each distinct pair product (two density blocks and L) is computed once per atom and shared by every
 * feature that uses it, so a feature costs one dot product of length 2L + 1 on top of its pair products.
 *
 * The same coupling serves every tensor-product kind: the kinds differ in how they contract three
 * factors (see `coupling.ts`), and the order-4 features are defined through this (12)(34) CG pairing.
 *
 * @example
 * ```ts
 * const quad = new QuadrupleCoupling(layout);
 * quad.load(density); // the pair products, once per atom
 * quad.values(features); // writes the order-4 entries of `features`
 * ```
 */
export class QuadrupleCoupling {
  /** Multiply-adds per atom for the order-4 values (pair products + dot products; a cost model). */
  readonly flopsPerAtom: number;
  /** Distinct pair products computed per atom. */
  readonly pairCount: number;
  private readonly quadruples: Int32Array;
  private readonly layout: FeatureLayout;
  /** Per distinct pair product: its CG path, the density offsets of its two blocks, its offset in `T`. */
  private readonly pairs: { path: PairPath; o1: number; o2: number; t: number }[] = [];
  /** Per order-4 feature (in `quadruples` order): the indices of its two pair products. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly T: Float64Array;
  private readonly gT: Float64Array;
  /** The density of the last {@link load}. */
  private A: Float64Array = new Float64Array(0);

  constructor(layout: FeatureLayout) {
    this.layout = layout;
    const { quadruples, features, densityOffset: dOff } = layout;
    this.quadruples = quadruples;
    const paths = new Map<string, PairPath>();
    const pairIndex = new Map<string, number>();
    let tSize = 0;
    const pairOf = (k: number, q: number, L: number): number => {
      const l1 = features.factorL[SLOTS * k + q] as number;
      const l2 = features.factorL[SLOTS * k + q + 1] as number;
      const o1 = dOff[SLOTS * k + q] as number;
      const o2 = dOff[SLOTS * k + q + 1] as number;
      const key = `${o1},${o2},${L}`;
      let p = pairIndex.get(key);
      if (p === undefined) {
        const pathKey = `${l1},${l2},${L}`;
        let path = paths.get(pathKey);
        if (!path) {
          path = pairPath(l1, l2, L);
          paths.set(pathKey, path);
        }
        p = this.pairs.length;
        pairIndex.set(key, p);
        this.pairs.push({ path, o1, o2, t: tSize });
        tSize += 2 * L + 1;
      }
      return p;
    };
    this.left = new Int32Array(quadruples.length);
    this.right = new Int32Array(quadruples.length);
    let flops = 0;
    quadruples.forEach((k, t) => {
      const L = features.coupledL[k] as number;
      this.left[t] = pairOf(k, 0, L);
      this.right[t] = pairOf(k, 2, L);
      flops += 2 * L + 1;
    });
    for (const p of this.pairs) flops += 2 * p.path.w.length;
    this.flopsPerAtom = flops;
    this.pairCount = this.pairs.length;
    this.T = new Float64Array(tSize);
    this.gT = new Float64Array(tSize);
  }

  /**
   * The coupling as tables (for kernels that run it elsewhere, e.g. `AcePool`'s worker source): each distinct pair
   * product (its CG path, the density offsets of its blocks, its offset in the pair-product vector of length `size`)
   * and, per order-4 feature (in `layout.quadruples` order), the indices of its two pair products.
   *
   * @example
   * ```ts
   * const { pairs, left, right } = quad.table();
   * ```
   */
  table(): {
    readonly pairs: readonly { readonly path: PairPath; readonly o1: number; readonly o2: number; readonly t: number }[];
    readonly left: Int32Array;
    readonly right: Int32Array;
    readonly size: number;
  } {
    return { pairs: this.pairs, left: this.left, right: this.right, size: this.T.length };
  }

  /**
   * Computes every distinct pair product of the density A; {@link values}, {@link adjoints} and
   * {@link weightedAdjoint} then work on this density (A is kept by reference, not copied).
   */
  load(A: Float64Array): void {
    this.A = A;
    if (this.quadruples.length === 0) return;
    const T = this.T;
    T.fill(0);
    for (const { path, o1, o2, t } of this.pairs) {
      const { i1, i2, i3: iM, w } = path;
      for (let e = 0; e < w.length; e++) {
        const j = t + (iM[e] as number);
        T[j] = (T[j] as number) + (w[e] as number) * (A[o1 + (i1[e] as number)] as number) * (A[o2 + (i2[e] as number)] as number);
      }
    }
  }

  private dot(t: number): number {
    const T = this.T;
    const a = this.pairs[this.left[t] as number]!;
    const b = this.pairs[this.right[t] as number]!;
    const d = 2 * a.path.L + 1;
    let s = 0;
    for (let m = 0; m < d; m++) s += (T[a.t + m] as number) * (T[b.t + m] as number);
    return s;
  }

  /** Writes B[k] for every order-4 feature k of the loaded density. */
  values(B: Float64Array): void {
    this.quadruples.forEach((k, t) => {
      B[k] = this.dot(t);
    });
  }

  /**
   * ∂B/∂(first factor of a pair) and ∂B/∂(second factor) of one pair product contracted with the vector
   * `g` (length 2L + 1, starting at `gOffset`), added into `out` at the two given offsets.
   */
  private backPair(
    pair: { path: PairPath; o1: number; o2: number },
    g: Float64Array,
    gOffset: number,
    out: Float64Array,
    out1: number,
    out2: number,
  ): void {
    const A = this.A;
    const { i1, i2, i3: iM, w } = pair.path;
    for (let e = 0; e < w.length; e++) {
      const gm = (w[e] as number) * (g[gOffset + (iM[e] as number)] as number);
      if (gm === 0) continue;
      const m1 = i1[e] as number;
      const m2 = i2[e] as number;
      out[out1 + m1] = (out[out1 + m1] as number) + gm * (A[pair.o2 + m2] as number);
      out[out2 + m2] = (out[out2 + m2] as number) + gm * (A[pair.o1 + m1] as number);
    }
  }

  /** Writes the adjoints ∂B_k/∂A of every order-4 feature (loaded density) into `adjoint` (4 factor slots, see `FeatureLayout`). */
  adjoints(adjoint: Float64Array): void {
    const { features, adjointOffset: aOff } = this.layout;
    this.quadruples.forEach((k, t) => {
      for (let q = 0; q < 4; q++) {
        const a0 = aOff[SLOTS * k + q] as number;
        adjoint.fill(0, a0, a0 + 2 * (features.factorL[SLOTS * k + q] as number) + 1);
      }
      const a = this.pairs[this.left[t] as number]!;
      const b = this.pairs[this.right[t] as number]!;
      this.backPair(a, this.T, b.t, adjoint, aOff[SLOTS * k] as number, aOff[SLOTS * k + 1] as number);
      this.backPair(b, this.T, a.t, adjoint, aOff[SLOTS * k + 2] as number, aOff[SLOTS * k + 3] as number);
    });
  }

  /** Adds Σ_k c_k ∂B_k/∂A over the order-4 features (loaded density) to `gradA` (c indexed by feature, from `coefficientOffset`). */
  weightedAdjoint(coefficients: Float64Array, coefficientOffset: number, gradA: Float64Array): void {
    if (this.quadruples.length === 0) return;
    const T = this.T;
    const gT = this.gT;
    gT.fill(0);
    this.quadruples.forEach((k, t) => {
      const c = coefficients[coefficientOffset + k] as number;
      if (c === 0) return;
      const a = this.pairs[this.left[t] as number]!;
      const b = this.pairs[this.right[t] as number]!;
      const d = 2 * a.path.L + 1;
      for (let m = 0; m < d; m++) {
        gT[a.t + m] = (gT[a.t + m] as number) + c * (T[b.t + m] as number);
        gT[b.t + m] = (gT[b.t + m] as number) + c * (T[a.t + m] as number);
      }
    });
    for (const pair of this.pairs) this.backPair(pair, gT, pair.t, gradA, pair.o1, pair.o2);
  }
}
