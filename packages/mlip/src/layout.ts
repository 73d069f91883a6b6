import { FACTOR_SLOTS, type FeatureList } from './basis.ts';

const SLOTS = FACTOR_SLOTS;

/**
 * Index arithmetic shared by the density, the couplings and the chain rule.
 *
 * The density of one atom is a flat `Float64Array(S·nmax·nlm)` with A[(s·nmax + n)·nlm + l² + l + m]
 * (e3nn's flat index l² + l + m within a channel, nlm = (lmax + 1)²). The adjoint of feature k with
 * respect to its factor q (q < order) is a vector of length 2l_q + 1 stored at `adjointOffset[FACTOR_SLOTS·k + q]`.
 *
 * @example
 * ```ts
 * const firstFactorOfFeature5 = density.subarray(layout.densityOffset[15], layout.densityOffset[15] + 2 * l + 1);
 * ```
 */
export interface FeatureLayout {
  readonly features: FeatureList;
  readonly speciesCount: number;
  readonly nmax: number;
  readonly lmax: number;
  /** (lmax + 1)². */
  readonly nlm: number;
  /** S·nmax·nlm. */
  readonly densitySize: number;
  /** Offset of each factor's l-block in the density (FACTOR_SLOTS slots per feature). */
  readonly densityOffset: Int32Array;
  /** Offset of each factor's l-block within one neighbour-species slab (n·nlm + l²). */
  readonly slabOffset: Int32Array;
  /** Offset of each factor's adjoint in the adjoint buffer (FACTOR_SLOTS slots per feature). */
  readonly adjointOffset: Int32Array;
  readonly adjointSize: number;
  /** Indices of the order-3 features. */
  readonly triples: Int32Array;
  /** Indices of the order-4 features. */
  readonly quadruples: Int32Array;
}

/**
 * Builds the layout of a feature list for `speciesCount` neighbour species.
 *
 * @example
 * ```ts
 * const layout = buildLayout(enumerateFeatures(spec), spec.species.length);
 * const density = new Float64Array(layout.densitySize);
 * ```
 */
export function buildLayout(features: FeatureList, speciesCount: number): FeatureLayout {
  const { nmax, lmax, count } = features;
  const nlm = (lmax + 1) * (lmax + 1);
  const densityOffset = new Int32Array(SLOTS * count);
  const slabOffset = new Int32Array(SLOTS * count);
  const adjointOffset = new Int32Array(SLOTS * count);
  let adj = 0;
  const triples: number[] = [];
  const quadruples: number[] = [];
  for (let k = 0; k < count; k++) {
    const order = features.order[k] as number;
    if (order === 3) triples.push(k);
    if (order === 4) quadruples.push(k);
    for (let q = 0; q < order; q++) {
      const s = features.factorSpecies[SLOTS * k + q] as number;
      const n = features.factorN[SLOTS * k + q] as number;
      const l = features.factorL[SLOTS * k + q] as number;
      slabOffset[SLOTS * k + q] = n * nlm + l * l;
      densityOffset[SLOTS * k + q] = s * nmax * nlm + n * nlm + l * l;
      adjointOffset[SLOTS * k + q] = adj;
      adj += 2 * l + 1;
    }
  }
  return {
    features,
    speciesCount,
    nmax,
    lmax,
    nlm,
    densitySize: speciesCount * nmax * nlm,
    densityOffset,
    slabOffset,
    adjointOffset,
    adjointSize: adj,
    triples: Int32Array.from(triples),
    quadruples: Int32Array.from(quadruples),
  };
}
