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
    for (let a = 0; a < n0; a++) this.strided(re, im, a * n1 * n2, n2, n1, n2, this.plans[1], sign);
    this.strided(re, im, 0, n1 * n2, n0, n1 * n2, this.plans[0], sign);
  }

  /**
   * Transform `count` lines of length `length` whose elements are `stride` apart, line t starting at base + t, in
   * blocks of {@link BLOCK} neighbouring lines: a block is gathered row by row (each cache line read once), transformed
   * line by line, and scattered back.
   */
  private strided(
    re: Float64Array,
    im: Float64Array,
    base: number,
    stride: number,
    length: number,
    count: number,
    plan: FftPlan,
    sign: -1 | 1,
  ): void {
    const lr = this.lineRe;
    const li = this.lineIm;
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
}
