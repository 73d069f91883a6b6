import { type CpTensor, mat, rhosvd, type TuckerTensor } from '@equitensor/tensor';
import { gaussianIntegral } from '../special.ts';
import { type SincQuadrature, sincQuadrature } from './sinc.ts';

/**
 * Options of {@link newtonReferenceTensor}.
 *
 * @example
 * ```ts
 * newtonReferenceTensor({ n: 128, domain: [-1, 1], accuracy: 1e-8 });
 * ```
 */
export interface NewtonReferenceOptions {
  /** Cells per axis. */
  readonly n: number;
  /** The cube [lo, hi]³ (default [−1, 1]). */
  readonly domain?: readonly [number, number];
  /** Requested relative accuracy of the sinc quadrature (default 1e-7). */
  readonly accuracy?: number;
  /** A ready quadrature to use instead of tuning one on [h√ε, √3·(hi − lo)]. */
  readonly quadrature?: SincQuadrature;
}

/**
 * The canonical reference tensor of 1/|x| on a cell grid and its quadrature.
 *
 * @example
 * ```ts
 * const { cp, centres, cellWidth } = newtonReferenceTensor({ n: 64 });
 * ```
 */
export interface NewtonReferenceTensor {
  /**
   * CP tensor with weights a_k and the same factor in the three modes, U[i, k] = ∫_{cell i} exp(−t_k² x²) dx:
   * Σ_k a_k U[i,k] U[j,k] U[l,k] = ∫_{cell ijl} quad(|x|) dx ≈ ∫_{cell ijl} 1/|x| dx (Galerkin projection).
   * Divide by the cell volume h³ for the potential at the cell centre.
   */
  readonly cp: CpTensor;
  /** Cell centres x_i = lo + (i + ½)h. */
  readonly centres: Float64Array;
  readonly cellWidth: number;
  readonly quadrature: SincQuadrature;
}

/**
 * The canonical (CP) reference tensor of the Newton kernel 1/|x| on an n³ cell grid, by Galerkin projection
 * onto the cells: each sinc term exp(−t_k²|x|²) is separable, and its cell integrals are erf differences
 * (√π/2t)(erf(t x_{i+½}) − erf(t x_{i−½})). Rank R = M + 1. This is the construction of the
 * Benner–Khoromskaia–Khoromskij papers and of the Chebyshev-Tucker paper's data. Cost O(n R).
 *
 * @example
 * ```ts
 * import { newtonReferenceTensor } from '@equitensor/electrostatics';
 * const ref = newtonReferenceTensor({ n: 256, accuracy: 1e-7 });
 * ref.cp.weights.length; // the canonical rank R
 * ```
 */
export function newtonReferenceTensor(options: NewtonReferenceOptions): NewtonReferenceTensor {
  const { n } = options;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`newtonReferenceTensor: n must be an integer ≥ 2, got ${n}`);
  const [lo, hi] = options.domain ?? [-1, 1];
  if (!(hi > lo)) throw new RangeError(`newtonReferenceTensor: domain must have hi > lo, got [${lo}, ${hi}]`);
  const h = (hi - lo) / n;
  const accuracy = options.accuracy ?? 1e-7;
  // The cells next to the singularity integrate 1/ρ down to ρ = 0: the ball ρ < r holds a fraction ≈ 0.66 (r/h)²
  // of such a cell's integral, so tuning the quadrature down to r = h√ε keeps that part below ε.
  const quadrature = options.quadrature ?? sincQuadrature({ accuracy, rMin: h * Math.sqrt(accuracy), rMax: Math.sqrt(3) * (hi - lo) });
  const rank = quadrature.t.length;
  const factor = mat(n, rank);
  const centres = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    centres[i] = lo + (i + 0.5) * h;
    for (let k = 0; k < rank; k++) factor.data[i * rank + k] = gaussianIntegral(quadrature.t[k]!, lo + i * h, lo + (i + 1) * h);
  }
  const cp: CpTensor = { weights: Float64Array.from(quadrature.a), factors: [factor, factor, factor] };
  return { cp, centres, cellWidth: h, quadrature };
}

/**
 * Compress a canonical tensor to Tucker form by SVD of its side matrices (RHOSVD from `@equitensor/tensor`),
 * with relative tolerance ε on each side matrix. For the Newton kernel the Tucker ranks are much smaller
 * than the canonical rank for the long-range terms and grow slowly with n.
 *
 * @example
 * ```ts
 * const { tucker, ranks } = compressCanonical(newtonReferenceTensor({ n: 128 }).cp, 1e-6);
 * ```
 */
export function compressCanonical(cp: CpTensor, eps: number): { tucker: TuckerTensor; ranks: number[] } {
  const { tucker } = rhosvd(cp, { eps, svd: 'qr' });
  return { tucker, ranks: [...tucker.core.shape] };
}
