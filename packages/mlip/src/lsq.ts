import { dotTile4x4, mat, symmetricEigen, type WorkerPool } from '@equitensor/tensor';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { type GramPool, gramPoolOf } from './gram-pool.ts';

/**
 * Weighted linear least squares by the normal equations, solved as a ridge path.
 *
 * Rows are accumulated into the Gram matrix G = Σ w² a aᵀ and the right-hand side g = Σ w² y a
 * (each row a of the design matrix with target y and weight w). The solve for many ridge
 * parameters λ at once goes through one symmetric eigendecomposition (`symmetricEigen` of @equitensor/tensor, hand-written on
 * flat arrays, 4–6× faster than ml-matrix's EVD at P = 750–1650: docs/benchmarks/mlip.md) of the column-scaled
 * Gram matrix:
 *
 *   D = diag(√G_kk · p_k)  (p_k ≥ 1: an optional smoothness prior per column),
 *   Ĝ = D⁻¹ G D⁻¹ = V Λ Vᵀ,   x(λ) = D⁻¹ V (Λ + λ I)⁻¹ Vᵀ D⁻¹ g,
 *
 * i.e. the minimiser of Σ w²(aᵀx − y)² + λ Σ_k G_kk p_k² x_k². Conditioning: forming G squares the
 * condition number of the design matrix, which is why the columns are scaled to unit diagonal first
 * and why λ is never below `1e-12` (relative to that unit diagonal); with float64 this keeps the solve
 * accurate for the well-posed fits here (the ridge λ chosen by validation is always far above that floor).
 *
 * @example
 * ```ts
 * const ne = new NormalEquations(2);
 * ne.addRow(new Float64Array([1, 0]), 1, 1);
 * ne.addRow(new Float64Array([0, 1]), 2, 1);
 * const path = ridgePath(ne, [1e-10]);
 * path.solution(0); // ≈ [1, 2]
 * ```
 *
 * With `{ pool }` (a `WorkerPool` of `@equitensor/tensor`) G lives in shared memory and the Gram updates of
 * `addRow` / `addRows` run on the pool's workers ({@link GramPool}), bit-for-bit equal to one thread.
 */
export class NormalEquations {
  readonly size: number;
  /** Upper triangle of G, row-major P×P (the lower triangle is filled by `symmetrise`). */
  readonly gram: Float64Array;
  readonly rhs: Float64Array;
  /** Σ w² y². */
  targetSquare = 0;
  rows = 0;
  /** The pool that runs the Gram updates (null: this thread). */
  private readonly gramPool: GramPool | null;

  constructor(size: number, options: NormalEquationsOptions = {}) {
    this.size = size;
    this.gramPool = options.pool && options.pool.size > 0 ? gramPoolOf(options.pool) : null;
    this.gram = this.gramPool ? new Float64Array(new SharedArrayBuffer(8 * size * size)) : new Float64Array(size * size);
    this.rhs = new Float64Array(size);
  }

  /** Adds one row a with target y and weight w (rows with w = 0 are skipped). */
  addRow(row: Float64Array, target: number, weight: number, rowOffset = 0): void {
    if (weight === 0) return;
    const P = this.size;
    const w2 = weight * weight;
    const G = this.gram;
    const g = this.rhs;
    if (this.gramPool) {
      for (let a = 0; a < P; a++) {
        const ra = row[rowOffset + a] as number;
        if (ra !== 0) g[a] = (g[a] as number) + w2 * ra * target;
      }
      this.gramPool.rank1(G, P, row, rowOffset, w2);
      this.targetSquare += w2 * target * target;
      this.rows++;
      return;
    }
    for (let a = 0; a < P; a++) {
      const ra = row[rowOffset + a] as number;
      if (ra === 0) continue;
      const s = w2 * ra;
      g[a] = (g[a] as number) + s * target;
      const base = a * P;
      for (let b = a; b < P; b++) G[base + b] = (G[base + b] as number) + s * (row[rowOffset + b] as number);
    }
    this.targetSquare += w2 * target * target;
    this.rows++;
  }

  /**
   * Adds `rowCount` rows of one weight at once (row-major, P columns each, from `rowOffset·P`… — `rowOffset` is
   * an element offset as in {@link addRow}). Same result as that many {@link addRow} calls, but the Gram
   * update runs over the block's non-zero columns in 4×4 tiles, so G is read and written once per block
   * instead of once per row (the fit's assembly is memory-bound otherwise).
   *
   * @example
   * ```ts
   * ne.addRows(forceBlock, 3 * N, forceTargets, 1); // all force rows of one configuration
   * ```
   */
  addRows(block: Float64Array, rowCount: number, targets: ArrayLike<number>, weight: number, rowOffset = 0): void {
    if (weight === 0 || rowCount === 0) return;
    const P = this.size;
    const R = rowCount;
    // Active (non-zero) columns, then a weighted transposed copy T[c·R + r] = w·block[r, col(c)].
    const active: number[] = [];
    for (let a = 0; a < P; a++) {
      for (let r = 0; r < R; r++) {
        if ((block[rowOffset + r * P + a] as number) !== 0) {
          active.push(a);
          break;
        }
      }
    }
    const C = active.length;
    const T = this.gramPool ? this.gramPool.staging(C * R) : new Float64Array(C * R);
    for (let c = 0; c < C; c++) {
      const a = active[c] as number;
      for (let r = 0; r < R; r++) T[c * R + r] = weight * (block[rowOffset + r * P + a] as number);
    }
    const g = this.rhs;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += (T[c * R + r] as number) * (targets[r] as number);
      const a = active[c] as number;
      g[a] = (g[a] as number) + weight * s;
    }
    let t2 = 0;
    for (let r = 0; r < R; r++) t2 += (targets[r] as number) * (targets[r] as number);
    this.targetSquare += weight * weight * t2;
    this.rows += R;
    if (this.gramPool) {
      this.gramPool.activeColumns(C).set(active);
      this.gramPool.tiles(this.gram, P, C, R);
    } else gramTiles(T, C, R, active, this.gram, P);
  }

  /** Adds the rows of a block (row-major, `targets.length` rows of P columns). */
  addBlock(block: Float64Array, targets: Float64Array, weights: Float64Array): void {
    for (let r = 0; r < targets.length; r++) this.addRow(block, targets[r] as number, weights[r] as number, r * this.size);
  }

  /** Adds another set of normal equations of the same size. */
  add(other: NormalEquations, sign = 1): void {
    for (let k = 0; k < this.gram.length; k++) this.gram[k] = (this.gram[k] as number) + sign * (other.gram[k] as number);
    for (let k = 0; k < this.size; k++) this.rhs[k] = (this.rhs[k] as number) + sign * (other.rhs[k] as number);
    this.targetSquare += sign * other.targetSquare;
    this.rows += sign * other.rows;
  }
}

/**
 * Options of {@link NormalEquations}.
 *
 * @example
 * ```ts
 * const ne = new NormalEquations(2000, { pool: new NodeWorkerPool({ workers: 2 }) });
 * ```
 */
export interface NormalEquationsOptions {
  /** Run the Gram updates on this shared-memory worker pool (default: this thread). */
  readonly pool?: WorkerPool;
}

/**
 * G[active[i], active[j]] += Σ_r T[i·R + r]·T[j·R + r] for j ≥ i (upper triangle in the full P×P matrix), in
 * 4×4 register tiles over the C active columns.
 */
function gramTiles(T: Float64Array, C: number, R: number, active: readonly number[], G: Float64Array, P: number): void {
  const dot = (i: number, j: number): number => {
    let s = 0;
    const oi = i * R;
    const oj = j * R;
    for (let r = 0; r < R; r++) s += (T[oi + r] as number) * (T[oj + r] as number);
    return s;
  };
  const add = (i: number, j: number, v: number): void => {
    const a = active[i] as number;
    const b = active[j] as number;
    const k = a <= b ? a * P + b : b * P + a;
    G[k] = (G[k] as number) + v;
  };
  const C4 = C - (C % 4);
  const tile = new Float64Array(16);
  for (let i = 0; i < C4; i += 4) {
    for (let j = i; j < C4; j += 4) {
      dotTile4x4(T, i * R, j * R, R, R, tile);
      for (let u = 0; u < 4; u++) for (let v = 0; v < 4; v++) if (j + v >= i + u) add(i + u, j + v, tile[4 * u + v] as number);
    }
    for (let j = C4; j < C; j++) for (let u = 0; u < 4; u++) add(i + u, j, dot(i + u, j));
  }
  for (let i = C4; i < C; i++) for (let j = i; j < C; j++) add(i, j, dot(i, j));
}

/**
 * Solutions of a ridge problem for a list of λ values (see {@link NormalEquations}).
 *
 * @example
 * ```ts
 * const best = ridgePath(ne, logGrid(-12, 0)).solution(5);
 * ```
 */
export interface RidgePath {
  readonly lambdas: readonly number[];
  /** Coefficients for `lambdas[index]`. */
  solution(index: number): Float64Array;
  /** Eigenvalues of the scaled Gram matrix (descending): their spread is its condition number. */
  readonly eigenvalues: Float64Array;
}

/**
 * The smallest ridge parameter used, relative to the unit diagonal of the scaled Gram matrix.
 *
 * @example
 * ```ts
 * ridgeSolve(ne, 0); // solved with λ = RIDGE_FLOOR
 * ```
 */
export const RIDGE_FLOOR = 1e-12;

/**
 * Column scale D = diag(√G_kk · p_k) (1 for an empty column) of {@link NormalEquations}.
 *
 * @example
 * ```ts
 * const d = columnScale(ne); // the solvers work with D⁻¹GD⁻¹, unit diagonal
 * ```
 */
export function columnScale(ne: NormalEquations, prior?: Float64Array): Float64Array {
  const P = ne.size;
  const G = ne.gram;
  const scale = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    const d = Math.sqrt(G[k * P + k] as number);
    scale[k] = (d > 0 ? d : 1) * (prior ? (prior[k] as number) : 1);
  }
  return scale;
}

/** D⁻¹ G D⁻¹ as an ml-matrix `Matrix` (for the Cholesky solve). */
function scaledGram(ne: NormalEquations, prior?: Float64Array): { scale: Float64Array; scaled: Matrix } {
  const P = ne.size;
  const G = ne.gram;
  const scale = columnScale(ne, prior);
  const scaled = new Matrix(P, P);
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      const v = (G[a * P + b] as number) / ((scale[a] as number) * (scale[b] as number));
      scaled.set(a, b, v);
      scaled.set(b, a, v);
    }
  }
  return { scale, scaled };
}

/** The upper triangle of D⁻¹ G D⁻¹, row-major P×P (the lower triangle is left 0), for {@link symmetricEigen}. */
function scaledGramUpper(ne: NormalEquations, scale: Float64Array): Float64Array {
  const P = ne.size;
  const G = ne.gram;
  const scaled = new Float64Array(P * P);
  for (let a = 0; a < P; a++) {
    const row = a * P;
    const sa = scale[a] as number;
    for (let b = a; b < P; b++) scaled[row + b] = (G[row + b] as number) / (sa * (scale[b] as number));
  }
  return scaled;
}

/**
 * One ridge solve (same problem as {@link ridgePath}) by a Cholesky factorisation of the scaled,
 * regularised Gram matrix (ml-matrix), falling back to the eigendecomposition if it is not positive
 * definite in floating point.
 *
 * @example
 * ```ts
 * const x = ridgeSolve(ne, 1e-8);
 * ```
 */
export function ridgeSolve(ne: NormalEquations, lambda: number, prior?: Float64Array): Float64Array {
  const P = ne.size;
  const { scale, scaled } = scaledGram(ne, prior);
  const l = Math.max(lambda, RIDGE_FLOOR);
  for (let k = 0; k < P; k++) scaled.set(k, k, scaled.get(k, k) + l);
  const chol = new CholeskyDecomposition(scaled);
  if (!chol.isPositiveDefinite()) return ridgePath(ne, [lambda], prior).solution(0);
  const b = new Matrix(P, 1);
  for (let k = 0; k < P; k++) b.set(k, 0, (ne.rhs[k] as number) / (scale[k] as number));
  const y = chol.solve(b);
  const x = new Float64Array(P);
  for (let k = 0; k < P; k++) x[k] = y.get(k, 0) / (scale[k] as number);
  return x;
}

/**
 * Solves the normal equations for every λ in `lambdas` (relative to the unit-diagonal scaling).
 *
 * @example
 * ```ts
 * const path = ridgePath(ne, [1e-8, 1e-6, 1e-4]);
 * const x = path.solution(1);
 * ```
 */
export function ridgePath(ne: NormalEquations, lambdas: readonly number[], prior?: Float64Array): RidgePath {
  const P = ne.size;
  const scale = columnScale(ne, prior);
  // Ĝ = V Λ Vᵀ; V row-major with the eigenvectors as columns, Λ ascending.
  const { values, vectors } = symmetricEigen(mat(P, P, scaledGramUpper(ne, scale)));
  const V = vectors.data;
  // c = Vᵀ D⁻¹ g, accumulated row by row of V.
  const c = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    const bk = (ne.rhs[k] as number) / (scale[k] as number);
    if (bk === 0) continue;
    const base = k * P;
    for (let e = 0; e < P; e++) c[e] = (c[e] as number) + (V[base + e] as number) * bk;
  }
  const eig = Float64Array.from(values).reverse();
  return {
    lambdas,
    eigenvalues: eig,
    solution(index: number): Float64Array {
      const lambda = Math.max(lambdas[index] as number, RIDGE_FLOOR);
      const y = new Float64Array(P);
      for (let e = 0; e < P; e++) {
        const ev = Math.max(values[e] as number, 0);
        y[e] = (c[e] as number) / (ev + lambda);
      }
      const x = new Float64Array(P);
      for (let k = 0; k < P; k++) {
        let s = 0;
        const base = k * P;
        for (let e = 0; e < P; e++) s += (V[base + e] as number) * (y[e] as number);
        x[k] = s / (scale[k] as number);
      }
      return x;
    },
  };
}

/**
 * A logarithmic grid of ridge parameters from 10^lo to 10^hi with `perDecade` points per decade.
 *
 * @example
 * ```ts
 * logGrid(-2, 0, 1); // [0.01, 0.1, 1]
 * ```
 */
export function logGrid(lo: number, hi: number, perDecade = 2): number[] {
  const out: number[] = [];
  for (let k = 0; k <= Math.round((hi - lo) * perDecade); k++) out.push(10 ** (lo + k / perDecade));
  return out;
}
