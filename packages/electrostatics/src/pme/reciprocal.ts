import { type CellGeometry, cellGeometry } from '@equitensor/io';
import { RealMeshFft } from '@equitensor/tensor';
import { bsplineModuli, MAX_ORDER, MIN_ORDER } from './bspline.ts';
import { bsplineStencils, gatherForces, MeshStencils, spreadCharges } from './spread.ts';

/**
 * Spreading and gathering done elsewhere (md's `ParallelCoulombPme` runs them on a worker pool), for
 * {@link PmeReciprocal.stages}. `spread` fills `stencils` for every atom (as `bsplineStencils`, after
 * `stencils.reserve(n)`) and writes Q into `grid` (as `grid.fill(0)` then `spreadCharges`); `gather` adds the mesh
 * forces into `forces` (as `gatherForces` without per-atom energies, which stay with `gatherForces`).
 *
 * @example
 * ```ts
 * reciprocal.stages = { spread: (st, x, inv, q, grid) => { … }, gather: (st, q, grid, inv, k, forces) => { … } };
 * ```
 */
export interface PmeMeshStages {
  spread(stencils: MeshStencils, positions: Float64Array, inverse: Float64Array, charges: Float64Array, grid: Float64Array): void;
  gather(
    stencils: MeshStencils,
    charges: Float64Array,
    grid: Float64Array,
    inverse: Float64Array,
    coulombConstant: number,
    forces: Float64Array,
  ): void;
}

/**
 * Seconds spent in each stage of the last {@link PmeReciprocal.compute} (as LAMMPS' k-space breakdown).
 *
 * @example
 * ```ts
 * const { spread, fft, gather } = reciprocal.timings;
 * ```
 */
export interface PmeTimings {
  /** B-spline weights and charge spreading onto the mesh. */
  spread: number;
  /** Forward and backward 3D FFTs. */
  fft: number;
  /** Influence function: energy and virial sums over the mesh in reciprocal space. */
  convolve: number;
  /** Force interpolation from the mesh potential. */
  gather: number;
}

/**
 * The reciprocal-space part of smooth particle-mesh Ewald, with k_e = `coulombConstant`.
 *
 * @example
 * ```ts
 * const { energy, virial } = reciprocal.compute(positions, charges, cell, 0.3, forces);
 * ```
 */
export interface PmeReciprocalResult {
  /** E_rec = ½ Σ_{m≠0} G(m) |F(Q)(m)|² (eV with the default k_e). */
  readonly energy: number;
  /** W = −∂E_rec/∂ε, row-major 3×3 (eV). */
  readonly virial: Float64Array;
}

/**
 * The reciprocal-space sum of smooth particle-mesh Ewald (Essmann et al., J. Chem. Phys. 103, 8577 (1995)) for a
 * periodic triclinic cell (rows = lattice vectors) on a K0×K1×K2 mesh with cardinal B-splines of order p (4–8):
 * charges spread with M_p on fractional mesh coordinates u_α = K_α s_α (s = r·cell⁻¹); Q is transformed by a 3D FFT,
 * multiplied by the influence function G(m) = B(m) exp(−π²|m|²/α²)/(πV|m|²) with B(m) = Π|b_α(m_α)|² the B-spline
 * moduli, and transformed back into the mesh potential φ; E = ½ Σ_m G|F(Q)|², the forces are the exact gradient
 * −q_i Σ_k φ(k) ∇θ_i(k) (analytic B-spline derivatives), and the virial W_ab = ½ Σ_m G|F(Q)|²
 * (δ_ab − 2(1 + π²|m|²/α²) m_a m_b/|m|²) is the exact strain derivative of that energy (the fractional coordinates
 * and the integer mesh do not change under strain). G, the mesh vectors and the moduli are cached per cell and α;
 * the mesh, B-spline tables and FFT plans are allocated once per instance.
 *
 * @example
 * ```ts
 * import { PmeReciprocal } from '@equitensor/electrostatics';
 * const reciprocal = new PmeReciprocal([32, 32, 32], 5);
 * const forces = new Float64Array(3 * n);
 * const { energy, virial } = reciprocal.compute(positions, charges, cell, 0.3, forces); // forces added in
 * ```
 */
export class PmeReciprocal {
  readonly mesh: readonly [number, number, number];
  readonly order: number;
  /** k_e (default 14.399645478 eV·Å, set by the caller). */
  coulombConstant: number;
  readonly timings: PmeTimings = { spread: 0, fft: 0, convolve: 0, gather: 0 };
  /** Spreading and gathering elsewhere (null: here, on the calling thread); see {@link PmeMeshStages}. */
  stages: PmeMeshStages | null = null;
  private readonly fft: RealMeshFft;
  /** The real mesh: Q after spreading, the potential φ after the backward transform. */
  private readonly grid: Float64Array;
  /** Half spectrum (m2 = 0 … K2/2), real and imaginary parts. */
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly moduli: [Float64Array, Float64Array, Float64Array];
  /** Every charge's B-spline stencil, kept from the spreading for the gather. */
  private readonly stencils: MeshStencils;
  /**
   * Per half-spectrum point, symmetrised over m and −m: the influence function Ḡ = ½[G(m) + G(−m)] and the six
   * virial weights ½ Σ_{±m} G (2(1 + π²m²/α²)/m²) m_a m_b. Sums over the half spectrum weight each point by 2, or by 1
   * on the planes m2 = 0 and m2 = K2/2 that hold both m and −m, and so equal the full sums.
   */
  private readonly influence: Float64Array;
  private readonly virialWeights: Float64Array;
  private cachedCell = new Float64Array(9);
  private cachedAlpha = Number.NaN;

  constructor(mesh: readonly [number, number, number], order: number, coulombConstant = 14.399645478) {
    for (const k of mesh) {
      if (!Number.isInteger(k) || k < order)
        throw new RangeError(`PmeReciprocal: mesh sizes must be integers ≥ the order ${order}, got ${mesh.join('×')}`);
    }
    if (!Number.isInteger(order) || order < MIN_ORDER || order > MAX_ORDER) {
      throw new RangeError(`PmeReciprocal: order must be an integer in [${MIN_ORDER}, ${MAX_ORDER}], got ${order}`);
    }
    this.mesh = [mesh[0], mesh[1], mesh[2]];
    this.order = order;
    this.coulombConstant = coulombConstant;
    this.fft = new RealMeshFft(this.mesh);
    const half = this.fft.half;
    this.grid = new Float64Array(mesh[0] * mesh[1] * mesh[2]);
    const halfSize = mesh[0] * mesh[1] * half;
    this.re = new Float64Array(halfSize);
    this.im = new Float64Array(halfSize);
    this.influence = new Float64Array(halfSize);
    this.virialWeights = new Float64Array(6 * halfSize);
    this.moduli = [bsplineModuli(mesh[0], order), bsplineModuli(mesh[1], order), bsplineModuli(mesh[2], order)];
    this.stencils = new MeshStencils(this.mesh, order);
  }

  /**
   * Energy and virial of the reciprocal sum; the forces are added into `forces` (length 3N) when given, and the
   * per-atom shares ½ q_i φ(r_i) (summing to the energy) into `perAtom` (length N) when given.
   * `charges` of length N, `positions` flat 3N (Å), `cell` row-major 3×3, `alpha` the Ewald splitting parameter (1/Å).
   */
  compute(
    positions: Float64Array,
    charges: Float64Array,
    cell: Float64Array,
    alpha: number,
    forces?: Float64Array,
    perAtom?: Float64Array,
  ): PmeReciprocalResult {
    const n = charges.length;
    const geometry = cellGeometry(cell);
    this.prepare(geometry, alpha);
    const t0 = performance.now();
    this.stencils.reserve(n);
    const stages = this.stages;
    if (stages === null) {
      bsplineStencils(this.stencils, positions, geometry.inverse, 0, n);
      this.grid.fill(0);
      spreadCharges(this.stencils, charges, this.grid, 0, n);
    } else {
      stages.spread(this.stencils, positions, geometry.inverse, charges, this.grid);
    }
    const t1 = performance.now();
    this.fft.forward(this.grid, this.re, this.im);
    const t2 = performance.now();
    const { energy, virial } = this.convolve();
    const t3 = performance.now();
    this.fft.backward(this.re, this.im, this.grid);
    const t4 = performance.now();
    if (stages !== null && forces !== undefined && perAtom === undefined) {
      stages.gather(this.stencils, charges, this.grid, geometry.inverse, this.coulombConstant, forces);
    } else if (forces !== undefined || perAtom !== undefined) {
      gatherForces(this.stencils, charges, this.grid, geometry.inverse, this.coulombConstant, 0, n, forces, perAtom);
    }
    const t5 = performance.now();
    const ms = 1e-3;
    this.timings.spread = (t1 - t0) * ms;
    this.timings.fft = (t2 - t1 + t4 - t3) * ms;
    this.timings.convolve = (t3 - t2) * ms;
    this.timings.gather = (t5 - t4) * ms;
    return { energy, virial };
  }

  /** The symmetrised influence function and virial weights for this cell and α (recomputed only when they change). */
  private prepare(geometry: CellGeometry, alpha: number): void {
    const cell = geometry.cell;
    let same = alpha === this.cachedAlpha;
    for (let k = 0; k < 9 && same; k++) if (cell[k] !== this.cachedCell[k]) same = false;
    if (same) return;
    this.cachedCell.set(cell);
    this.cachedAlpha = alpha;
    const [k0, k1, k2] = this.mesh;
    const half = this.fft.half;
    const inv = geometry.inverse;
    const [b0, b1, b2] = this.moduli;
    const piOverAlpha2 = (Math.PI * Math.PI) / (alpha * alpha);
    const prefactor = 1 / (Math.PI * geometry.volume);
    const term = new Float64Array(7);
    // G and G·(2(1 + π²m²/α²)/m²)·m_a m_b at mesh index (i0, i1, i2), m = Σ m_α a*_α (a*_α = column α of cell⁻¹)
    const at = (i0: number, i1: number, i2: number, scale: number, out: Float64Array): void => {
      if (i0 === 0 && i1 === 0 && i2 === 0) return;
      const m0 = i0 <= k0 / 2 ? i0 : i0 - k0;
      const m1 = i1 <= k1 / 2 ? i1 : i1 - k1;
      const m2 = i2 <= k2 / 2 ? i2 : i2 - k2;
      const x = m0 * (inv[0] as number) + m1 * (inv[1] as number) + m2 * (inv[2] as number);
      const y = m0 * (inv[3] as number) + m1 * (inv[4] as number) + m2 * (inv[5] as number);
      const z = m0 * (inv[6] as number) + m1 * (inv[7] as number) + m2 * (inv[8] as number);
      const msq = x * x + y * y + z * z;
      const g = (scale * prefactor * (b0[i0] as number) * (b1[i1] as number) * (b2[i2] as number) * Math.exp(-piOverAlpha2 * msq)) / msq;
      const v = (g * 2 * (1 + piOverAlpha2 * msq)) / msq;
      out[0] = (out[0] as number) + g;
      out[1] = (out[1] as number) + v * x * x;
      out[2] = (out[2] as number) + v * y * y;
      out[3] = (out[3] as number) + v * z * z;
      out[4] = (out[4] as number) + v * x * y;
      out[5] = (out[5] as number) + v * x * z;
      out[6] = (out[6] as number) + v * y * z;
    };
    const vw = this.virialWeights;
    let idx = 0;
    for (let i0 = 0; i0 < k0; i0++) {
      for (let i1 = 0; i1 < k1; i1++) {
        for (let i2 = 0; i2 < half; i2++, idx++) {
          term.fill(0);
          at(i0, i1, i2, 0.5, term);
          at((k0 - i0) % k0, (k1 - i1) % k1, (k2 - i2) % k2, 0.5, term);
          this.influence[idx] = term[0] as number;
          for (let c = 0; c < 6; c++) vw[6 * idx + c] = term[1 + c] as number;
        }
      }
    }
  }

  /** Energy and virial from the half spectrum of Q, then F(Q)·Ḡ in place (the backward transform gives φ). */
  private convolve(): { energy: number; virial: Float64Array } {
    const re = this.re;
    const im = this.im;
    const g = this.influence;
    const vw = this.virialWeights;
    // Deliberate hot-loop specialisation: energy and virial in locals per mesh point, as the pair walks of
    // pme/real-space.ts and md's pair-loop.ts / stillinger-weber.ts keep theirs.
    let energy = 0,
      wxx = 0,
      wyy = 0,
      wzz = 0,
      wxy = 0,
      wxz = 0,
      wyz = 0;
    const half = this.fft.half;
    const k2 = this.mesh[2];
    const lines = this.mesh[0] * this.mesh[1];
    for (let line = 0; line < lines; line++) {
      const base = line * half;
      for (let i2 = 0; i2 < half; i2++) {
        const idx = base + i2;
        const weight = i2 === 0 || 2 * i2 === k2 ? 1 : 2;
        const gi = g[idx] as number;
        const r = re[idx] as number,
          s = im[idx] as number;
        const s2 = weight * (r * r + s * s);
        energy += gi * s2;
        const o = 6 * idx;
        wxx += s2 * (vw[o] as number);
        wyy += s2 * (vw[o + 1] as number);
        wzz += s2 * (vw[o + 2] as number);
        wxy += s2 * (vw[o + 3] as number);
        wxz += s2 * (vw[o + 4] as number);
        wyz += s2 * (vw[o + 5] as number);
        re[idx] = gi * r;
        im[idx] = gi * s;
      }
    }
    const k = 0.5 * this.coulombConstant;
    const e = k * energy;
    const virial = new Float64Array([e - k * wxx, -k * wxy, -k * wxz, -k * wxy, e - k * wyy, -k * wyz, -k * wxz, -k * wyz, e - k * wzz]);
    return { energy: e, virial };
  }
}
