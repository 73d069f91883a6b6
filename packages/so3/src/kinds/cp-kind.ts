/**
 * Kind 4, CP-decomposed (after TDN, "Tensor Decomposition Networks"): the whole coupling tensor of all
 * paths, T[a, b, c], is replaced by Σ_r A[a,r]·B[b,r]·C[c,r]; a product then costs O(R·(d1+d2+dOut))
 * per row. TDN fits the factors by gradient descent; here CP-ALS fits them to the exact tensor, with
 * TDN's rank schedules 7L and 7L² (L the largest input degree) or `'full'` (an exact rank-nnz-fibres
 * factorisation). The fit's relative error is reported in `info.relativeError`.
 *
 * The fit uses `@equitensor/tensor`'s dense CP-ALS (random initialisation, which fitted these tensors better than SVD initialisation; true relative error) while
 * the dense coupling tensor times the rank stays below {@link DENSE_ALS_LIMIT}; larger fits (MIMO at
 * L ≳ 5) use tensor's sparse O(nnz·R) ALS (`sparseCpAls`), which never forms the dense tensor.
 */

/** Above this dense-size × rank the sparse ALS is used instead of `@equitensor/tensor`'s dense one. */
export const DENSE_ALS_LIMIT = 2e7;

interface Fit {
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly C: Float64Array;
  readonly relativeError: number;
  readonly sweeps: number;
  readonly method: 'tensor-dense-als' | 'sparse-als';
}

function fitCp(t: SparseCouplingTensor, R: number, iterations: number, seed: number): Fit {
  const { dim1, dim2, dimOut } = t;
  if (dim1 * dim2 * dimOut * R <= DENSE_ALS_LIMIT) {
    const data = new Float64Array(dim1 * dim2 * dimOut);
    for (let n = 0; n < t.value.length; n++)
      data[((t.a[n] as number) * dim2 + (t.b[n] as number)) * dimOut + (t.c[n] as number)] = t.value[n] as number;
    if (t.value.length === 0)
      return {
        A: new Float64Array(dim1 * R),
        B: new Float64Array(dim2 * R),
        C: new Float64Array(dimOut * R),
        relativeError: 0,
        sweeps: 0,
        method: 'tensor-dense-als',
      };
    const res = denseCpAls(tensor([dim1, dim2, dimOut], data), {
      rank: R,
      init: 'random',
      maxIterations: iterations,
      seed,
      stallTolerance: 1e-12,
    });
    const [fa, fb, fc] = res.cp.factors as unknown as [{ data: Float64Array }, { data: Float64Array }, { data: Float64Array }];
    const A = Float64Array.from(fa.data);
    for (let i = 0; i < dim1; i++) for (let r = 0; r < R; r++) A[i * R + r] = (A[i * R + r] as number) * (res.cp.weights[r] as number);
    return {
      A,
      B: Float64Array.from(fb.data),
      C: Float64Array.from(fc.data),
      relativeError: res.relativeError,
      sweeps: res.iterations,
      method: 'tensor-dense-als',
    };
  }
  const fit = sparseCpAls({ a: t.a, b: t.b, c: t.c, value: t.value, shape: [dim1, dim2, dimOut] }, R, { iterations, seed });
  return { A: fit.A, B: fit.B, C: fit.C, relativeError: fit.relativeError, sweeps: fit.sweeps, method: 'sparse-als' };
}

import { cpAls as denseCpAls, sparseCpAls, tensor } from '@equitensor/tensor';
import { asFloat64, type FloatArray } from '../tensor-product/tensor-product.ts';
import { couplingTensor, type SparseCouplingTensor } from './cg-kind.ts';
import { degreesToIrreps, rowsOf } from './layout.ts';
import type { CpRank, KindTensorProduct, KindTensorProductOptions } from './types.ts';

/**
 * The numeric rank of a schedule.
 *
 * @example
 * ```ts
 * resolveCpRank('7L2', 3); // 63
 * ```
 */
export function resolveCpRank(rank: CpRank, lmax: number): number | 'full' {
  if (rank === 'full') return 'full';
  if (rank === '7L') return 7 * Math.max(1, lmax);
  if (rank === '7L2') return 7 * Math.max(1, lmax) ** 2;
  if (!Number.isInteger(rank) || rank < 1)
    throw new RangeError(`cp tensor product: rank must be a positive integer, '7L', '7L2' or 'full', got ${rank}`);
  return rank;
}

/**
 * The CP-decomposed kind.
 *
 * @example
 * ```ts
 * const tp = cpKindTensorProduct({ ls1: [0, 1, 2], ls2: [0, 1, 2], lsOut: [0, 1, 2, 3, 4], rank: '7L2' });
 * tp.info.relativeError; // fit error of the coupling tensor
 * ```
 */
export function cpKindTensorProduct(options: KindTensorProductOptions): KindTensorProduct {
  const coupling = options.coupling ?? 'gaunt';
  const t = couplingTensor(options.ls1, options.ls2, options.lsOut, coupling);
  const { dim1, dim2, dimOut } = t;
  const lmax = Math.max(0, ...options.ls1, ...options.ls2);
  const wanted = resolveCpRank(options.rank ?? '7L2', lmax);
  let A: Float64Array;
  let B: Float64Array;
  let C: Float64Array;
  let R: number;
  let relativeError: number;
  let sweeps = 0;
  let method = 0;
  if (wanted === 'full') {
    // one rank-1 term per non-zero (a, b) fibre: exact
    const fibres = new Map<number, number>();
    for (let n = 0; n < t.value.length; n++) {
      const key = (t.a[n] as number) * dim2 + (t.b[n] as number);
      if (!fibres.has(key)) fibres.set(key, fibres.size);
    }
    R = Math.max(1, fibres.size);
    A = new Float64Array(dim1 * R);
    B = new Float64Array(dim2 * R);
    C = new Float64Array(dimOut * R);
    for (const [key, r] of fibres) {
      A[Math.floor(key / dim2) * R + r] = 1;
      B[(key % dim2) * R + r] = 1;
    }
    for (let n = 0; n < t.value.length; n++) {
      const r = fibres.get((t.a[n] as number) * dim2 + (t.b[n] as number)) as number;
      const idx = (t.c[n] as number) * R + r;
      C[idx] = (C[idx] as number) + (t.value[n] as number);
    }
    relativeError = 0;
  } else {
    R = wanted;
    const fit = fitCp(t, R, options.alsIterations ?? 100, options.seed ?? 0);
    method = fit.method === 'sparse-als' ? 1 : 0;
    A = fit.A;
    B = fit.B;
    C = fit.C;
    relativeError = fit.relativeError;
    sweeps = fit.sweeps;
  }
  const pa = new Float64Array(R);
  return {
    kind: 'cp',
    coupling,
    irrepsIn1: degreesToIrreps(options.ls1),
    irrepsIn2: degreesToIrreps(options.ls2),
    irrepsOut: degreesToIrreps(options.lsOut),
    paths: coupling === 'gaunt' ? 'even' : 'all',
    info: { rank: R, relativeError, sweeps, sparseAls: method },
    apply<T extends FloatArray>(x1In: T, x2In: FloatArray): T {
      const rows = rowsOf(x1In, x2In, dim1, dim2, 'cp tensor product');
      const x1 = asFloat64(x1In);
      const x2 = asFloat64(x2In);
      const out = new Float64Array(rows * dimOut);
      for (let row = 0; row < rows; row++) {
        pa.fill(0);
        const r1 = row * dim1;
        for (let a = 0; a < dim1; a++) {
          const x = x1[r1 + a] as number;
          if (x === 0) continue;
          const o = a * R;
          for (let r = 0; r < R; r++) pa[r] = (pa[r] as number) + x * (A[o + r] as number);
        }
        const r2 = row * dim2;
        const pb = new Float64Array(R);
        for (let b = 0; b < dim2; b++) {
          const x = x2[r2 + b] as number;
          if (x === 0) continue;
          const o = b * R;
          for (let r = 0; r < R; r++) pb[r] = (pb[r] as number) + x * (B[o + r] as number);
        }
        for (let r = 0; r < R; r++) pa[r] = (pa[r] as number) * (pb[r] as number);
        const ro = row * dimOut;
        for (let c = 0; c < dimOut; c++) {
          const o = c * R;
          let s = 0;
          for (let r = 0; r < R; r++) s += (C[o + r] as number) * (pa[r] as number);
          out[ro + c] = s;
        }
      }
      return (x1In instanceof Float64Array ? out : Float32Array.from(out)) as T;
    },
  };
}
