import type { WorkerPool } from '@equitensor/tensor';
import { SharedDesignRows } from './design-pool.ts';
import { type DesignRows, designScale, gramTimes, rowCount, weightedRowTimes } from './design-rows.ts';
import { RIDGE_FLOOR } from './lsq.ts';

/**
 * Options of {@link LanczosRidge}.
 *
 * @example
 * ```ts
 * const o: KrylovOptions = { prior, maxIterations: 800 };
 * ```
 */
export interface KrylovOptions {
  /** Smoothness prior per column (as for `ridgePath`). */
  readonly prior?: Float64Array;
  /** Largest Krylov dimension (memory: P × this many doubles; default {@link KRYLOV_MAX_ITERATIONS}). */
  readonly maxIterations?: number;
  /**
   * Rows that are only predicted (a validation split): each basis vector's weighted predictions on them are kept (n_v
   * per step, n_v·P multiply-adds), so that {@link LanczosRidge.heldOutLoss} costs n_v·k for any λ.
   */
  readonly heldOut?: readonly DesignRows[];
  /**
   * A shared-memory worker pool (`NodeWorkerPool` of `@equitensor/tensor/node`) for each step's pass over the rows
   * (`SharedDesignRows`: every worker a fixed block of rows, a reduction in worker order). Rows whose data lie in one
   * `SharedArrayBuffer` (a `SharedArena`) are used in place, others copied once. A fixed worker count gives the same
   * numbers every run; 1 worker the one-thread numbers bit for bit. Default: this thread. The caller closes the pool.
   */
  readonly pool?: WorkerPool;
}

/**
 * Default cap of the Krylov dimension of {@link LanczosRidge} (P × 1,000 doubles: 156 MB at P = 19,512).
 *
 * @example
 * ```ts
 * new LanczosRidge(rows, P, { maxIterations: KRYLOV_MAX_ITERATIONS });
 * ```
 */
export const KRYLOV_MAX_ITERATIONS = 1000;

/**
 * Relative excess of the ridge objective at which the fit's Krylov solves count as converged: the decrease of
 * f(ŷ) = ‖b − Âŷ‖² + λ‖ŷ‖² over the last {@link KRYLOV_CHECK_STEPS} Lanczos steps, at most this fraction of f. That
 * decrease is exactly ‖e_{k−d}‖² − ‖e_k‖² in the energy norm of Ĝ + λI (Hestenes–Stiefel; Strakoš & Tichý 2002), a
 * lower estimate of the earlier iterate's error, and the energy-norm error bounds what the fit is judged by: the
 * weighted training predictions move by ‖Âe‖ ≤ ‖e‖_{Ĝ+λI} ≈ √(τ f). The relative residual ‖b̂ − (Ĝ + λI)ŷ‖ / ‖b̂‖ is not
 * used: with κ up to 10⁹ it is small long before the small-eigenvalue directions (which decide a small λ's
 * validation loss) have converged.
 *
 * @example
 * ```ts
 * KRYLOV_TOLERANCE; // 1e-5: the training objective within 10⁻⁵ of its minimum
 * ```
 */
export const KRYLOV_TOLERANCE = 1e-5;

/**
 * Lanczos steps between two convergence checks (the delay d of the energy-norm error estimate).
 *
 * @example
 * ```ts
 * ridge.extend(KRYLOV_CHECK_STEPS);
 * ```
 */
export const KRYLOV_CHECK_STEPS = 10;

/**
 * Ridge regression on weighted design rows by Lanczos on the scaled normal operator, matrix-free: the problem of
 * `ridgePath` — min Σ w²(aᵀx − y)² + λ Σ_k D_k² x_k², D_k = ‖W A_k‖ · p_k (unit-diagonal scaling) — with
 * Ĝ = D⁻¹AᵀW²AD⁻¹ applied as D⁻¹(Aᵀ(W²(A(D⁻¹v)))) in one pass over the stored rows (`gramTimes`, 2·n·P multiply-adds),
 * never formed (n·P²/2) nor factored (P³/6).
 *
 * The Krylov space K_k(Ĝ, b̂) of b̂ = D⁻¹AᵀW²y does not depend on λ: k Lanczos steps (with full
 * reorthogonalisation, so that the basis V_k stays orthonormal to rounding) give Ĝ V_k = V_k T_k + β_k v_{k+1} e_kᵀ with
 * T_k tridiagonal, and for every λ at once the Galerkin solution ŷ_k(λ) = V_k (T_k + λI)⁻¹ ‖b̂‖ e₁ — the k-th conjugate
 * gradient iterate of (Ĝ + λI)ŷ = b̂ — with its residual norm β_k |e_kᵀ t| known without a product
 * ({@link LanczosRidge.residual}). A λ search extends the one Krylov space until the λ values it needs have
 * converged; smaller λ converge later (CG's rate is set by √κ(Ĝ + λI)).
 *
 * Memory: the rows (not copied) and the basis, P × (k + 1) doubles. Time: k passes over the rows.
 *
 * @example
 * ```ts
 * const ridge = new LanczosRidge(rows, P, { prior });
 * ridge.extend(200);
 * if (ridge.residual(1e-6) <= KRYLOV_TOLERANCE) x = ridge.solve(1e-6);
 * ```
 */
export class LanczosRidge {
  readonly size: number;
  /** Lanczos steps (passes over the rows) done so far. */
  iterations = 0;
  /** True when the Krylov space is invariant (β_k ≈ 0): every λ is then solved exactly. */
  exhausted = false;
  private readonly rows: readonly DesignRows[];
  private readonly scale: Float64Array;
  private readonly maxIterations: number;
  private readonly basis: Float64Array;
  private readonly alpha: number[] = [];
  private readonly beta: number[] = [];
  private readonly bNorm: number;
  /** ‖b‖² = ‖Wy‖², the objective at ŷ = 0. */
  private readonly targetSquare: number;
  /** max |α|, β so far: the scale of T_k for the breakdown test. */
  private tNorm = 0;
  private readonly heldOut: readonly DesignRows[];
  /** Weighted held-out targets w·y. */
  private readonly heldOutTargets: Float64Array;
  /** Weighted held-out predictions of each basis vector, W_v A_v D⁻¹ v_j, n_v per step. */
  private heldOutBasis: Float64Array;
  /** The rows (and held-out rows) on the pool, when there is one. */
  private readonly shared: SharedDesignRows | null;
  private readonly sharedHeldOut: SharedDesignRows | null;

  constructor(rows: readonly DesignRows[], P: number, options: KrylovOptions = {}) {
    this.rows = rows;
    this.size = P;
    const { scale, rhs, targetSquare } = designScale(rows, P, options.prior);
    this.scale = scale;
    this.targetSquare = targetSquare;
    this.heldOut = options.heldOut ?? [];
    this.heldOutTargets = new Float64Array(rowCount(this.heldOut));
    let o = 0;
    for (const r of this.heldOut) for (let i = 0; i < r.rows; i++) this.heldOutTargets[o++] = r.weight * (r.targets[i] as number);
    this.heldOutBasis = new Float64Array(0);
    this.shared = options.pool ? new SharedDesignRows(options.pool, rows, P) : null;
    this.sharedHeldOut = options.pool && this.heldOutTargets.length > 0 ? new SharedDesignRows(options.pool, this.heldOut, P) : null;
    this.maxIterations = Math.max(1, Math.min(options.maxIterations ?? KRYLOV_MAX_ITERATIONS, P));
    this.basis = new Float64Array(P * (this.maxIterations + 1));
    let s = 0;
    for (let k = 0; k < P; k++) {
      const b = (rhs[k] as number) / (scale[k] as number);
      this.basis[k] = b;
      s += b * b;
    }
    this.bNorm = Math.sqrt(s);
    if (this.bNorm === 0) this.exhausted = true;
    else for (let k = 0; k < P; k++) this.basis[k] = (this.basis[k] as number) / this.bNorm;
  }

  /** Whether `extend` can add a step (not exhausted, under the cap). */
  get canExtend(): boolean {
    return !this.exhausted && this.iterations < this.maxIterations;
  }

  /** Runs up to `steps` more Lanczos steps (fewer at the cap or when the space is exhausted); returns the steps run. */
  extend(steps: number): number {
    const P = this.size;
    const V = this.basis;
    const s = this.scale;
    const u = new Float64Array(P);
    const w = new Float64Array(P);
    let done = 0;
    while (done < steps && this.canExtend) {
      const j = this.iterations;
      const vj = V.subarray(j * P, (j + 1) * P);
      for (let k = 0; k < P; k++) u[k] = (vj[k] as number) / (s[k] as number);
      const nv = this.heldOutTargets.length;
      if (nv > 0) {
        if (this.heldOutBasis.length < (j + 1) * nv) {
          const grown = new Float64Array(Math.min(this.maxIterations, 2 * j + 16) * nv);
          grown.set(this.heldOutBasis);
          this.heldOutBasis = grown;
        }
        const into = this.heldOutBasis.subarray(j * nv, (j + 1) * nv);
        if (this.sharedHeldOut) this.sharedHeldOut.weightedRowTimes(u, into);
        else weightedRowTimes(this.heldOut, P, u, into);
      }
      w.fill(0);
      if (this.shared) this.shared.gramTimes(u, w);
      else gramTimes(this.rows, P, u, w);
      for (let k = 0; k < P; k++) w[k] = (w[k] as number) / (s[k] as number);
      let a = 0;
      for (let k = 0; k < P; k++) a += (vj[k] as number) * (w[k] as number);
      // Full reorthogonalisation against v_0 … v_j, twice (Gram–Schmidt "twice is enough"); it subsumes the
      // three-term recurrence's α v_j + β v_{j−1}.
      for (let pass = 0; pass < 2; pass++)
        for (let i = 0; i <= j; i++) {
          const vi = V.subarray(i * P, (i + 1) * P);
          let c = 0;
          for (let k = 0; k < P; k++) c += (vi[k] as number) * (w[k] as number);
          for (let k = 0; k < P; k++) w[k] = (w[k] as number) - c * (vi[k] as number);
        }
      let b = 0;
      for (let k = 0; k < P; k++) b += (w[k] as number) ** 2;
      b = Math.sqrt(b);
      this.alpha.push(a);
      this.beta.push(b);
      this.iterations++;
      done++;
      // Invariant subspace: the Galerkin solutions are exact (to rounding of the products, ≈ P·ε·‖Ĝ‖).
      this.tNorm = Math.max(this.tNorm, Math.abs(a));
      if (b <= 1e-13 * this.tNorm) {
        this.exhausted = true;
        break;
      }
      this.tNorm = Math.max(this.tNorm, b);
      const next = V.subarray((j + 1) * P, (j + 2) * P);
      for (let k = 0; k < P; k++) next[k] = (w[k] as number) / b;
    }
    return done;
  }

  /** t = (T_k + λI)⁻¹ ‖b̂‖ e₁ (Thomas' algorithm; T_k + λI is positive definite). */
  private projected(lambda: number): Float64Array {
    const k = this.iterations;
    const t = new Float64Array(k);
    if (k === 0) return t;
    const c = new Float64Array(k);
    let d = (this.alpha[0] as number) + lambda;
    t[0] = this.bNorm / d;
    for (let i = 1; i < k; i++) {
      const off = this.beta[i - 1] as number;
      c[i - 1] = off / d;
      d = (this.alpha[i] as number) + lambda - off * (c[i - 1] as number);
      t[i] = -(off * (t[i - 1] as number)) / d;
    }
    for (let i = k - 2; i >= 0; i--) t[i] = (t[i] as number) - (c[i] as number) * (t[i + 1] as number);
    return t;
  }

  /**
   * Relative residual ‖b̂ − (Ĝ + λI)ŷ_k(λ)‖ / ‖b̂‖ of the current Galerkin solution (0 when the space is exhausted),
   * from the tridiagonal alone.
   */
  residual(lambda: number): number {
    if (this.bNorm === 0) return 0;
    if (this.iterations === 0) return 1;
    if (this.exhausted) return 0;
    const l = Math.max(lambda, RIDGE_FLOOR);
    const t = this.projected(l);
    const k = this.iterations;
    return ((this.beta[k - 1] as number) * Math.abs(t[k - 1] as number)) / this.bNorm;
  }

  /**
   * The ridge objective f(ŷ_k(λ)) = ‖b − Âŷ‖² + λ‖ŷ‖² of the current Galerkin solution, without a product: for it
   * ŷᵀ(Ĝ + λI)ŷ = b̂ᵀŷ = ‖b̂‖ t₁, so f = ‖b‖² − ‖b̂‖ t₁. It decreases with every step; its decrease between two steps
   * is the energy-norm error ‖e‖²_{Ĝ+λI} lost in between.
   */
  objective(lambda: number): number {
    if (this.iterations === 0 || this.bNorm === 0) return this.targetSquare;
    const t = this.projected(Math.max(lambda, RIDGE_FLOOR));
    return this.targetSquare - this.bNorm * (t[0] as number);
  }

  /**
   * The weighted squared error Σ w²(aᵀx − y)² of the current solution at λ on the `heldOut` rows (0 without them),
   * from the kept predictions of the basis: n_v·k multiply-adds, no pass over the design.
   */
  heldOutLoss(lambda: number): number {
    const nv = this.heldOutTargets.length;
    if (nv === 0) return 0;
    const pred = combine(this.heldOutBasis, nv, this.projected(Math.max(lambda, RIDGE_FLOOR)));
    let loss = 0;
    for (let i = 0; i < nv; i++) loss += ((pred[i] as number) - (this.heldOutTargets[i] as number)) ** 2;
    return loss;
  }

  /** Coefficients x = D⁻¹ ŷ_k(λ) for ridge parameter `lambda` (relative to the unit diagonal, floored at `RIDGE_FLOOR`). */
  solve(lambda: number): Float64Array {
    const P = this.size;
    const x = combine(this.basis, P, this.projected(Math.max(lambda, RIDGE_FLOOR)));
    for (let k = 0; k < P; k++) x[k] = (x[k] as number) / (this.scale[k] as number);
    return x;
  }
}

/** Σ_j t_j c_j of the columns c_j (length `length`, stored one after another in `columns`). */
function combine(columns: Float64Array, length: number, t: Float64Array): Float64Array {
  const out = new Float64Array(length);
  for (let j = 0; j < t.length; j++) {
    const tj = t[j] as number;
    const c = columns.subarray(j * length, (j + 1) * length);
    for (let i = 0; i < length; i++) out[i] = (out[i] as number) + tj * (c[i] as number);
  }
  return out;
}
