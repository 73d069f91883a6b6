import { type DenseTensor, frobeniusNorm, tensor } from './dense.ts';
import { firstColumns, mat, matmul, transpose } from './matrix.ts';
import { defaultSvdMethod, leftSingular, rankForTolerance, type SvdMethod } from './svd.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/**
 * A tensor train X[i₀, …, i_{d−1}] = G₀[:, i₀, :] G₁[:, i₁, :] ⋯ G_{d−1}[:, i_{d−1}, :] with cores G_k of shape
 * r_{k−1} × n_k × r_k (C order) and r_{−1} = r_{d−1} = 1 (Oseledets 2011).
 *
 * @example
 * ```ts
 * const t: TtTensor = { cores: [g0, g1, g2] };
 * ```
 */
export interface TtTensor {
  readonly cores: readonly DenseTensor[];
}

/**
 * Validate a TT tensor and return its shape.
 *
 * @example
 * ```ts
 * ttShape(t); // [n0, n1, n2]
 * ```
 */
export function ttShape(t: TtTensor): number[] {
  let prev = 1;
  const d = t.cores.length;
  return t.cores.map((g, k) => {
    if (g.shape.length !== 3) throw new RangeError(`TT core ${k} must have order 3, has shape [${g.shape}]`);
    if (g.shape[0] !== prev) throw new RangeError(`TT core ${k} has left rank ${g.shape[0]}, expected ${prev}`);
    prev = g.shape[2]!;
    if (k === d - 1 && prev !== 1) throw new RangeError(`last TT core must have right rank 1, has ${prev}`);
    return g.shape[1]!;
  });
}

/**
 * TT ranks r₀ … r_{d−2} (the interior bond dimensions).
 *
 * @example
 * ```ts
 * ttRanks(t); // e.g. [3, 3]
 * ```
 */
export function ttRanks(t: TtTensor): number[] {
  return t.cores.slice(0, -1).map((g) => g.shape[2]!);
}

/**
 * Reconstruct the dense tensor by left-to-right contraction. Cost O(N · r) with N the full size.
 *
 * @example
 * ```ts
 * ttToDense(ttSvd(x, { eps: 1e-10 }).tt);
 * ```
 */
export function ttToDense(t: TtTensor): DenseTensor {
  const shape = ttShape(t);
  let acc = mat(1, 1, Float64Array.of(1)); // (Π n so far) × r
  for (const g of t.cores) {
    const [r0, n, r1] = g.shape as [number, number, number];
    acc = matmul(acc, mat(r0, n * r1, g.data));
    acc = mat(acc.rows * n, r1, acc.data);
  }
  return tensor(shape, acc.data);
}

/**
 * Inner product of two TT tensors in format, by sweeping the r × r' interface matrix. Cost O(d n r² r').
 *
 * @example
 * ```ts
 * ttInner(a, b);
 * ```
 */
export function ttInner(a: TtTensor, b: TtTensor): number {
  const sa = ttShape(a);
  const sb = ttShape(b);
  if (sa.length !== sb.length || sa.some((n, i) => n !== sb[i])) throw new RangeError(`TT shapes differ: [${sa}] vs [${sb}]`);
  let w = mat(1, 1, Float64Array.of(1)); // r_a × r_b
  a.cores.forEach((ga, k) => {
    const gb = b.cores[k]!;
    const [ra0, n, ra1] = ga.shape as [number, number, number];
    const [rb0, , rb1] = gb.shape as [number, number, number];
    // T = Wᵀ · Ga  as (rb0 × n·ra1), then W' = Σ_{β, i} T[β, i, α'] Gb[β, i, β']
    const t = matmul(w, mat(ra0, n * ra1, ga.data), true, false); // rb0 × (n ra1)
    const next = mat(ra1, rb1);
    for (let beta = 0; beta < rb0; beta++) {
      for (let i = 0; i < n; i++) {
        const to = beta * n * ra1 + i * ra1;
        const go = beta * n * rb1 + i * rb1;
        for (let al = 0; al < ra1; al++) {
          const tv = t.data[to + al]!;
          if (tv === 0) continue;
          for (let be = 0; be < rb1; be++) next.data[al * rb1 + be]! += tv * gb.data[go + be]!;
        }
      }
    }
    w = next;
  });
  return w.data[0]!;
}

/**
 * Frobenius norm in format. Cost as {@link ttInner}.
 *
 * @example
 * ```ts
 * ttNorm(t);
 * ```
 */
export function ttNorm(t: TtTensor): number {
  return Math.sqrt(Math.max(ttInner(t, t), 0));
}

/**
 * Entries at multi-indices: a product of d small matrices. Cost O(d r²) per index.
 *
 * @example
 * ```ts
 * ttAt(t, [[1, 2, 3]]);
 * ```
 */
export function ttAt(t: TtTensor, indices: readonly (readonly number[])[]): Float64Array {
  const shape = ttShape(t);
  return Float64Array.from(indices, (idx) => {
    if (idx.length !== shape.length) throw new RangeError(`index has ${idx.length} entries, tensor has order ${shape.length}`);
    let v = Float64Array.of(1);
    t.cores.forEach((g, k) => {
      const i = idx[k]!;
      const [r0, n, r1] = g.shape as [number, number, number];
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`index ${i} out of range [0, ${n}) in mode ${k}`);
      const next = new Float64Array(r1);
      for (let a = 0; a < r0; a++) {
        const va = v[a]!;
        const o = a * n * r1 + i * r1;
        for (let b = 0; b < r1; b++) next[b]! += va * g.data[o + b]!;
      }
      v = next;
    });
    return v[0]!;
  });
}

/** Ranks for TT-SVD / rounding: `eps` (relative accuracy), `ranks` (maximal ranks), or both. */
export interface TtOptions {
  /** Relative accuracy ε: ‖X − X̂‖ ≤ ε ‖X‖; each of the d − 1 truncations discards at most ε‖X‖/√(d−1). */
  readonly eps?: number;
  /** Maximal TT ranks (d − 1 entries) or one number for all. */
  readonly ranks?: readonly number[] | number;
  /** SVD route (default: `'gram'` for ε ≥ 1e-6 or ranks only, else `'qr'`). */
  readonly svd?: SvdMethod;
  /**
   * Run TT-SVD's Gram matrices and blocked QRs (see {@link leftSingular}) on this worker pool: bit-for-bit the
   * one-thread result for every worker count.
   */
  readonly pool?: WorkerPool;
}

/** Result of {@link ttSvd} and {@link ttRound}. */
export interface TtResult {
  readonly tt: TtTensor;
  /** Singular values at each of the d − 1 truncations. */
  readonly singularValues: readonly Float64Array[];
  /** Upper bound on the relative error from the discarded singular values: sqrt(Σ discarded σ²)/‖X‖. */
  readonly errorBound: number;
}

/**
 * TT-SVD (Oseledets 2011, Alg. 1): sequential truncated SVDs of the unfoldings (r_{k−1} n_k) × (n_{k+1} ⋯).
 * With `eps`, each rank is the SMALLEST whose discarded tail ≤ ε ‖X‖/√(d−1), so ‖X − X̂‖ ≤ ε ‖X‖.
 * Cost O(N · n_0) for the first SVD, then decreasing; O(d n r³) beyond.
 *
 * @example
 * ```ts
 * const { tt } = ttSvd(x, { eps: 1e-8 });
 * ```
 */
export function ttSvd(x: DenseTensor, options: TtOptions): TtResult {
  const shape = x.shape;
  const d = shape.length;
  if (d < 1) throw new RangeError('TT-SVD needs a tensor of order at least 1');
  if (shape.includes(0)) throw new RangeError(`TT-SVD needs a non-empty tensor, got shape (${shape.join(', ')})`);
  const norm = frobeniusNorm(x);
  const delta = budget(options, norm, d);
  const cores: DenseTensor[] = [];
  const singularValues: Float64Array[] = [];
  let discarded2 = 0;
  let r = 1;
  let c = mat(shape[0]!, x.data.length / Math.max(shape[0]!, 1), Float64Array.from(x.data));
  for (let k = 0; k < d - 1; k++) {
    const n = shape[k]!;
    c = mat(r * n, c.data.length / Math.max(r * n, 1), c.data);
    const { u, s } = leftSingular(c, options.svd ?? defaultSvdMethod(options.eps), options.pool);
    const rk = chooseRank(s, delta, options.ranks, k);
    for (let j = rk; j < s.length; j++) discarded2 += s[j]! * s[j]!;
    const uk = firstColumns(u, rk);
    cores.push(tensor([r, n, rk], uk.data));
    singularValues.push(s);
    c = matmul(uk, c, true, false);
    r = rk;
  }
  cores.push(tensor([r, shape[d - 1]!, 1], c.data));
  return { tt: { cores }, singularValues, errorBound: norm === 0 ? 0 : Math.sqrt(discarded2) / norm };
}

function budget(options: TtOptions, norm: number, d: number): number {
  if (options.eps === undefined && options.ranks === undefined) throw new RangeError('give eps, ranks, or both');
  if (options.eps === undefined) return 0;
  if (!(options.eps >= 0)) throw new RangeError(`eps must be non-negative, got ${options.eps}`);
  return (options.eps * norm) / Math.sqrt(Math.max(d - 1, 1));
}

function chooseRank(s: Float64Array, delta: number, ranks: TtOptions['ranks'], k: number): number {
  let r = rankForTolerance(s, delta);
  if (ranks !== undefined) {
    const cap = typeof ranks === 'number' ? ranks : ranks[k];
    if (cap === undefined || !Number.isInteger(cap) || cap < 1)
      throw new RangeError(`TT rank cap for bond ${k} must be a positive integer`);
    r = Math.min(r, cap);
  }
  return Math.max(r, 1);
}

/**
 * TT rounding (Oseledets 2011, Alg. 2): right-to-left orthogonalisation, then left-to-right truncated SVDs with the
 * ε-budget ε ‖X‖/√(d−1) per bond (‖X‖ computed in format). Cost O(d n r³).
 *
 * @example
 * ```ts
 * const { tt } = ttRound(sumOfTwoTts, { eps: 1e-10 });
 * ```
 */
export function ttRound(t: TtTensor, options: TtOptions): TtResult {
  ttShape(t);
  const d = t.cores.length;
  const cores = t.cores.map((g) => tensor(g.shape, Float64Array.from(g.data)));
  // Right-to-left: make cores 1 … d−1 right-orthonormal, carrying the rest into the previous core.
  for (let k = d - 1; k > 0; k--) {
    const [r0, n, r1] = cores[k]!.shape as [number, number, number];
    const m = mat(r0, n * r1, cores[k]!.data);
    const { u } = leftSingular(transpose(m), 'qr', options.pool); // (n r1) × q, orthonormal, spans the row space of M
    const q = u.cols;
    cores[k] = tensor([q, n, r1], transpose(u).data);
    const carry = matmul(m, u); // r0 × q, M = carry · uᵀ
    const [p0, pn] = cores[k - 1]!.shape as [number, number, number];
    const prev = matmul(mat(p0 * pn, r0, cores[k - 1]!.data), carry);
    cores[k - 1] = tensor([p0, pn, q], prev.data);
  }
  const norm = frobeniusNorm(cores[0]!);
  const delta = budget(options, norm, d);
  const singularValues: Float64Array[] = [];
  let discarded2 = 0;
  for (let k = 0; k < d - 1; k++) {
    const [r0, n, r1] = cores[k]!.shape as [number, number, number];
    const m = mat(r0 * n, r1, cores[k]!.data);
    const { u, s } = leftSingular(m, 'qr', options.pool);
    const rk = chooseRank(s, delta, options.ranks, k);
    for (let j = rk; j < s.length; j++) discarded2 += s[j]! * s[j]!;
    const uk = firstColumns(u, rk);
    cores[k] = tensor([r0, n, rk], uk.data);
    const carry = matmul(uk, m, true, false); // rk × r1
    const [, nn, rr] = cores[k + 1]!.shape as [number, number, number];
    const next = matmul(carry, mat(r1, nn * rr, cores[k + 1]!.data));
    cores[k + 1] = tensor([rk, nn, rr], next.data);
    singularValues.push(s);
  }
  return { tt: { cores }, singularValues, errorBound: norm === 0 ? 0 : Math.sqrt(discarded2) / norm };
}
