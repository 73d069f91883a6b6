import { fft } from './fft.ts';

/**
 * Whether n factors into 2, 3 and 5 only (the mesh sizes {@link FftPlan} transforms with its own radix-2/3/4/5
 * passes; other sizes go through {@link fft}, radix-2 or Bluestein).
 *
 * @example
 * ```ts
 * isSmooth(60); // true
 * isSmooth(14); // false
 * ```
 */
export function isSmooth(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/**
 * The smallest 2·3·5-smooth integer ≥ n.
 *
 * @example
 * ```ts
 * nextSmooth(31); // 32
 * nextSmooth(49); // 50
 * ```
 */
export function nextSmooth(n: number): number {
  let m = Math.max(1, Math.ceil(n));
  while (!isSmooth(m)) m++;
  return m;
}

/** Complex elements per scratch buffer of a {@link FftPlan}: n × (columns per chunk) ≈ this (64 KB for the four buffers). */
const CHUNK_ELEMENTS = 2048;

/**
 * A planned, unnormalised complex FFT of one length n, for many transforms of that length (the lines of a PME
 * mesh): X_k = Σ_j x_j e^{∓2πi jk/n} (`sign` −1 forward as NumPy's `fft.fft`, +1 backward without the 1/n).
 * Lengths whose only prime factors are 2, 3 and 5 run a Stockham autosort with radix-4/2/3/5 passes and twiddles
 * computed once (cos/sin of exact angles); other lengths call {@link fft} (radix-2 or Bluestein).
 * {@link FftPlan.transformColumns} transforms many sequences stored side by side (the strided lines of a mesh) in
 * one sweep per pass, the innermost loop running over the sequences: each twiddle is loaded once per chunk of
 * sequences instead of once per sequence, and no line is gathered into a buffer (on a 36³ PME mesh 3–4× faster
 * than transforming the lines one by one). Transforms work in place, using the plan's scratch: no allocation per call.
 *
 * @example
 * ```ts
 * const plan = new FftPlan(6);
 * const re = Float64Array.of(1, 2, 3, 4, 5, 6), im = new Float64Array(6);
 * plan.transform(re, im, 0, -1); // re[0] = 21
 * ```
 */
export class FftPlan {
  readonly n: number;
  /** Sequences transformed together by {@link FftPlan.transformColumns} (its scratch holds n × this many). */
  readonly width: number;
  private readonly radices: number[] = [];
  /** Per pass: cos and sin of +2π qk/(Ns·R) at index k·R + q (k < Ns); the sign multiplies the sine. */
  private readonly twiddleRe: Float64Array[] = [];
  private readonly twiddleIm: Float64Array[] = [];
  /** Two scratch meshes of n × width (element e of sequence t at e·width + t) for the passes' ping-pong. */
  private readonly aRe: Float64Array;
  private readonly aIm: Float64Array;
  private readonly bRe: Float64Array;
  private readonly bIm: Float64Array;
  private readonly smooth: boolean;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FftPlan: length must be a positive integer, got ${n}`);
    this.n = n;
    this.smooth = isSmooth(n);
    this.width = Math.max(1, Math.floor(CHUNK_ELEMENTS / n));
    const size = this.smooth ? n * this.width : n;
    this.aRe = new Float64Array(size);
    this.aIm = new Float64Array(size);
    this.bRe = new Float64Array(size);
    this.bIm = new Float64Array(size);
    if (!this.smooth) return;
    let m = n;
    while (m % 4 === 0) {
      this.radices.push(4);
      m /= 4;
    }
    for (const p of [2, 3, 5]) {
      while (m % p === 0) {
        this.radices.push(p);
        m /= p;
      }
    }
    let ns = 1;
    for (const r of this.radices) {
      const tr = new Float64Array(ns * r);
      const ti = new Float64Array(ns * r);
      for (let k = 0; k < ns; k++) {
        for (let q = 0; q < r; q++) {
          const angle = (2 * Math.PI * q * k) / (ns * r);
          tr[k * r + q] = Math.cos(angle);
          ti[k * r + q] = Math.sin(angle);
        }
      }
      this.twiddleRe.push(tr);
      this.twiddleIm.push(ti);
      ns *= r;
    }
  }

  /** Transform `re/im[offset … offset + n − 1]` in place; `sign` −1 forward, +1 backward (unnormalised). */
  transform(re: Float64Array, im: Float64Array, offset: number, sign: -1 | 1): void {
    this.transformColumns(re, im, offset, 1, 1, sign);
  }

  /**
   * Transform `count` sequences stored side by side in place: element e of sequence t at `re/im[base + e·stride + t]`
   * (t < count ≤ stride; e.g. the lines of a C-order mesh along a strided axis, stride = the product of the later
   * axes' sizes). `sign` −1 forward, +1 backward (unnormalised).
   *
   * @example
   * ```ts
   * // the 4 columns of a 6×4 row-major matrix
   * new FftPlan(6).transformColumns(re, im, 0, 4, 4, -1);
   * ```
   */
  transformColumns(re: Float64Array, im: Float64Array, base: number, stride: number, count: number, sign: -1 | 1): void {
    const n = this.n;
    if (n === 1) return;
    if (!this.smooth) {
      const lr = this.aRe;
      const li = this.aIm;
      for (let t = 0; t < count; t++) {
        for (let e = 0; e < n; e++) {
          lr[e] = re[base + e * stride + t] as number;
          li[e] = im[base + e * stride + t] as number;
        }
        fft(lr, li, sign === 1);
        const scale = sign === 1 ? n : 1;
        for (let e = 0; e < n; e++) {
          re[base + e * stride + t] = (lr[e] as number) * scale;
          im[base + e * stride + t] = (li[e] as number) * scale;
        }
      }
      return;
    }
    for (let first = 0; first < count; first += this.width) {
      this.chunk(re, im, base + first, stride, Math.min(this.width, count - first), sign);
    }
  }

  /**
   * The Stockham passes over `w` ≤ width side-by-side sequences: the first pass reads the data, the last writes it
   * back, the ones between ping-pong through the scratch (a single pass goes to the scratch and is copied back).
   */
  private chunk(re: Float64Array, im: Float64Array, base: number, stride: number, w: number, sign: -1 | 1): void {
    const n = this.n;
    const passes = this.radices.length;
    let xr = re,
      xi = im,
      xo = base,
      xs = stride;
    let ns = 1;
    for (let p = 0; p < passes; p++) {
      const toData = p === passes - 1 && passes > 1;
      const yr = toData ? re : p % 2 === 0 ? this.aRe : this.bRe;
      const yi = toData ? im : p % 2 === 0 ? this.aIm : this.bIm;
      const yo = toData ? base : 0;
      const ys = toData ? stride : w;
      const r = this.radices[p] as number;
      const twr = this.twiddleRe[p] as Float64Array;
      const twi = this.twiddleIm[p] as Float64Array;
      if (r === 4) pass4(xr, xi, xo, xs, yr, yi, yo, ys, w, n, ns, twr, twi, sign);
      else if (r === 2) pass2(xr, xi, xo, xs, yr, yi, yo, ys, w, n, ns, twr, twi, sign);
      else if (r === 3) pass3(xr, xi, xo, xs, yr, yi, yo, ys, w, n, ns, twr, twi, sign);
      else pass5(xr, xi, xo, xs, yr, yi, yo, ys, w, n, ns, twr, twi, sign);
      ns *= r;
      xr = yr;
      xi = yi;
      xo = yo;
      xs = ys;
    }
    if (passes === 1) {
      for (let e = 0; e < n; e++) {
        for (let t = 0; t < w; t++) {
          re[base + e * stride + t] = this.aRe[e * w + t] as number;
          im[base + e * stride + t] = this.aIm[e * w + t] as number;
        }
      }
    }
  }
}

// Stockham passes, one per radix: deliberate hot-loop specialisations (each radix's butterfly written out, no inner
// loop over q) that look alike line for line but are not one function without a per-element branch or loop.
// Stockham pass (Govindaraju et al., SC'08): for j = g + k < n/R (g a multiple of Ns, k < Ns), inputs x[j + q·n/R]
// times the twiddle e^{∓2πi qk/(Ns R)}, an R-point DFT, outputs at g·R + k + q·Ns. Element e of sequence c is at
// x[xo + e·xs + c] (y[yo + e·ys + c]); the innermost loop runs over the w sequences with the twiddles held.

function pass2(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  xs: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  ys: number,
  w: number,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 2;
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const w1r = twr[2 * k + 1] as number,
        w1i = sign * (twi[2 * k + 1] as number);
      const a = xo + (g + k) * xs;
      const b = a + stride * xs;
      const o0 = yo + (g * 2 + k) * ys;
      const o1 = o0 + ns * ys;
      for (let c = 0; c < w; c++) {
        const ar = xr[a + c] as number,
          ai = xi[a + c] as number;
        const br0 = xr[b + c] as number,
          bi0 = xi[b + c] as number;
        const br = br0 * w1r - bi0 * w1i,
          bi = br0 * w1i + bi0 * w1r;
        yr[o0 + c] = ar + br;
        yi[o0 + c] = ai + bi;
        yr[o1 + c] = ar - br;
        yi[o1 + c] = ai - bi;
      }
    }
  }
}

function pass4(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  xs: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  ys: number,
  w: number,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 4;
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const t = 4 * k;
      const w1r = twr[t + 1] as number,
        w1i = sign * (twi[t + 1] as number);
      const w2r = twr[t + 2] as number,
        w2i = sign * (twi[t + 2] as number);
      const w3r = twr[t + 3] as number,
        w3i = sign * (twi[t + 3] as number);
      const a = xo + (g + k) * xs;
      const b = a + stride * xs;
      const d = b + stride * xs;
      const f = d + stride * xs;
      const o0 = yo + (g * 4 + k) * ys;
      const o1 = o0 + ns * ys;
      const o2 = o1 + ns * ys;
      const o3 = o2 + ns * ys;
      for (let c = 0; c < w; c++) {
        const ar = xr[a + c] as number,
          ai = xi[a + c] as number;
        let r0 = xr[b + c] as number,
          i0 = xi[b + c] as number;
        const br = r0 * w1r - i0 * w1i,
          bi = r0 * w1i + i0 * w1r;
        r0 = xr[d + c] as number;
        i0 = xi[d + c] as number;
        const cr = r0 * w2r - i0 * w2i,
          ci = r0 * w2i + i0 * w2r;
        r0 = xr[f + c] as number;
        i0 = xi[f + c] as number;
        const dr = r0 * w3r - i0 * w3i,
          di = r0 * w3i + i0 * w3r;
        // 4-point DFT with ω = e^{sign·iπ/2} = sign·i
        const s0r = ar + cr,
          s0i = ai + ci,
          s1r = ar - cr,
          s1i = ai - ci;
        const s2r = br + dr,
          s2i = bi + di,
          s3r = br - dr,
          s3i = bi - di;
        yr[o0 + c] = s0r + s2r;
        yi[o0 + c] = s0i + s2i;
        yr[o2 + c] = s0r - s2r;
        yi[o2 + c] = s0i - s2i;
        // (b − d)·ω = (s3r + i s3i)(sign i) = −sign s3i + i sign s3r
        yr[o1 + c] = s1r - sign * s3i;
        yi[o1 + c] = s1i + sign * s3r;
        yr[o3 + c] = s1r + sign * s3i;
        yi[o3 + c] = s1i - sign * s3r;
      }
    }
  }
}

const SIN60 = Math.sqrt(3) / 2;

function pass3(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  xs: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  ys: number,
  w: number,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 3;
  const s = sign * SIN60;
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const t = 3 * k;
      const w1r = twr[t + 1] as number,
        w1i = sign * (twi[t + 1] as number);
      const w2r = twr[t + 2] as number,
        w2i = sign * (twi[t + 2] as number);
      const a = xo + (g + k) * xs;
      const b = a + stride * xs;
      const d = b + stride * xs;
      const o0 = yo + (g * 3 + k) * ys;
      const o1 = o0 + ns * ys;
      const o2 = o1 + ns * ys;
      for (let c = 0; c < w; c++) {
        const ar = xr[a + c] as number,
          ai = xi[a + c] as number;
        let r0 = xr[b + c] as number,
          i0 = xi[b + c] as number;
        const br = r0 * w1r - i0 * w1i,
          bi = r0 * w1i + i0 * w1r;
        r0 = xr[d + c] as number;
        i0 = xi[d + c] as number;
        const cr = r0 * w2r - i0 * w2i,
          ci = r0 * w2i + i0 * w2r;
        const sr = br + cr,
          si = bi + ci;
        const dr = br - cr,
          di = bi - ci;
        const mr = ar - 0.5 * sr,
          mi = ai - 0.5 * si;
        yr[o0 + c] = ar + sr;
        yi[o0 + c] = ai + si;
        // ω = e^{sign·2πi/3} = −½ + i·sign·√3/2: y1 = a + bω + cω², y2 = a + bω² + cω
        yr[o1 + c] = mr - s * di;
        yi[o1 + c] = mi + s * dr;
        yr[o2 + c] = mr + s * di;
        yi[o2 + c] = mi - s * dr;
      }
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function pass5(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  xs: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  ys: number,
  w: number,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 5;
  const s1 = sign * S1,
    s2 = sign * S2;
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const t = 5 * k;
      const w1r = twr[t + 1] as number,
        w1i = sign * (twi[t + 1] as number);
      const w2r = twr[t + 2] as number,
        w2i = sign * (twi[t + 2] as number);
      const w3r = twr[t + 3] as number,
        w3i = sign * (twi[t + 3] as number);
      const w4r = twr[t + 4] as number,
        w4i = sign * (twi[t + 4] as number);
      const a = xo + (g + k) * xs;
      const b = a + stride * xs;
      const d = b + stride * xs;
      const f = d + stride * xs;
      const h = f + stride * xs;
      const o0 = yo + (g * 5 + k) * ys;
      const o1 = o0 + ns * ys;
      const o2 = o1 + ns * ys;
      const o3 = o2 + ns * ys;
      const o4 = o3 + ns * ys;
      for (let c = 0; c < w; c++) {
        const ar = xr[a + c] as number,
          ai = xi[a + c] as number;
        let r0 = xr[b + c] as number,
          i0 = xi[b + c] as number;
        const v1r = r0 * w1r - i0 * w1i,
          v1i = r0 * w1i + i0 * w1r;
        r0 = xr[d + c] as number;
        i0 = xi[d + c] as number;
        const v2r = r0 * w2r - i0 * w2i,
          v2i = r0 * w2i + i0 * w2r;
        r0 = xr[f + c] as number;
        i0 = xi[f + c] as number;
        const v3r = r0 * w3r - i0 * w3i,
          v3i = r0 * w3i + i0 * w3r;
        r0 = xr[h + c] as number;
        i0 = xi[h + c] as number;
        const v4r = r0 * w4r - i0 * w4i,
          v4i = r0 * w4i + i0 * w4r;
        const p1r = v1r + v4r,
          p1i = v1i + v4i;
        const m1r = v1r - v4r,
          m1i = v1i - v4i;
        const p2r = v2r + v3r,
          p2i = v2i + v3i;
        const m2r = v2r - v3r,
          m2i = v2i - v3i;
        yr[o0 + c] = ar + p1r + p2r;
        yi[o0 + c] = ai + p1i + p2i;
        const a1r = ar + C1 * p1r + C2 * p2r,
          a1i = ai + C1 * p1i + C2 * p2i;
        const a2r = ar + C2 * p1r + C1 * p2r,
          a2i = ai + C2 * p1i + C1 * p2i;
        // i·(s1 m1 + s2 m2) and i·(s2 m1 − s1 m2)
        const b1r = -(s1 * m1i + s2 * m2i),
          b1i = s1 * m1r + s2 * m2r;
        const b2r = -(s2 * m1i - s1 * m2i),
          b2i = s2 * m1r - s1 * m2r;
        yr[o1 + c] = a1r + b1r;
        yi[o1 + c] = a1i + b1i;
        yr[o4 + c] = a1r - b1r;
        yi[o4 + c] = a1i - b1i;
        yr[o2 + c] = a2r + b2r;
        yi[o2 + c] = a2i + b2i;
        yr[o3 + c] = a2r - b2r;
        yi[o3 + c] = a2i - b2i;
      }
    }
  }
}
