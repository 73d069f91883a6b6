/**
 * The ACE-style many-body basis: which invariants of the atomic density are features.
 *
 * The density of atom i has one channel per (neighbour species s, radial index n) and degree l:
 * A_i,snlm = Σ_{j of species s} R_n(r_ij) Y_lm(r̂_ij). A one-particle "block" is a = (s, n, l), with
 * degree d(a) = (n + 1) + wL·l. The invariants (O(3): every product is coupled to l = 0 with
 * l1 + l2 + … even, since energies are invariant under inversion) are
 *
 *   order 0:  B = 1  (optional constant, a fitted shift of E0)
 *   order 1:  B_a        = A_a,00                         (l = 0)
 *   order 2:  B_a1a2     = Σ_m A_a1,m A_a2,m               (l1 = l2, a1 ≤ a2)
 *   order 3:  B_a1a2a3   = Σ C^{l1l2l3}_{m1m2m3} A_a1,m1 A_a2,m2 A_a3,m3   (a1 ≤ a2 ≤ a3, triangle, even)
 *   order 4:  B_a1a2a3a4,L = Σ_M (A_a1 ⊗ A_a2)_LM (A_a3 ⊗ A_a4)_LM             (a1 ≤ a2 ≤ a3 ≤ a4, l1 + l2 + l3 + l4 even,
 *             with (A ⊗ A')_LM = Σ C^{l l' L}_{m m' M} A_m A'_m' the real CG product; one feature per intermediate L)
 *
 * kept when Σ d(a) ≤ maxDegree[order − 1] (a total-degree selection as in ACEpotentials.jl). At
 * correlation order ≤ 3 each block triple couples to an invariant along exactly one path, so the
 * feature set does not depend on the tensor-product kind; the kind decides how C is applied
 * (see `coupling.ts`). Order-4 features need an intermediate L per block quadruple; they are coupled with
 * real CG coefficients in every kind (see `quadruple.ts`), the (12)(34) pairing spanning the quadruple's
 * invariants (some are linearly dependent when blocks repeat; the ridge fit handles that). The body order is
 * the correlation order + 1.
 *
 * @example
 * ```ts
 * const spec: AceBasisSpec = { species: [1, 6, 8], order: 3, maxDegree: [10, 8, 6], wL: 1, rcut: 5, lambda: 0 };
 * ```
 */
export interface AceBasisSpec {
  /** Atomic numbers of the species, ascending. */
  readonly species: readonly number[];
  /** Correlation order (1 to 4); body order = correlation order + 1. */
  readonly order: number;
  /** Total-degree limit per correlation order (index 0 = order 1). */
  readonly maxDegree: readonly number[];
  /** Weight of l in the one-particle degree (n + 1) + wL·l. */
  readonly wL: number;
  /** Cutoff, Å. */
  readonly rcut: number;
  /** Radial transform strength λ (see `RadialBasis`). */
  readonly lambda: number;
  /** Inner radius of the radial distance map, Å (default 0; see `RadialBasis`). */
  readonly rin?: number;
  /** Add a constant feature (order 0, B = 1) per centre species, i.e. fit a shift of E0 (default false). */
  readonly constant?: boolean;
}

/**
 * Factor slots per feature in the flat factor arrays (the largest correlation order): factor q of feature k
 * is at index `FACTOR_SLOTS·k + q`.
 *
 * @example
 * ```ts
 * const lOfSecondFactor = features.factorL[FACTOR_SLOTS * k + 1];
 * ```
 */
export const FACTOR_SLOTS = 4;
const SLOTS = FACTOR_SLOTS;

/**
 * The features as flat arrays: correlation order and the blocks (neighbour species index, n, l) of each.
 *
 * @example
 * ```ts
 * const { order, factorL } = enumerateFeatures(spec);
 * const lOfFirstFactorOfFeature7 = factorL[3 * 7];
 * ```
 */
export interface FeatureList {
  readonly count: number;
  /** Number of radial functions needed. */
  readonly nmax: number;
  /** Largest l needed. */
  readonly lmax: number;
  readonly order: Uint8Array;
  /** Per feature, {@link FACTOR_SLOTS} slots: neighbour species index of each factor (−1 when unused). */
  readonly factorSpecies: Int32Array;
  readonly factorN: Int32Array;
  readonly factorL: Int32Array;
  /** Sum of the one-particle degrees, per feature (used by the smoothness prior). */
  readonly degree: Float64Array;
  /** Intermediate L of the (12)(34) coupling of order-4 features (−1 for other orders). */
  readonly coupledL: Int32Array;
}

/**
 * Builds the feature list of a basis specification.
 *
 * @example
 * ```ts
 * const features = enumerateFeatures({ species: [14], order: 3, maxDegree: [12, 12, 12], wL: 1, rcut: 5.5, lambda: 0 });
 * features.count; // 347
 * ```
 */
export function enumerateFeatures(spec: AceBasisSpec): FeatureList {
  if (!(spec.order >= 1 && spec.order <= 4 && Number.isInteger(spec.order))) {
    throw new RangeError(`correlation order must be 1, 2, 3 or 4, got ${spec.order}`);
  }
  if (spec.maxDegree.length < spec.order) throw new RangeError(`maxDegree needs ${spec.order} entries, got ${spec.maxDegree.length}`);
  if (spec.species.length === 0) throw new RangeError('the basis needs at least one species');
  const S = spec.species.length;
  const wL = spec.wL;
  const d = (n: number, l: number): number => n + 1 + wL * l;
  const eps = 1e-9;
  const D = spec.maxDegree;
  // Blocks sorted by (s, n, l).
  const dmax = Math.max(...D.slice(0, spec.order));
  const blocks: { s: number; n: number; l: number; deg: number }[] = [];
  for (let s = 0; s < S; s++) {
    for (let n = 0; d(n, 0) <= dmax + eps; n++) {
      for (let l = 0; d(n, l) <= dmax + eps; l++) blocks.push({ s, n, l, deg: d(n, l) });
    }
  }
  const feats: { order: number; f: { s: number; n: number; l: number }[]; deg: number; L?: number }[] = [];
  if (spec.constant) feats.push({ order: 0, f: [], deg: 0 });
  for (const a of blocks) if (a.l === 0 && a.deg <= (D[0] as number) + eps) feats.push({ order: 1, f: [a], deg: a.deg });
  if (spec.order >= 2) {
    const D2 = D[1] as number;
    for (let i = 0; i < blocks.length; i++) {
      const a = blocks[i]!;
      for (let j = i; j < blocks.length; j++) {
        const b = blocks[j]!;
        if (b.l !== a.l || a.deg + b.deg > D2 + eps) continue;
        feats.push({ order: 2, f: [a, b], deg: a.deg + b.deg });
      }
    }
  }
  if (spec.order >= 3) {
    const D3 = D[2] as number;
    for (let i = 0; i < blocks.length; i++) {
      const a = blocks[i]!;
      for (let j = i; j < blocks.length; j++) {
        const b = blocks[j]!;
        if (a.deg + b.deg > D3 + eps) continue;
        for (let k = j; k < blocks.length; k++) {
          const c = blocks[k]!;
          const deg = a.deg + b.deg + c.deg;
          if (deg > D3 + eps) continue;
          if (c.l < Math.abs(a.l - b.l) || c.l > a.l + b.l || (a.l + b.l + c.l) % 2 !== 0) continue;
          feats.push({ order: 3, f: [a, b, c], deg });
        }
      }
    }
  }
  if (spec.order >= 4) feats.push(...quadrupleFeatures(blocks, D[3] as number));
  const P = feats.length;
  const order = new Uint8Array(P);
  const factorSpecies = new Int32Array(SLOTS * P).fill(-1);
  const factorN = new Int32Array(SLOTS * P);
  const factorL = new Int32Array(SLOTS * P);
  const degree = new Float64Array(P);
  const coupledL = new Int32Array(P).fill(-1);
  let nmax = 1;
  let lmax = 0;
  feats.forEach((ft, k) => {
    order[k] = ft.order;
    degree[k] = ft.deg;
    if (ft.L !== undefined) coupledL[k] = ft.L;
    ft.f.forEach((b, q) => {
      factorSpecies[SLOTS * k + q] = b.s;
      factorN[SLOTS * k + q] = b.n;
      factorL[SLOTS * k + q] = b.l;
      nmax = Math.max(nmax, b.n + 1);
      lmax = Math.max(lmax, b.l);
    });
  });
  return { count: P, nmax, lmax, order, factorSpecies, factorN, factorL, degree, coupledL };
}

interface Block {
  readonly s: number;
  readonly n: number;
  readonly l: number;
  readonly deg: number;
}

/**
 * Order-4 features: sorted block quadruples a1 ≤ a2 ≤ a3 ≤ a4 of total degree ≤ `maxDegree` with an even
 * l-sum, one per intermediate L shared by the (l1, l2) and (l3, l4) triangles. A pair of equal blocks coupled
 * to an L of the other parity than 2l is antisymmetric, hence zero, and skipped.
 */
function quadrupleFeatures(blocks: readonly Block[], maxDegree: number): { order: number; f: Block[]; deg: number; L: number }[] {
  const eps = 1e-9;
  const out: { order: number; f: Block[]; deg: number; L: number }[] = [];
  const nb = blocks.length;
  for (let i = 0; i < nb; i++) {
    const a = blocks[i]!;
    for (let j = i; j < nb; j++) {
      const b = blocks[j]!;
      if (a.deg + b.deg > maxDegree + eps) continue;
      for (let k = j; k < nb; k++) {
        const c = blocks[k]!;
        if (a.deg + b.deg + c.deg > maxDegree + eps) continue;
        for (let q = k; q < nb; q++) {
          const d = blocks[q]!;
          const deg = a.deg + b.deg + c.deg + d.deg;
          if (deg > maxDegree + eps || (a.l + b.l + c.l + d.l) % 2 !== 0) continue;
          const lo = Math.max(Math.abs(a.l - b.l), Math.abs(c.l - d.l));
          const hi = Math.min(a.l + b.l, c.l + d.l);
          for (let L = lo; L <= hi; L++) {
            if (i === j && (a.l + b.l + L) % 2 !== 0) continue;
            if (k === q && (c.l + d.l + L) % 2 !== 0) continue;
            out.push({ order: 4, f: [a, b, c, d], deg, L });
          }
        }
      }
    }
  }
  return out;
}
