/**
 * The fast forward pass of `TensorProduct` (shared weights, `fast-kernels.ts`) with the batch rows split over a
 * shared-memory `WorkerPool` of `@equitensor/tensor`: worker w takes rows `ranges[w] … ranges[w + 1]` (contiguous, about
 * equal counts) and runs on them what `forwardShared` runs on the whole batch — the same generated coupling kernels
 * (`coupling-codegen.ts`, their source text), the same weight contractions (`gemm.ts`: every output element summed over
 * k in ascending order, then added once) and the same contraction order per path (`uvwStrategy`). Each row's result
 * depends only on that row, never on the block it shares or the worker that runs it, so the pooled output equals the
 * serial one bit for bit, row by row, for any number of workers. Deliberate repetition: a pool kernel is
 * self-contained source text (it can import nothing), so the block loop and the matrix product are written again here.
 */
import { evenRanges, type WorkerPool } from '@equitensor/tensor';
import { couplingKernelSource, couplingReduceSource, MAX_GENERATED_NNZ } from './coupling-codegen.ts';
import { FAST_BLOCK, type FastPath } from './fast-kernels.ts';
import { type BatchLayout, uvwStrategy } from './kernels.ts';

const MODES = ['uvw', 'uuw', 'uvu', 'uvv', 'uuu', 'uvuv'] as const;
const STRATEGIES = ['t-first', 'x1-first', 'x2-first'] as const;

/** C(M×N) += A(M×K)·B(K×N), `gemm.ts`'s layouts; each C element is Σ_k a·b from 0 in ascending k, then added once. */
const GEMM_SOURCE = `function gemm(M, N, K, A, aOff, aStrideK, Bm, bOff, ldb, C, cOff, ldc) {
  const N4 = N - (N % 4);
  let m = 0;
  for (; m + 4 <= M; m += 4) {
    for (let n = 0; n < N4; n += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pa = aOff + m, pb = bOff + n;
      for (let k = 0; k < K; k++) {
        const a0 = A[pa], a1 = A[pa + 1], a2 = A[pa + 2], a3 = A[pa + 3];
        const b0 = Bm[pb], b1 = Bm[pb + 1], b2 = Bm[pb + 2], b3 = Bm[pb + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        pa += aStrideK; pb += ldb;
      }
      let pc = cOff + m * ldc + n;
      C[pc] += c00; C[pc + 1] += c01; C[pc + 2] += c02; C[pc + 3] += c03; pc += ldc;
      C[pc] += c10; C[pc + 1] += c11; C[pc + 2] += c12; C[pc + 3] += c13; pc += ldc;
      C[pc] += c20; C[pc + 1] += c21; C[pc + 2] += c22; C[pc + 3] += c23; pc += ldc;
      C[pc] += c30; C[pc + 1] += c31; C[pc + 2] += c32; C[pc + 3] += c33;
    }
    for (let n = N4; n < N; n++) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, pa = aOff + m, pb = bOff + n;
      for (let k = 0; k < K; k++) {
        const bv = Bm[pb];
        c0 += A[pa] * bv; c1 += A[pa + 1] * bv; c2 += A[pa + 2] * bv; c3 += A[pa + 3] * bv;
        pa += aStrideK; pb += ldb;
      }
      const pc = cOff + m * ldc + n;
      C[pc] += c0; C[pc + ldc] += c1; C[pc + 2 * ldc] += c2; C[pc + 3 * ldc] += c3;
    }
  }
  for (; m < M; m++) {
    const rowC = cOff + m * ldc;
    for (let n = 0; n < N; n++) {
      let c0 = 0, pa = aOff + m, pb = bOff + n;
      for (let k = 0; k < K; k++) { c0 += A[pa] * Bm[pb]; pa += aStrideK; pb += ldb; }
      C[rowC + n] += c0;
    }
  }
}`;

/** The block loop of `forwardShared` and `pathForward` over the rows of worker w (paths and kernels bound in `P`, `KS`). */
const BLOCK_LOOP_SOURCE = `(b, w, k) => {
  const prm = new Int32Array(b.params);
  const dim1 = prm[0], dim2 = prm[1], dimOut = prm[2], tSize = prm[3];
  const rg = new Int32Array(b.ranges);
  const lo = rg[w], hi = rg[w + 1];
  if (hi <= lo) return;
  const x1 = new Float64Array(b.x1), x2 = new Float64Array(b.x2), wt = new Float64Array(b.w), out = new Float64Array(b.out);
  const B = Math.min(${FAST_BLOCK}, hi - lo);
  if (scratch === null || scratch.B !== B || scratch.X1.length !== dim1 * B || scratch.X2.length !== dim2 * B || scratch.O.length !== dimOut * B || scratch.T.length !== tSize * B)
    scratch = { B, X1: new Float64Array(dim1 * B), X2: new Float64Array(dim2 * B), O: new Float64Array(dimOut * B), T: new Float64Array(tSize * B) };
  const { X1, X2, O, T } = scratch;
  out.fill(0, lo * dimOut, hi * dimOut);
  for (let b0 = lo; b0 < hi; b0 += B) {
    const nb = Math.min(B, hi - b0);
    for (let bb = 0; bb < nb; bb++) {
      const r1 = (b0 + bb) * dim1;
      for (let a = 0; a < dim1; a++) X1[a * B + bb] = x1[r1 + a];
      const r2 = (b0 + bb) * dim2;
      for (let a = 0; a < dim2; a++) X2[a * B + bb] = x2[r2 + a];
    }
    O.fill(0);
    for (let n = 0; n < P.length; n++) {
      const p = P[n], kern = KS[p.kernel];
      const { mode, m1, m2, mo, d1, d2, d3, s1, s2, so, factor, hasWeight } = p;
      const wo = p.weightOffset;
      const mixing = mode === 0 || mode === 1;
      const diagonal = mode === 1 || mode === 4;
      if (mixing && hasWeight && mo > 1) {
        if (p.strategy === 0) {
          const pairs = diagonal ? m1 : m1 * m2;
          for (let u = 0; u < m1; u++) {
            for (let v = diagonal ? u : 0; v < (diagonal ? u + 1 : m2); v++) {
              const q = diagonal ? u : u * m2 + v;
              kern.set(X1, (s1 + u * d1) * B, X2, (s2 + v * d2) * B, T, q * d3 * B, B, nb, factor);
            }
          }
          gemm(mo, d3 * B, pairs, wt, wo, mo, T, 0, d3 * B, O, so * B, d3 * B);
          continue;
        }
        if (p.strategy === 1) {
          const n1 = d1 * B;
          T.fill(0, 0, m2 * mo * n1);
          gemm(m2 * mo, n1, m1, wt, wo, m2 * mo, X1, s1 * B, n1, T, 0, n1);
          for (let wi = 0; wi < mo; wi++) kern.red(T, wi * n1, mo * n1, X2, s2 * B, d2 * B, m2, O, (so + wi * d3) * B, B, nb, factor);
          continue;
        }
        const n2 = d2 * B;
        T.fill(0, 0, m1 * mo * n2);
        for (let u = 0; u < m1; u++) gemm(mo, n2, m2, wt, wo + u * m2 * mo, mo, X2, s2 * B, n2, T, u * mo * n2, n2);
        for (let wi = 0; wi < mo; wi++) kern.red(X1, s1 * B, d1 * B, T, wi * n2, mo * n2, m1, O, (so + wi * d3) * B, B, nb, factor);
        continue;
      }
      for (let u = 0; u < m1; u++) {
        for (let v = diagonal ? u : 0; v < (diagonal ? u + 1 : m2); v++) {
          const q = diagonal ? u : u * m2 + v;
          const target = mixing ? 0 : mode === 2 ? u : mode === 3 ? v : q;
          const wv = hasWeight ? wt[wo + q] : 1;
          if (wv === 0) continue;
          kern.add(X1, (s1 + u * d1) * B, X2, (s2 + v * d2) * B, O, (so + target * d3) * B, B, nb, factor * wv);
        }
      }
    }
    for (let bb = 0; bb < nb; bb++) {
      const r = (b0 + bb) * dimOut;
      for (let a = 0; a < dimOut; a++) out[r + a] = out[r + a] + O[a * B + bb];
    }
  }
}`;

/**
 * The pool kernel source for these paths (one generated coupling kernel set per distinct (l1, l2, l3), the paths'
 * constants as literals), or null when a path is too large for generated kernels (the serial fallback closure).
 *
 * @example
 * ```ts
 * const source = forwardPoolSource(paths); // pool.load({ source, buffers })
 * ```
 */
export function forwardPoolSource(paths: readonly FastPath[]): string | null {
  const kernelIndex = new Map<string, number>();
  const kernels: string[] = [];
  const table: string[] = [];
  for (const p of paths) {
    if (p.c.length > MAX_GENERATED_NNZ) return null;
    const key = `${p.l1},${p.l2},${p.l3}`;
    let kernel = kernelIndex.get(key);
    if (kernel === undefined) {
      kernel = kernels.length;
      kernelIndex.set(key, kernel);
      const args = 'X, xo, Y, yo, O, oo, B, nb, s';
      kernels.push(
        `{ set: function (${args}) {\n${couplingKernelSource(p.l1, p.l2, p.l3, false)}\n},\n` +
          `add: function (${args}) {\n${couplingKernelSource(p.l1, p.l2, p.l3, true)}\n},\n` +
          `red: function (X, xo, xStride, Y, yo, yStride, count, O, oo, B, nb, s) {\n${couplingReduceSource(p.l1, p.l2, p.l3)}\n} }`,
      );
    }
    const strategy = p.mode === 'uvw' ? uvwStrategy(p) : 't-first';
    const constants = {
      mode: MODES.indexOf(p.mode),
      m1: p.m1,
      m2: p.m2,
      mo: p.mo,
      d1: p.d1,
      d2: p.d2,
      d3: p.d3,
      s1: p.s1,
      s2: p.s2,
      so: p.so,
      factor: p.factor,
      hasWeight: p.hasWeight,
      weightOffset: p.weightOffset,
      strategy: STRATEGIES.indexOf(strategy),
      kernel,
    };
    table.push(JSON.stringify(constants));
  }
  return `(() => {\n${GEMM_SOURCE}\nconst KS = [${kernels.join(',\n')}];\nconst P = [${table.join(',\n')}];\nlet scratch = null;\nreturn ${BLOCK_LOOP_SOURCE};\n})()`;
}

/** The scratch rows per sample of the kernel: the largest of `forwardShared`'s T buffer widths. */
function scratchWidth(paths: readonly FastPath[]): number {
  let tSize = 1;
  for (const p of paths) {
    const pairs = p.mode === 'uuw' || p.mode === 'uuu' ? p.m1 : p.m1 * p.m2;
    tSize = Math.max(tSize, pairs * p.d3, p.m2 * p.mo * p.d1, p.m1 * p.mo * p.d2);
  }
  return tSize;
}

interface PoolState {
  readonly source: string;
  readonly tSize: number;
  buffers: Record<string, SharedArrayBuffer> | null;
  capacity: { rows: number; weights: number; workers: number };
}

const states = new WeakMap<readonly FastPath[], PoolState | null>();

function stateFor(paths: readonly FastPath[]): PoolState | null {
  if (states.has(paths)) return states.get(paths) ?? null;
  const source = forwardPoolSource(paths);
  const state =
    source === null ? null : { source, tSize: scratchWidth(paths), buffers: null, capacity: { rows: -1, weights: -1, workers: -1 } };
  states.set(paths, state);
  return state;
}

/**
 * out = Σ_paths path(x1, x2; w) (shared weights) with the batch rows split over `pool`; false (nothing done) when
 * the paths have no pool kernel (a coupling too large for generated kernels): the caller runs `forwardShared`.
 *
 * @example
 * ```ts
 * if (!forwardOnPool(paths, x1, x2, w, out, layout, pool)) forwardShared(paths, x1, x2, w, out, layout);
 * ```
 */
export function forwardOnPool(
  paths: readonly FastPath[],
  x1: ArrayLike<number>,
  x2: ArrayLike<number>,
  w: ArrayLike<number>,
  out: Float64Array,
  L: BatchLayout,
  pool: WorkerPool,
): boolean {
  if (!L.sharedWeights) throw new Error('forwardOnPool: per-sample weights use the reference kernels');
  const state = stateFor(paths);
  if (state === null) return false;
  const k = pool.size;
  const cap = state.capacity;
  if (state.buffers === null || L.batch > cap.rows || w.length > cap.weights || k !== cap.workers) {
    const rows = Math.max(L.batch, cap.rows);
    const weights = Math.max(1, w.length, cap.weights);
    state.buffers = {
      params: new SharedArrayBuffer(16),
      ranges: new SharedArrayBuffer(4 * (k + 1)),
      x1: new SharedArrayBuffer(8 * Math.max(1, rows * L.dim1)),
      x2: new SharedArrayBuffer(8 * Math.max(1, rows * L.dim2)),
      w: new SharedArrayBuffer(8 * weights),
      out: new SharedArrayBuffer(8 * Math.max(1, rows * L.dimOut)),
    };
    state.capacity = { rows, weights, workers: k };
  }
  const b = state.buffers;
  new Int32Array(b.params as SharedArrayBuffer).set([L.dim1, L.dim2, L.dimOut, state.tSize]);
  new Int32Array(b.ranges as SharedArrayBuffer).set(evenRanges(L.batch, k));
  // float32 inputs become float64 here, as `TensorProduct.forward` converts them for the serial kernels
  new Float64Array(b.x1 as SharedArrayBuffer, 0, L.batch * L.dim1).set(x1);
  new Float64Array(b.x2 as SharedArrayBuffer, 0, L.batch * L.dim2).set(x2);
  new Float64Array(b.w as SharedArrayBuffer, 0, w.length).set(w);
  pool.load({ source: state.source, buffers: b });
  pool.run(0);
  out.set(new Float64Array(b.out as SharedArrayBuffer, 0, L.batch * L.dimOut));
  return true;
}
