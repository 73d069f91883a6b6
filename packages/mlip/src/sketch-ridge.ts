import { Random, type WorkerPool } from '@equitensor/tensor';
import { type DesignRows, designScale, gramTimes } from './design-rows.ts';
import { NormalEquations } from './lsq.ts';
import { CholeskyRidge, type RidgeOperator } from './ridge-cholesky.ts';

/**
 * Options of {@link sketchRidge}.
 *
 * @example
 * ```ts
 * const o: SketchOptions = { sketchFactor: 4, nonzeros: 4, seed: 1 };
 * ```
 */
export interface SketchOptions {
  /** Sketch rows per column, m = ⌈factor·P⌉ (default {@link SKETCH_FACTOR}); with m ≥ the rows the rows themselves are used. */
  readonly sketchFactor?: number;
  /** Non-zeros per input row in the sparse sign sketch (default {@link SKETCH_NONZEROS}). */
  readonly nonzeros?: number;
  /** Seed of the sketch's hashes and signs (default 1). */
  readonly seed?: number;
  /** Smoothness prior per column (as for `ridgePath`). */
  readonly prior?: Float64Array;
  /** Sketch rows formed at once (memory: chunk × P doubles; default 2048). */
  readonly chunkRows?: number;
  /** Pool for the sketched Gram assembly and the factors (as `NormalEquations` / `CholeskyRidge`). */
  readonly pool?: WorkerPool;
}

/**
 * Sketch rows per column of {@link sketchRidge}: m = 4P keeps the sketched Gram's spectrum within a small factor of the
 * true one (PCG in ≈ 20–40 iterations to 1e-10 in test/sketch-ridge.test.ts) while its assembly costs m·P²/2.
 *
 * @example
 * ```ts
 * sketchRidge(rows, P, { sketchFactor: SKETCH_FACTOR });
 * ```
 */
export const SKETCH_FACTOR = 4;

/**
 * Non-zeros per input row of the sparse sign embedding (OSNAP with s = 4: each row is added, with a random sign
 * and weight 1/√s, to s distinct sketch rows).
 *
 * @example
 * ```ts
 * sketchRidge(rows, P, { nonzeros: SKETCH_NONZEROS });
 * ```
 */
export const SKETCH_NONZEROS = 4;

/**
 * Ridge regression on a weighted design without its normal matrix: sketch-and-precondition.
 *
 * The problem is `ridgePath`'s — min Σ w²(aᵀx − y)² + λ Σ_k D_k² x_k², D_k = ‖W A_k‖ · p_k (unit-diagonal scaling, the
 * same λ grid) — but AᵀW²A (n·P²/2 multiply-adds for n rows) is never formed. A sparse sign embedding S (m × n,
 * m = 4P ≪ n, s = 4 non-zeros per column) compresses the weighted rows to S W A, whose Gram (m·P²/2) scaled by D and
 * shifted by λ is Cholesky-factored (`CholeskyRidge`'s blocked factor) and used as the preconditioner of conjugate
 * gradients on the true scaled normal equations, applied row by row: v ↦ D⁻¹AᵀW²A D⁻¹ v costs 2·n·P per iteration. If
 * S embeds the column space with distortion ε, the preconditioned matrix has its eigenvalues in
 * [1/(1+ε)², 1/(1−ε)²], so PCG converges in a number of iterations independent of the conditioning of A. The work is
 * m·P²/2 + P³/6 + iterations · 2nP instead of n·P²/2 + P³/6: a gain of ≈ n/m in the assembly when n ≫ m, none when
 * n ≲ m (then the rows themselves are used, m = n, and the factor is exact: PCG stops after 0–1 iterations). Memory:
 * two P×P matrices (sketched Gram, factor) and a chunk of sketch rows, not the per-split copies of the normal matrix.
 *
 * Returns a `CholeskyRidge` whose `solve(λ)` gives the coefficients (every λ by PCG; a factor per λ more than
 * `PCG_DECADES` away from the last one).
 *
 * @example
 * ```ts
 * const ridge = sketchRidge(rows, P, { prior });
 * const x = ridge.solve(1e-8);
 * ```
 */
export function sketchRidge(rows: readonly DesignRows[], P: number, options: SketchOptions = {}): CholeskyRidge {
  let n = 0;
  for (const r of rows) n += r.rows;
  const m = Math.min(n, Math.ceil((options.sketchFactor ?? SKETCH_FACTOR) * P));
  const s = Math.min(options.nonzeros ?? SKETCH_NONZEROS, m);
  const prior = options.prior;
  // Column scale and AᵀW²y, one pass.
  const { scale, rhs } = designScale(rows, P, prior);
  const neOptions = options.pool ? { pool: options.pool } : {};
  const sketched = new NormalEquations(P, neOptions);
  const chunk = Math.max(1, Math.min(m, options.chunkRows ?? 2048));
  const zeros = new Float64Array(chunk);
  if (m === n) {
    // No compression: the rows themselves (exact factor).
    for (const r of rows)
      sketched.addRows(r.data, r.rows, zeros.length >= r.rows ? zeros : new Float64Array(r.rows), r.weight, r.offset ?? 0);
  } else {
    // Sparse sign embedding: input row i goes to s distinct sketch rows with signs ±1/√s, drawn once.
    const rng = Random.mulberry32(options.seed ?? 1);
    const target = new Int32Array(n * s);
    const sign = new Float64Array(n * s);
    const amp = 1 / Math.sqrt(s);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < s; j++) {
        let h: number;
        do h = Math.floor(rng.uniform() * m);
        while (target.subarray(i * s, i * s + j).includes(h));
        target[i * s + j] = h;
        sign[i * s + j] = rng.uniform() < 0.5 ? -amp : amp;
      }
    }
    // Sketch rows [h0, h0 + chunk) at a time: one pass over the design per chunk, then their Gram.
    const SA = new Float64Array(chunk * P);
    for (let h0 = 0; h0 < m; h0 += chunk) {
      const h1 = Math.min(m, h0 + chunk);
      SA.fill(0);
      let i = 0;
      for (const r of rows) {
        const off = r.offset ?? 0;
        for (let q = 0; q < r.rows; q++, i++) {
          for (let j = 0; j < s; j++) {
            const h = target[i * s + j] as number;
            if (h < h0 || h >= h1) continue;
            const f = (sign[i * s + j] as number) * r.weight;
            const src = off + q * P;
            const dst = (h - h0) * P;
            for (let k = 0; k < P; k++) SA[dst + k] = (SA[dst + k] as number) + f * (r.data[src + k] as number);
          }
        }
      }
      sketched.addRows(SA, h1 - h0, zeros, 1);
    }
  }
  const operator: RidgeOperator = { scale, rhs, gramTimes: (u, out) => gramTimes(rows, P, u, out) };
  return new CholeskyRidge(sketched, prior, { ...neOptions, operator });
}
