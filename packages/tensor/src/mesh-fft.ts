import { FftPlan } from './fft-plan.ts';

/**
 * Unnormalised 3D complex FFT of a K0×K1×K2 mesh in C order (index (k0·K1 + k1)·K2 + k2), split real and
 * imaginary parts, in place: one {@link FftPlan} per axis; the contiguous lines one by one, the strided axes by
 * {@link FftPlan.transformColumns} (all lines of a plane, or all columns, in one sweep per pass). `sign` −1 is the
 * forward transform Σ x e^{−2πi m·k/K}, +1 the backward one without the 1/(K0K1K2). No allocation per call.
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

  constructor(shape: readonly [number, number, number]) {
    this.shape = [shape[0], shape[1], shape[2]];
    this.plans = [new FftPlan(shape[0]), new FftPlan(shape[1]), new FftPlan(shape[2])];
  }

  /** Transform in place along the three axes (`sign` −1 forward, +1 backward unnormalised). */
  transform(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    const [n0, n1, n2] = this.shape;
    // axis 2: contiguous lines
    const p2 = this.plans[2];
    for (let line = 0; line < n0 * n1; line++) p2.transform(re, im, line * n2, sign);
    // axis 1 (stride n2) within each plane a, and axis 0 (stride n1·n2) over the n1·n2 columns
    for (let a = 0; a < n0; a++) this.plans[1].transformColumns(re, im, a * n1 * n2, n2, n2, sign);
    this.plans[0].transformColumns(re, im, 0, n1 * n2, n1 * n2, sign);
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
  /** Staged pairs of last-axis lines side by side (element k of pair p at k·pairs + p), for the last axis' plan. */
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

  constructor(shape: readonly [number, number, number]) {
    this.shape = [shape[0], shape[1], shape[2]];
    this.half = Math.floor(shape[2] / 2) + 1;
    this.plans = [new FftPlan(shape[0]), new FftPlan(shape[1]), new FftPlan(shape[2])];
    this.zr = new Float64Array(shape[2] * this.plans[2].width);
    this.zi = new Float64Array(shape[2] * this.plans[2].width);
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
    if (e1 === n1) this.forwardLines(mesh, re, im, 0, e0 * n1);
    else for (let a = 0; a < e0; a++) this.forwardLines(mesh, re, im, a * n1, a * n1 + e1);
    for (let a = 0; a < e0; a++) this.plans[1].transformColumns(re, im, a * n1 * h, h, h, -1);
    this.plans[0].transformColumns(re, im, 0, n1 * h, n1 * h, -1);
  }

  /**
   * Half spectrum (of a real mesh) → real mesh (sign +1, unnormalised); `re`/`im` are overwritten. With `extent`
   * [E0, E1, E2] only the corner [0, E0)×[0, E1)×[0, K2) of the mesh is computed (the rest is left as it was): the
   * middle axis is transformed only on E0 planes and the last one only on E0·E1 lines.
   */
  backward(re: Float64Array, im: Float64Array, mesh: Float64Array, extent?: readonly [number, number, number]): void {
    const [, n1] = this.shape;
    const h = this.half;
    const [e0, e1] = this.extentOf(extent);
    this.plans[0].transformColumns(re, im, 0, n1 * h, n1 * h, 1);
    for (let a = 0; a < e0; a++) this.plans[1].transformColumns(re, im, a * n1 * h, h, h, 1);
    if (e1 === n1) this.backwardLines(re, im, mesh, 0, e0 * n1);
    else for (let a = 0; a < e0; a++) this.backwardLines(re, im, mesh, a * n1, a * n1 + e1);
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

  /**
   * Last-axis forward transform of the real lines l0 … l1 − 1 into the half spectrum: lines l, l + 1 staged as the
   * real and imaginary parts of one complex line (a single last line with zero imaginary part), up to the plan's
   * width of such pairs side by side, transformed together and separated.
   */
  private forwardLines(mesh: Float64Array, re: Float64Array, im: Float64Array, l0: number, l1: number): void {
    const n2 = this.shape[2];
    const h = this.half;
    const plan = this.plans[2];
    const zr = this.zr;
    const zi = this.zi;
    for (let first = l0; first < l1; first += 2 * plan.width) {
      const pairs = Math.min(plan.width, Math.ceil((l1 - first) / 2));
      for (let p = 0; p < pairs; p++) {
        const a = (first + 2 * p) * n2;
        const second = first + 2 * p + 1 < l1;
        for (let k = 0; k < n2; k++) {
          zr[k * pairs + p] = mesh[a + k] as number;
          zi[k * pairs + p] = second ? (mesh[a + n2 + k] as number) : 0;
        }
      }
      plan.transformColumns(zr, zi, 0, pairs, pairs, -1);
      for (let p = 0; p < pairs; p++) {
        const ha = (first + 2 * p) * h;
        const hb = ha + h;
        const second = first + 2 * p + 1 < l1;
        for (let m = 0; m < h; m++) {
          const q = m === 0 ? 0 : n2 - m;
          const r1 = zr[m * pairs + p] as number,
            i1 = zi[m * pairs + p] as number,
            r2 = zr[q * pairs + p] as number,
            i2 = zi[q * pairs + p] as number;
          re[ha + m] = 0.5 * (r1 + r2);
          im[ha + m] = 0.5 * (i1 - i2);
          if (second) {
            re[hb + m] = 0.5 * (i1 + i2);
            im[hb + m] = -0.5 * (r1 - r2);
          }
        }
      }
    }
  }

  /** Last-axis backward transform of the half-spectrum lines l0 … l1 − 1 into the real mesh, two lines per complex one. */
  private backwardLines(re: Float64Array, im: Float64Array, mesh: Float64Array, l0: number, l1: number): void {
    const n2 = this.shape[2];
    const h = this.half;
    const plan = this.plans[2];
    const zr = this.zr;
    const zi = this.zi;
    for (let first = l0; first < l1; first += 2 * plan.width) {
      const pairs = Math.min(plan.width, Math.ceil((l1 - first) / 2));
      for (let p = 0; p < pairs; p++) {
        const ha = (first + 2 * p) * h;
        const hb = ha + h;
        const second = first + 2 * p + 1 < l1;
        // Z(m) = A(m) + i B(m); for m ≥ H, A(m) = A(K − m)*, B(m) = B(K − m)*
        for (let m = 0; m < n2; m++) {
          const mirror = m >= h;
          const q = mirror ? n2 - m : m;
          const ar = re[ha + q] as number;
          const ai = mirror ? -(im[ha + q] as number) : (im[ha + q] as number);
          const br = second ? (re[hb + q] as number) : 0;
          const bi = second ? (mirror ? -(im[hb + q] as number) : (im[hb + q] as number)) : 0;
          zr[m * pairs + p] = ar - bi;
          zi[m * pairs + p] = ai + br;
        }
      }
      plan.transformColumns(zr, zi, 0, pairs, pairs, 1);
      for (let p = 0; p < pairs; p++) {
        const a = (first + 2 * p) * n2;
        const second = first + 2 * p + 1 < l1;
        for (let k = 0; k < n2; k++) {
          mesh[a + k] = zr[k * pairs + p] as number;
          if (second) mesh[a + n2 + k] = zi[k * pairs + p] as number;
        }
      }
    }
  }
}
