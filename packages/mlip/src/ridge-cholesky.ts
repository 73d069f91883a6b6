import { choleskyInPlace, choleskySolveInPlace, type WorkerPool } from '@equitensor/tensor';
import { columnScale, type NormalEquations, RIDGE_FLOOR } from './lsq.ts';

/**
 * Ridge solves of large normal equations without an eigendecomposition: the same problem as `ridgePath`
 * (min Σ w²(aᵀx − y)² + λ Σ_k G_kk p_k² x_k², columns scaled to unit diagonal), one blocked Cholesky factor
 * (n³/6 multiply-adds: 0.92 s at n = 2000 here, against 14.2 s for the eigendecomposition, bench/solver-scale.ts) of Ĝ + λ₀I, reused as the preconditioner of
 * conjugate gradients for other λ: the preconditioned matrix (Ĝ + λ₀I)⁻¹(Ĝ + λI) has its eigenvalues between 1 and
 * λ/λ₀, so λ within {@link PCG_DECADES} decades of λ₀ converges in tens of O(n²) iterations. Farther λ, or a
 * PCG that does not reach its tolerance, get a factor of their own. `solve(λ₀)` itself is the direct solve.
 *
 * @example
 * ```ts
 * const ridge = new CholeskyRidge(ne);
 * const x = ridge.solve(1e-6); // factors Ĝ + 1e-6 I
 * const y = ridge.solve(1e-7); // PCG preconditioned by that factor
 * ```
 *
 * With `{ pool }` (a `WorkerPool` of `@equitensor/tensor`) the factor lives in shared memory and the factorisation's
 * trailing updates run on the pool, bit-for-bit the one-thread factor.
 *
 * With `{ operator }` the normal equations `ne` only supply the preconditioner (e.g. a sketch of the rows, see
 * `SketchRidge` in sketch-ridge.ts): the problem solved is the operator's (its column scale, right-hand side and
 * Gram product, never formed), every λ by PCG, started from the preconditioner's solution.
 */
export class CholeskyRidge {
  readonly size: number;
  /** Cholesky factorisations done so far. */
  factorizations = 0;
  /** Conjugate-gradient iterations done so far. */
  iterations = 0;
  private readonly ne: NormalEquations;
  private readonly scale: Float64Array;
  private readonly b: Float64Array;
  private factor: Float64Array | null = null;
  private factorLambda = Number.NaN;
  private readonly pool: WorkerPool | undefined;
  private readonly operator: RidgeOperator | undefined;

  constructor(ne: NormalEquations, prior?: Float64Array, options: { readonly pool?: WorkerPool; readonly operator?: RidgeOperator } = {}) {
    this.ne = ne;
    this.pool = options.pool;
    this.operator = options.operator;
    this.size = ne.size;
    this.scale = this.operator ? this.operator.scale : columnScale(ne, prior);
    const rhs = this.operator ? this.operator.rhs : ne.rhs;
    this.b = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) this.b[k] = (rhs[k] as number) / (this.scale[k] as number);
  }

  /** Coefficients for ridge parameter `lambda` (relative to the unit diagonal, floored at `RIDGE_FLOOR`). */
  solve(lambda: number): Float64Array {
    const l = Math.max(lambda, RIDGE_FLOOR);
    let y: Float64Array | null = null;
    if (this.factor && l === this.factorLambda && !this.operator) y = this.direct();
    else if (this.factor && Math.abs(Math.log10(l / this.factorLambda)) <= PCG_DECADES) y = this.pcg(l);
    if (!y) {
      this.factorAt(l);
      y = this.factorLambda === l && !this.operator ? this.direct() : this.pcg(l);
      if (!y) throw new RangeError(`ridge solve at λ = ${l.toExponential(1)} did not converge (normal matrix not positive definite)`);
    }
    const x = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) x[k] = (y[k] as number) / (this.scale[k] as number);
    return x;
  }

  /** Factors Ĝ + λI (or, if that is not positive definite in float64, Ĝ + 10^k λI for the first k that is). */
  private factorAt(lambda: number): void {
    const n = this.size;
    const G = this.ne.gram;
    const s = this.scale;
    this.factor = null;
    const a = this.pool ? new Float64Array(new SharedArrayBuffer(8 * n * n)) : new Float64Array(n * n);
    for (let l = lambda; l <= 1e6 * Math.max(lambda, 1); l *= 10) {
      // Lower triangle of D⁻¹GD⁻¹ + lI from G's upper triangle.
      for (let i = 0; i < n; i++) {
        const si = s[i] as number;
        const ri = i * n;
        for (let j = 0; j < i; j++) a[ri + j] = (G[j * n + i] as number) / (si * (s[j] as number));
        a[ri + i] = (G[ri + i] as number) / (si * si) + l;
      }
      this.factorizations++;
      if (choleskyInPlace(a, n, 64, this.pool)) {
        this.factor = a;
        this.factorLambda = l;
        return;
      }
    }
    throw new RangeError('the normal matrix is not positive definite even with a large ridge');
  }

  private direct(): Float64Array {
    const y = Float64Array.from(this.b);
    choleskySolveInPlace(this.factor as Float64Array, this.size, y);
    return y;
  }

  /** (Ĝ + λI)v with Ĝ = D⁻¹GD⁻¹ from G's upper triangle (or the operator's Gram product). */
  private apply(lambda: number, v: Float64Array, out: Float64Array): void {
    const n = this.size;
    const G = this.ne.gram;
    const s = this.scale;
    const u = new Float64Array(n);
    for (let k = 0; k < n; k++) u[k] = (v[k] as number) / (s[k] as number);
    const w = new Float64Array(n);
    if (this.operator) this.operator.gramTimes(u, w);
    else
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        const ui = u[i] as number;
        let acc = (G[ri + i] as number) * ui;
        for (let j = i + 1; j < n; j++) {
          const g = G[ri + j] as number;
          acc += g * (u[j] as number);
          w[j] = (w[j] as number) + g * ui;
        }
        w[i] = (w[i] as number) + acc;
      }
    for (let k = 0; k < n; k++) out[k] = (w[k] as number) / (s[k] as number) + lambda * (v[k] as number);
  }

  /** Preconditioned conjugate gradients for (Ĝ + λI)y = b, started from the preconditioner's solution; null if not converged. */
  private pcg(lambda: number): Float64Array | null {
    const n = this.size;
    const L = this.factor as Float64Array;
    const y = this.direct();
    const r = new Float64Array(n);
    const q = new Float64Array(n);
    this.apply(lambda, y, q);
    let bNorm = 0;
    for (let k = 0; k < n; k++) {
      r[k] = (this.b[k] as number) - (q[k] as number);
      bNorm += (this.b[k] as number) ** 2;
    }
    bNorm = Math.sqrt(bNorm);
    const z = Float64Array.from(r);
    choleskySolveInPlace(L, n, z);
    const p = Float64Array.from(z);
    let rz = dot(r, z);
    const maxIterations = this.operator ? OPERATOR_MAX_ITERATIONS : PCG_MAX_ITERATIONS;
    for (let it = 0; it < maxIterations; it++) {
      if (Math.sqrt(dot(r, r)) <= PCG_TOLERANCE * bNorm) return y;
      this.iterations++;
      this.apply(lambda, p, q);
      const alpha = rz / dot(p, q);
      for (let k = 0; k < n; k++) {
        y[k] = (y[k] as number) + alpha * (p[k] as number);
        r[k] = (r[k] as number) - alpha * (q[k] as number);
      }
      z.set(r);
      choleskySolveInPlace(L, n, z);
      const rzNext = dot(r, z);
      const beta = rzNext / rz;
      rz = rzNext;
      for (let k = 0; k < n; k++) p[k] = (z[k] as number) + beta * (p[k] as number);
    }
    return Math.sqrt(dot(r, r)) <= PCG_TOLERANCE * bNorm ? y : null;
  }
}

/**
 * Decades of λ around a factor's λ₀ solved by conjugate gradients with that factor as preconditioner.
 *
 * @example
 * ```ts
 * PCG_DECADES; // 2: condition number of the preconditioned system ≤ 100
 * ```
 */
export const PCG_DECADES = 2;
/**
 * Relative residual ‖b − (Ĝ + λI)y‖ / ‖b‖ at which conjugate gradients stop: the validation losses that choose λ
 * then agree with the direct solve's to far below their spread across the λ grid (test/ridge-cholesky.test.ts).
 *
 * @example
 * ```ts
 * PCG_TOLERANCE; // 1e-10
 * ```
 */
export const PCG_TOLERANCE = 1e-10;
const PCG_MAX_ITERATIONS = 200;
/** With a sketched preconditioner every λ, the factor's own included, is solved by PCG: a larger iteration cap. */
const OPERATOR_MAX_ITERATIONS = 500;

/**
 * The ridge problem given by its action instead of its normal matrix (for `CholeskyRidge`'s `operator` option):
 * column scale D (√G_kk · p_k), right-hand side AᵀW²y and the product u ↦ AᵀW²A u.
 *
 * @example
 * ```ts
 * const ridge = new CholeskyRidge(sketchedNe, undefined, { operator: { scale, rhs, gramTimes } });
 * ```
 */
export interface RidgeOperator {
  readonly scale: Float64Array;
  readonly rhs: Float64Array;
  /** Adds nothing: writes AᵀW²A u into `out` (zeroed by the caller). */
  readonly gramTimes: (u: Float64Array, out: Float64Array) => void;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

/**
 * Pattern search for the minimum of `loss` over grid indices 0 … n − 1: from `start`, steps of `step`, then halved,
 * moving while a neighbour is lower; each index is evaluated at most once. For a unimodal loss (a validation
 * error against log λ) it finds the grid minimum with O(log n) evaluations instead of n.
 *
 * @example
 * ```ts
 * const losses = [5, 4, 3, 2, 1, 2, 3];
 * const { best } = patternSearch(losses.length, (i) => losses[i]!, 3, 2); // best = 4
 * ```
 */
export function patternSearch(
  n: number,
  loss: (index: number) => number,
  start: number,
  step: number,
): { best: number; evaluated: Map<number, number> } {
  const evaluated = new Map<number, number>();
  const at = (i: number): number => {
    let v = evaluated.get(i);
    if (v === undefined) {
      v = loss(i);
      evaluated.set(i, v);
    }
    return v;
  };
  let best = Math.min(Math.max(start, 0), n - 1);
  at(best);
  for (let s = Math.max(1, step); s >= 1; s = Math.floor(s / 2)) {
    for (;;) {
      let moved = false;
      for (const next of [best - s, best + s]) {
        if (next < 0 || next >= n) continue;
        if (at(next) < at(best)) {
          best = next;
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    if (s === 1) break;
  }
  return { best, evaluated };
}
