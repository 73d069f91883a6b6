import { createTripleProduct, type TensorProductKind } from '@equitensor/so3';
import { FACTOR_SLOTS } from './basis.ts';
import type { FeatureLayout } from './layout.ts';

const SLOTS = FACTOR_SLOTS;

/**
 * The order-3 invariants Σ C_{m1m2m3} A_m1 A_m2 A_m3 of ACE densities and their adjoints, per tensor-product kind: a
 * thin adapter over so3's triple products (`createTripleProduct`, `@equitensor/so3`'s `src/kinds/triple-product.ts`),
 * which own the kinds' contractions — `cg` (sparse real Clebsch-Gordan), `gaunt` (sparse Gaunt coefficients, equal to
 * `cg` up to one scale per path, so a linear fit is the same model), `grid` (the density blocks on a sphere grid exact
 * for l1+l2+l3, multiplied pointwise; equal to `gaunt` to rounding) and `cp` (each path's w3j tensor as a rank-R CP).
 * This module only maps mlip's feature layout (factor slots of the order-3 features) onto so3's triple layout, and
 * keeps mlip's names: the kinds are so3's `TensorProductKind` / `TENSOR_PRODUCT_KINDS`, re-exported here.
 *
 * Orders 1 and 2 are the same in every kind (a copy and a dot product); order 4 is `quadruple.ts` (real CG pairings).
 */
export type { TensorProductKind } from '@equitensor/so3';
export { TENSOR_PRODUCT_KINDS } from '@equitensor/so3';

/**
 * Order-3 coupling of one kind, bound to a feature layout.
 *
 * @example
 * ```ts
 * const coupling = createCoupling('cg', layout);
 * coupling.load(density); // once per atom: what the kind precomputes from the density
 * coupling.values(features); // writes the order-3 entries of `features`
 * ```
 */
export interface TripleCoupling {
  readonly kind: TensorProductKind;
  /** Multiply-adds per atom for the order-3 feature values (a cost model). */
  readonly flopsPerAtom: number;
  /** Free-form facts about the kind: coefficient counts, grid size, CP rank, coupling error. */
  readonly info: Readonly<Record<string, number>>;
  /**
   * Sets the density A that {@link values}, {@link adjoints} and {@link weightedAdjoint} work on (kept by reference),
   * and computes once what they share: the sphere-grid values for `grid`, the CP projections for `cp`.
   */
  load(A: Float64Array): void;
  /** Writes B[k] for every order-3 feature k of the loaded density. */
  values(B: Float64Array): void;
  /** Writes the per-feature adjoints ∂B_k/∂A of every order-3 feature into `adjoint` (see `FeatureLayout`). */
  adjoints(adjoint: Float64Array): void;
  /** Adds Σ_k c_k ∂B_k/∂A over the order-3 features to `gradA` (c indexed by feature). */
  weightedAdjoint(coefficients: Float64Array, coefficientOffset: number, gradA: Float64Array): void;
}

/**
 * Spherical-harmonic normalisation used throughout the package (e3nn's default).
 *
 * @example
 * ```ts
 * sphericalHarmonics(2, vectors, true, SH_NORMALIZATION);
 * ```
 */
export const SH_NORMALIZATION = 'integral' as const;

/**
 * Builds the order-3 coupling of a kind for a layout (so3's triple product of that kind over the order-3 features).
 *
 * @example
 * ```ts
 * const coupling = createCoupling('grid', layout);
 * console.log(coupling.info.gridPoints);
 * ```
 */
export function createCoupling(kind: TensorProductKind, layout: FeatureLayout, options: { cpRank?: number } = {}): TripleCoupling {
  const { triples, features, densityOffset, adjointOffset } = layout;
  const T = triples.length;
  const l = new Int32Array(3 * T);
  const offset = new Int32Array(3 * T);
  const adjoint = new Int32Array(3 * T);
  for (let t = 0; t < T; t++) {
    const k = triples[t] as number;
    for (let q = 0; q < 3; q++) {
      l[3 * t + q] = features.factorL[SLOTS * k + q] as number;
      offset[3 * t + q] = densityOffset[SLOTS * k + q] as number;
      adjoint[3 * t + q] = adjointOffset[SLOTS * k + q] as number;
    }
  }
  const tp = createTripleProduct(
    kind,
    { count: T, l, offset, adjointOffset: adjoint, output: Int32Array.from(triples), lmax: layout.lmax },
    { ...(options.cpRank !== undefined ? { cpRank: options.cpRank } : {}), normalization: SH_NORMALIZATION },
  );
  return {
    kind: tp.kind,
    flopsPerAtom: tp.flops,
    info: tp.info,
    load: tp.load,
    values: tp.values,
    adjoints: tp.adjoints,
    weightedAdjoint: tp.weightedAdjoint,
  };
}
