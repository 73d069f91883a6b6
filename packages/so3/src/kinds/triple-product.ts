/**
 * The tensor-product kinds as fully contracted TRIPLE products of one coefficient vector with itself, with adjoints:
 * for each triple t of (2l+1)-blocks a1, a2, a3 of a vector A (e3nn's real spherical-harmonic layout),
 *
 *   B_t = Σ_{m1 m2 m3} C^{l1 l2 l3}_{m1 m2 m3} a1_{m1} a2_{m2} a3_{m3},
 *
 * its adjoints ∂B_t/∂a_q, and the weighted adjoint Σ_t c_t ∂B_t/∂A. This is what an ACE descriptor's order-3
 * invariants are (mlip's couplings are a thin adapter over it), and it is the same contraction as the channel-wise
 * `KindTensorProduct` of `create.ts` followed by a dot product with a third input — computed so that work is shared
 * across many triples of the same vector: the blocks' grid values (grid kind) and CP projections (cp kind) once per
 * vector, reused by every triple, by the values and by both adjoints.
 *
 * - `cg`: the real Clebsch-Gordan (e3nn's unit-norm `wigner_3j`) coefficients, sparse in m.
 * - `gaunt`: the Gaunt coefficients ∫ Y_l1m1 Y_l2m2 Y_l3m3 dΩ, sparse in m (a fixed multiple of `cg` per path).
 * - `grid`: each block evaluated on a Gauss-Legendre × uniform grid exact for the largest l1+l2+l3 (smaller than the
 *   pairwise grid kind's, which must also represent the output) and multiplied pointwise: ∫ ρ1 ρ2 ρ3 dΩ, equal to
 *   `gaunt` to rounding, without a coefficient table.
 * - `cp`: each path's w3j tensor as a rank-R CP decomposition Σ_r U_{m1 r} V_{m2 r} W_{m3 r} (TDN's idea; tensor's
 *   `sparseCpAls`), so B_t = Σ_r (Uᵣ·a1)(Vᵣ·a2)(Wᵣ·a3); exact when R ≥ the path's non-zeros.
 */
import { type SparseTensor3, sparseCpAls } from '@equitensor/tensor';
import { gaunt } from '../gaunt.ts';
import { sphereGrid } from '../quadrature.ts';
import { type ShNormalization, sphericalHarmonics } from '../spherical-harmonics.ts';
import { wigner3j } from '../wigner-3j.ts';
import { resolveCpRank } from './cp-kind.ts';
import { TENSOR_PRODUCT_KINDS, type TensorProductKind } from './types.ts';

/**
 * Where the triples' blocks are: triple t has factors q = 0, 1, 2 of degree `l[3t + q]` at `offset[3t + q]` of the
 * coefficient vector (2l+1 entries each), adjoints at `adjointOffset[3t + q]` of the adjoint buffer, and its value at
 * `output[t]` of the value vector (also the index of its weight in {@link TripleProduct.weightedAdjoint}).
 *
 * @example
 * ```ts
 * // one triple (1, 1, 2) of the blocks l = 1 at 1 and l = 2 at 4 of a vector with lmax = 2
 * const layout: TripleLayout = { count: 1, l: Int32Array.of(1, 1, 2), offset: Int32Array.of(1, 1, 4),
 *   adjointOffset: Int32Array.of(0, 3, 6), output: Int32Array.of(0), lmax: 2 };
 * ```
 */
export interface TripleLayout {
  readonly count: number;
  readonly l: Int32Array;
  readonly offset: Int32Array;
  readonly adjointOffset: Int32Array;
  readonly output: Int32Array;
  /** Largest degree of the coefficient vector (the grid kind's harmonics table is (lmax + 1)² wide). */
  readonly lmax: number;
}

/** Options of {@link createTripleProduct}. */
export interface TripleProductOptions {
  /** CP kind: the rank of every path (default TDN's `'7L'`); at or above a path's non-zeros the exact CP is used. */
  readonly cpRank?: number;
  /** Normalisation of the harmonics the coefficients expand in (grid kind; default `'integral'`, e3nn's default). */
  readonly normalization?: ShNormalization;
}

/**
 * A kind's triple product bound to a layout.
 *
 * @example
 * ```ts
 * const tp = createTripleProduct('grid', layout);
 * tp.load(A); // once per coefficient vector: what the kind precomputes from it
 * tp.values(B); // B[output[t]] for every triple t
 * ```
 */
export interface TripleProduct {
  readonly kind: TensorProductKind;
  /** Multiply-adds per vector for the values (a cost model). */
  readonly flops: number;
  /** Free-form facts about the kind: coefficient counts, grid size, CP rank and error. */
  readonly info: Readonly<Record<string, number>>;
  /**
   * Sets the vector A that {@link values}, {@link adjoints} and {@link weightedAdjoint} work on (kept by reference),
   * and computes once what they share: the grid values for `grid`, the CP projections for `cp`.
   */
  load(A: Float64Array): void;
  /** Writes B[output[t]] for every triple t of the loaded vector. */
  values(B: Float64Array): void;
  /** Writes the adjoints ∂B_t/∂a_q of every triple at `adjointOffset[3t + q]` of `adjoint`. */
  adjoints(adjoint: Float64Array): void;
  /** Adds Σ_t c[cOffset + output[t]] ∂B_t/∂A to `gradA`. */
  weightedAdjoint(coefficients: Float64Array, coefficientOffset: number, gradA: Float64Array): void;
}

/** Sparse coefficients of one (l1, l2, l3) path: entry e is w[e] at (i1[e], i2[e], i3[e]). */
export interface SparsePath {
  readonly i1: Int32Array;
  readonly i2: Int32Array;
  readonly i3: Int32Array;
  readonly w: Float64Array;
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
  if (dense.length !== (2 * l1 + 1) * d2 * d3)
    throw new RangeError(`sparsify: a (${l1}, ${l2}, ${l3}) tensor has ${(2 * l1 + 1) * d2 * d3} entries, got ${dense.length}`);
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
  return { i1: Int32Array.from(i1), i2: Int32Array.from(i2), i3: Int32Array.from(i3), w: Float64Array.from(w) };
}

/**
 * The triple product of a kind for a layout.
 *
 * @example
 * ```ts
 * const tp = createTripleProduct('cg', layout);
 * tp.load(A);
 * tp.values(B);
 * ```
 */
export function createTripleProduct(kind: TensorProductKind, layout: TripleLayout, options: TripleProductOptions = {}): TripleProduct {
  checkLayout(layout);
  switch (kind) {
    case 'cg':
    case 'gaunt':
      return sparseTriple(kind, layout);
    case 'grid':
      return gridTriple(layout, options.normalization ?? 'integral');
    case 'cp':
      return cpTriple(layout, options.cpRank);
    default:
      throw new RangeError(`unknown tensor-product kind '${String(kind)}' (expected one of ${TENSOR_PRODUCT_KINDS.join(', ')})`);
  }
}

function checkLayout(layout: TripleLayout): void {
  const { count, l, offset, adjointOffset, output, lmax } = layout;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`triple product: count must be a non-negative integer, got ${count}`);
  for (const [name, a, n] of [
    ['l', l, 3 * count],
    ['offset', offset, 3 * count],
    ['adjointOffset', adjointOffset, 3 * count],
    ['output', output, count],
  ] as const) {
    if (a.length < n) throw new RangeError(`triple product: ${name} needs ${n} entries for ${count} triples, got ${a.length}`);
  }
  for (let e = 0; e < 3 * count; e++) {
    const d = l[e] as number;
    if (d < 0 || d > lmax)
      throw new RangeError(`triple product: degree ${d} of factor ${e % 3} of triple ${Math.floor(e / 3)} is outside 0…lmax = ${lmax}`);
  }
}

/** Coefficients of each distinct (l1, l2, l3) path, built once (`unique`, in order of first use) and listed per triple. */
function pathsOf<P>(layout: TripleLayout, build: (l1: number, l2: number, l3: number) => P): { perTriple: P[]; unique: P[] } {
  const { count: T, l: L } = layout;
  const byKey = new Map<string, P>();
  const perTriple: P[] = [];
  for (let t = 0; t < T; t++) {
    const l1 = L[3 * t] as number;
    const l2 = L[3 * t + 1] as number;
    const l3 = L[3 * t + 2] as number;
    const key = `${l1},${l2},${l3}`;
    let path = byKey.get(key);
    if (path === undefined) {
      path = build(l1, l2, l3);
      byKey.set(key, path);
    }
    perTriple.push(path);
  }
  return { perTriple, unique: [...byKey.values()] };
}

// values, adjoints and weightedAdjoint below each repeat a triple's offset loads on purpose: each is one tight loop over
// the path's non-zeros, run per atom and per MD step, with the offsets in registers (a shared helper would add a call
// or a closure per triple).
function sparseTriple(kind: 'cg' | 'gaunt', layout: TripleLayout): TripleProduct {
  const { count: T, l: L, offset: dOff, adjointOffset: aOff, output } = layout;
  const { perTriple: triplePath, unique } = pathsOf(layout, (l1, l2, l3) =>
    sparsify(kind === 'cg' ? wigner3j(l1, l2, l3) : gaunt(l1, l2, l3), l1, l2, l3),
  );
  let flops = 0;
  for (const path of triplePath) flops += 3 * path.w.length;
  let coefficients = 0;
  for (const path of unique) coefficients += path.w.length;
  const paths = unique;
  let A: Float64Array = new Float64Array(0);
  // Deliberate hot-loop specialisation: `values` and `adjoints` walk the same triples with the same offset loads, each
  // with its own inner update inlined (a shared walk would cost a callback per coefficient).
  return {
    kind,
    flops,
    info: { paths: paths.length, nonzeroCoefficients: coefficients },
    load(vector) {
      A = vector;
    },
    values(B) {
      for (let t = 0; t < T; t++) {
        const p = triplePath[t]!;
        const o1 = dOff[3 * t] as number;
        const o2 = dOff[3 * t + 1] as number;
        const o3 = dOff[3 * t + 2] as number;
        let s = 0;
        for (let e = 0; e < p.w.length; e++) {
          s +=
            (p.w[e] as number) *
            (A[o1 + (p.i1[e] as number)] as number) *
            (A[o2 + (p.i2[e] as number)] as number) *
            (A[o3 + (p.i3[e] as number)] as number);
        }
        B[output[t] as number] = s;
      }
    },
    adjoints(adj) {
      for (let t = 0; t < T; t++) {
        const p = triplePath[t]!;
        const o1 = dOff[3 * t] as number;
        const o2 = dOff[3 * t + 1] as number;
        const o3 = dOff[3 * t + 2] as number;
        const a1 = aOff[3 * t] as number;
        const a2 = aOff[3 * t + 1] as number;
        const a3 = aOff[3 * t + 2] as number;
        adj.fill(0, a1, a1 + 2 * (L[3 * t] as number) + 1);
        adj.fill(0, a2, a2 + 2 * (L[3 * t + 1] as number) + 1);
        adj.fill(0, a3, a3 + 2 * (L[3 * t + 2] as number) + 1);
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
      for (let t = 0; t < T; t++) {
        const c = coefficients[cOff + (output[t] as number)] as number;
        if (c === 0) continue;
        const p = triplePath[t]!;
        const o1 = dOff[3 * t] as number;
        const o2 = dOff[3 * t + 1] as number;
        const o3 = dOff[3 * t + 2] as number;
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

/** Gauss-Legendre × uniform sphere grid exact for every integrand of degree ≤ `degree`, as points and weights. */
function exactGrid(degree: number): { points: Float64Array; weights: Float64Array; count: number } {
  const resBeta = Math.max(1, Math.ceil((degree + 1) / 2));
  const resAlpha = degree + 1;
  const grid = sphereGrid(resBeta, resAlpha);
  const count = resBeta * resAlpha;
  const weights = new Float64Array(count);
  for (let q = 0; q < count; q++) weights[q] = grid.ringWeight[Math.floor(q / resAlpha)] as number;
  return { points: grid.vectors, weights, count };
}

function gridTriple(layout: TripleLayout, normalization: ShNormalization): TripleProduct {
  const { count: T, l: L, offset: dOff, adjointOffset: aOff, output } = layout;
  const nlm = (layout.lmax + 1) * (layout.lmax + 1);
  let maxDegree = 0;
  for (let t = 0; t < T; t++) maxDegree = Math.max(maxDegree, (L[3 * t] as number) + (L[3 * t + 1] as number) + (L[3 * t + 2] as number));
  const grid = exactGrid(maxDegree);
  const Q = grid.count;
  const Yg = sphericalHarmonics(layout.lmax, grid.points, true, normalization);
  // Unique blocks used by the triples.
  const blockIndex = new Map<number, number>();
  const blockOffset: number[] = [];
  const blockL: number[] = [];
  const factorBlock = new Int32Array(3 * T);
  for (let t = 0; t < T; t++) {
    for (let q = 0; q < 3; q++) {
      const off = dOff[3 * t + q] as number;
      let b = blockIndex.get(off);
      if (b === undefined) {
        b = blockOffset.length;
        blockIndex.set(off, b);
        blockOffset.push(off);
        blockL.push(L[3 * t + q] as number);
      }
      factorBlock[3 * t + q] = b;
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
  flops += 3 * Q * T;
  return {
    kind: 'grid',
    flops,
    info: { gridPoints: Q, gridDegree: maxDegree, blocks: nb },
    load: project,
    values(B) {
      for (let t = 0; t < T; t++) {
        const r1 = (factorBlock[3 * t] as number) * Q;
        const r2 = (factorBlock[3 * t + 1] as number) * Q;
        const r3 = (factorBlock[3 * t + 2] as number) * Q;
        let s = 0;
        for (let q = 0; q < Q; q++) s += (w[q] as number) * (rho[r1 + q] as number) * (rho[r2 + q] as number) * (rho[r3 + q] as number);
        B[output[t] as number] = s;
      }
    },
    adjoints(adj) {
      const tmp = new Float64Array(Q);
      for (let t = 0; t < T; t++) {
        const r = [(factorBlock[3 * t] as number) * Q, (factorBlock[3 * t + 1] as number) * Q, (factorBlock[3 * t + 2] as number) * Q];
        for (let f = 0; f < 3; f++) {
          const ra = r[(f + 1) % 3] as number;
          const rb = r[(f + 2) % 3] as number;
          for (let q = 0; q < Q; q++) tmp[q] = (w[q] as number) * (rho[ra + q] as number) * (rho[rb + q] as number);
          const l = L[3 * t + f] as number;
          const a0 = aOff[3 * t + f] as number;
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
      for (let t = 0; t < T; t++) {
        const c = coefficients[cOff + (output[t] as number)] as number;
        if (c === 0) continue;
        const b1 = (factorBlock[3 * t] as number) * Q;
        const b2 = (factorBlock[3 * t + 1] as number) * Q;
        const b3 = (factorBlock[3 * t + 2] as number) * Q;
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

interface CpPath {
  readonly rank: number;
  /** Factors, row-major (2l+1) × rank. */
  readonly U: Float64Array;
  readonly V: Float64Array;
  readonly W: Float64Array;
  readonly relativeError: number;
}

/** Rank-R CP factors of one path's w3j tensor (tensor's sparse CP-ALS); the exact one-term-per-nonzero CP when R ≥ nnz. */
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

function cpTriple(layout: TripleLayout, rank: number | undefined): TripleProduct {
  const { count: T, l: L, offset: dOff, adjointOffset: aOff, output } = layout;
  const { perTriple: triplePath, unique: paths } = pathsOf(layout, (l1, l2, l3) => cpPath(l1, l2, l3, rank));
  let flops = 0;
  triplePath.forEach((p, t) => {
    flops += p.rank * (2 * ((L[3 * t] as number) + (L[3 * t + 1] as number) + (L[3 * t + 2] as number)) + 3 + 1);
  });
  let worstError = 0;
  let maxRank = 0;
  for (const p of paths) {
    worstError = Math.max(worstError, p.relativeError);
    maxRank = Math.max(maxRank, p.rank);
  }
  // Projections p1_r = Σ_m U[m,r] a1[m] (and p2, p3) of every triple t, at proj[projOffset[t] + q·R + r].
  const projOffset = new Int32Array(T);
  let projSize = 0;
  triplePath.forEach((p, t) => {
    projOffset[t] = projSize;
    projSize += 3 * p.rank;
  });
  const proj = new Float64Array(projSize);
  const projectAll = (A: Float64Array): void => {
    proj.fill(0);
    for (let t = 0; t < T; t++) {
      const p = triplePath[t]!;
      const R = p.rank;
      const base = projOffset[t] as number;
      const factors = [p.U, p.V, p.W];
      for (let q = 0; q < 3; q++) {
        const F = factors[q]!;
        const o = dOff[3 * t + q] as number;
        const d = 2 * (L[3 * t + q] as number) + 1;
        for (let m = 0; m < d; m++) {
          const x = A[o + m] as number;
          if (x === 0) continue;
          for (let r = 0; r < R; r++) proj[base + q * R + r] = (proj[base + q * R + r] as number) + (F[m * R + r] as number) * x;
        }
      }
    }
  };
  const backProject = (t: number, scale: number, out: Float64Array, outOffsets: readonly number[]): void => {
    const p = triplePath[t]!;
    const R = p.rank;
    const base = projOffset[t] as number;
    const factors = [p.U, p.V, p.W];
    for (let q = 0; q < 3; q++) {
      const F = factors[q]!;
      const a = (q + 1) % 3;
      const b = (q + 2) % 3;
      const d = 2 * (L[3 * t + q] as number) + 1;
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
    flops,
    info: { paths: paths.length, maxRank, worstRelativeError: worstError },
    load: projectAll,
    values(B) {
      for (let t = 0; t < T; t++) {
        const R = triplePath[t]!.rank;
        const base = projOffset[t] as number;
        let s = 0;
        for (let r = 0; r < R; r++) s += (proj[base + r] as number) * (proj[base + R + r] as number) * (proj[base + 2 * R + r] as number);
        B[output[t] as number] = s;
      }
    },
    adjoints(adj) {
      for (let t = 0; t < T; t++) {
        const offs = [aOff[3 * t] as number, aOff[3 * t + 1] as number, aOff[3 * t + 2] as number];
        for (let q = 0; q < 3; q++) adj.fill(0, offs[q], (offs[q] as number) + 2 * (L[3 * t + q] as number) + 1);
        backProject(t, 1, adj, offs);
      }
    },
    weightedAdjoint(coefficients, cOff, gA) {
      for (let t = 0; t < T; t++) {
        const c = coefficients[cOff + (output[t] as number)] as number;
        if (c === 0) continue;
        backProject(t, c, gA, [dOff[3 * t] as number, dOff[3 * t + 1] as number, dOff[3 * t + 2] as number]);
      }
    },
  };
}
