import { type CpTensor, cpShape } from './cp.ts';
import { type DenseTensor, modeProduct, stridesOf, tensor } from './dense.ts';
import { type Mat, mat } from './matrix.ts';
import { type TtOptions, type TtTensor, ttSvd } from './tt.ts';
import { type TuckerTensor, tuckerShape } from './tucker.ts';

/**
 * Exact CP → Tucker: superdiagonal core (R × … × R holding the weights) and the CP factors. Cost O(R^d) memory
 * for the core; use {@link rhosvd} for a compressed Tucker tensor instead.
 *
 * @example
 * ```ts
 * const t = cpToTucker(x);
 * ```
 */
export function cpToTucker(x: CpTensor): TuckerTensor {
  const shape = cpShape(x);
  const R = x.weights.length;
  const core = tensor(shape.map(() => R));
  const st = stridesOf(core.shape);
  const diag = st.reduce((a, b) => a + b, 0);
  for (let r = 0; r < R; r++) core.data[r * diag] = x.weights[r]!;
  return { core, factors: x.factors.map((a) => mat(a.rows, a.cols, Float64Array.from(a.data))) };
}

/**
 * Exact CP → TT with all ranks R: G₀[0, i, r] = w_r A₀[i, r], G_k[r, i, r] = A_k[i, r] (diagonal), last
 * G[r, i, 0] = A[i, r]. Cost O(Σ n_k R²) memory.
 *
 * @example
 * ```ts
 * const t = cpToTt(x);
 * ```
 */
export function cpToTt(x: CpTensor): TtTensor {
  const shape = cpShape(x);
  const d = shape.length;
  const R = x.weights.length;
  if (d === 1) {
    const a = x.factors[0]!;
    const g = tensor([1, a.rows, 1]);
    for (let i = 0; i < a.rows; i++) for (let r = 0; r < R; r++) g.data[i]! += x.weights[r]! * a.data[i * R + r]!;
    return { cores: [g] };
  }
  const cores = x.factors.map((a, k) => {
    const n = a.rows;
    if (k === 0) {
      const g = tensor([1, n, R]);
      for (let i = 0; i < n; i++) for (let r = 0; r < R; r++) g.data[i * R + r] = x.weights[r]! * a.data[i * R + r]!;
      return g;
    }
    if (k === d - 1) {
      const g = tensor([R, n, 1]);
      for (let r = 0; r < R; r++) for (let i = 0; i < n; i++) g.data[r * n + i] = a.data[i * R + r]!;
      return g;
    }
    const g = tensor([R, n, R]);
    for (let r = 0; r < R; r++) for (let i = 0; i < n; i++) g.data[(r * n + i) * R + r] = a.data[i * R + r]!;
    return g;
  });
  return { cores };
}

/**
 * Tucker → TT: TT-SVD of the (small) core, then each TT core multiplied in its middle mode by the Tucker factor.
 * Exact with the default `eps: 0`. Cost O(Π r_k · r_0) + O(Σ n_k r_k r_tt²).
 *
 * @example
 * ```ts
 * const t = tuckerToTt(hosvd(x, { eps: 1e-8 }).tucker);
 * ```
 */
export function tuckerToTt(t: TuckerTensor, options: TtOptions = { eps: 0 }): TtTensor {
  tuckerShape(t);
  const { tt } = ttSvd(t.core, options);
  return { cores: tt.cores.map((g, k) => modeProduct(g, t.factors[k]!, 1)) };
}

/**
 * Exact Tucker → CP with one term per core entry (rank Π r_k); for small cores only. Cost O(Π r_k · Σ n_k).
 *
 * @example
 * ```ts
 * const x = tuckerToCp(t);
 * ```
 */
export function tuckerToCp(t: TuckerTensor): CpTensor {
  const shape = tuckerShape(t);
  const ranks = t.core.shape;
  const R = t.core.data.length;
  const st = stridesOf(ranks);
  const factors: Mat[] = shape.map((n) => mat(n, R));
  for (let p = 0; p < R; p++) {
    ranks.forEach((rk, k) => {
      const a = Math.floor(p / st[k]!) % rk;
      const u = t.factors[k]!;
      const f = factors[k]!;
      for (let i = 0; i < u.rows; i++) f.data[i * R + p] = u.data[i * u.cols + a]!;
    });
  }
  return { weights: Float64Array.from(t.core.data), factors };
}

/**
 * Dense → TT is {@link ttSvd}, dense → Tucker is {@link hosvd}, dense → CP is {@link cpAls}; this helper wraps a
 * dense tensor as a TT tensor with a single core for order 1 and otherwise calls TT-SVD with ε = 0 (exact).
 *
 * @example
 * ```ts
 * const t = denseToTt(x);
 * ```
 */
export function denseToTt(x: DenseTensor): TtTensor {
  return ttSvd(x, { eps: 0 }).tt;
}
