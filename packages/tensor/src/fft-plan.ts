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

/**
 * A planned, unnormalised complex FFT of one length n, for many transforms of that length (the lines of a PME
 * mesh): X_k = Σ_j x_j e^{∓2πi jk/n} (`sign` −1 forward as NumPy's `fft.fft`, +1 backward without the 1/n).
 * Lengths whose only prime factors are 2, 3 and 5 run a Stockham autosort with radix-4/2/3/5 passes and twiddles
 * computed once (cos/sin of exact angles); other lengths call {@link fft} (radix-2 or Bluestein).
 * Transforms work in place on `re`/`im` at `offset` (length n), using the plan's scratch: no allocation per call.
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
  private readonly radices: number[] = [];
  /** Per pass: cos and sin of +2π qk/(Ns·R) at index k·R + q (k < Ns); the sign multiplies the sine. */
  private readonly twiddleRe: Float64Array[] = [];
  private readonly twiddleIm: Float64Array[] = [];
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  private readonly smooth: boolean;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FftPlan: length must be a positive integer, got ${n}`);
    this.n = n;
    this.smooth = isSmooth(n);
    this.bufRe = new Float64Array(n);
    this.bufIm = new Float64Array(n);
    this.workRe = new Float64Array(n);
    this.workIm = new Float64Array(n);
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
    const n = this.n;
    if (n === 1) return;
    let aRe = this.workRe;
    let aIm = this.workIm;
    let bRe = this.bufRe;
    let bIm = this.bufIm;
    for (let j = 0; j < n; j++) {
      aRe[j] = re[offset + j] as number;
      aIm[j] = im[offset + j] as number;
    }
    if (!this.smooth) {
      const tr = aRe.slice();
      const ti = aIm.slice();
      fft(tr, ti, sign === 1);
      const scale = sign === 1 ? n : 1;
      for (let j = 0; j < n; j++) {
        re[offset + j] = (tr[j] as number) * scale;
        im[offset + j] = (ti[j] as number) * scale;
      }
      return;
    }
    let ns = 1;
    for (let p = 0; p < this.radices.length; p++) {
      const r = this.radices[p] as number;
      const twr = this.twiddleRe[p] as Float64Array;
      const twi = this.twiddleIm[p] as Float64Array;
      if (r === 4) pass4(aRe, aIm, bRe, bIm, n, ns, twr, twi, sign);
      else if (r === 2) pass2(aRe, aIm, bRe, bIm, n, ns, twr, twi, sign);
      else if (r === 3) pass3(aRe, aIm, bRe, bIm, n, ns, twr, twi, sign);
      else pass5(aRe, aIm, bRe, bIm, n, ns, twr, twi, sign);
      ns *= r;
      const tRe = aRe;
      const tIm = aIm;
      aRe = bRe;
      aIm = bIm;
      bRe = tRe;
      bIm = tIm;
    }
    for (let j = 0; j < n; j++) {
      re[offset + j] = aRe[j] as number;
      im[offset + j] = aIm[j] as number;
    }
  }
}

// Stockham passes, one per radix: deliberate hot-loop specialisations (each radix's butterfly written out, no inner
// loop over q) that look alike line for line but are not one function without a per-element branch or loop.
// Stockham pass (Govindaraju et al., SC'08): for j = g + k < n/R (g a multiple of Ns, k < Ns), inputs x[j + q·n/R]
// times the twiddle e^{∓2πi qk/(Ns R)}, an R-point DFT, outputs at g·R + k + q·Ns.

function pass2(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 2;
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const j = g + k;
      const out = g * 2 + k;
      const w1r = twr[2 * k + 1] as number,
        w1i = sign * (twi[2 * k + 1] as number);
      const ar = xr[j] as number,
        ai = xi[j] as number;
      const br0 = xr[j + stride] as number,
        bi0 = xi[j + stride] as number;
      const br = br0 * w1r - bi0 * w1i,
        bi = br0 * w1i + bi0 * w1r;
      yr[out] = ar + br;
      yi[out] = ai + bi;
      yr[out + ns] = ar - br;
      yi[out + ns] = ai - bi;
    }
  }
}

function pass4(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 4;
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const j = g + k;
      const out = g * 4 + k;
      const t = 4 * k;
      const ar = xr[j] as number,
        ai = xi[j] as number;
      let r0 = xr[j + stride] as number,
        i0 = xi[j + stride] as number;
      let wr = twr[t + 1] as number,
        wi = sign * (twi[t + 1] as number);
      const br = r0 * wr - i0 * wi,
        bi = r0 * wi + i0 * wr;
      r0 = xr[j + 2 * stride] as number;
      i0 = xi[j + 2 * stride] as number;
      wr = twr[t + 2] as number;
      wi = sign * (twi[t + 2] as number);
      const cr = r0 * wr - i0 * wi,
        ci = r0 * wi + i0 * wr;
      r0 = xr[j + 3 * stride] as number;
      i0 = xi[j + 3 * stride] as number;
      wr = twr[t + 3] as number;
      wi = sign * (twi[t + 3] as number);
      const dr = r0 * wr - i0 * wi,
        di = r0 * wi + i0 * wr;
      // 4-point DFT with ω = e^{sign·iπ/2} = sign·i
      const s0r = ar + cr,
        s0i = ai + ci,
        s1r = ar - cr,
        s1i = ai - ci;
      const s2r = br + dr,
        s2i = bi + di,
        s3r = br - dr,
        s3i = bi - di;
      yr[out] = s0r + s2r;
      yi[out] = s0i + s2i;
      yr[out + 2 * ns] = s0r - s2r;
      yi[out + 2 * ns] = s0i - s2i;
      // (b − d)·ω = (s3r + i s3i)(sign i) = −sign s3i + i sign s3r
      yr[out + ns] = s1r - sign * s3i;
      yi[out + ns] = s1i + sign * s3r;
      yr[out + 3 * ns] = s1r + sign * s3i;
      yi[out + 3 * ns] = s1i - sign * s3r;
    }
  }
}

const SIN60 = Math.sqrt(3) / 2;

function pass3(
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
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
      const j = g + k;
      const out = g * 3 + k;
      const t = 3 * k;
      const ar = xr[j] as number,
        ai = xi[j] as number;
      let r0 = xr[j + stride] as number,
        i0 = xi[j + stride] as number;
      let wr = twr[t + 1] as number,
        wi = sign * (twi[t + 1] as number);
      const br = r0 * wr - i0 * wi,
        bi = r0 * wi + i0 * wr;
      r0 = xr[j + 2 * stride] as number;
      i0 = xi[j + 2 * stride] as number;
      wr = twr[t + 2] as number;
      wi = sign * (twi[t + 2] as number);
      const cr = r0 * wr - i0 * wi,
        ci = r0 * wi + i0 * wr;
      const sr = br + cr,
        si = bi + ci;
      const dr = br - cr,
        di = bi - ci;
      const mr = ar - 0.5 * sr,
        mi = ai - 0.5 * si;
      yr[out] = ar + sr;
      yi[out] = ai + si;
      // ω = e^{sign·2πi/3} = −½ + i·sign·√3/2: y1 = a + bω + cω², y2 = a + bω² + cω
      yr[out + ns] = mr - s * di;
      yi[out + ns] = mi + s * dr;
      yr[out + 2 * ns] = mr + s * di;
      yi[out + 2 * ns] = mi - s * dr;
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
  yr: Float64Array,
  yi: Float64Array,
  n: number,
  ns: number,
  twr: Float64Array,
  twi: Float64Array,
  sign: number,
): void {
  const stride = n / 5;
  const s1 = sign * S1,
    s2 = sign * S2;
  const vr = [0, 0, 0, 0, 0];
  const vi = [0, 0, 0, 0, 0];
  for (let g = 0; g < stride; g += ns) {
    for (let k = 0; k < ns; k++) {
      const j = g + k;
      const out = g * 5 + k;
      const t = 5 * k;
      vr[0] = xr[j] as number;
      vi[0] = xi[j] as number;
      for (let q = 1; q < 5; q++) {
        const r0 = xr[j + q * stride] as number,
          i0 = xi[j + q * stride] as number;
        const wr = twr[t + q] as number,
          wi = sign * (twi[t + q] as number);
        vr[q] = r0 * wr - i0 * wi;
        vi[q] = r0 * wi + i0 * wr;
      }
      const ar = vr[0] as number,
        ai = vi[0] as number;
      const p1r = (vr[1] as number) + (vr[4] as number),
        p1i = (vi[1] as number) + (vi[4] as number);
      const m1r = (vr[1] as number) - (vr[4] as number),
        m1i = (vi[1] as number) - (vi[4] as number);
      const p2r = (vr[2] as number) + (vr[3] as number),
        p2i = (vi[2] as number) + (vi[3] as number);
      const m2r = (vr[2] as number) - (vr[3] as number),
        m2i = (vi[2] as number) - (vi[3] as number);
      yr[out] = ar + p1r + p2r;
      yi[out] = ai + p1i + p2i;
      const a1r = ar + C1 * p1r + C2 * p2r,
        a1i = ai + C1 * p1i + C2 * p2i;
      const a2r = ar + C2 * p1r + C1 * p2r,
        a2i = ai + C2 * p1i + C1 * p2i;
      // i·(s1 m1 + s2 m2) and i·(s2 m1 − s1 m2)
      const b1r = -(s1 * m1i + s2 * m2i),
        b1i = s1 * m1r + s2 * m2r;
      const b2r = -(s2 * m1i - s1 * m2i),
        b2i = s2 * m1r - s1 * m2r;
      yr[out + ns] = a1r + b1r;
      yi[out + ns] = a1i + b1i;
      yr[out + 4 * ns] = a1r - b1r;
      yi[out + 4 * ns] = a1i - b1i;
      yr[out + 2 * ns] = a2r + b2r;
      yi[out + 2 * ns] = a2i + b2i;
      yr[out + 3 * ns] = a2r - b2r;
      yi[out + 3 * ns] = a2i - b2i;
    }
  }
}
