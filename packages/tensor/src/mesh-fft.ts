import { FftPlan } from './fft-plan.ts';

/** Strided lines transformed together (8 doubles: one 64-byte cache line per row). */
const BLOCK = 8;

/**
 * Unnormalised 3D complex FFT of a K0×K1×K2 mesh in C order (index (k0·K1 + k1)·K2 + k2), split real and
 * imaginary parts, in place: one {@link FftPlan} per axis, lines gathered into the plan's scratch (strided axes
 * go through a buffer in blocks of neighbouring lines, so each cache line is read once). `sign` −1 is the forward transform Σ x e^{−2πi m·k/K}, +1 the backward one without
 * the 1/(K0K1K2). No allocation per call.
 *
 * @example
 * ```ts
 * const mesh = new MeshFft([4, 6, 5]);
 * const re = new Float64Array(120).fill(1), im = new Float64Array(120);
 * mesh.transform(re, im, -1); // re[0] = 120, every other entry 0
 * ```
 */
export class MeshFft {
  readonly shape: readonly [number, number, number];
  private readonly plans: [FftPlan, FftPlan, FftPlan];
  private readonly lineRe: Float64Array;
  private readonly lineIm: Float64Array;

  constructor(shape: readonly [number, number, number]) {
    this.shape = [shape[0], shape[1], shape[2]];
    this.plans = [new FftPlan(shape[0]), new FftPlan(shape[1]), new FftPlan(shape[2])];
    const longest = Math.max(shape[0], shape[1], shape[2]);
    this.lineRe = new Float64Array(BLOCK * longest);
    this.lineIm = new Float64Array(BLOCK * longest);
  }

  /** Transform in place along the three axes (`sign` −1 forward, +1 backward unnormalised). */
  transform(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    const [n0, n1, n2] = this.shape;
    // axis 2: contiguous lines
    const p2 = this.plans[2];
    for (let line = 0; line < n0 * n1; line++) p2.transform(re, im, line * n2, sign);
    // axis 1 (stride n2) within each plane a, and axis 0 (stride n1·n2) over the n1·n2 columns
    for (let a = 0; a < n0; a++) stridedBlocks(re, im, this.lineRe, this.lineIm, a * n1 * n2, n2, n1, n2, this.plans[1], sign);
    stridedBlocks(re, im, this.lineRe, this.lineIm, 0, n1 * n2, n0, n1 * n2, this.plans[0], sign);
  }
}

/**
 * Unnormalised 3D FFT of a real K0×K1×K2 mesh (C order) to its half spectrum, K0×K1×H complex values with
 * H = ⌊K2/2⌋ + 1 (m2 = 0 … K2/2; the rest follows from X(−m) = X(m)*), and back (the half spectrum of a real mesh to
 * that mesh, without the 1/(K0K1K2)). Along the contiguous axis two real lines a, b go through one complex transform of
 * a + ib and are separated by A(m) = [Z(m) + Z(K−m)*]/2, B(m) = [Z(m) − Z(K−m)*]/(2i); the other two axes transform
 * only the H half-spectrum columns. About half the work of {@link MeshFft} on the same mesh; no allocation per call.
 *
 * @example
 * ```ts
 * const fft = new RealMeshFft([8, 6, 10]);
 * const mesh = new Float64Array(480).fill(1), re = new Float64Array(8 * 6 * 6), im = new Float64Array(8 * 6 * 6);
 * fft.forward(mesh, re, im); // re[0] = 480
 * fft.backward(re, im, mesh); // mesh = 480 everywhere
 * ```
 */
export class RealMeshFft {
  readonly shape: readonly [number, number, number];
  /** Half-spectrum length along the last axis, ⌊K2/2⌋ + 1. */
  readonly half: number;
  private readonly plans: [FftPlan, FftPlan, FftPlan];
  private readonly lineRe: Float64Array;
  private readonly lineIm: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

  constructor(shape: readonly [number, number, number]) {
    this.shape = [shape[0], shape[1], shape[2]];
    this.half = Math.floor(shape[2] / 2) + 1;
    this.plans = [new FftPlan(shape[0]), new FftPlan(shape[1]), new FftPlan(shape[2])];
    const longest = Math.max(shape[0], shape[1], shape[2]);
    this.lineRe = new Float64Array(BLOCK * longest);
    this.lineIm = new Float64Array(BLOCK * longest);
    this.zr = new Float64Array(shape[2]);
    this.zi = new Float64Array(shape[2]);
  }

  /**
   * Real mesh → half spectrum (sign −1: Σ x e^{−2πi m·k/K}). With `extent` [E0, E1, E2] the mesh is taken to be zero
   * outside its corner [0, E0)×[0, E1)×[0, K2) (a zero-padded convolution's input): only the E0·E1 lines along the
   * last axis and the E0 planes along the middle one are transformed (the rest of the spectrum is zero there), the
   * result is the same as without it.
   */
  forward(mesh: Float64Array, re: Float64Array, im: Float64Array, extent?: readonly [number, number, number]): void {
    const [n0, n1] = this.shape;
    const h = this.half;
    const [e0, e1] = this.extentOf(extent);
    if (e0 < n0 || e1 < n1) {
      re.fill(0);
      im.fill(0);
    }
    if (e1 === n1) for (let l = 0; l < e0 * n1; l += 2) this.forwardLines(mesh, re, im, l, l + 1 < e0 * n1);
    else for (let a = 0; a < e0; a++) for (let b = 0; b < e1; b += 2) this.forwardLines(mesh, re, im, a * n1 + b, b + 1 < e1);
    for (let a = 0; a < e0; a++) stridedBlocks(re, im, this.lineRe, this.lineIm, a * n1 * h, h, n1, h, this.plans[1], -1);
    stridedBlocks(re, im, this.lineRe, this.lineIm, 0, n1 * h, n0, n1 * h, this.plans[0], -1);
  }

  /**
   * Half spectrum (of a real mesh) → real mesh (sign +1, unnormalised); `re`/`im` are overwritten. With `extent`
   * [E0, E1, E2] only the corner [0, E0)×[0, E1)×[0, K2) of the mesh is computed (the rest is left as it was): the
   * middle axis is transformed only on E0 planes and the last one only on E0·E1 lines.
   */
  backward(re: Float64Array, im: Float64Array, mesh: Float64Array, extent?: readonly [number, number, number]): void {
    const [n0, n1] = this.shape;
    const h = this.half;
    const [e0, e1] = this.extentOf(extent);
    stridedBlocks(re, im, this.lineRe, this.lineIm, 0, n1 * h, n0, n1 * h, this.plans[0], 1);
    for (let a = 0; a < e0; a++) stridedBlocks(re, im, this.lineRe, this.lineIm, a * n1 * h, h, n1, h, this.plans[1], 1);
    if (e1 === n1) for (let l = 0; l < e0 * n1; l += 2) this.backwardLines(re, im, mesh, l, l + 1 < e0 * n1);
    else for (let a = 0; a < e0; a++) for (let b = 0; b < e1; b += 2) this.backwardLines(re, im, mesh, a * n1 + b, b + 1 < e1);
  }

  /** The first two sizes of an extent (whole mesh when none), checked against the shape. */
  private extentOf(extent: readonly [number, number, number] | undefined): [number, number] {
    if (extent === undefined) return [this.shape[0], this.shape[1]];
    for (let d = 0; d < 3; d++) {
      const e = extent[d] as number;
      if (!Number.isInteger(e) || e < 1 || e > (this.shape[d] as number)) {
        throw new RangeError(`RealMeshFft: extent ${extent.join('×')} must be integers in 1 … the shape ${this.shape.join('×')}`);
      }
    }
    return [extent[0], extent[1]];
  }

  /** Last-axis forward transform of real line l (and l + 1 when `second`) into the half spectrum. */
  private forwardLines(mesh: Float64Array, re: Float64Array, im: Float64Array, l: number, second: boolean): void {
    const n2 = this.shape[2];
    const h = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const a = l * n2;
    const b = a + n2;
    for (let k = 0; k < n2; k++) {
      zr[k] = mesh[a + k] as number;
      zi[k] = second ? (mesh[b + k] as number) : 0;
    }
    this.plans[2].transform(zr, zi, 0, -1);
    const ha = l * h;
    const hb = ha + h;
    for (let m = 0; m < h; m++) {
      const p = m === 0 ? 0 : n2 - m;
      const r1 = zr[m] as number,
        i1 = zi[m] as number,
        r2 = zr[p] as number,
        i2 = zi[p] as number;
      re[ha + m] = 0.5 * (r1 + r2);
      im[ha + m] = 0.5 * (i1 - i2);
      if (second) {
        re[hb + m] = 0.5 * (i1 + i2);
        im[hb + m] = -0.5 * (r1 - r2);
      }
    }
  }

  /** Last-axis backward transform of half-spectrum lines l (and l + 1 when `second`) into the real mesh. */
  private backwardLines(re: Float64Array, im: Float64Array, mesh: Float64Array, l: number, second: boolean): void {
    const n2 = this.shape[2];
    const h = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const ha = l * h;
    const hb = ha + h;
    // Z(m) = A(m) + i B(m); for m ≥ H, A(m) = A(K − m)*, B(m) = B(K − m)*
    for (let m = 0; m < n2; m++) {
      const mirror = m >= h;
      const q = mirror ? n2 - m : m;
      const ar = re[ha + q] as number;
      const ai = mirror ? -(im[ha + q] as number) : (im[ha + q] as number);
      const br = second ? (re[hb + q] as number) : 0;
      const bi = second ? (mirror ? -(im[hb + q] as number) : (im[hb + q] as number)) : 0;
      zr[m] = ar - bi;
      zi[m] = ai + br;
    }
    this.plans[2].transform(zr, zi, 0, 1);
    const a = l * n2;
    const b = a + n2;
    for (let k = 0; k < n2; k++) {
      mesh[a + k] = zr[k] as number;
      if (second) mesh[b + k] = zi[k] as number;
    }
  }
}

/**
 * Transform `count` lines of length `length` whose elements are `stride` apart, line t starting at base + t, in
 * blocks of {@link BLOCK} neighbouring lines: a block is gathered row by row into `lr`/`li` (each cache line read
 * once), transformed line by line, and scattered back.
 */
function stridedBlocks(
  re: Float64Array,
  im: Float64Array,
  lr: Float64Array,
  li: Float64Array,
  base: number,
  stride: number,
  length: number,
  count: number,
  plan: FftPlan,
  sign: -1 | 1,
): void {
  for (let first = 0; first < count; first += BLOCK) {
    const width = Math.min(BLOCK, count - first);
    for (let e = 0; e < length; e++) {
      const from = base + first + e * stride;
      for (let t = 0; t < width; t++) {
        lr[t * length + e] = re[from + t] as number;
        li[t * length + e] = im[from + t] as number;
      }
    }
    for (let t = 0; t < width; t++) plan.transform(lr, li, t * length, sign);
    for (let e = 0; e < length; e++) {
      const to = base + first + e * stride;
      for (let t = 0; t < width; t++) {
        re[to + t] = lr[t * length + e] as number;
        im[to + t] = li[t * length + e] as number;
      }
    }
  }
}
