import { normalizedSiluConstant } from './normalize-activation.ts';

/**
 * MACE's radial embedding: `num_bessel` Bessel functions √(2/r_max)·sin(w_n r)/r (w_n = nπ/r_max, read from
 * the model's `bessel_weights` buffer) times the polynomial cutoff
 * 1 − (p+1)(p+2)/2·u^p + p(p+2)·u^(p+1) − p(p+1)/2·u^(p+2), u = r/r_max (zero beyond r_max),
 * with the derivative of each value with respect to r.
 *
 * @example
 * ```ts
 * const radial = new BesselCutoffEmbedding(weights, Math.sqrt(2 / 5), 5, 5);
 * const values = new Float64Array(8), derivatives = new Float64Array(8);
 * radial.evaluate(1.2, values, derivatives);
 * ```
 */
export class BesselCutoffEmbedding {
  readonly weights: Float64Array;
  readonly prefactor: number;
  readonly rMax: number;
  readonly p: number;

  constructor(weights: Float64Array, prefactor: number, rMax: number, p: number) {
    this.weights = weights;
    this.prefactor = prefactor;
    this.rMax = rMax;
    this.p = p;
  }

  /** Number of basis functions. */
  get size(): number {
    return this.weights.length;
  }

  /** Values at distance r into `out[offset…]`, and d/dr into `deriv[offset…]` when given. */
  evaluate(r: number, out: Float64Array, deriv?: Float64Array, offset = 0): void {
    const { p, rMax, prefactor } = this;
    const u = r / rMax;
    let f = 0;
    let df = 0;
    if (r < rMax) {
      const up = u ** p;
      f = 1 - (((p + 1) * (p + 2)) / 2) * up + p * (p + 2) * up * u - ((p * (p + 1)) / 2) * up * u * u;
      // d/du of the same polynomial, divided by r_max
      const upm1 = u ** (p - 1);
      df = ((-((p + 1) * (p + 2)) / 2) * p * upm1 + p * (p + 2) * (p + 1) * upm1 * u - ((p * (p + 1)) / 2) * (p + 2) * upm1 * u * u) / rMax;
    }
    const n = this.weights.length;
    for (let k = 0; k < n; k++) {
      const w = this.weights[k] as number;
      const s = Math.sin(w * r);
      const b = (prefactor * s) / r;
      out[offset + k] = b * f;
      if (deriv) {
        const db = (prefactor * (w * Math.cos(w * r) * r - s)) / (r * r);
        deriv[offset + k] = db * f + b * df;
      }
    }
  }
}

/**
 * e3nn's `nn.FullyConnectedNet(hs, silu)` as MACE's radial MLP: hidden layers x ← c·silu(x·W/√h_in) (c the
 * normalize2mom constant), last layer x·W/√h_in, no biases; weights `layer{i}.weight` of shape [h_in, h_out].
 * Forward over a batch, keeping what the backward pass needs.
 *
 * @example
 * ```ts
 * const mlp = new RadialMlp([w0, w1, w2, w3], [8, 32, 32, 32, 64]);
 * const { out, tape } = mlp.forward(edgeFeats, numEdges); // numEdges × 64
 * const gIn = mlp.backward(tape, gOut, numEdges); // numEdges × 8
 * ```
 */
export class RadialMlp {
  readonly weights: readonly Float64Array[];
  readonly sizes: readonly number[];
  /** The same weights transposed ([h_out, h_in]), so the forward pass runs contiguous dot products. */
  readonly transposed: readonly Float64Array[];
  private readonly c: number;

  /** The normalize2mom constant c of the hidden layers' c·silu. */
  get activationScale(): number {
    return this.c;
  }

  constructor(weights: readonly Float64Array[], sizes: readonly number[]) {
    if (weights.length !== sizes.length - 1)
      throw new RangeError(`RadialMlp: ${sizes.length - 1} weight matrices expected, got ${weights.length}`);
    weights.forEach((w, i) => {
      const expected = (sizes[i] as number) * (sizes[i + 1] as number);
      if (w.length !== expected) throw new RangeError(`RadialMlp: layer ${i} needs ${expected} weights, got ${w.length}`);
    });
    // fold 1/√h_in into the weights once
    this.weights = weights.map((w, i) => w.map((v) => v / Math.sqrt(sizes[i] as number)));
    this.sizes = sizes;
    this.transposed = this.weights.map((w, l) => {
      const nIn = sizes[l] as number;
      const nOut = sizes[l + 1] as number;
      const t = new Float64Array(w.length);
      for (let i = 0; i < nIn; i++) for (let o = 0; o < nOut; o++) t[o * nIn + i] = w[i * nOut + o] as number;
      return t;
    });
    this.c = normalizedSiluConstant();
  }

  /** Output width. */
  get outSize(): number {
    return this.sizes[this.sizes.length - 1] as number;
  }

  /**
   * x is batch × sizes[0]; returns batch × outSize and the tape [x, da₀/dz₀, a₀, da₁/dz₁, a₁, …] (each hidden
   * layer's activation derivative at its pre-activation, and its output) for {@link backward}.
   */
  forward(x: Float64Array, batch: number): { out: Float64Array; tape: Float64Array[] } {
    const tape: Float64Array[] = [x];
    let h = x;
    const layers = this.weights.length;
    for (let l = 0; l < layers; l++) {
      const nIn = this.sizes[l] as number;
      const nOut = this.sizes[l + 1] as number;
      const wt = this.transposed[l] as Float64Array;
      const z = new Float64Array(batch * nOut);
      matMulRows(h, wt, z, batch, nIn, nOut);
      if (l === layers - 1) return { out: z, tape };
      // z is overwritten by the activation's derivative da/dz = c·σ(z)·(1 + z·(1 − σ(z))), which is all the backward
      // pass needs of it (one exp per element for both)
      const a = new Float64Array(z.length);
      for (let q = 0; q < z.length; q++) {
        const v = z[q] as number;
        const ex = Math.exp(-v);
        a[q] = (this.c * v) / (1 + ex);
        const s = 1 / (1 + ex);
        z[q] = this.c * s * (1 + v * (1 - s));
      }
      tape.push(z);
      h = a;
      tape.push(a);
    }
    return { out: h, tape };
  }

  /** Gradient with respect to the input, given the gradient of the output. */
  backward(tape: readonly Float64Array[], gOut: Float64Array, batch: number): Float64Array {
    let g = gOut;
    const layers = this.weights.length;
    for (let l = layers - 1; l >= 0; l--) {
      const nIn = this.sizes[l] as number;
      const nOut = this.sizes[l + 1] as number;
      const w = this.weights[l] as Float64Array;
      // g is the gradient of layer l's pre-activation output z_l (after the activation's derivative below)
      const gIn = new Float64Array(batch * nIn);
      matMulRows(g, w, gIn, batch, nOut, nIn);
      if (l === 0) return gIn;
      // through the activation of layer l − 1: a = c·z·σ(z), times da/dz (kept by the forward pass)
      const dz = tape[2 * l - 1] as Float64Array;
      for (let q = 0; q < gIn.length; q++) gIn[q] = (gIn[q] as number) * (dz[q] as number);
      g = gIn;
    }
    return g;
  }
}

/**
 * @internal out[b, o] = Σ_i x[b, i]·m[o, i] (rows of x times the rows of m), four rows of x at a time so each
 * element of m is loaded once per four products (exported for `bench/mace-float32.ts`, which times it).
 */
export function matMulRows(x: Float64Array, m: Float64Array, out: Float64Array, batch: number, nIn: number, nOut: number): void {
  let b = 0;
  for (; b + 3 < batch; b += 4) {
    const x0 = b * nIn;
    const x1 = x0 + nIn;
    const x2 = x1 + nIn;
    const x3 = x2 + nIn;
    for (let o = 0; o < nOut; o++) {
      const mo = o * nIn;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < nIn; i++) {
        const v = m[mo + i] as number;
        a0 += (x[x0 + i] as number) * v;
        a1 += (x[x1 + i] as number) * v;
        a2 += (x[x2 + i] as number) * v;
        a3 += (x[x3 + i] as number) * v;
      }
      out[b * nOut + o] = a0;
      out[(b + 1) * nOut + o] = a1;
      out[(b + 2) * nOut + o] = a2;
      out[(b + 3) * nOut + o] = a3;
    }
  }
  for (; b < batch; b++) {
    const x0 = b * nIn;
    for (let o = 0; o < nOut; o++) {
      const mo = o * nIn;
      let a = 0;
      for (let i = 0; i < nIn; i++) a += (x[x0 + i] as number) * (m[mo + i] as number);
      out[b * nOut + o] = a;
    }
  }
}
