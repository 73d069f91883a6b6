/**
 * Float64 forward kernels of the tensor product. The batch is processed in blocks of up to
 * {@link BLOCK} samples stored "structure of arrays" (component-major, sample-minor), so every inner
 * loop runs contiguously over the samples of a block — the layout that lets a JIT keep JavaScript
 * loops tight. For `uvw` the cheapest of three contraction orders is chosen per path:
 *   t-first:  t[uv,k] = Σ c·x1[u,i]·x2[v,j], then out[w,k] += W[uv,w]·t[uv,k]    (m1m2·nnz + m1m2·mo·d3)
 *   x1-first: y[v,w,i] = Σ_u W[uv,w]·x1[u,i], then out[w,k] += Σ c·y[v,w,i]·x2[v,j] (m1m2mo·d1 + m2mo·nnz)
 *   x2-first: the mirror image                                                    (m1m2mo·d2 + m1mo·nnz)
 * Paths whose multiplicities are all 1 (shared weights) are fused into one coefficient list.
 */

/** Samples per block. */
export const BLOCK = 64;

/** A path compiled for the kernels (coefficients already include the path weight). */
export interface KernelPath {
  readonly mode: 'uvw' | 'uvu' | 'uvv' | 'uuw' | 'uuu' | 'uvuv';
  readonly hasWeight: boolean;
  readonly weightOffset: number;
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly k: Int32Array;
  readonly c: Float64Array;
  readonly m1: number;
  readonly m2: number;
  readonly mo: number;
  readonly d1: number;
  readonly d2: number;
  readonly d3: number;
  readonly s1: number;
  readonly s2: number;
  readonly so: number;
}

/** Row widths, the number of weights per sample and whether weights are shared. */
export interface BatchLayout {
  readonly batch: number;
  readonly dim1: number;
  readonly dim2: number;
  readonly dimOut: number;
  readonly weightNumel: number;
  readonly sharedWeights: boolean;
}

/**
 * Samples b0 … b0 + nb − 1 of the row-major inputs (sample × dim) into component-major blocks X[a·B + bb], the
 * layout every kernel here and in fast-kernels.ts reads.
 */
export function gatherBlock(
  x1: Float64Array,
  x2: Float64Array,
  X1: Float64Array,
  X2: Float64Array,
  L: BatchLayout,
  b0: number,
  nb: number,
  B: number,
): void {
  for (let bb = 0; bb < nb; bb++) {
    const r1 = (b0 + bb) * L.dim1;
    for (let a = 0; a < L.dim1; a++) X1[a * B + bb] = x1[r1 + a]!;
    const r2 = (b0 + bb) * L.dim2;
    for (let a = 0; a < L.dim2; a++) X2[a * B + bb] = x2[r2 + a]!;
  }
}

/** Adds the component-major output block O[a·B + bb] back into the row-major `out` rows b0 … b0 + nb − 1. */
export function scatterBlock(O: Float64Array, out: Float64Array, L: BatchLayout, b0: number, nb: number, B: number): void {
  for (let bb = 0; bb < nb; bb++) {
    const r = (b0 + bb) * L.dimOut;
    for (let a = 0; a < L.dimOut; a++) out[r + a] = out[r + a]! + O[a * B + bb]!;
  }
}

/** Which contraction order `uvw` uses for a path. */
export function uvwStrategy(p: KernelPath): 't-first' | 'x1-first' | 'x2-first' {
  const nnz = p.c.length;
  const s0 = p.m1 * p.m2 * nnz + p.m1 * p.m2 * p.mo * p.d3;
  const s1 = p.m1 * p.m2 * p.mo * p.d1 + p.m2 * p.mo * nnz;
  const s2 = p.m1 * p.m2 * p.mo * p.d2 + p.m1 * p.mo * nnz;
  if (s0 <= s1 && s0 <= s2) return 't-first';
  return s1 <= s2 ? 'x1-first' : 'x2-first';
}

const partitions = new WeakMap<readonly KernelPath[], { shared: boolean; fusable: KernelPath[]; rest: KernelPath[] }>();

/** Split paths into fusable and the rest (cached per path list, so the fused plan is built once). */
function partition(paths: readonly KernelPath[], shared: boolean): { fusable: KernelPath[]; rest: KernelPath[] } {
  const hit = partitions.get(paths);
  if (hit && hit.shared === shared) return hit;
  const out = { shared, fusable: paths.filter((p) => isFusable(p, shared)), rest: paths.filter((p) => !isFusable(p, shared)) };
  partitions.set(paths, out);
  return out;
}

/** Whether a path goes into the fused coefficient list. */
function isFusable(p: KernelPath, shared: boolean): boolean {
  return p.m1 === 1 && p.m2 === 1 && p.mo === 1 && (shared || !p.hasWeight);
}

interface Fused {
  /** Distinct (x1 index, x2 index) pairs; entries of pair g are groupStart[g] … groupStart[g+1]−1. */
  readonly pairA: Int32Array;
  readonly pairB: Int32Array;
  readonly groupStart: Int32Array;
  readonly io: Int32Array;
  readonly cf: Float64Array;
}

interface FusedPlan {
  readonly pairA: Int32Array;
  readonly pairB: Int32Array;
  readonly groupStart: Int32Array;
  readonly io: Int32Array;
  /** For each entry: its path's weight offset (−1 without weight) and its coefficient. */
  readonly weightIndex: Int32Array;
  readonly coef: Float64Array;
}

const plans = new WeakMap<readonly KernelPath[], FusedPlan>();

/** Entries of all fusable paths grouped by their (x1, x2) index pair, so each product x1·x2 is formed once. */
function fusedPlan(paths: readonly KernelPath[]): FusedPlan {
  const hit = plans.get(paths);
  if (hit) return hit;
  const entries: { a: number; b: number; o: number; wi: number; c: number }[] = [];
  for (const p of paths) {
    for (let e = 0; e < p.c.length; e++)
      entries.push({ a: p.s1 + p.i[e]!, b: p.s2 + p.j[e]!, o: p.so + p.k[e]!, wi: p.hasWeight ? p.weightOffset : -1, c: p.c[e]! });
  }
  entries.sort((x, y) => x.a - y.a || x.b - y.b);
  const pairA: number[] = [];
  const pairB: number[] = [];
  const groupStart: number[] = [];
  entries.forEach((e, n) => {
    const last = pairA.length - 1;
    if (last < 0 || pairA[last] !== e.a || pairB[last] !== e.b) {
      pairA.push(e.a);
      pairB.push(e.b);
      groupStart.push(n);
    }
  });
  groupStart.push(entries.length);
  const plan = {
    pairA: Int32Array.from(pairA),
    pairB: Int32Array.from(pairB),
    groupStart: Int32Array.from(groupStart),
    io: Int32Array.from(entries, (e) => e.o),
    weightIndex: Int32Array.from(entries, (e) => e.wi),
    coef: Float64Array.from(entries, (e) => e.c),
  };
  plans.set(paths, plan);
  return plan;
}

function fuse(paths: readonly KernelPath[], w: Float64Array): Fused {
  const plan = fusedPlan(paths);
  const cf = new Float64Array(plan.coef.length);
  for (let n = 0; n < cf.length; n++) {
    const wi = plan.weightIndex[n]!;
    cf[n] = (wi >= 0 ? w[wi]! : 1) * plan.coef[n]!;
  }
  return { pairA: plan.pairA, pairB: plan.pairB, groupStart: plan.groupStart, io: plan.io, cf };
}

/**
 * out = Σ_paths path(x1, x2; w) for the whole batch (out must be zeroed, batch × dimOut).
 *
 * @example
 * ```ts
 * forwardAll(paths, x1, x2, w, out, { batch, dim1, dim2, dimOut, weightNumel, sharedWeights: true });
 * ```
 */
export function forwardAll(
  paths: readonly KernelPath[],
  x1: Float64Array,
  x2: Float64Array,
  w: Float64Array,
  out: Float64Array,
  L: BatchLayout,
): void {
  const { fusable, rest } = partition(paths, L.sharedWeights);
  const fused = fuse(fusable, w);
  const B = Math.min(BLOCK, Math.max(1, L.batch));
  const X1 = new Float64Array(L.dim1 * B);
  const X2 = new Float64Array(L.dim2 * B);
  const O = new Float64Array(L.dimOut * B);
  const P = new Float64Array(B);
  let tSize = 1;
  let wSize = 1;
  for (const p of rest) {
    const pairs = p.mode === 'uuw' || p.mode === 'uuu' ? p.m1 : p.m1 * p.m2;
    tSize = Math.max(tSize, pairs * p.d3, p.m2 * p.mo * p.d1, p.m1 * p.mo * p.d2);
    wSize = Math.max(wSize, p.m1 * p.m2 * p.mo);
  }
  const T = new Float64Array(tSize * B);
  const WT = L.sharedWeights ? new Float64Array(0) : new Float64Array(wSize * B);
  for (let b0 = 0; b0 < L.batch; b0 += B) {
    const nb = Math.min(B, L.batch - b0);
    gatherBlock(x1, x2, X1, X2, L, b0, nb, B);
    O.fill(0);
    const { pairA, pairB, groupStart, io, cf } = fused;
    for (let g = 0; g < pairA.length; g++) {
      const pa = pairA[g]! * B;
      const pb = pairB[g]! * B;
      for (let bb = 0; bb < nb; bb++) P[bb] = X1[pa + bb]! * X2[pb + bb]!;
      for (let e = groupStart[g]!; e < groupStart[g + 1]!; e++) {
        const c = cf[e]!;
        const po = io[e]! * B;
        for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + c * P[bb]!;
      }
    }
    for (const p of rest) {
      if (!L.sharedWeights && p.hasWeight) {
        const numel = p.mode === 'uvw' ? p.m1 * p.m2 * p.mo : p.mode === 'uuw' ? p.m1 * p.mo : p.mode === 'uuu' ? p.m1 : p.m1 * p.m2;
        for (let bb = 0; bb < nb; bb++) {
          const r = (b0 + bb) * L.weightNumel + p.weightOffset;
          for (let q = 0; q < numel; q++) WT[q * B + bb] = w[r + q]!;
        }
      }
      const wp = L.sharedWeights ? w.subarray(p.hasWeight ? p.weightOffset : 0) : WT;
      if (p.mode === 'uvw' && p.hasWeight) {
        const s = uvwStrategy(p);
        if (s === 'x1-first') {
          uvwX1First(p, X1, X2, wp, L.sharedWeights, T, O, B, nb);
          continue;
        }
        if (s === 'x2-first') {
          uvwX2First(p, X1, X2, wp, L.sharedWeights, T, O, B, nb);
          continue;
        }
      }
      if (p.mode === 'uvw' || p.mode === 'uuw') tFirst(p, X1, X2, wp, L.sharedWeights, T, O, B, nb);
      else scatterDirect(p, X1, X2, wp, L.sharedWeights, O, B, nb);
    }
    scatterBlock(O, out, L, b0, nb, B);
  }
}

/** acc[po + bb] += (shared ? w[q] : W[q·B + bb]) · src[ps + bb] */
function axpyWeighted(
  acc: Float64Array,
  po: number,
  src: Float64Array,
  ps: number,
  w: Float64Array,
  q: number,
  shared: boolean,
  B: number,
  nb: number,
): void {
  if (shared) {
    const wv = w[q]!;
    if (wv === 0) return;
    for (let bb = 0; bb < nb; bb++) acc[po + bb] = acc[po + bb]! + wv * src[ps + bb]!;
  } else {
    const pw = q * B;
    for (let bb = 0; bb < nb; bb++) acc[po + bb] = acc[po + bb]! + w[pw + bb]! * src[ps + bb]!;
  }
}

/**
 * For wi = 0…count−1: acc[po + wi·stride + bb] += weight(q0 + wi·qStep) · src[ps + bb]; shared weights are
 * processed four channels per pass (one load of src feeds four multiply-adds).
 */
function axpyChannels(
  acc: Float64Array,
  po: number,
  stride: number,
  src: Float64Array,
  ps: number,
  w: Float64Array,
  q0: number,
  qStep: number,
  count: number,
  shared: boolean,
  B: number,
  nb: number,
): void {
  let wi = 0;
  if (shared) {
    for (; wi + 4 <= count; wi += 4) {
      const w0 = w[q0 + wi * qStep]!;
      const w1 = w[q0 + (wi + 1) * qStep]!;
      const w2 = w[q0 + (wi + 2) * qStep]!;
      const w3 = w[q0 + (wi + 3) * qStep]!;
      const p0 = po + wi * stride;
      const p1 = p0 + stride;
      const p2 = p1 + stride;
      const p3 = p2 + stride;
      for (let bb = 0; bb < nb; bb++) {
        const tv = src[ps + bb]!;
        acc[p0 + bb] = acc[p0 + bb]! + w0 * tv;
        acc[p1 + bb] = acc[p1 + bb]! + w1 * tv;
        acc[p2 + bb] = acc[p2 + bb]! + w2 * tv;
        acc[p3 + bb] = acc[p3 + bb]! + w3 * tv;
      }
    }
  }
  for (; wi < count; wi++) axpyWeighted(acc, po + wi * stride, src, ps, w, q0 + wi * qStep, shared, B, nb);
}

function tFirst(
  p: KernelPath,
  X1: Float64Array,
  X2: Float64Array,
  w: Float64Array,
  shared: boolean,
  T: Float64Array,
  O: Float64Array,
  B: number,
  nb: number,
): void {
  const { i, j, k, c, m1, m2, mo, d1, d2, d3, mode, hasWeight } = p;
  const nnz = c.length;
  const diagonal = mode === 'uuw' || mode === 'uuu';
  const pairs = diagonal ? m1 : m1 * m2;
  T.fill(0, 0, pairs * d3 * B);
  for (let n = 0; n < nnz; n++) {
    const cn = c[n]!;
    const ii = p.s1 + i[n]!;
    const jj = p.s2 + j[n]!;
    const kk = k[n]!;
    for (let u = 0; u < m1; u++) {
      const pa = (ii + u * d1) * B;
      const vEnd = diagonal ? u + 1 : m2;
      for (let v = diagonal ? u : 0; v < vEnd; v++) {
        const pb = (jj + v * d2) * B;
        const q = diagonal ? u : u * m2 + v;
        const pt = (q * d3 + kk) * B;
        for (let bb = 0; bb < nb; bb++) T[pt + bb] = T[pt + bb]! + cn * X1[pa + bb]! * X2[pb + bb]!;
      }
    }
  }
  const ob = p.so;
  if (mode === 'uvw' || mode === 'uuw') {
    for (let q = 0; q < pairs; q++) {
      for (let kk = 0; kk < d3; kk++) {
        const pt = (q * d3 + kk) * B;
        if (!hasWeight) {
          const po = (ob + kk) * B;
          for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + T[pt + bb]!;
          continue;
        }
        axpyChannels(O, (ob + kk) * B, d3 * B, T, pt, w, q * mo, 1, mo, shared, B, nb);
      }
    }
    return;
  }
  for (let q = 0; q < pairs; q++) {
    const target = mode === 'uvu' ? (q / m2) | 0 : mode === 'uvv' ? q % m2 : q;
    for (let kk = 0; kk < d3; kk++) {
      const pt = (q * d3 + kk) * B;
      const po = (ob + target * d3 + kk) * B;
      if (hasWeight) axpyWeighted(O, po, T, pt, w, q, shared, B, nb);
      else for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + T[pt + bb]!;
    }
  }
}

function uvwX1First(
  p: KernelPath,
  X1: Float64Array,
  X2: Float64Array,
  w: Float64Array,
  shared: boolean,
  Y: Float64Array,
  O: Float64Array,
  B: number,
  nb: number,
): void {
  const { i, j, k, c, m1, m2, mo, d1, d2, d3 } = p;
  const nnz = c.length;
  // Y[((v·mo + w)·d1 + i)·B + bb] = Σ_u W[u, v, w] X1[(s1 + u·d1 + i)·B + bb]
  Y.fill(0, 0, m2 * mo * d1 * B);
  for (let u = 0; u < m1; u++) {
    for (let ii = 0; ii < d1; ii++) {
      const px = (p.s1 + u * d1 + ii) * B;
      for (let v = 0; v < m2; v++) {
        axpyChannels(Y, (v * mo * d1 + ii) * B, d1 * B, X1, px, w, (u * m2 + v) * mo, 1, mo, shared, B, nb);
      }
    }
  }
  for (let v = 0; v < m2; v++) {
    for (let n = 0; n < nnz; n++) {
      const cn = c[n]!;
      const pb = (p.s2 + v * d2 + j[n]!) * B;
      for (let wi = 0; wi < mo; wi++) {
        const py = ((v * mo + wi) * d1 + i[n]!) * B;
        const po = (p.so + wi * d3 + k[n]!) * B;
        for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + cn * X2[pb + bb]! * Y[py + bb]!;
      }
    }
  }
}

// Deliberate hot-loop specialisation: the mirror image of uvwX1First (W contracted with x2 first), written out so
// that each order indexes its intermediate directly; one function over both would branch inside the product loop.
function uvwX2First(
  p: KernelPath,
  X1: Float64Array,
  X2: Float64Array,
  w: Float64Array,
  shared: boolean,
  Z: Float64Array,
  O: Float64Array,
  B: number,
  nb: number,
): void {
  const { i, j, k, c, m1, m2, mo, d1, d2, d3 } = p;
  const nnz = c.length;
  // Z[((u·mo + w)·d2 + j)·B + bb] = Σ_v W[u, v, w] X2[(s2 + v·d2 + j)·B + bb]
  Z.fill(0, 0, m1 * mo * d2 * B);
  for (let v = 0; v < m2; v++) {
    for (let jj = 0; jj < d2; jj++) {
      const px = (p.s2 + v * d2 + jj) * B;
      for (let u = 0; u < m1; u++) {
        axpyChannels(Z, (u * mo * d2 + jj) * B, d2 * B, X2, px, w, (u * m2 + v) * mo, 1, mo, shared, B, nb);
      }
    }
  }
  for (let u = 0; u < m1; u++) {
    for (let n = 0; n < nnz; n++) {
      const cn = c[n]!;
      const pa = (p.s1 + u * d1 + i[n]!) * B;
      for (let wi = 0; wi < mo; wi++) {
        const pz = ((u * mo + wi) * d2 + j[n]!) * B;
        const po = (p.so + wi * d3 + k[n]!) * B;
        for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + cn * X1[pa + bb]! * Z[pz + bb]!;
      }
    }
  }
}

/**
 * Modes uvu, uvv, uuu, uvuv: each (u, v) pair feeds one output channel with one weight, so the products
 * accumulate straight into the output (no intermediate t), the weight folded into the coefficient.
 */
function scatterDirect(
  p: KernelPath,
  X1: Float64Array,
  X2: Float64Array,
  w: Float64Array,
  shared: boolean,
  O: Float64Array,
  B: number,
  nb: number,
): void {
  const { i, j, k, c, m1, m2, d1, d2, d3, mode, hasWeight } = p;
  const nnz = c.length;
  const diagonal = mode === 'uuu';
  for (let u = 0; u < m1; u++) {
    const vStart = diagonal ? u : 0;
    const vEnd = diagonal ? u + 1 : m2;
    for (let v = vStart; v < vEnd; v++) {
      const q = diagonal ? u : u * m2 + v;
      const target = mode === 'uvu' ? u : mode === 'uvv' ? v : q;
      const a1 = p.s1 + u * d1;
      const a2 = p.s2 + v * d2;
      const ao = p.so + target * d3;
      if (!hasWeight || shared) {
        const wv = hasWeight ? w[q]! : 1;
        if (wv === 0) continue;
        for (let n = 0; n < nnz; n++) {
          const cw = wv * c[n]!;
          const pa = (a1 + i[n]!) * B;
          const pb = (a2 + j[n]!) * B;
          const po = (ao + k[n]!) * B;
          for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + cw * X1[pa + bb]! * X2[pb + bb]!;
        }
      } else {
        const pw = q * B;
        for (let n = 0; n < nnz; n++) {
          const cn = c[n]!;
          const pa = (a1 + i[n]!) * B;
          const pb = (a2 + j[n]!) * B;
          const po = (ao + k[n]!) * B;
          for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + cn * w[pw + bb]! * X1[pa + bb]! * X2[pb + bb]!;
        }
      }
    }
  }
}
