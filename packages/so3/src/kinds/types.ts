/**
 * One interface for the four kinds of tensor product (Clebsch-Gordan, Gaunt via 2D Fourier, sphere
 * grid, CP-decomposed). Features are in e3nn's layout for one copy of each listed degree l with
 * parity (−1)^l (`1x0e+1x1o+1x2e+…`); a batch is rows × dim, and each row is multiplied with the
 * matching row of the other input (channel-wise, as in the Gaunt and PriceofFreedom papers).
 */
import type { Irreps } from '../irreps.ts';
import type { FloatArray } from '../tensor-product/tensor-product.ts';

/**
 * The four kinds of tensor product — the one declaration of the repository (mlip's descriptors use the same names):
 *
 * - `cg`: Clebsch-Gordan (e3nn's unit-norm `wigner_3j`, or Gaunt-weighted) coefficients, sparse in m.
 * - `gaunt`: the Gaunt product ∫ Y_l1m1 Y_l2m2 Y_l3m3 dΩ, here through a 2D Fourier convolution.
 * - `grid`: the inputs evaluated on a sphere grid and multiplied pointwise (the Gaunt product without a coefficient table).
 * - `cp`: the coupling tensor replaced by a CP decomposition Σ_r U_{m1 r} V_{m2 r} W_{m3 r} (TDN's idea).
 *
 * @example
 * ```ts
 * const kind: TensorProductKind = 'grid';
 * ```
 */
export type TensorProductKind = 'cg' | 'gaunt' | 'grid' | 'cp';

/**
 * The list of kinds, for validating options.
 *
 * @example
 * ```ts
 * TENSOR_PRODUCT_KINDS.includes('grid'); // true
 * ```
 */
export const TENSOR_PRODUCT_KINDS: readonly TensorProductKind[] = ['cg', 'gaunt', 'grid', 'cp'];

/** Couplings: Gaunt coefficients (even l1+l2+l3 paths only) or e3nn's unit-norm w3j on every path. */
export type KindCoupling = 'gaunt' | 'wigner3j';

/** CP rank: a number, TDN's schedules `'7L'` and `'7L2'` (L the largest input degree), or `'full'` (exact). */
export type CpRank = number | '7L' | '7L2' | 'full';

/** Options of {@link createKindTensorProduct}. */
export interface KindTensorProductOptions {
  /** Degrees of input 1 (each once, parity (−1)^l), e.g. [0, 1, 2]. */
  readonly ls1: readonly number[];
  /** Degrees of input 2. */
  readonly ls2: readonly number[];
  /** Degrees of the output. */
  readonly lsOut: readonly number[];
  /** Default `'gaunt'`; `'wigner3j'` only for the cg and cp kinds. */
  readonly coupling?: KindCoupling;
  /** CP kind: rank (default `'7L2'`). */
  readonly rank?: CpRank;
  /** CP kind: ALS sweeps (default 100). */
  readonly alsIterations?: number;
  /** CP kind: seed of the ALS initialisation (default 0). */
  readonly seed?: number;
}

/** A channel-wise equivariant product of two batches of spherical-harmonic-layout features. */
export interface KindTensorProduct {
  readonly kind: TensorProductKind;
  readonly coupling: KindCoupling;
  readonly irrepsIn1: Irreps;
  readonly irrepsIn2: Irreps;
  readonly irrepsOut: Irreps;
  /** `'even'`: only paths with l1+l2+l3 even (Gaunt, grid); `'all'`: every triangle path. */
  readonly paths: 'even' | 'all';
  /** Kind-specific facts: grid resolution, CP rank and relative error, Fourier size. */
  readonly info: Readonly<Record<string, number>>;
  /** rows × irrepsOut.dim from rows × dim1 and rows × dim2; the output has x1's float type. */
  apply<T extends FloatArray>(x1: T, x2: FloatArray): T;
}
