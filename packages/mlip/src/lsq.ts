import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Weighted linear least squares by the normal equations, solved as a ridge path.
 *
 * Rows are accumulated into the Gram matrix G = Σ w² a aᵀ and the right-hand side g = Σ w² y a
 * (each row a of the design matrix with target y and weight w). The solve for many ridge
 * parameters λ at once goes through one symmetric eigendecomposition (ml-matrix's EVD) of the
 * column-scaled Gram matrix:
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
 */
export class NormalEquations {
  readonly size: number;
  /** Upper triangle of G, row-major P×P (the lower triangle is filled by `symmetrise`). */
  readonly gram: Float64Array;
  readonly rhs: Float64Array;
  /** Σ w² y². */
  targetSquare = 0;
  rows = 0;

  constructor(size: number) {
    this.size = size;
    this.gram = new Float64Array(size * size);
    this.rhs = new Float64Array(size);
  }

  /** Adds one row a with target y and weight w (rows with w = 0 are skipped). */
  addRow(row: Float64Array, target: number, weight: number, rowOffset = 0): void {
    if (weight === 0) return;
    const P = this.size;
    const w2 = weight * weight;
    const G = this.gram;
    const g = this.rhs;
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

function scaledGram(ne: NormalEquations, prior?: Float64Array): { scale: Float64Array; scaled: Matrix } {
  const P = ne.size;
  const G = ne.gram;
  const scale = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    const d = Math.sqrt(G[k * P + k] as number);
    scale[k] = (d > 0 ? d : 1) * (prior ? (prior[k] as number) : 1);
  }
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
  const { scale, scaled } = scaledGram(ne, prior);
  const evd = new EigenvalueDecomposition(scaled, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  // c = Vᵀ D⁻¹ g
  const bScaled = new Float64Array(P);
  for (let k = 0; k < P; k++) bScaled[k] = (ne.rhs[k] as number) / (scale[k] as number);
  const c = new Float64Array(P);
  for (let e = 0; e < P; e++) {
    let s = 0;
    for (let k = 0; k < P; k++) s += V.get(k, e) * (bScaled[k] as number);
    c[e] = s;
  }
  const Vflat = new Float64Array(P * P);
  for (let k = 0; k < P; k++) for (let e = 0; e < P; e++) Vflat[k * P + e] = V.get(k, e);
  const eig = Float64Array.from(values).sort().reverse();
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
        for (let e = 0; e < P; e++) s += (Vflat[base + e] as number) * (y[e] as number);
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
