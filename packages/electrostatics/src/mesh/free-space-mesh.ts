import { FftPlan, RealMeshFft } from '@equitensor/tensor';
import { bsplineModuli, cardinalBspline, MAX_ORDER, MIN_ORDER } from '../pme/bspline.ts';
import { bsplineStencils, gatherForces, MeshStencils, spreadCharges } from '../pme/spread.ts';
import { erf } from '../special.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * Seconds spent in each stage of the last {@link FreeSpaceMesh.compute}.
 *
 * @example
 * ```ts
 * const { kernel, spread, fft, gather } = mesh.timings;
 * ```
 */
export interface FreeSpaceMeshTimings {
  /** Sampling erf(αr)/r on the doubled mesh and its FFT (only when the spacing, α or mesh changed). */
  kernel: number;
  /** B-spline stencils and charge spreading. */
  spread: number;
  /** Forward and backward 3D FFTs of the charge mesh, and the product with the kernel in between. */
  fft: number;
  /** Potential and force interpolation. */
  gather: number;
}

/**
 * The smooth long-range part of open-boundary (free-space) Coulomb sums on a mesh: E_long = ½ k_e Σ_{i,j} q_i q_j
 * erf(α r_ij)/r_ij (i = j included, where the kernel is 2α/√π), by Hockney and Eastwood's zero-padded convolution
 * (Computer Simulation Using Particles, §6-5): the charges are spread with cardinal B-splines of order p (4 … 8,
 * `pme/spread.ts`) onto a mesh of spacing h covering their bounding box (K_d points per axis), and the mesh is
 * convolved with the kernel on a doubled mesh N_d ≥ 2K_d (tensor's `RealMeshFft`), so the periodic convolution
 * equals the aperiodic one and no image charge is ever seen. The kernel is the cardinal-spline interpolant of
 * erf(αr)/r: its samples on the doubled mesh (minimum image), transformed once per (h, α, mesh) and multiplied by the
 * B-spline moduli Π|b(m_d)|² (Essmann et al. eq. 4.4; for odd p sampled at the
 * half-integers, {@link centredModuli}) — the deconvolution that turns the double B-spline sum
 * Σ_{k,k'} θ_i(k) G(k − k') θ_j(k') into a spline interpolation of erf(αr)/r accurate to O((hα)^p) (the same
 * accuracy as smooth PME's reciprocal sum). Forces are the exact gradient of the mesh energy (analytic B-spline
 * derivatives). The transforms are pruned (tensor's `RealMeshFft` with an extent): the forward one skips the
 * lines of zeros outside the charges' corner, the backward one computes φ only there.
 *
 * @example
 * ```ts
 * import { FreeSpaceMesh } from '@equitensor/electrostatics';
 * const mesh = new FreeSpaceMesh([40, 40, 40], 1.5, 0.3, 8);
 * const forces = new Float64Array(3 * n);
 * const energy = mesh.compute(positions, charges, [xmin, ymin, zmin], forces); // ½ k_e ΣΣ q q erf(αr)/r, forces added
 * ```
 */
export class FreeSpaceMesh {
  /** Points per axis that charges may touch (K_d): the box is lo … lo + (K_d − p) h. */
  readonly box: readonly [number, number, number];
  /** The doubled, 2·3·5-smooth mesh N_d ≥ 2(K_d + margin). */
  readonly mesh: readonly [number, number, number];
  readonly spacing: number;
  readonly alpha: number;
  readonly order: number;
  /** k_e (default 14.399645478 eV·Å). */
  coulombConstant: number;
  readonly timings: FreeSpaceMeshTimings = { kernel: 0, spread: 0, fft: 0, gather: 0 };
  private readonly fft: RealMeshFft;
  private readonly grid: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly stencils: MeshStencils;
  /** Ĝ(m) on the octant m_d = 0 … N_d/2: DFT of the kernel samples × B-spline moduli / (N0N1N2) (even in each m_d). */
  private kernel: Float64Array | undefined;

  /**
   * @param box points per axis K_d the charges' stencils may occupy (see {@link FreeSpaceMesh.boxFor})
   * @param spacing mesh spacing h (Å)
   * @param alpha splitting parameter α (1/Å)
   * @param order B-spline order p (4 … 8)
   * @param margin spare points between the farthest pair and the fold of the doubled mesh (default p; N_d ≥ 2K_d
   *   alone exceeds the largest separation K_d − 1, but the spline coefficients of the folded kernel need room: see
   *   `MeshCoulombParameterOptions.margin`)
   */
  constructor(
    box: readonly [number, number, number],
    spacing: number,
    alpha: number,
    order: number,
    margin = order,
    coulombConstant = 14.399645478,
  ) {
    if (!Number.isInteger(order) || order < MIN_ORDER || order > MAX_ORDER) {
      throw new RangeError(`FreeSpaceMesh: order must be an integer from ${MIN_ORDER} to ${MAX_ORDER}, got ${order}`);
    }
    if (!(spacing > 0) || !(alpha > 0)) throw new RangeError(`FreeSpaceMesh: spacing and α must be positive (got ${spacing}, ${alpha})`);
    for (const k of box) {
      if (!Number.isInteger(k) || k < order)
        throw new RangeError(`FreeSpaceMesh: box sizes must be integers ≥ the order, got ${box.join('×')}`);
    }
    this.box = [box[0], box[1], box[2]];
    this.spacing = spacing;
    this.alpha = alpha;
    this.order = order;
    this.coulombConstant = coulombConstant;
    this.mesh = FreeSpaceMesh.doubled(box, margin);
    this.fft = new RealMeshFft(this.mesh);
    const [n0, n1, n2] = this.mesh;
    this.grid = new Float64Array(n0 * n1 * n2);
    const halfSize = n0 * n1 * this.fft.half;
    this.re = new Float64Array(halfSize);
    this.im = new Float64Array(halfSize);
    this.stencils = new MeshStencils(this.mesh, order);
  }

  /**
   * Points per axis K_d a box of extents `span` (Å) needs at spacing h and order p: ⌈span/h⌉ + p (a stencil reaches
   * p − 1 points below ⌊u⌋, and u starts at p − 1).
   *
   * @example
   * ```ts
   * FreeSpaceMesh.boxFor([90, 70, 95], 1.5, 8); // [68, 55, 72]
   * ```
   */
  static boxFor(span: readonly number[], spacing: number, order: number): [number, number, number] {
    return span.map((s) => Math.ceil(s / spacing) + order) as unknown as [number, number, number];
  }

  /**
   * The doubled FFT mesh of a box of K_d points: the smallest even 2·3·5-smooth N_d ≥ 2(K_d + margin).
   *
   * @example
   * ```ts
   * FreeSpaceMesh.doubled([56, 46, 58]); // [120, 96, 120]
   * ```
   */
  static doubled(box: readonly number[], margin = 0): [number, number, number] {
    return box.map((k) => smooth(2 * (k + margin))) as unknown as [number, number, number];
  }

  /**
   * E_long = ½ k_e Σ_{i,j} q_i q_j erf(α r_ij)/r_ij (eV; self pairs included) of charges whose positions lie in
   * [lo, lo + (K_d − p)h] per axis; the forces −∇E_long are added into `forces`, the per-atom shares ½ k_e q_i φ(r_i)
   * into `perAtom`, when given.
   */
  compute(positions: Float64Array, charges: Float64Array, lo: readonly number[], forces?: Float64Array, perAtom?: Float64Array): number {
    const n = charges.length;
    const h = this.spacing;
    const p = this.order;
    const t0 = performance.now();
    if (this.kernel === undefined) this.kernel = this.buildKernel();
    const t1 = performance.now();
    // shift so that the lowest charge sits at u = p − 1 (its stencil starts at point 0); the "cell" is the doubled
    // mesh, N_d h wide, so fractional coordinates never wrap
    const shifted = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < 3; d++) {
        const u = ((positions[3 * i + d] as number) - (lo[d] as number)) / h + (p - 1);
        if (!(u >= p - 1 - 1e-9 && u <= (this.box[d] as number) - 1 + 1e-9)) {
          throw new RangeError(`FreeSpaceMesh: atom ${i} lies outside the mesh box along axis ${d} (mesh coordinate ${u})`);
        }
        shifted[3 * i + d] = u * h;
      }
    }
    const [n0, n1, n2] = this.mesh;
    const inverse = new Float64Array([1 / (n0 * h), 0, 0, 0, 1 / (n1 * h), 0, 0, 0, 1 / (n2 * h)]);
    this.stencils.reserve(n);
    bsplineStencils(this.stencils, shifted, inverse, 0, n);
    this.clearBox();
    spreadCharges(this.stencils, charges, this.grid, 0, n);
    const t2 = performance.now();
    // pruned transforms: the charges fill only the K0×K1 corner lines; φ is needed only there
    this.fft.forward(this.grid, this.re, this.im, this.box);
    const energy = this.convolve();
    this.fft.backward(this.re, this.im, this.grid, this.box);
    const t3 = performance.now();
    if (forces !== undefined || perAtom !== undefined) {
      gatherForces(this.stencils, charges, this.grid, inverse, this.coulombConstant, 0, n, forces, perAtom);
    }
    const t4 = performance.now();
    this.timings.kernel = (t1 - t0) * 1e-3;
    this.timings.spread = (t2 - t1) * 1e-3;
    this.timings.fft = (t3 - t2) * 1e-3;
    this.timings.gather = (t4 - t3) * 1e-3;
    return energy;
  }

  /** Zero the K0·K1 mesh lines the charges can reach (the pruned forward transform reads only those). */
  private clearBox(): void {
    const [, n1, n2] = this.mesh;
    for (let a = 0; a < this.box[0]; a++) this.grid.fill(0, a * n1 * n2, (a * n1 + this.box[1]) * n2);
  }

  /** ½ k_e Σ_m w_m Ĝ |Q̂|² over the half spectrum, then Q̂ ← Ĝ Q̂ in place (Ĝ read from its octant, mirrored). */
  private convolve(): number {
    const g = this.kernel as Float64Array;
    const re = this.re;
    const im = this.im;
    const half = this.fft.half;
    const [n0, n1] = this.mesh;
    const h1 = (n1 >> 1) + 1;
    const last = half - 1;
    let energy = 0;
    for (let i0 = 0; i0 < n0; i0++) {
      const g0 = Math.min(i0, n0 - i0) * h1;
      for (let i1 = 0; i1 < n1; i1++) {
        const base = (i0 * n1 + i1) * half;
        const gBase = (g0 + Math.min(i1, n1 - i1)) * half;
        // every column but m2 = 0 and the Nyquist one (N2 is even) stands for ±m2: weight 2, those two weight 1
        let line =
          -(g[gBase] as number) * ((re[base] as number) ** 2 + (im[base] as number) ** 2) -
          (g[gBase + last] as number) * ((re[base + last] as number) ** 2 + (im[base + last] as number) ** 2);
        for (let i2 = 0; i2 < half; i2++) {
          const idx = base + i2;
          const gi = g[gBase + i2] as number;
          const r = re[idx] as number,
            s = im[idx] as number;
          line += 2 * gi * (r * r + s * s);
          re[idx] = gi * r;
          im[idx] = gi * s;
        }
        energy += line;
      }
    }
    return 0.5 * this.coulombConstant * energy;
  }

  /**
   * Ĝ on one octant m_d = 0 … N_d/2 (its spectrum is real and even in each axis, as the kernel is): the samples of
   * erf(αr)/r at the doubled mesh's points (minimum image per axis; 2α/√π at r = 0) on the octant, then per axis the
   * DFT of even real lines (a DCT-I: N_d/2 + 1 values in, as many out), two lines per complex transform of length
   * N_d (z = a + ib with a, b real and even has Z = A + iB with A, B real), times the B-spline moduli and
   * 1/(N0N1N2). About a quarter of the work of transforming the mirrored kernel on the whole doubled mesh.
   */
  private buildKernel(): Float64Array {
    const [n0, n1, n2] = this.mesh;
    const h = this.spacing;
    const a = this.alpha;
    const h0 = (n0 >> 1) + 1,
      h1 = (n1 >> 1) + 1,
      h2 = (n2 >> 1) + 1;
    const kernel = new Float64Array(h0 * h1 * h2);
    // beyond αr = 6, erfc(αr) < 2e-17: erf(αr)/r rounds to 1/r
    const far2 = (6 / a) ** 2;
    for (let i = 0; i < h0; i++) {
      for (let j = 0; j < h1; j++) {
        const base = (i * h1 + j) * h2;
        const r2xy = (i * i + j * j) * h * h;
        for (let k = 0; k < h2; k++) {
          const r2 = r2xy + k * k * h * h;
          const r = Math.sqrt(r2);
          kernel[base + k] = r === 0 ? TWO_OVER_SQRT_PI * a : r2 >= far2 ? 1 / r : erf(a * r) / r;
        }
      }
    }
    evenTransform(kernel, [h0, h1, h2], 2, this.mesh);
    evenTransform(kernel, [h0, h1, h2], 1, this.mesh);
    evenTransform(kernel, [h0, h1, h2], 0, this.mesh);
    const b0 = centredModuli(n0, this.order),
      b1 = centredModuli(n1, this.order),
      b2 = centredModuli(n2, this.order);
    const scale = 1 / (n0 * n1 * n2);
    for (let i = 0; i < h0; i++) {
      for (let j = 0; j < h1; j++) {
        const base = (i * h1 + j) * h2;
        const bij = scale * (b0[i] as number) * (b1[j] as number);
        for (let k = 0; k < h2; k++) kernel[base + k] = bij * (b2[k] as number) * (kernel[base + k] as number);
      }
    }
    return kernel;
  }
}

/**
 * In place along `axis` of the octant `data` (shape H_d = N_d/2 + 1): each line x_0 … x_{N/2} is replaced by the DFT
 * of its even extension to length N = `mesh[axis]`, X_m = x_0 + (−1)^m x_{N/2} + 2 Σ_{0<j<N/2} x_j cos(2π jm/N),
 * m = 0 … N/2 (the rest mirrors). Two lines share one complex {@link FftPlan} transform.
 */
function evenTransform(data: Float64Array, shape: readonly [number, number, number], axis: number, mesh: readonly number[]): void {
  const n = mesh[axis] as number;
  const h = shape[axis] as number;
  const plan = new FftPlan(n);
  const zr = new Float64Array(n);
  const zi = new Float64Array(n);
  const stride = axis === 2 ? 1 : axis === 1 ? shape[2] : shape[1] * shape[2];
  // the lines: every index of the other two axes; line starts listed as outer × inner offsets
  const [outerCount, outerStride, innerCount, innerStride] =
    axis === 2
      ? [shape[0], shape[1] * shape[2], shape[1], shape[2]]
      : axis === 1
        ? [shape[0], shape[1] * shape[2], shape[2], 1]
        : [shape[1], shape[2], shape[2], 1];
  const starts = new Int32Array(outerCount * innerCount);
  for (let o = 0; o < outerCount; o++) for (let t = 0; t < innerCount; t++) starts[o * innerCount + t] = o * outerStride + t * innerStride;
  for (let l = 0; l < starts.length; l += 2) {
    const a = starts[l] as number;
    const second = l + 1 < starts.length;
    const b = second ? (starts[l + 1] as number) : a;
    for (let e = 0; e < n; e++) {
      const src = (e < h ? e : n - e) * stride;
      zr[e] = data[a + src] as number;
      zi[e] = second ? (data[b + src] as number) : 0;
    }
    plan.transform(zr, zi, 0, -1);
    for (let e = 0; e < h; e++) {
      data[a + e * stride] = zr[e] as number;
      if (second) data[b + e * stride] = zi[e] as number;
    }
  }
}

/**
 * The B-spline moduli 1/|Σ_j M_p(j + s) e^{2πi mj/N}|² (m = 0 … N−1) with the samples taken where the spline has its
 * centre p/2 among them: s = 0 for even p (PME's {@link bsplineModuli}, Essmann eq. 4.4), s = ½ for odd p. The
 * deconvolution makes Σ_{k,k'} M_p(u_i − k) C(k − k') M_p(u_j − k') interpolate the kernel where u_i − s and u_j − s
 * are mesh points (the phase e^{2πi ms/N} cancels between the two charges); for odd p at integer samples
 * (s = 0) the denominator vanishes at m = N/2 (Σ_j M_p(j)(−1)^j = 0: cardinal interpolation of even degree is
 * singular at the knots), and the folded free-space kernel, whose spectrum decays only algebraically, meets the
 * divergent moduli near Nyquist (order 7 on the actin dimer: forces 600× the estimate). At the half-integer samples
 * the denominator has no zero on the unit circle.
 *
 * @example
 * ```ts
 * centredModuli(32, 5)[16]; // finite: 1/(Σ_j M_5(j + ½)(−1)^j)²
 * ```
 */
export function centredModuli(size: number, order: number): Float64Array {
  if (order % 2 === 0) return bsplineModuli(size, order);
  const out = new Float64Array(size);
  for (let m = 0; m < size; m++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < order; j++) {
      const w = cardinalBspline(order, j + 0.5);
      re += w * Math.cos((2 * Math.PI * m * j) / size);
      im += w * Math.sin((2 * Math.PI * m * j) / size);
    }
    out[m] = 1 / (re * re + im * im);
  }
  return out;
}

/** The smallest even 2·3·5-smooth integer ≥ n (even, so the half spectrum has its Nyquist plane). */
function smooth(n: number): number {
  let m = Math.max(2, Math.ceil(n));
  for (;;) {
    let r = m;
    for (const f of [2, 3, 5]) while (r % f === 0) r /= f;
    if (r === 1 && m % 2 === 0) return m;
    m++;
  }
}
