import { FftPlan } from './fft-plan.ts';

/**
 * Unnormalised 3D complex FFT of a K0×K1×K2 mesh in C order (index (k0·K1 + k1)·K2 + k2), split real and
 * imaginary parts, in place: one {@link FftPlan} per axis, lines gathered into the plan's scratch (strided axes
 * go through one line buffer). `sign` −1 is the forward transform Σ x e^{−2πi m·k/K}, +1 the backward one without
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
    this.lineRe = new Float64Array(longest);
    this.lineIm = new Float64Array(longest);
  }

  /** Transform in place along the three axes (`sign` −1 forward, +1 backward unnormalised). */
  transform(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    const [n0, n1, n2] = this.shape;
    const lr = this.lineRe;
    const li = this.lineIm;
    // axis 2: contiguous lines
    const p2 = this.plans[2];
    for (let line = 0; line < n0 * n1; line++) p2.transform(re, im, line * n2, sign);
    // axis 1: stride n2
    const p1 = this.plans[1];
    for (let a = 0; a < n0; a++) {
      for (let c = 0; c < n2; c++) {
        const base = a * n1 * n2 + c;
        for (let b = 0; b < n1; b++) {
          lr[b] = re[base + b * n2] as number;
          li[b] = im[base + b * n2] as number;
        }
        p1.transform(lr, li, 0, sign);
        for (let b = 0; b < n1; b++) {
          re[base + b * n2] = lr[b] as number;
          im[base + b * n2] = li[b] as number;
        }
      }
    }
    // axis 0: stride n1·n2
    const p0 = this.plans[0];
    const plane = n1 * n2;
    for (let c = 0; c < plane; c++) {
      for (let a = 0; a < n0; a++) {
        lr[a] = re[c + a * plane] as number;
        li[a] = im[c + a * plane] as number;
      }
      p0.transform(lr, li, 0, sign);
      for (let a = 0; a < n0; a++) {
        re[c + a * plane] = lr[a] as number;
        im[c + a * plane] = li[a] as number;
      }
    }
  }
}
