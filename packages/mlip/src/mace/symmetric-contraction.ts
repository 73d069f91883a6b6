import type { Irreps } from '@equitensor/so3';
import { type ContractionLayout, type ContractionTerm, contractionKernelSource, orderTerms } from './contraction-source.ts';
import { compileKernel } from './conv-source.ts';
import { MaceModelError } from './errors.ts';
import type { StateDict } from './state-dict.ts';

/** One correlation order ν of one output irrep: the non-zero index tuples of U_ν and their weighted coefficients. */
interface Order {
  readonly nu: number;
  /** Number of distinct (m, i1…iν) tuples with a non-zero U. */
  readonly count: number;
  /** Output component m of each tuple. */
  readonly m: Int32Array;
  /** i1…iν of each tuple, ν per tuple. */
  readonly idx: Int32Array;
  /** Σ_k U[m, i…, k]·W[e, k, c], laid out [element][channel][tuple]. */
  readonly coef: Float64Array;
}

interface Contraction {
  readonly dim: number;
  /** Offset of this irrep's block in the output row. */
  readonly start: number;
  readonly orders: readonly Order[];
  /** Its kernels, each for a run of output components (one unless the irrep has many terms). */
  readonly kernels: readonly ContractionKernel[];
}

interface ContractionKernel {
  /** The kernel's coefficients, [element][channel][term] in the kernel's term order. */
  readonly coef: Float64Array;
  readonly source: { readonly forward: string; readonly backward: string };
  readonly forward: ContractionForward;
  readonly backward: ContractionBackward;
}

/**
 * Most monomials in one generated kernel: a larger irrep (e.g. 2e outputs of L = 2 models) is split by output
 * component, so no function outgrows what V8 optimises (TurboFan skips functions over 60 KB of bytecode; the
 * reference model's largest kernel, 328 terms, is ~31 kB of source).
 */
const MAX_KERNEL_TERMS = 400;

/** A generated contraction kernel's forward pass over nodes [nLo, nHi). */
export type ContractionForward = (
  x: Float64Array,
  elements: Int32Array,
  coef: Float64Array,
  out: Float64Array,
  nLo: number,
  nHi: number,
) => void;
/** A generated contraction kernel's backward pass over nodes [nLo, nHi). */
export type ContractionBackward = (
  x: Float64Array,
  elements: Int32Array,
  coef: Float64Array,
  gOut: Float64Array,
  gx: Float64Array,
  nLo: number,
  nHi: number,
) => void;

/**
 * A symmetric contraction flattened for other back ends (the WebGPU kernel of `@equitensor/gpu`): every output
 * slot s — one per (output irrep, component m) — with its terms (monomials of a channel's features), each term's
 * order ν and indices, and coefficients per element and channel. Output of node n, channel c, slot s:
 * `n·dimOut + slotOffset[s] + c·slotStride[s]` = Σ_{t ∈ terms(s)} coef[(e·C + c)·terms + t]·x[c, i_t1]⋯x[c, i_tν].
 *
 * @example
 * ```ts
 * const table = contraction.table(); // table.rowStart[s]…rowStart[s + 1]: the terms of slot s
 * ```
 */
export interface ContractionTable {
  readonly channels: number;
  readonly numEll: number;
  readonly numElements: number;
  /** Output width per node (the irreps' dimension, all channels). */
  readonly dimOut: number;
  /** Largest ν (the correlation order). */
  readonly maxOrder: number;
  readonly slotOffset: Int32Array;
  readonly slotStride: Int32Array;
  /** Slots + 1 entries: the terms of slot s are rowStart[s] … rowStart[s + 1] − 1. */
  readonly rowStart: Int32Array;
  /** ν of each term. */
  readonly order: Int32Array;
  /** maxOrder indices per term (unused ones 0). */
  readonly indices: Int32Array;
  /** [element][channel][term]. */
  readonly coef: Float64Array;
}

/**
 * MACE's symmetric contraction (the product basis, `SymmetricContraction` of ACEsuit/mace v0.3.x): for node
 * features x[c, i] (channel c, i over the (lmax+1)² components of the coupled irreps) and element e,
 * out[c, m] = Σ_ν Σ_{i1…iν} Σ_k U_ν[m, i1, …, iν, k]·W_ν[e, k, c]·x[c, i1]⋯x[c, iν]
 * for each output irrep, with the generalised Clebsch-Gordan U matrices the model stores as buffers
 * (`U_matrix_ν`) and the weights `weights_max` (ν = correlation) and `weights.j` (ν = correlation − 1 − j).
 * mace evaluates it by nested contractions of the last index (Horner's scheme); the products commute, so the sum is
 * the same polynomial, evaluated here on the non-zero tuples of U only, tuples equal up to the order of their
 * indices merged (for 0e at ν = 3: 353 non-zero index tuples of 16³, 77 distinct monomials).
 *
 * @example
 * ```ts
 * const sc = new SymmetricContraction(sd, 'products.0.symmetric_contractions', new Irreps('16x0e+16x1o'), 16, 3, 3);
 * const out = sc.forward(x, elements);        // nodes × 64 in e3nn's mul_ir layout
 * const gx = sc.backward(x, elements, gOut);  // nodes × 16 × 16
 * ```
 */
export class SymmetricContraction {
  readonly irrepsOut: Irreps;
  readonly channels: number;
  readonly numEll: number;
  readonly numElements: number;
  private readonly contractions: Contraction[];

  constructor(sd: StateDict, prefix: string, irrepsOut: Irreps, numEll: number, numElements: number, correlation: number) {
    this.irrepsOut = irrepsOut;
    this.numEll = numEll;
    this.numElements = numElements;
    const channels = irrepsOut.get(0).mul;
    this.channels = channels;
    let start = 0;
    this.contractions = irrepsOut.entries.map((entry, ci) => {
      if (entry.mul !== channels)
        throw new MaceModelError(`${prefix}`, `all output irreps need ${channels} channels, ${entry.ir} has ${entry.mul}`);
      const l = entry.ir.l;
      const dim = entry.ir.dim;
      const base = `${prefix}.contractions.${ci}`;
      const orders: Order[] = [];
      for (let nu = 1; nu <= correlation; nu++) {
        const uName = `${base}.U_matrix_${nu}`;
        const uShape = [...(l > 0 ? [dim] : []), ...new Array<number>(nu).fill(numEll), -1];
        const U = sd.tensor(uName, uShape);
        const P = sd.shape(uName).at(-1) as number;
        const wName = nu === correlation ? `${base}.weights_max` : `${base}.weights.${correlation - 1 - nu}`;
        const W = sd.tensor(wName, [numElements, P, channels]);
        orders.push(buildOrder(nu, dim, numEll, U, P, W, numElements, channels));
      }
      const c = {
        dim,
        start,
        orders,
        kernels: contractionKernels(orders, { channels, numEll, dimOut: irrepsOut.dim, start, dim }, numElements),
      };
      start += channels * dim;
      return c;
    });
  }

  /**
   * x: nodes × channels × numEll; elements: the element index (0…numElements−1) of each node. Runs each output
   * irrep's generated kernel ({@link contractionKernelSource}); gpu's `maceContractionKernel` is the WGSL version.
   */
  forward(x: Float64Array, elements: Int32Array): Float64Array {
    const out = new Float64Array(elements.length * this.irrepsOut.dim);
    for (const con of this.contractions) for (const k of con.kernels) k.forward(x, elements, k.coef, out, 0, elements.length);
    return out;
  }

  /**
   * Each output irrep's kernel source ({@link contractionKernelSource}) and coefficients, for the worker pool
   * (which compiles the same text).
   */
  kernels(): { readonly source: { readonly forward: string; readonly backward: string }; readonly coef: Float64Array }[] {
    return this.contractions.flatMap((con) => con.kernels.map(({ source, coef }) => ({ source, coef })));
  }

  /** The contraction as one flat table of monomials per output slot ({@link ContractionTable}). */
  table(): ContractionTable {
    const C = this.channels;
    const E = this.numElements;
    const maxOrder = Math.max(...this.contractions.flatMap((con) => con.orders.map((o) => o.nu)));
    const slots: { offset: number; stride: number; terms: { order: Order; t: number }[] }[] = [];
    for (const con of this.contractions) {
      for (let mm = 0; mm < con.dim; mm++) {
        const terms: { order: Order; t: number }[] = [];
        for (const o of con.orders) for (let t = 0; t < o.count; t++) if (o.m[t] === mm) terms.push({ order: o, t });
        slots.push({ offset: con.start + mm, stride: con.dim, terms });
      }
    }
    const total = slots.reduce((n, s) => n + s.terms.length, 0);
    const rowStart = new Int32Array(slots.length + 1);
    const order = new Int32Array(total);
    const indices = new Int32Array(total * maxOrder);
    const coef = new Float64Array(E * C * total);
    let q = 0;
    slots.forEach((slot, s) => {
      rowStart[s] = q;
      for (const { order: o, t } of slot.terms) {
        order[q] = o.nu;
        for (let j = 0; j < o.nu; j++) indices[q * maxOrder + j] = o.idx[t * o.nu + j] as number;
        for (let e = 0; e < E; e++) for (let c = 0; c < C; c++) coef[(e * C + c) * total + q] = o.coef[(e * C + c) * o.count + t] as number;
        q++;
      }
    });
    rowStart[slots.length] = q;
    return {
      channels: C,
      numEll: this.numEll,
      numElements: E,
      dimOut: this.irrepsOut.dim,
      maxOrder,
      slotOffset: Int32Array.from(slots, (s) => s.offset),
      slotStride: Int32Array.from(slots, (s) => s.stride),
      rowStart,
      order,
      indices,
      coef,
    };
  }

  /**
   * Gradient with respect to x (nodes × channels × numEll) of Σ gOut·forward(x) (the generated kernels' backward:
   * the product rule on each monomial, the other factors from the same locals).
   */
  backward(x: Float64Array, elements: Int32Array, gOut: Float64Array): Float64Array {
    const gx = new Float64Array(x.length);
    for (const con of this.contractions) for (const k of con.kernels) k.backward(x, elements, k.coef, gOut, gx, 0, elements.length);
    return gx;
  }
}

/** One output irrep's kernels ({@link contractionKernelSource}) and their coefficient table, from its orders. */
function contractionKernels(orders: readonly Order[], layout: ContractionLayout, E: number): ContractionKernel[] {
  const all: ContractionTerm[] = [];
  orders.forEach((o, q) => {
    for (let t = 0; t < o.count; t++)
      all.push({ m: o.m[t] as number, idx: Array.from(o.idx.subarray(t * o.nu, (t + 1) * o.nu)), source: { order: q, t } });
  });
  const ordered = orderTerms(all, layout.dim);
  // runs of whole output components of at most MAX_KERNEL_TERMS terms (a component with more gets a kernel alone)
  const runs: { mLo: number; mHi: number }[] = [];
  let count = 0;
  for (let m = 0; m < layout.dim; m++) {
    const own = ordered.filter((t) => t.m === m).length;
    const last = runs.at(-1);
    if (last && count + own <= MAX_KERNEL_TERMS) {
      last.mHi = m + 1;
      count += own;
    } else {
      runs.push({ mLo: m, mHi: m + 1 });
      count = own;
    }
  }
  const C = layout.channels;
  return runs.map(({ mLo, mHi }) => {
    const terms = ordered.filter((t) => t.m >= mLo && t.m < mHi);
    const T = terms.length;
    const coef = new Float64Array(E * C * T);
    for (let e = 0; e < E; e++)
      for (let c = 0; c < C; c++)
        terms.forEach(({ source }, t) => {
          const o = orders[source.order] as Order;
          coef[(e * C + c) * T + t] = o.coef[(e * C + c) * o.count + source.t] as number;
        });
    const source = contractionKernelSource(terms, { ...layout, mLo, mHi });
    return {
      coef,
      source,
      forward: compileKernel<ContractionForward>(source.forward),
      backward: compileKernel<ContractionBackward>(source.backward),
    };
  });
}

function buildOrder(nu: number, dim: number, numEll: number, U: Float64Array, P: number, W: Float64Array, E: number, C: number): Order {
  const rows = U.length / P; // dim · numEll^ν index tuples (dim = 1 for scalars)
  const per = numEll ** nu;
  // x[i1]⋯x[iν] is symmetric in its indices, so tuples equal up to order (same m) share one term: their coefficients add
  const groups = new Map<string, { m: number; idx: number[]; rows: number[] }>();
  for (let r = 0; r < rows; r++) {
    let nonzero = false;
    for (let k = 0; k < P && !nonzero; k++) nonzero = U[r * P + k] !== 0;
    if (!nonzero) continue;
    const idx = new Array<number>(nu);
    let rest = r % per;
    for (let j = nu - 1; j >= 0; j--) {
      idx[j] = rest % numEll;
      rest = Math.floor(rest / numEll);
    }
    idx.sort((a, b) => a - b);
    const m = dim > 1 ? Math.floor(r / per) : 0;
    const key = `${m}:${idx.join(',')}`;
    const g = groups.get(key);
    if (g) g.rows.push(r);
    else groups.set(key, { m, idx, rows: [r] });
  }
  const list = [...groups.values()];
  const count = list.length;
  const m = new Int32Array(count);
  const idx = new Int32Array(count * nu);
  const coef = new Float64Array(E * C * count);
  list.forEach((g, t) => {
    m[t] = g.m;
    g.idx.forEach((v, j) => {
      idx[t * nu + j] = v;
    });
    for (let e = 0; e < E; e++) {
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (const r of g.rows) for (let k = 0; k < P; k++) s += (U[r * P + k] as number) * (W[(e * P + k) * C + c] as number);
        coef[(e * C + c) * count + t] = s;
      }
    }
  });
  return { nu, count, m, idx, coef };
}
