/**
 * The fast forward pass of {@link TensorProduct} for shared weights (the common case: one weight vector
 * for the whole batch). The batch is processed in blocks of {@link FAST_BLOCK} samples stored
 * component-major (as the reference kernels of `kernels.ts`), and every path is split into two stages:
 *
 * - the Clebsch-Gordan contraction, by a per-(l1, l2, l3) generated kernel (`coupling-codegen.ts`) that
 *   keeps one sample's inputs in locals and writes each output component once;
 * - the weight contraction of `uvw`/`uuw` paths, which with shared weights is one dense matrix product per
 *   path over the whole block (`gemm.ts`, 4×4 register tiles), in the cheapest of three orders
 *   ({@link uvwStrategy}):
 *     t-first:  T[uv, (k, b)] = CG(x1[u], x2[v]);        O_w += Σ_uv W[uv, w]·T[uv]      (GEMM M = mo, K = m1·m2)
 *     x1-first: Y_v[w, (i, b)] = Σ_u W[u, v, w]·x1[u];   O_w += Σ_v CG(Y_v[w], x2[v])    (GEMM M = m2·mo, K = m1)
 *     x2-first: Z_u[w, (j, b)] = Σ_v W[u, v, w]·x2[v];   O_w += Σ_u CG(x1[u], Z_u[w])    (GEMM M = mo, K = m2, per u)
 *   (the v / u sums of the coupling run in registers: `addReduce`).
 *   Paths with one output channel and the scatter modes (uvu, uvv, uuu, uvuv) fold the weight into the
 *   kernel's scale and accumulate straight into the output.
 *
 * The results equal the reference kernels to rounding (tested to 1e-12 for every mode); only the
 * summation order differs.
 */
import { couplingKernels } from './coupling-codegen.ts';
import { gemmAccumulate } from './gemm.ts';
import { type BatchLayout, gatherBlock, type KernelPath, scatterBlock, uvwStrategy } from './kernels.ts';

/** Samples per block of the fast path. */
export const FAST_BLOCK = 64;

/** A path for the fast kernels: its degrees and the scalar coupling factor (path weight × Gaunt factor). */
export interface FastPath extends KernelPath {
  readonly l1: number;
  readonly l2: number;
  readonly l3: number;
  /** The coefficients of `c` are `factor · wigner3j(l1, l2, l3)`. */
  readonly factor: number;
}

/** Scratch buffers reused between calls of the same size (no allocation in the steady state). */
interface Scratch {
  B: number;
  X1: Float64Array;
  X2: Float64Array;
  O: Float64Array;
  T: Float64Array;
}

const scratchCache = new WeakMap<readonly FastPath[], Scratch>();

function scratchFor(paths: readonly FastPath[], L: BatchLayout): Scratch {
  const B = Math.min(FAST_BLOCK, Math.max(1, L.batch));
  let tSize = 1;
  for (const p of paths) {
    const pairs = p.mode === 'uuw' || p.mode === 'uuu' ? p.m1 : p.m1 * p.m2;
    tSize = Math.max(tSize, pairs * p.d3, p.m2 * p.mo * p.d1, p.m1 * p.mo * p.d2);
  }
  const hit = scratchCache.get(paths);
  if (hit && hit.B === B && hit.T.length === tSize * B && hit.X1.length === L.dim1 * B && hit.X2.length === L.dim2 * B) return hit;
  const s = {
    B,
    X1: new Float64Array(L.dim1 * B),
    X2: new Float64Array(L.dim2 * B),
    O: new Float64Array(L.dimOut * B),
    T: new Float64Array(tSize * B),
  };
  scratchCache.set(paths, s);
  return s;
}

/**
 * out += Σ_paths path(x1, x2; w) for the whole batch with shared weights (out is batch × dimOut).
 *
 * @example
 * ```ts
 * forwardShared(paths, x1, x2, w, out, { batch, dim1, dim2, dimOut, weightNumel, sharedWeights: true });
 * ```
 */
export function forwardShared(
  paths: readonly FastPath[],
  x1: Float64Array,
  x2: Float64Array,
  w: Float64Array,
  out: Float64Array,
  L: BatchLayout,
): void {
  if (!L.sharedWeights) throw new Error('forwardShared: per-sample weights use the reference kernels');
  const { B, X1, X2, O, T } = scratchFor(paths, L);
  const kernels = paths.map((p) => couplingKernels(p.l1, p.l2, p.l3));
  for (let b0 = 0; b0 < L.batch; b0 += B) {
    const nb = Math.min(B, L.batch - b0);
    gatherBlock(x1, x2, X1, X2, L, b0, nb, B);
    O.fill(0);
    for (let n = 0; n < paths.length; n++) pathForward(paths[n]!, kernels[n]!, X1, X2, w, T, O, B, nb);
    scatterBlock(O, out, L, b0, nb, B);
  }
}

function pathForward(
  p: FastPath,
  kern: ReturnType<typeof couplingKernels>,
  X1: Float64Array,
  X2: Float64Array,
  w: Float64Array,
  T: Float64Array,
  O: Float64Array,
  B: number,
  nb: number,
): void {
  const { mode, m1, m2, mo, d1, d2, d3, s1, s2, so, factor, hasWeight } = p;
  const wo = p.weightOffset;
  const mixing = mode === 'uvw' || mode === 'uuw';
  const diagonal = mode === 'uuw' || mode === 'uuu';
  // Deliberate repetition: pool.ts writes these paths again as worker source (a pool kernel imports nothing).
  if (mixing && hasWeight && mo > 1) {
    const strategy = mode === 'uvw' ? uvwStrategy(p) : 't-first';
    if (strategy === 't-first') {
      const pairs = diagonal ? m1 : m1 * m2;
      for (let u = 0; u < m1; u++) {
        for (let v = diagonal ? u : 0; v < (diagonal ? u + 1 : m2); v++) {
          const q = diagonal ? u : u * m2 + v;
          kern.set(X1, (s1 + u * d1) * B, X2, (s2 + v * d2) * B, T, q * d3 * B, B, nb, factor);
        }
      }
      // O[w, (k, b)] += Σ_q W[q, w]·T[q, (k, b)]
      gemmAccumulate(mo, d3 * B, pairs, w, wo, mo, T, 0, d3 * B, O, so * B, d3 * B);
      return;
    }
    if (strategy === 'x1-first') {
      const n1 = d1 * B;
      T.fill(0, 0, m2 * mo * n1);
      // Y_v[w, (i, b)] = Σ_u W[u, v, w]·X1[u, (i, b)]
      // (one product: rows m = v·mo + w are contiguous in W[u, v, w] for fixed u)
      gemmAccumulate(m2 * mo, n1, m1, w, wo, m2 * mo, X1, s1 * B, n1, T, 0, n1);
      // O_w += Σ_v CG(Y_v[w], x2[v]), the v sum in registers
      for (let wi = 0; wi < mo; wi++) kern.addReduce(T, wi * n1, mo * n1, X2, s2 * B, d2 * B, m2, O, (so + wi * d3) * B, B, nb, factor);
      return;
    }
    const n2 = d2 * B;
    T.fill(0, 0, m1 * mo * n2);
    // Z_u[w, (j, b)] = Σ_v W[u, v, w]·X2[v, (j, b)]
    for (let u = 0; u < m1; u++) gemmAccumulate(mo, n2, m2, w, wo + u * m2 * mo, mo, X2, s2 * B, n2, T, u * mo * n2, n2);
    // O_w += Σ_u CG(x1[u], Z_u[w]), the u sum in registers
    for (let wi = 0; wi < mo; wi++) kern.addReduce(X1, s1 * B, d1 * B, T, wi * n2, mo * n2, m1, O, (so + wi * d3) * B, B, nb, factor);
    return;
  }
  // one weight per (u, v) pair and one target channel: fold the weight into the kernel's scale
  for (let u = 0; u < m1; u++) {
    for (let v = diagonal ? u : 0; v < (diagonal ? u + 1 : m2); v++) {
      const q = diagonal ? u : u * m2 + v;
      let target: number;
      if (mixing)
        target = 0; // uvw / uuw with a single output channel, or without weights (reference: channel 0)
      else if (mode === 'uvu') target = u;
      else if (mode === 'uvv') target = v;
      else target = q; // uuu: q = u; uvuv: q = u·m2 + v
      const wv = hasWeight ? w[wo + q]! : 1;
      if (wv === 0) continue;
      kern.add(X1, (s1 + u * d1) * B, X2, (s2 + v * d2) * B, O, (so + target * d3) * B, B, nb, factor * wv);
    }
  }
}
