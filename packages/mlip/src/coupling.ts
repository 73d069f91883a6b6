import {
  gaunt,
  resolveCpRank,
  sphereGrid,
  sphericalHarmonics,
  TENSOR_PRODUCT_KINDS,
  type TensorProductKind,
  wigner3j,
} from '@equitensor/so3';
import { type SparseTensor3, sparseCpAls } from '@equitensor/tensor';
import { FACTOR_SLOTS } from './basis.ts';
import type { FeatureLayout } from './layout.ts';

const SLOTS = FACTOR_SLOTS;

/**
 * The tensor-product kinds are so3's (`TensorProductKind`, `TENSOR_PRODUCT_KINDS` from `@equitensor/so3`, re-exported
 * here for mlip's API); this module computes, for each kind, the order-3 invariants Σ C_{m1m2m3} A_m1 A_m2 A_m3 of
 * ACE densities and their adjoints:
 *
 * - `cg`: the real Clebsch-Gordan (Wigner-3j, e3nn's `wigner_3j`) coefficients, sparse in m.
 * - `gaunt`: the Gaunt coefficients ∫ Y_l1m1 Y_l2m2 Y_l3m3 dΩ, sparse in m. For each (l1, l2, l3) they
 *   are a fixed multiple of the CG ones (l1 + l2 + l3 even), so the features equal CG's up to one scale
 *   per path and a linear fit is the same model.
 * - `grid`: each density block is evaluated on a sphere grid exact for the degrees involved and the
 *   product is taken pointwise, ∫ ρ_a1 ρ_a2 ρ_a3 dΩ — the Gaunt product without any coefficient table
 *   (equal to `gaunt` to rounding), sharing the grid values between all features that use a block.
 * - `cp`: the CG coupling tensor of each path replaced by a CP decomposition
 *   Σ_r U_{m1 r} V_{m2 r} W_{m3 r} (TDN's idea), so each feature is Σ_r (Uᵣ·A1)(Vᵣ·A2)(Wᵣ·A3).
 *
 * Orders 1 and 2 are the same in every kind (a copy and a dot product).
 *
 * A deliberate hot-loop specialisation, not a second implementation of so3's kinds: so3's `KindTensorProduct`
 * multiplies two feature batches channel-wise into a third (x1 ⊗ x2 → out, one product per row), while an ACE
 * descriptor needs the fully contracted TRIPLE product of one density with itself for many (l1, l2, l3) features at
 * once, its per-feature adjoints ∂B/∂A and a weighted adjoint, per atom and per MD step. The couplings below take
 * their coefficients from so3 (`wigner3j`, `gaunt`, `sphereGrid`, `sphericalHarmonics`) and tensor's `sparseCpAls`,
 * but share work across features in ways a pairwise product cannot: grid values of a density block computed once
 * and reused by every feature (on a grid exact for l1+l2+l3 only, smaller than so3's grid kind), CP projections
 * shared by the values and both adjoints, and the density loaded once per atom. An adapter over so3's pairwise
 * `apply` would redo that shared work per feature; mlip's evaluation speed (atom-steps/s, docs/benchmarks/mlip.md)
 * is why the contraction stays specialised here.
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

/** Sparse coefficients of one (l1, l2, l3) path: entry e is w[e] at (i1[e], i2[e], i3[e]). */
export interface SparsePath {
  readonly i1: Int32Array;
  readonly i2: Int32Array;
  readonly i3: Int32Array;
  readonly w: Float64Array;
}

function pathKey(l1: number, l2: number, l3: number): string {
  return `${l1},${l2},${l3}`;
}

/** Dense coupling tensor (2l1+1)×(2l2+1)×(2l3+1) of a kind, C order (from `@equitensor/so3`). */
function denseCoefficients(kind: 'cg' | 'gaunt', l1: number, l2: number, l3: number): Float64Array {
  return kind === 'cg' ? wigner3j(l1, l2, l3) : gaunt(l1, l2, l3);
}

/**
 * The non-zero entries (above 1e-13 of the largest) of a dense (2l1+1)×(2l2+1)×(2l3+1) coupling tensor, C order, as
 * index triples and weights.
 *
 * @example
 * ```ts
 * const path = sparsify(wigner3j(1, 1, 2), 1, 1, 2); // path.w.length non-zeros at (i1, i2, i3)
 * ```
 */
export function sparsify(dense: Float64Array, l1: number, l2: number, l3: number): SparsePath {
  const d2 = 2 * l2 + 1;
  const d3 = 2 * l3 + 1;
  let norm = 0;
  for (const v of dense) norm = Math.max(norm, Math.abs(v));
  const i1: number[] = [];
  const i2: number[] = [];
  const i3: number[] = [];
  const w: number[] = [];
  dense.forEach((v, idx) => {
    if (Math.abs(v) <= 1e-13 * norm) return;
    const c = idx % d3;
    const b = Math.floor(idx / d3) % d2;
    const a = Math.floor(idx / (d2 * d3));
    i1.push(a);
    i2.push(b);
    i3.push(c);
    w.push(v);
  });
  void l1;
  return { i1: Int32Array.from(i1), i2: Int32Array.from(i2), i3: Int32Array.from(i3), w: Float64Array.from(w) };
}

function sparseCoupling(kind: 'cg' | 'gaunt', layout: FeatureLayout): TripleCoupling {
  const paths = new Map<string, SparsePath>();
  const featurePath: SparsePath[] = [];
  const { triples, features, densityOffset: dOff, adjointOffset: aOff } = layout;
  let flops = 0;
  let coefficients = 0;
  for (const k of triples) {
    const l1 = features.factorL[SLOTS * k] as number;
    const l2 = features.factorL[SLOTS * k + 1] as number;
    const l3 = features.factorL[SLOTS * k + 2] as number;
    const key = pathKey(l1, l2, l3);
    let path = paths.get(key);
    if (!path) {
      path = sparsify(denseCoefficients(kind, l1, l2, l3), l1, l2, l3);
      paths.set(key, path);
      coefficients += path.w.length;
    }
    featurePath.push(path);
    flops += 3 * path.w.length;
  }
  let A: Float64Array = new Float64Array(0);
  return {
    kind,
    flopsPerAtom: flops,
    info: { paths: paths.size, nonzeroCoefficients: coefficients },
    load(density) {
      A = density;
    },
    values(B) {
      for (let t = 0; t < triples.length; t++) {
        const k = triples[t] as number;
        const p = featurePath[t]!;
        const o1 = dOff[SLOTS * k] as number;
        const o2 = dOff[SLOTS * k + 1] as number;
        const o3 = dOff[SLOTS * k + 2] as number;
        let s = 0;
        for (let e = 0; e < p.w.length; e++) {
          s +=
            (p.w[e] as number) *
            (A[o1 + (p.i1[e] as number)] as number) *
            (A[o2 + (p.i2[e] as number)] as number) *
            (A[o3 + (p.i3[e] as number)] as number);
        }
        B[k] = s;
      }
    },
    adjoints(adj) {
      for (let t = 0; t < triples.length; t++) {
        const k = triples[t] as number;
        const p = featurePath[t]!;
        const o1 = dOff[SLOTS * k] as number;
        const o2 = dOff[SLOTS * k + 1] as number;
        const o3 = dOff[SLOTS * k + 2] as number;
        const a1 = aOff[SLOTS * k] as number;
        const a2 = aOff[SLOTS * k + 1] as number;
        const a3 = aOff[SLOTS * k + 2] as number;
        const l1 = features.factorL[SLOTS * k] as number;
        const l2 = features.factorL[SLOTS * k + 1] as number;
        const l3 = features.factorL[SLOTS * k + 2] as number;
        adj.fill(0, a1, a1 + 2 * l1 + 1);
        adj.fill(0, a2, a2 + 2 * l2 + 1);
        adj.fill(0, a3, a3 + 2 * l3 + 1);
        for (let e = 0; e < p.w.length; e++) {
          const w = p.w[e] as number;
          const m1 = p.i1[e] as number;
          const m2 = p.i2[e] as number;
          const m3 = p.i3[e] as number;
          const x1 = A[o1 + m1] as number;
          const x2 = A[o2 + m2] as number;
          const x3 = A[o3 + m3] as number;
          adj[a1 + m1] = (adj[a1 + m1] as number) + w * x2 * x3;
          adj[a2 + m2] = (adj[a2 + m2] as number) + w * x1 * x3;
          adj[a3 + m3] = (adj[a3 + m3] as number) + w * x1 * x2;
        }
      }
    },
    weightedAdjoint(coefficients, cOff, gA) {
      for (let t = 0; t < triples.length; t++) {
        const k = triples[t] as number;
        const c = coefficients[cOff + k] as number;
        if (c === 0) continue;
        const p = featurePath[t]!;
        const o1 = dOff[SLOTS * k] as number;
        const o2 = dOff[SLOTS * k + 1] as number;
        const o3 = dOff[SLOTS * k + 2] as number;
        for (let e = 0; e < p.w.length; e++) {
          const w = c * (p.w[e] as number);
          const j1 = o1 + (p.i1[e] as number);
          const j2 = o2 + (p.i2[e] as number);
          const j3 = o3 + (p.i3[e] as number);
          const x1 = A[j1] as number;
          const x2 = A[j2] as number;
          const x3 = A[j3] as number;
          gA[j1] = (gA[j1] as number) + w * x2 * x3;
          gA[j2] = (gA[j2] as number) + w * x1 * x3;
          gA[j3] = (gA[j3] as number) + w * x1 * x2;
        }
      }
    },
  };
}

/** so3's Gauss-Legendre × uniform sphere grid, exact for every integrand of degree ≤ `degree`, as points and weights. */
function exactGrid(degree: number): { points: Float64Array; weights: Float64Array; count: number } {
  const resBeta = Math.max(1, Math.ceil((degree + 1) / 2));
  const resAlpha = degree + 1;
  const grid = sphereGrid(resBeta, resAlpha);
  const count = resBeta * resAlpha;
  const weights = new Float64Array(count);
  for (let q = 0; q < count; q++) weights[q] = grid.ringWeight[Math.floor(q / resAlpha)] as number;
  return { points: grid.vectors, weights, count };
}

function gridCoupling(layout: FeatureLayout): TripleCoupling {
  const { triples, features, densityOffset: dOff, adjointOffset: aOff, nlm } = layout;
  let maxDegree = 0;
  for (const k of triples) {
    maxDegree = Math.max(
      maxDegree,
      (features.factorL[SLOTS * k] as number) + (features.factorL[SLOTS * k + 1] as number) + (features.factorL[SLOTS * k + 2] as number),
    );
  }
  const grid = exactGrid(maxDegree);
  const Q = grid.count;
  const Yg = sphericalHarmonics(layout.lmax, grid.points, true, SH_NORMALIZATION);
  // Unique density blocks used by order-3 features.
  const blockIndex = new Map<number, number>();
  const blockOffset: number[] = [];
  const blockL: number[] = [];
  const factorBlock = new Int32Array(SLOTS * features.count);
  for (const k of triples) {
    for (let q = 0; q < 3; q++) {
      const off = dOff[SLOTS * k + q] as number;
      let b = blockIndex.get(off);
      if (b === undefined) {
        b = blockOffset.length;
        blockIndex.set(off, b);
        blockOffset.push(off);
        blockL.push(features.factorL[SLOTS * k + q] as number);
      }
      factorBlock[SLOTS * k + q] = b;
    }
  }
  const nb = blockOffset.length;
  const rho = new Float64Array(nb * Q);
  const gRho = new Float64Array(nb * Q);
  const w = grid.weights;
  const project = (A: Float64Array): void => {
    for (let b = 0; b < nb; b++) {
      const off = blockOffset[b] as number;
      const l = blockL[b] as number;
      const y0 = l * l;
      const d = 2 * l + 1;
      for (let q = 0; q < Q; q++) {
        let s = 0;
        const yq = q * nlm + y0;
        for (let m = 0; m < d; m++) s += (A[off + m] as number) * (Yg[yq + m] as number);
        rho[b * Q + q] = s;
      }
    }
  };
  let flops = 0;
  for (let b = 0; b < nb; b++) flops += Q * (2 * (blockL[b] as number) + 1);
  flops += 3 * Q * triples.length;
  return {
    kind: 'grid',
    flopsPerAtom: flops,
    info: { gridPoints: Q, gridDegree: maxDegree, blocks: nb },
    load: project,
    values(B) {
      for (const k of triples) {
        const r1 = (factorBlock[SLOTS * k] as number) * Q;
        const r2 = (factorBlock[SLOTS * k + 1] as number) * Q;
        const r3 = (factorBlock[SLOTS * k + 2] as number) * Q;
        let s = 0;
        for (let q = 0; q < Q; q++) s += (w[q] as number) * (rho[r1 + q] as number) * (rho[r2 + q] as number) * (rho[r3 + q] as number);
        B[k] = s;
      }
    },
    adjoints(adj) {
      const tmp = new Float64Array(Q);
      for (const k of triples) {
        const r = [
          (factorBlock[SLOTS * k] as number) * Q,
          (factorBlock[SLOTS * k + 1] as number) * Q,
          (factorBlock[SLOTS * k + 2] as number) * Q,
        ];
        for (let f = 0; f < 3; f++) {
          const ra = r[(f + 1) % 3] as number;
          const rb = r[(f + 2) % 3] as number;
          for (let q = 0; q < Q; q++) tmp[q] = (w[q] as number) * (rho[ra + q] as number) * (rho[rb + q] as number);
          const l = features.factorL[SLOTS * k + f] as number;
          const a0 = aOff[SLOTS * k + f] as number;
          for (let m = 0; m < 2 * l + 1; m++) {
            let s = 0;
            for (let q = 0; q < Q; q++) s += (tmp[q] as number) * (Yg[q * nlm + l * l + m] as number);
            adj[a0 + m] = s;
          }
        }
      }
    },
    weightedAdjoint(coefficients, cOff, gA) {
      gRho.fill(0);
      for (const k of triples) {
        const c = coefficients[cOff + k] as number;
        if (c === 0) continue;
        const b1 = (factorBlock[SLOTS * k] as number) * Q;
        const b2 = (factorBlock[SLOTS * k + 1] as number) * Q;
        const b3 = (factorBlock[SLOTS * k + 2] as number) * Q;
        for (let q = 0; q < Q; q++) {
          const cw = c * (w[q] as number);
          const x1 = rho[b1 + q] as number;
          const x2 = rho[b2 + q] as number;
          const x3 = rho[b3 + q] as number;
          gRho[b1 + q] = (gRho[b1 + q] as number) + cw * x2 * x3;
          gRho[b2 + q] = (gRho[b2 + q] as number) + cw * x1 * x3;
          gRho[b3 + q] = (gRho[b3 + q] as number) + cw * x1 * x2;
        }
      }
      for (let b = 0; b < nb; b++) {
        const off = blockOffset[b] as number;
        const l = blockL[b] as number;
        const y0 = l * l;
        for (let m = 0; m < 2 * l + 1; m++) {
          let s = 0;
          for (let q = 0; q < Q; q++) s += (gRho[b * Q + q] as number) * (Yg[q * nlm + y0 + m] as number);
          gA[off + m] = (gA[off + m] as number) + s;
        }
      }
    },
  };
}

/**
 * Builds the order-3 coupling of a kind for a layout.
 *
 * @example
 * ```ts
 * const coupling = createCoupling('grid', layout);
 * console.log(coupling.info.gridPoints);
 * ```
 */
export function createCoupling(kind: TensorProductKind, layout: FeatureLayout, options: { cpRank?: number } = {}): TripleCoupling {
  switch (kind) {
    case 'cg':
    case 'gaunt':
      return sparseCoupling(kind, layout);
    case 'grid':
      return gridCoupling(layout);
    case 'cp':
      return cpCoupling(layout, options.cpRank);
    default:
      throw new RangeError(`unknown tensor-product kind '${String(kind)}' (expected one of ${TENSOR_PRODUCT_KINDS.join(', ')})`);
  }
}

interface CpPath {
  readonly rank: number;
  /** Factors, row-major (2l+1) × rank. */
  readonly U: Float64Array;
  readonly V: Float64Array;
  readonly W: Float64Array;
  readonly relativeError: number;
}

/** Rank-R CP factors of one path's w3j tensor (so3's CP-ALS); the exact one-term-per-nonzero CP when R ≥ nnz. */
function cpPath(l1: number, l2: number, l3: number, rank: number | undefined): CpPath {
  const sp = sparsify(wigner3j(l1, l2, l3), l1, l2, l3);
  const nnz = sp.w.length;
  const d1 = 2 * l1 + 1;
  const d2 = 2 * l2 + 1;
  const d3 = 2 * l3 + 1;
  const resolved = rank ?? resolveCpRank('7L', Math.max(l1, l2, l3));
  const R = resolved === 'full' ? nnz : Math.min(resolved, nnz);
  if (R === nnz) {
    const U = new Float64Array(d1 * R);
    const V = new Float64Array(d2 * R);
    const W = new Float64Array(d3 * R);
    for (let r = 0; r < R; r++) {
      U[(sp.i1[r] as number) * R + r] = sp.w[r] as number;
      V[(sp.i2[r] as number) * R + r] = 1;
      W[(sp.i3[r] as number) * R + r] = 1;
    }
    return { rank: R, U, V, W, relativeError: 0 };
  }
  const t: SparseTensor3 = { a: sp.i1, b: sp.i2, c: sp.i3, value: sp.w, shape: [d1, d2, d3] };
  const f = sparseCpAls(t, R, { iterations: 500, seed: 0 });
  return { rank: R, U: f.A, V: f.B, W: f.C, relativeError: f.relativeError };
}

function cpCoupling(layout: FeatureLayout, rank: number | undefined): TripleCoupling {
  const { triples, features, densityOffset: dOff, adjointOffset: aOff } = layout;
  const paths = new Map<string, CpPath>();
  const featurePath: CpPath[] = [];
  let flops = 0;
  let worstError = 0;
  let maxRank = 0;
  for (const k of triples) {
    const l1 = features.factorL[SLOTS * k] as number;
    const l2 = features.factorL[SLOTS * k + 1] as number;
    const l3 = features.factorL[SLOTS * k + 2] as number;
    const key = pathKey(l1, l2, l3);
    let p = paths.get(key);
    if (!p) {
      p = cpPath(l1, l2, l3, rank);
      paths.set(key, p);
      worstError = Math.max(worstError, p.relativeError);
      maxRank = Math.max(maxRank, p.rank);
    }
    featurePath.push(p);
    flops += p.rank * (2 * (l1 + l2 + l3) + 3 + 1);
  }
  // Projections p1_r = Σ_m U[m,r] A1[m] (and p2, p3) of every feature t, at proj[projOffset[t] + q·R + r].
  const projOffset = new Int32Array(triples.length);
  let projSize = 0;
  featurePath.forEach((p, t) => {
    projOffset[t] = projSize;
    projSize += 3 * p.rank;
  });
  const proj = new Float64Array(projSize);
  const projectAll = (A: Float64Array): void => {
    proj.fill(0);
    for (let t = 0; t < triples.length; t++) {
      const k = triples[t] as number;
      const p = featurePath[t]!;
      const R = p.rank;
      const base = projOffset[t] as number;
      const factors = [p.U, p.V, p.W];
      for (let q = 0; q < 3; q++) {
        const F = factors[q]!;
        const o = dOff[SLOTS * k + q] as number;
        const d = 2 * (features.factorL[SLOTS * k + q] as number) + 1;
        for (let m = 0; m < d; m++) {
          const x = A[o + m] as number;
          if (x === 0) continue;
          for (let r = 0; r < R; r++) proj[base + q * R + r] = (proj[base + q * R + r] as number) + (F[m * R + r] as number) * x;
        }
      }
    }
  };
  const backProject = (t: number, scale: number, out: Float64Array, outOffsets: readonly number[]): void => {
    const k = triples[t] as number;
    const p = featurePath[t]!;
    const R = p.rank;
    const base = projOffset[t] as number;
    const factors = [p.U, p.V, p.W];
    for (let q = 0; q < 3; q++) {
      const F = factors[q]!;
      const a = (q + 1) % 3;
      const b = (q + 2) % 3;
      const d = 2 * (features.factorL[SLOTS * k + q] as number) + 1;
      const o = outOffsets[q] as number;
      for (let m = 0; m < d; m++) {
        let s = 0;
        for (let r = 0; r < R; r++) s += (F[m * R + r] as number) * (proj[base + a * R + r] as number) * (proj[base + b * R + r] as number);
        out[o + m] = (out[o + m] as number) + scale * s;
      }
    }
  };
  return {
    kind: 'cp',
    flopsPerAtom: flops,
    info: { paths: paths.size, maxRank, worstRelativeError: worstError },
    load: projectAll,
    values(B) {
      for (let t = 0; t < triples.length; t++) {
        const k = triples[t] as number;
        const R = featurePath[t]!.rank;
        const base = projOffset[t] as number;
        let s = 0;
        for (let r = 0; r < R; r++) s += (proj[base + r] as number) * (proj[base + R + r] as number) * (proj[base + 2 * R + r] as number);
        B[k] = s;
      }
    },
    adjoints(adj) {
      for (let t = 0; t < triples.length; t++) {
        const k = triples[t] as number;
        const offs = [aOff[SLOTS * k] as number, aOff[SLOTS * k + 1] as number, aOff[SLOTS * k + 2] as number];
        for (let q = 0; q < 3; q++) adj.fill(0, offs[q], (offs[q] as number) + 2 * (features.factorL[SLOTS * k + q] as number) + 1);
        backProject(t, 1, adj, offs);
      }
    },
    weightedAdjoint(coefficients, cOff, gA) {
      for (let t = 0; t < triples.length; t++) {
        const k = triples[t] as number;
        const c = coefficients[cOff + k] as number;
        if (c === 0) continue;
        backProject(t, c, gA, [dOff[SLOTS * k] as number, dOff[SLOTS * k + 1] as number, dOff[SLOTS * k + 2] as number]);
      }
    },
  };
}
