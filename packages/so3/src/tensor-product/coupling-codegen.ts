/**
 * Code generator for the Clebsch-Gordan contraction of one (l1, l2, l3) path:
 *
 *   O[k] (=|+=) s · Σ_{(i, j, k) non-zero} w3j[i, j, k] · X[i] · Y[j]
 *
 * over a block of samples stored component-major (component c of sample bb at `offset + c·B + bb`).
 * For each (l1, l2, l3) the sparse coefficients (only m3 = ±m1 ± m2 are non-zero) are written into the
 * source of a specialised function with `new Function`: the sample loop loads the 2l1+1 values of X and the
 * 2l2+1 values of Y once into locals, forms each distinct product X[i]·Y[j] once (the m3 = m1 + m2 and
 * m1 − m2 entries share it), multiplies the terms of equal |coefficient| by it once, and writes each output
 * component once — no index arrays, no coefficient loads,
 * no read-modify-write of the output per coefficient. Functions are cached per (l1, l2, l3) and take the
 * path normalisation (and a shared weight) as the scale `s`, so one compiled kernel serves every product.
 *
 * Where `new Function` is not allowed (a Content-Security-Policy without 'unsafe-eval') or the coupling is
 * very large, an equivalent closure over the index arrays is used instead (same results, slower).
 *
 * Generated source for (1, 1, 0), for instance (w3j(1,1,0) = δ_ij/√3), reads:
 * ```js
 * const X0 = xo + 0 * B, X1 = xo + 1 * B, X2 = xo + 2 * B, Y0 = yo + 0 * B, Y1 = yo + 1 * B, Y2 = yo + 2 * B, O0 = oo + 0 * B;
 * for (let bb = 0; bb < nb; bb++) {
 * const x0 = X[X0 + bb], x1 = X[X1 + bb], x2 = X[X2 + bb];
 * const y0 = Y[Y0 + bb], y1 = Y[Y1 + bb], y2 = Y[Y2 + bb];
 * O[O0 + bb] += s * (0.5773502691896258 * (+ x0 * y0 + x2 * y2) + 0.5773502691896257 * (+ x1 * y1));
 * }
 * ```
 */
import { wigner3jSparse } from '../wigner-3j.ts';

/** `O[oo + k·B + bb] (=|+=) s · Σ c·X[xo + i·B + bb]·Y[yo + j·B + bb]` for bb < nb. */
export type CouplingKernel = (
  X: Float64Array,
  xo: number,
  Y: Float64Array,
  yo: number,
  O: Float64Array,
  oo: number,
  B: number,
  nb: number,
  s: number,
) => void;

/**
 * `O[oo + k·B + bb] += s · Σ_{r < count} Σ c·X[xo + r·xStride + i·B + bb]·Y[yo + r·yStride + j·B + bb]`:
 * the coupling summed over `count` pairs of input vectors in registers, one read-modify-write of the output
 * per component (the `uvw` x1-first / x2-first orders sum over v / u this way).
 */
export type CouplingReduceKernel = (
  X: Float64Array,
  xo: number,
  xStride: number,
  Y: Float64Array,
  yo: number,
  yStride: number,
  count: number,
  O: Float64Array,
  oo: number,
  B: number,
  nb: number,
  s: number,
) => void;

/** The assigning (`set`: every output component written, zeros included) and accumulating (`add`) kernels of a path. */
export interface CouplingKernels {
  readonly set: CouplingKernel;
  readonly add: CouplingKernel;
  readonly addReduce: CouplingReduceKernel;
  /** Whether the kernels were generated (`false`: the generic closure fallback). */
  readonly generated: boolean;
}

/** Above this many non-zeros the generic closure is used (keeps generated functions a sensible size). */
export const MAX_GENERATED_NNZ = 4000;

const cache = new Map<string, CouplingKernels>();

interface Entry {
  readonly i: number;
  readonly j: number;
  readonly k: number;
  readonly c: number;
}

function entriesOf(l1: number, l2: number, l3: number): Entry[] {
  const sp = wigner3jSparse(l1, l2, l3);
  return Array.from(sp.value, (c, n) => ({ i: sp.i[n]!, j: sp.j[n]!, k: sp.k[n]!, c }));
}

/**
 * The right-hand side Σ c·x_i·y_j of output component k, with the terms of equal |c| sharing one multiply
 * (in the real basis the coefficients of an output come in pairs of equal magnitude): `|c|·(±p1 ± p2 …)`.
 */
function outputExpression(entries: readonly Entry[], k: number, pairUses: ReadonlyMap<string, number>): string | null {
  const groups = new Map<number, string[]>();
  for (const e of entries) {
    if (e.k !== k) continue;
    const key = `${e.i}_${e.j}`;
    const product = (pairUses.get(key) ?? 0) > 1 ? `p${key}` : `x${e.i} * y${e.j}`;
    const list = groups.get(Math.abs(e.c)) ?? [];
    list.push(`${e.c < 0 ? '-' : '+'} ${product}`);
    groups.set(Math.abs(e.c), list);
  }
  if (groups.size === 0) return null;
  return [...groups].map(([c, terms]) => `${c} * (${terms.join(' ')})`).join(' + ');
}

/** JavaScript source of the body of one kernel (see the module comment for an example). */
export function couplingKernelSource(l1: number, l2: number, l3: number, accumulate: boolean): string {
  const entries = entriesOf(l1, l2, l3);
  const d3 = 2 * l3 + 1;
  const xs = [...new Set(entries.map((e) => e.i))].sort((a, b) => a - b);
  const ys = [...new Set(entries.map((e) => e.j))].sort((a, b) => a - b);
  const pairUses = new Map<string, number>();
  for (const e of entries) pairUses.set(`${e.i}_${e.j}`, (pairUses.get(`${e.i}_${e.j}`) ?? 0) + 1);
  const shared = [...pairUses].filter(([, n]) => n > 1).map(([key]) => key);
  const offsets = [
    ...xs.map((i) => `X${i} = xo + ${i} * B`),
    ...ys.map((j) => `Y${j} = yo + ${j} * B`),
    ...Array.from({ length: d3 }, (_, k) => `O${k} = oo + ${k} * B`),
  ];
  const lines = [`const ${offsets.join(', ')};`, 'for (let bb = 0; bb < nb; bb++) {'];
  if (xs.length > 0) lines.push(`const ${xs.map((i) => `x${i} = X[X${i} + bb]`).join(', ')};`);
  if (ys.length > 0) lines.push(`const ${ys.map((j) => `y${j} = Y[Y${j} + bb]`).join(', ')};`);
  if (shared.length > 0) lines.push(`const ${shared.map((key) => `p${key} = x${key.split('_')[0]} * y${key.split('_')[1]}`).join(', ')};`);
  for (let k = 0; k < d3; k++) {
    const rhs = outputExpression(entries, k, pairUses);
    if (rhs === null) {
      if (!accumulate) lines.push(`O[O${k} + bb] = 0;`);
      continue;
    }
    lines.push(`O[O${k} + bb] ${accumulate ? '+=' : '='} s * (${rhs});`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** JavaScript source of the body of the reduce kernel ({@link CouplingReduceKernel}). */
export function couplingReduceSource(l1: number, l2: number, l3: number): string {
  const entries = entriesOf(l1, l2, l3);
  const d3 = 2 * l3 + 1;
  const xs = [...new Set(entries.map((e) => e.i))].sort((a, b) => a - b);
  const ys = [...new Set(entries.map((e) => e.j))].sort((a, b) => a - b);
  const ks = [...new Set(entries.map((e) => e.k))].sort((a, b) => a - b);
  const pairUses = new Map<string, number>();
  for (const e of entries) pairUses.set(`${e.i}_${e.j}`, (pairUses.get(`${e.i}_${e.j}`) ?? 0) + 1);
  const shared = [...pairUses].filter(([, n]) => n > 1).map(([key]) => key);
  const offsets = [
    ...xs.map((i) => `X${i} = ${i} * B`),
    ...ys.map((j) => `Y${j} = ${j} * B`),
    ...Array.from({ length: d3 }, (_, k) => `O${k} = oo + ${k} * B`),
  ];
  const lines = [
    `const ${offsets.join(', ')};`,
    'for (let bb = 0; bb < nb; bb++) {',
    `let ${ks.map((k) => `a${k} = 0`).join(', ')};`,
    'for (let r = 0, px = xo + bb, py = yo + bb; r < count; r++, px += xStride, py += yStride) {',
    `const ${xs.map((i) => `x${i} = X[px + X${i}]`).join(', ')};`,
    `const ${ys.map((j) => `y${j} = Y[py + Y${j}]`).join(', ')};`,
  ];
  if (shared.length > 0) lines.push(`const ${shared.map((key) => `p${key} = x${key.split('_')[0]} * y${key.split('_')[1]}`).join(', ')};`);
  for (const k of ks) lines.push(`a${k} += ${outputExpression(entries, k, pairUses)};`);
  lines.push('}');
  for (const k of ks) lines.push(`O[O${k} + bb] += s * a${k};`);
  lines.push('}');
  return lines.join('\n');
}

function generate(l1: number, l2: number, l3: number, accumulate: boolean): CouplingKernel {
  return new Function('X', 'xo', 'Y', 'yo', 'O', 'oo', 'B', 'nb', 's', couplingKernelSource(l1, l2, l3, accumulate)) as CouplingKernel;
}

/** The same contraction as a closure over the sparse index arrays (fallback when code generation is unavailable). */
export function genericCouplingKernels(l1: number, l2: number, l3: number): CouplingKernels {
  const sp = wigner3jSparse(l1, l2, l3);
  const { i, j, k, value } = sp;
  const nnz = value.length;
  const d3 = 2 * l3 + 1;
  const add: CouplingKernel = (X, xo, Y, yo, O, oo, B, nb, s) => {
    for (let n = 0; n < nnz; n++) {
      const c = s * value[n]!;
      const px = xo + i[n]! * B;
      const py = yo + j[n]! * B;
      const po = oo + k[n]! * B;
      for (let bb = 0; bb < nb; bb++) O[po + bb] = O[po + bb]! + c * X[px + bb]! * Y[py + bb]!;
    }
  };
  const set: CouplingKernel = (X, xo, Y, yo, O, oo, B, nb, s) => {
    for (let kk = 0; kk < d3; kk++) O.fill(0, oo + kk * B, oo + kk * B + nb);
    add(X, xo, Y, yo, O, oo, B, nb, s);
  };
  const addReduce: CouplingReduceKernel = (X, xo, xStride, Y, yo, yStride, count, O, oo, B, nb, s) => {
    for (let r = 0; r < count; r++) add(X, xo + r * xStride, Y, yo + r * yStride, O, oo, B, nb, s);
  };
  return { set, add, addReduce, generated: false };
}

/**
 * The compiled kernels of path (l1, l2, l3), generated once and cached.
 *
 * @example
 * ```ts
 * const { add } = couplingKernels(1, 1, 0);
 * add(x, 0, y, 0, out, 0, 1, 1, 1); // out[0] += x·y/√3 for one sample (B = nb = 1)
 * ```
 */
export function couplingKernels(l1: number, l2: number, l3: number): CouplingKernels {
  const key = `${l1},${l2},${l3}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let kernels: CouplingKernels;
  if (wigner3jSparse(l1, l2, l3).value.length > MAX_GENERATED_NNZ) {
    kernels = genericCouplingKernels(l1, l2, l3);
  } else {
    try {
      kernels = {
        set: generate(l1, l2, l3, false),
        add: generate(l1, l2, l3, true),
        addReduce: new Function(
          'X',
          'xo',
          'xStride',
          'Y',
          'yo',
          'yStride',
          'count',
          'O',
          'oo',
          'B',
          'nb',
          's',
          couplingReduceSource(l1, l2, l3),
        ) as CouplingReduceKernel,
        generated: true,
      };
    } catch {
      kernels = genericCouplingKernels(l1, l2, l3);
    }
  }
  cache.set(key, kernels);
  return kernels;
}
