import { type CpTensor, cpShape, cpToDense } from './cp.ts';
import { firstColumns, type Mat, matmul, norm2 } from './matrix.ts';
import { leftSingular, rankForTolerance, type SvdMethod } from './svd.ts';
import type { TuckerTensor } from './tucker.ts';

/** Options of {@link rhosvd}: exactly one of `ranks`, `tol`, `eps`. */
export interface RhosvdOptions {
  /** Fixed ranks, one per mode. */
  readonly ranks?: readonly number[];
  /**
   * Absolute tolerance as in the Chebyshev-Tucker paper's code: in each of the d modes the discarded singular
   * values of the factor matrix satisfy sqrt(Σ_{j ≥ r} σ_j²) ≤ tol / d.
   */
  readonly tol?: number;
  /** Relative tolerance: in mode k the discarded tail is at most eps · ‖A_k‖_F / √d. */
  readonly eps?: number;
  /** SVD route for the n_k × R factors (default `'qr'`: accurate down to machine precision). */
  readonly svd?: SvdMethod;
}

/** Result of {@link rhosvd}. */
export interface RhosvdResult {
  readonly tucker: TuckerTensor;
  /** Singular values of each (weighted) factor matrix. */
  readonly singularValues: readonly Float64Array[];
}

/**
 * Reduced HOSVD of a CP tensor (Khoromskij & Khoromskaia 2008): never forms the dense tensor. Each factor
 * A_k = U_k Σ_k W_kᵀ (thin SVD, hand-written QR + ml-matrix SVD of the R × R triangle) is truncated to r_k columns,
 * V_k = U_k[:, :r_k], Z_k = Σ_k W_kᵀ[:r_k, :], and the core is the CP tensor Σ_r w_r z⁽⁰⁾_r ∘ z⁽¹⁾_r ∘ … of size
 * r_0 × … × r_{d−1}. The factors V_k are orthonormal. Cost O(Σ n_k R²) for the SVDs + O(Π r_k · R) for the core.
 *
 * @example
 * ```ts
 * const { tucker } = rhosvd(cpTensor, { tol: 1e-7 });
 * ```
 */
export function rhosvd(x: CpTensor, options: RhosvdOptions): RhosvdResult {
  const shape = cpShape(x);
  const d = shape.length;
  const given = [options.ranks, options.tol, options.eps].filter((o) => o !== undefined).length;
  if (given !== 1) throw new RangeError('rhosvd: give exactly one of ranks, tol, eps');
  if (options.ranks !== undefined && options.ranks.length !== d)
    throw new RangeError(`${options.ranks.length} ranks for an order-${d} tensor`);
  const factors: Mat[] = [];
  const zs: Mat[] = [];
  const singularValues: Float64Array[] = [];
  x.factors.forEach((a, k) => {
    const { u, s } = leftSingular(a, options.svd ?? 'qr');
    let r: number;
    if (options.ranks !== undefined) r = Math.min(options.ranks[k]!, s.length);
    else if (options.tol !== undefined) r = rankForTolerance(s, options.tol / d);
    else r = rankForTolerance(s, (options.eps! * norm2(a.data)) / Math.sqrt(d));
    const v = firstColumns(u, r);
    factors.push(v);
    // Z_k = V_kᵀ A_k (r × R) equals Σ Wᵀ restricted to the kept singular vectors: the core's CP factor in mode k.
    zs.push(matmul(v, a, true, false));
    singularValues.push(s);
  });
  const core = cpToDense({ weights: x.weights, factors: zs });
  return { tucker: { core, factors }, singularValues };
}
