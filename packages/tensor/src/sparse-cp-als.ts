/**
 * CP-ALS for sparse 3-way tensors given by their non-zeros (the coupling tensors of so3's tensor products), the
 * sparse counterpart of the dense {@link cpAls} of `./cp-als.ts`: it never forms the dense tensor, so a sweep costs
 * O(nnz · R + n R²). T[a,b,c] ≈ Σ_r A[a,r]·B[b,r]·C[c,r]; each sweep solves the three least-squares problems exactly
 * (normal equations with the Hadamard product of Gram matrices, Cholesky with a tiny ridge).
 */
import { Random } from './random.ts';

/** A sparse 3-way tensor: coordinates and values, with its shape. */
export interface SparseTensor3 {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
  readonly value: Float64Array;
  readonly shape: readonly [number, number, number];
}

/** CP factors (row-major dim × rank) and the fit. */
export interface SparseCpAlsResult {
  readonly rank: number;
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly C: Float64Array;
  /** ‖T − T̂‖_F / ‖T‖_F after the last sweep. */
  readonly relativeError: number;
  readonly sweeps: number;
}

function gram(X: Float64Array, n: number, R: number): Float64Array {
  const G = new Float64Array(R * R);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < R; r++) {
      const xr = X[i * R + r] as number;
      if (xr === 0) continue;
      for (let s = 0; s < R; s++) G[r * R + s] = (G[r * R + s] as number) + xr * (X[i * R + s] as number);
    }
  }
  return G;
}

/** Solve X·G = M for X (G symmetric positive definite, R×R), rows of M in place. */
function solveRows(M: Float64Array, n: number, G: Float64Array, R: number): void {
  const L = Float64Array.from(G);
  let trace = 0;
  for (let r = 0; r < R; r++) trace += L[r * R + r] as number;
  const ridge = 1e-12 * Math.max(trace / R, 1e-300);
  for (let r = 0; r < R; r++) L[r * R + r] = (L[r * R + r] as number) + ridge;
  for (let j = 0; j < R; j++) {
    let d = L[j * R + j] as number;
    for (let k = 0; k < j; k++) d -= (L[j * R + k] as number) ** 2;
    const djj = Math.sqrt(Math.max(d, 1e-300));
    L[j * R + j] = djj;
    for (let i = j + 1; i < R; i++) {
      let s = L[i * R + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * R + k] as number) * (L[j * R + k] as number);
      L[i * R + j] = s / djj;
    }
  }
  const y = new Float64Array(R);
  for (let row = 0; row < n; row++) {
    const o = row * R;
    for (let i = 0; i < R; i++) {
      let s = M[o + i] as number;
      for (let k = 0; k < i; k++) s -= (L[i * R + k] as number) * (y[k] as number);
      y[i] = s / (L[i * R + i] as number);
    }
    for (let i = R - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let k = i + 1; k < R; k++) s -= (L[k * R + i] as number) * (M[o + k] as number);
      M[o + i] = s / (L[i * R + i] as number);
    }
  }
}

/** Options of {@link sparseCpAls}. */
export interface SparseCpAlsOptions {
  /** Largest number of ALS sweeps (default 100). */
  readonly iterations?: number;
  /** Seed of the uniform [−½, ½) initial factors (default 0). */
  readonly seed?: number;
  /** Stop once ‖T − T̂‖/‖T‖ is below this (default 1e-13). */
  readonly tolerance?: number;
}

/**
 * Fit a rank-R CP decomposition of a sparse 3-way tensor by alternating least squares.
 *
 * @example
 * ```ts
 * // T = e₀ ∘ e₀ ∘ e₀ + e₁ ∘ e₁ ∘ e₁ (2×2×2, two non-zeros): exact at rank 2
 * const t: SparseTensor3 = { a: Int32Array.of(0, 1), b: Int32Array.of(0, 1), c: Int32Array.of(0, 1), value: Float64Array.of(1, 1), shape: [2, 2, 2] };
 * const fit = sparseCpAls(t, 2, { iterations: 50, seed: 1 });
 * fit.relativeError; // ‖T − T̂‖/‖T‖ ≈ 0
 * ```
 */
export function sparseCpAls(t: SparseTensor3, rank: number, options: SparseCpAlsOptions = {}): SparseCpAlsResult {
  const R = rank;
  if (!Number.isInteger(R) || R < 1) throw new RangeError(`sparseCpAls: rank must be a positive integer, got ${R}`);
  const [n1, n2, n3] = t.shape;
  // mulberry32 from seed + golden ratio: the stream every published so3/mlip CP coupling was fitted from.
  const rng = Random.mulberry32(((options.seed ?? 0) + 0x9e3779b9) >>> 0);
  const rand = (): number => rng.uniform() - 0.5;
  const A = Float64Array.from({ length: n1 * R }, rand);
  const B = Float64Array.from({ length: n2 * R }, rand);
  const C = Float64Array.from({ length: n3 * R }, rand);
  const nnz = t.value.length;
  let normT2 = 0;
  for (let n = 0; n < nnz; n++) normT2 += (t.value[n] as number) ** 2;
  if (normT2 === 0) return { rank: R, A: A.fill(0), B, C, relativeError: 0, sweeps: 0 };
  const iterations = options.iterations ?? 100;
  const tol = options.tolerance ?? 1e-13;
  let err = Number.POSITIVE_INFINITY;
  let sweeps = 0;
  const modes: [Float64Array, Int32Array, Float64Array, Int32Array, Float64Array, Int32Array, number][] = [
    [A, t.a, B, t.b, C, t.c, n1],
    [B, t.b, A, t.a, C, t.c, n2],
    [C, t.c, A, t.a, B, t.b, n3],
  ];
  for (let it = 0; it < iterations; it++) {
    sweeps++;
    for (const [X, xi, Y, yi, Z, zi, nx] of modes) {
      // MTTKRP: M[x, r] = Σ T[x, y, z] Y[y, r] Z[z, r]
      const M = new Float64Array(nx * R);
      for (let n = 0; n < nnz; n++) {
        const v = t.value[n] as number;
        const mo = (xi[n] as number) * R;
        const yo = (yi[n] as number) * R;
        const zo = (zi[n] as number) * R;
        for (let r = 0; r < R; r++) M[mo + r] = (M[mo + r] as number) + v * (Y[yo + r] as number) * (Z[zo + r] as number);
      }
      const gy = gram(Y, Y.length / R, R);
      const gz = gram(Z, Z.length / R, R);
      for (let i = 0; i < R * R; i++) gy[i] = (gy[i] as number) * (gz[i] as number);
      solveRows(M, nx, gy, R);
      X.set(M);
    }
    err = sparseCpRelativeError(t, A, B, C, R, normT2);
    if (err < tol) break;
  }
  return { rank: R, A, B, C, relativeError: err, sweeps };
}

/**
 * ‖T − Σ_r A_r ∘ B_r ∘ C_r‖ / ‖T‖ for a sparse T (expanded as ‖T‖² − 2⟨T, T̂⟩ + ‖T̂‖², so resolved to ~1e-8).
 *
 * @example
 * ```ts
 * sparseCpRelativeError(t, fit.A, fit.B, fit.C, fit.rank);
 * ```
 */
export function sparseCpRelativeError(
  t: SparseTensor3,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  R: number,
  normT2?: number,
): number {
  let nt2 = normT2 ?? 0;
  if (normT2 === undefined) for (const v of t.value) nt2 += v * v;
  const ga = gram(A, A.length / R, R);
  const gb = gram(B, B.length / R, R);
  const gc = gram(C, C.length / R, R);
  let model2 = 0;
  for (let i = 0; i < R * R; i++) model2 += (ga[i] as number) * (gb[i] as number) * (gc[i] as number);
  let inner = 0;
  for (let n = 0; n < t.value.length; n++) {
    const ao = (t.a[n] as number) * R;
    const bo = (t.b[n] as number) * R;
    const co = (t.c[n] as number) * R;
    let s = 0;
    for (let r = 0; r < R; r++) s += (A[ao + r] as number) * (B[bo + r] as number) * (C[co + r] as number);
    inner += (t.value[n] as number) * s;
  }
  if (nt2 === 0) return model2 === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.sqrt(Math.max(0, nt2 - 2 * inner + model2)) / Math.sqrt(nt2);
}
