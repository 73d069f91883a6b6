import type { BesselCutoffEmbedding, RadialMlp } from './radial.ts';

/**
 * MACE's per-edge weights (radial embedding → radial MLP) depend on the edge length r alone, so they can be
 * tabulated: quintic Hermite interpolation of every MLP output from its value, first and second derivative d/dr
 * at `knots` equal steps h of (0, r_max] (the derivatives exact, by second-order forward mode through the Bessel
 * basis and the MLP). Evaluating an edge then costs 6 loads per output instead of the MLP, and the backward pass
 * needs only dW/dr (from the same polynomial). Interpolation errors: values O(h⁶), derivatives O(h⁵), of order
 * (h·w)⁶ and (h·w)⁵ times |W| for the largest Bessel frequency w = n_max·π/r_max (measured in the tests and
 * docs/BENCHMARKS.md). Below the first knot (r < h, unphysical) the first interval's polynomial is extended.
 *
 * @example
 * ```ts
 * const table = new RadialTable(embedding, mlp, 2048);
 * const { values, derivatives } = table.evaluate(lengths); // lengths.length × mlp.outSize each
 * ```
 */
export class RadialTable {
  readonly knots: number;
  readonly rMax: number;
  readonly width: number;
  /** Per knot i (r_i = (i + 1)·h): the outputs, h × their derivatives, h² × their second derivatives, width each. */
  private readonly data: Float64Array;
  private readonly h: number;

  constructor(embedding: BesselCutoffEmbedding, mlp: RadialMlp, knots: number) {
    if (!(Number.isInteger(knots) && knots >= 2)) throw new RangeError(`RadialTable: knots must be an integer ≥ 2, got ${knots}`);
    this.knots = knots;
    this.rMax = embedding.rMax;
    this.width = mlp.outSize;
    this.h = this.rMax / knots;
    const nb = embedding.size;
    const x = new Float64Array(knots * nb);
    const dx = new Float64Array(knots * nb);
    const ddx = new Float64Array(knots * nb);
    for (let i = 0; i < knots; i++) besselJet(embedding, (i + 1) * this.h, x, dx, ddx, i * nb);
    const { out, d1, d2 } = forwardJet(mlp, x, dx, ddx, knots);
    const W = this.width;
    const h = this.h;
    this.data = new Float64Array(3 * knots * W);
    for (let i = 0; i < knots; i++) {
      const o = 3 * i * W;
      for (let k = 0; k < W; k++) {
        this.data[o + k] = out[i * W + k] as number;
        this.data[o + W + k] = h * (d1[i * W + k] as number);
        this.data[o + 2 * W + k] = h * h * (d2[i * W + k] as number);
      }
    }
  }

  /**
   * Interpolated weights and their derivatives d/dr for each length (lengths.length × width each), into `into` when
   * given (every entry written).
   */
  evaluate(
    lengths: Float64Array,
    into?: { readonly values: Float64Array; readonly derivatives: Float64Array },
  ): { values: Float64Array; derivatives: Float64Array } {
    const W = this.width;
    const n = lengths.length;
    const values = into ? into.values : new Float64Array(n * W);
    const derivatives = into ? into.derivatives : new Float64Array(n * W);
    const d = this.data;
    const invH = 1 / this.h;
    for (let e = 0; e < n; e++) {
      // knot i at (i + 1)·h: interval [i, i + 1] holds r/h − 1 ∈ [i, i + 1]
      const s = (lengths[e] as number) * invH - 1;
      let i = Math.floor(s);
      if (i < 0) i = 0;
      if (i > this.knots - 2) i = this.knots - 2;
      const t = s - i;
      const t2 = t * t;
      const t3 = t2 * t;
      const t4 = t3 * t;
      const t5 = t4 * t;
      // quintic Hermite basis (value, h·derivative, h²·second derivative at each end) and its d/dt
      const a0 = 1 - 10 * t3 + 15 * t4 - 6 * t5;
      const a1 = t - 6 * t3 + 8 * t4 - 3 * t5;
      const a2 = 0.5 * t2 - 1.5 * t3 + 1.5 * t4 - 0.5 * t5;
      const a3 = 10 * t3 - 15 * t4 + 6 * t5;
      const a4 = -4 * t3 + 7 * t4 - 3 * t5;
      const a5 = 0.5 * t3 - t4 + 0.5 * t5;
      const b0 = (-30 * t2 + 60 * t3 - 30 * t4) * invH;
      const b1 = (1 - 18 * t2 + 32 * t3 - 15 * t4) * invH;
      const b2 = (t - 4.5 * t2 + 6 * t3 - 2.5 * t4) * invH;
      const b3 = (30 * t2 - 60 * t3 + 30 * t4) * invH;
      const b4 = (-12 * t2 + 28 * t3 - 15 * t4) * invH;
      const b5 = (1.5 * t2 - 4 * t3 + 2.5 * t4) * invH;
      const p = 3 * i * W;
      const q = p + 3 * W;
      const o = e * W;
      for (let k = 0; k < W; k++) {
        const f0 = d[p + k] as number;
        const g0 = d[p + W + k] as number;
        const s0 = d[p + 2 * W + k] as number;
        const f1 = d[q + k] as number;
        const g1 = d[q + W + k] as number;
        const s1 = d[q + 2 * W + k] as number;
        values[o + k] = a0 * f0 + a1 * g0 + a2 * s0 + a3 * f1 + a4 * g1 + a5 * s1;
        derivatives[o + k] = b0 * f0 + b1 * g0 + b2 * s0 + b3 * f1 + b4 * g1 + b5 * s1;
      }
    }
    return { values, derivatives };
  }
}

/** The Bessel × cutoff embedding at r with its first and second derivatives d/dr (analytic). */
function besselJet(emb: BesselCutoffEmbedding, r: number, x: Float64Array, dx: Float64Array, ddx: Float64Array, offset: number): void {
  const { p, rMax, prefactor, weights } = emb;
  const u = r / rMax;
  let f = 0;
  let df = 0;
  let ddf = 0;
  if (r < rMax) {
    const a = ((p + 1) * (p + 2)) / 2;
    const b = p * (p + 2);
    const c = (p * (p + 1)) / 2;
    f = 1 - a * u ** p + b * u ** (p + 1) - c * u ** (p + 2);
    df = (-a * p * u ** (p - 1) + b * (p + 1) * u ** p - c * (p + 2) * u ** (p + 1)) / rMax;
    ddf = (-a * p * (p - 1) * u ** (p - 2) + b * (p + 1) * p * u ** (p - 1) - c * (p + 2) * (p + 1) * u ** p) / (rMax * rMax);
  }
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k] as number;
    const sn = Math.sin(w * r);
    const cs = Math.cos(w * r);
    const g = (prefactor * sn) / r;
    const dg = (prefactor * (w * cs * r - sn)) / (r * r);
    const ddg = prefactor * ((-w * w * sn) / r - (2 * w * cs) / (r * r) + (2 * sn) / (r * r * r));
    x[offset + k] = g * f;
    dx[offset + k] = dg * f + g * df;
    ddx[offset + k] = ddg * f + 2 * dg * df + g * ddf;
  }
}

/** The MLP's outputs with their first and second derivatives along the input's path x(r) (second-order forward mode). */
function forwardJet(
  mlp: RadialMlp,
  x: Float64Array,
  dx: Float64Array,
  ddx: Float64Array,
  batch: number,
): { out: Float64Array; d1: Float64Array; d2: Float64Array } {
  let h = x;
  let dh = dx;
  let ddh = ddx;
  const layers = mlp.weights.length;
  const c = mlp.activationScale;
  for (let l = 0; l < layers; l++) {
    const nIn = mlp.sizes[l] as number;
    const nOut = mlp.sizes[l + 1] as number;
    const w = mlp.weights[l] as Float64Array; // [nIn, nOut], 1/√nIn folded in
    const z = new Float64Array(batch * nOut);
    const dz = new Float64Array(batch * nOut);
    const ddz = new Float64Array(batch * nOut);
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < nIn; i++) {
        const xi = h[b * nIn + i] as number;
        const dxi = dh[b * nIn + i] as number;
        const ddxi = ddh[b * nIn + i] as number;
        for (let o = 0; o < nOut; o++) {
          const wi = w[i * nOut + o] as number;
          const q = b * nOut + o;
          z[q] = (z[q] as number) + xi * wi;
          dz[q] = (dz[q] as number) + dxi * wi;
          ddz[q] = (ddz[q] as number) + ddxi * wi;
        }
      }
    if (l === layers - 1) return { out: z, d1: dz, d2: ddz };
    // φ(z) = c·z·σ(z): φ' = c·σ·(1 + z(1 − σ)), φ'' = c·σ(1 − σ)·(2 + z(1 − 2σ)); (φ∘z)'' = φ''·z'² + φ'·z''
    for (let q = 0; q < z.length; q++) {
      const v = z[q] as number;
      const s = 1 / (1 + Math.exp(-v));
      const d1 = c * s * (1 + v * (1 - s));
      const d2 = c * s * (1 - s) * (2 + v * (1 - 2 * s));
      const zq = dz[q] as number;
      ddz[q] = d2 * zq * zq + d1 * (ddz[q] as number);
      dz[q] = d1 * zq;
      z[q] = c * v * s;
    }
    h = z;
    dh = dz;
    ddh = ddz;
  }
  return { out: h, d1: dh, d2: ddh };
}
