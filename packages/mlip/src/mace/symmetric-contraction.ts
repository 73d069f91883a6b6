import type { Irreps } from '@equitensor/so3';
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
  /** ν = 3: i1, i2, i3 and m of each tuple packed 8 bits each (one load per tuple in the hot loops). */
  readonly packed: Int32Array;
}

interface Contraction {
  readonly dim: number;
  /** Offset of this irrep's block in the output row. */
  readonly start: number;
  readonly orders: readonly Order[];
}

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
      const c = { dim, start, orders };
      start += channels * dim;
      return c;
    });
  }

  /**
   * x: nodes × channels × numEll; elements: the element index (0…numElements−1) of each node. Deliberate hot-loop
   * specialisation, with {@link backward}: both walk the same packed tuples with their own inner update inlined (a
   * shared walk with a callback would cost a call per tuple); gpu's `maceContractionKernel` is the WGSL copy.
   */
  forward(x: Float64Array, elements: Int32Array): Float64Array {
    const nodes = elements.length;
    const C = this.channels;
    const L = this.numEll;
    const dOut = this.irrepsOut.dim;
    const out = new Float64Array(nodes * dOut);
    for (let n = 0; n < nodes; n++) {
      const e = elements[n] as number;
      for (const con of this.contractions) {
        for (const o of con.orders) {
          const T = o.count;
          const nu = o.nu;
          for (let c = 0; c < C; c++) {
            const xo = (n * C + c) * L;
            const co = (e * C + c) * T;
            const yo = n * dOut + con.start + c * con.dim;
            const { coef, idx, m } = o;
            if (nu === 3) {
              const pk = o.packed;
              for (let t = 0; t < T; t++) {
                const q = pk[t] as number;
                const v =
                  (coef[co + t] as number) *
                  (x[xo + (q & 255)] as number) *
                  (x[xo + ((q >> 8) & 255)] as number) *
                  (x[xo + ((q >> 16) & 255)] as number);
                const y = yo + (q >>> 24);
                out[y] = (out[y] as number) + v;
              }
            } else {
              for (let t = 0; t < T; t++) {
                let v = coef[co + t] as number;
                for (let j = 0; j < nu; j++) v *= x[xo + (idx[t * nu + j] as number)] as number;
                out[yo + (m[t] as number)] = (out[yo + (m[t] as number)] as number) + v;
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The orders as flat arrays in {@link forward}'s loop order, for the pooled kernel (`MACE_POOL_KERNEL`, which
   * repeats {@link forward} and {@link backward} on them operation for operation): `info` holds 7 integers per order
   * (output irrep start, its dimension, ν, tuple count T, offset in `m`/`packed`, offset in `coef`, offset in `idx`).
   *
   * @example
   * ```ts
   * const { info, idx, m, packed, coef } = contraction.flatOrders();
   * ```
   */
  flatOrders(): { info: Int32Array; idx: Int32Array; m: Int32Array; packed: Int32Array; coef: Float64Array } {
    const list = this.contractions.flatMap((con) => con.orders.map((o) => ({ con, o })));
    const info = new Int32Array(7 * list.length);
    const at = { tuples: 0, coef: 0, idx: 0 };
    list.forEach(({ con, o }, q) => {
      info.set([con.start, con.dim, o.nu, o.count, at.tuples, at.coef, at.idx], 7 * q);
      at.tuples += o.count;
      at.coef += o.coef.length;
      at.idx += o.idx.length;
    });
    const idx = new Int32Array(at.idx);
    const m = new Int32Array(at.tuples);
    const packed = new Int32Array(at.tuples);
    const coef = new Float64Array(at.coef);
    list.forEach(({ o }, q) => {
      m.set(o.m, info[7 * q + 4] as number);
      if (o.nu === 3) packed.set(o.packed, info[7 * q + 4] as number);
      coef.set(o.coef, info[7 * q + 5] as number);
      idx.set(o.idx, info[7 * q + 6] as number);
    });
    return { info, idx, m, packed, coef };
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
   * Gradient with respect to x (nodes × channels × numEll) of Σ gOut·forward(x). Deliberate hot-loop specialisation
   * of {@link forward}'s tuple walk (same loop heads, the product rule inlined).
   */
  backward(x: Float64Array, elements: Int32Array, gOut: Float64Array): Float64Array {
    const nodes = elements.length;
    const C = this.channels;
    const L = this.numEll;
    const dOut = this.irrepsOut.dim;
    const gx = new Float64Array(x.length);
    for (let n = 0; n < nodes; n++) {
      const e = elements[n] as number;
      for (const con of this.contractions) {
        for (const o of con.orders) {
          const T = o.count;
          const nu = o.nu;
          for (let c = 0; c < C; c++) {
            const xo = (n * C + c) * L;
            const co = (e * C + c) * T;
            const yo = n * dOut + con.start + c * con.dim;
            const { coef, idx, m } = o;
            if (nu === 3) {
              const pk = o.packed;
              for (let t = 0; t < T; t++) {
                const q = pk[t] as number;
                const g = (coef[co + t] as number) * (gOut[yo + (q >>> 24)] as number);
                const i0 = xo + (q & 255);
                const i1 = xo + ((q >> 8) & 255);
                const i2 = xo + ((q >> 16) & 255);
                const x0 = x[i0] as number;
                const x1 = x[i1] as number;
                const x2 = x[i2] as number;
                gx[i0] = (gx[i0] as number) + g * x1 * x2;
                gx[i1] = (gx[i1] as number) + g * x0 * x2;
                gx[i2] = (gx[i2] as number) + g * x0 * x1;
              }
              continue;
            }
            for (let t = 0; t < T; t++) {
              const g = (coef[co + t] as number) * (gOut[yo + (m[t] as number)] as number);
              if (g === 0) continue;
              const b = t * nu;
              for (let j = 0; j < nu; j++) {
                let v = g;
                for (let q = 0; q < nu; q++) if (q !== j) v *= x[xo + (idx[b + q] as number)] as number;
                const i = xo + (idx[b + j] as number);
                gx[i] = (gx[i] as number) + v;
              }
            }
          }
        }
      }
    }
    return gx;
  }
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
  const packed = new Int32Array(nu === 3 ? count : 0);
  if (nu === 3) {
    if (numEll > 256 || dim > 256) throw new RangeError('SymmetricContraction: more than 256 components per channel');
    for (let t = 0; t < count; t++) {
      packed[t] =
        (idx[3 * t] as number) | ((idx[3 * t + 1] as number) << 8) | ((idx[3 * t + 2] as number) << 16) | ((m[t] as number) << 24);
    }
  }
  return { nu, count, m, idx, coef, packed };
}
