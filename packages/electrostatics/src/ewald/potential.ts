import { type CellGeometry, cellGeometry, matrix3Entries } from '@equitensor/io';
import { erfc } from '../special.ts';
import { type CoulombOptions, checkCharges, coulombConstantOf } from '../system.ts';
import { binCharges, binIndex, type ChargeBins, fractionalCoordinates } from './bins.ts';
import { type EwaldParameterOptions, type EwaldParameters, ewaldParameters } from './parameters.ts';
import { type EwaldStructureFactors, ewaldStructureFactors } from './structure-factor.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * Point charges in a periodic (triclinic) cell: flat positions (3N, Å), charges (N, e) and the cell (row-major,
 * rows = lattice vectors). `@equitensor/io`'s `Structure` plus its charges fits.
 *
 * @example
 * ```ts
 * const system: PeriodicCharges = { positions, charges, cell: new Float64Array([5, 0, 0, 0, 5, 0, 0, 0, 5]) };
 * ```
 */
export interface PeriodicCharges {
  readonly positions: Float64Array;
  readonly charges: Float64Array;
  readonly cell: Float64Array;
}

/**
 * Options of the Ewald potential: the same accuracy-driven α and cutoffs as {@link ewaldCoulomb}, and k_e.
 *
 * @example
 * ```ts
 * ewaldPotentialAt(points, system, { accuracy: 1e-10 });
 * ```
 */
export interface EwaldPotentialOptions extends EwaldParameterOptions, CoulombOptions {}

/**
 * The Ewald potential on a regular grid of the cell in fractional coordinates: node (i, j, k) lies at
 * s = offset + (i/nx, j/ny, k/nz), r = s·cell (the far faces s = 1 are the periodic copies of s = 0 and are left out).
 * `values` is C-ordered (k fastest), NumPy-compatible for shape [nx, ny, nz].
 *
 * @example
 * ```ts
 * const grid = ewaldPotentialOnGrid(system, { shape: [32, 32, 32] });
 * grid.at(0, 0, 0); // V at the cell origin
 * ```
 */
export interface EwaldPotentialGrid {
  readonly shape: readonly [number, number, number];
  /** Fractional position of node (0, 0, 0). */
  readonly offset: readonly [number, number, number];
  /** The potential in V (= eV/e with the default k_e), C order. */
  readonly values: Float64Array;
  readonly cell: Float64Array;
  /** The smallest and largest value. */
  readonly range: readonly [number, number];
  readonly parameters: EwaldParameters;
  /** Value at node (i, j, k). */
  at(i: number, j: number, k: number): number;
  /** Cartesian position (Å) of node (i, j, k). */
  point(i: number, j: number, k: number): [number, number, number];
}

/** What every evaluation of one system shares: parameters, binned charges, structure factors, background. */
interface Prepared {
  readonly n: number;
  readonly coulombConstant: number;
  readonly geometry: CellGeometry;
  readonly parameters: EwaldParameters;
  readonly frac: Float64Array;
  readonly bins: ChargeBins;
  readonly factors: EwaldStructureFactors;
  /** −πQ/(Vα²) (k_e = 1): the neutralising background's potential, zero for a neutral cell. */
  readonly background: number;
}

/** `balanceCount`: the count the default α balances real- against reciprocal-space cost for (see ewaldParameters). */
function prepare(system: PeriodicCharges, options: EwaldPotentialOptions, where: string, balanceCount?: number): Prepared {
  const { positions, charges, cell } = system;
  const n = checkCharges(positions, charges, where);
  const geometry = cellGeometry(cell);
  const parameters = ewaldParameters(cell, Math.max(n, balanceCount ?? n), options);
  const { alpha, cutoff, kmax } = parameters;
  const frac = fractionalCoordinates(positions, geometry);
  let q = 0;
  for (let j = 0; j < n; j++) q += charges[j]!;
  return {
    n,
    coulombConstant: coulombConstantOf(options),
    geometry,
    parameters,
    frac,
    bins: binCharges(frac, geometry, cutoff),
    factors: ewaldStructureFactors(positions, charges, geometry, alpha, kmax),
    background: (-Math.PI * q) / (geometry.volume * alpha * alpha),
  };
}

/**
 * Real-space part (k_e = 1) at points given by wrapped fractional coordinates, added into `out`. With `site[p] = i`
 * the point is charge i's own position: its bare i = j, n = 0 term is left out and replaced by its limit
 * q_i (erfc(αr) − 1)/r → −2α/√π·q_i.
 */
function addRealSpace(
  pointFrac: Float64Array,
  site: Int32Array | null,
  charges: Float64Array,
  prepared: Prepared,
  out: Float64Array,
): void {
  const { frac, bins: binned, geometry, parameters } = prepared;
  const { bins, reach, head, next } = binned;
  const { alpha, cutoff } = parameters;
  const cutoff2 = cutoff * cutoff;
  const [c00, c01, c02, c10, c11, c12, c20, c21, c22] = matrix3Entries(geometry.cell);
  const count = pointFrac.length / 3;
  for (let p = 0; p < count; p++) {
    const sp0 = pointFrac[3 * p]!;
    const sp1 = pointFrac[3 * p + 1]!;
    const sp2 = pointFrac[3 * p + 2]!;
    const bp = binIndex(bins, sp0, sp1, sp2);
    const bp2 = bp % bins[2];
    const bp1 = ((bp - bp2) / bins[2]) % bins[1];
    const bp0 = (bp - bp2 - bp1 * bins[2]) / (bins[1] * bins[2]);
    const own = site === null ? -1 : site[p]!;
    let sum = own >= 0 ? -TWO_OVER_SQRT_PI * alpha * charges[own]! : 0;
    // Deliberate hot-loop specialisation of ewald/real-space.ts's cell-bin walk (every image offset, a point instead of a charge).
    for (let o0 = -reach[0]; o0 <= reach[0]; o0++) {
      const nb0 = bp0 + o0;
      const image0 = Math.floor(nb0 / bins[0]);
      const w0 = nb0 - image0 * bins[0];
      for (let o1 = -reach[1]; o1 <= reach[1]; o1++) {
        const nb1 = bp1 + o1;
        const image1 = Math.floor(nb1 / bins[1]);
        const w1 = nb1 - image1 * bins[1];
        for (let o2 = -reach[2]; o2 <= reach[2]; o2++) {
          const nb2 = bp2 + o2;
          const image2 = Math.floor(nb2 / bins[2]);
          const w2 = nb2 - image2 * bins[2];
          const zeroImage = image0 === 0 && image1 === 0 && image2 === 0;
          for (let j = head[(w0 * bins[1] + w1) * bins[2] + w2]!; j >= 0; j = next[j]!) {
            if (zeroImage && j === own) continue;
            const d0 = frac[3 * j]! + image0 - sp0;
            const d1 = frac[3 * j + 1]! + image1 - sp1;
            const d2 = frac[3 * j + 2]! + image2 - sp2;
            const dx = d0 * c00 + d1 * c10 + d2 * c20;
            const dy = d0 * c01 + d1 * c11 + d2 * c21;
            const dz = d0 * c02 + d1 * c12 + d2 * c22;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= cutoff2) continue;
            if (r2 < 1e-20) {
              throw new RangeError(
                `ewaldPotential: point ${p} coincides with charge ${j} (or a periodic image of it), where the potential is infinite`,
              );
            }
            const r = Math.sqrt(r2);
            sum += (charges[j]! * erfc(alpha * r)) / r;
          }
        }
      }
    }
    out[p] = out[p]! + sum;
  }
}

/** Reciprocal part (k_e = 1) Σ_half Re[c(k) e^{−ik·r}] at points given by fractional coordinates, added into `out`. */
function addReciprocal(pointFrac: Float64Array, prepared: Prepared, out: Float64Array): void {
  const { factors, parameters } = prepared;
  const [m0, m1, m2] = parameters.kmax;
  const count = pointFrac.length / 3;
  const tables = [m0, m1, m2].map((m) => ({ cos: new Float64Array(m + 1), sin: new Float64Array(m + 1) }));
  const { re, im } = factors;
  for (let p = 0; p < count; p++) {
    for (let d = 0; d < 3; d++) {
      const s = pointFrac[3 * p + d]!;
      const table = tables[d]!;
      for (let t = 0; t < table.cos.length; t++) {
        table.cos[t] = Math.cos(2 * Math.PI * t * s);
        table.sin[t] = Math.sin(2 * Math.PI * t * s);
      }
    }
    const [t0, t1, t2] = tables as [(typeof tables)[0], (typeof tables)[0], (typeof tables)[0]];
    let sum = 0;
    let index = 0;
    // The same (h, k, l) order as ewaldStructureFactors.
    for (let h = 0; h <= m0; h++) {
      const c0 = t0.cos[h]!;
      const s0 = t0.sin[h]!;
      for (let k = h === 0 ? 0 : -m1; k <= m1; k++) {
        const c1 = t1.cos[Math.abs(k)]!;
        const s1 = k < 0 ? -t1.sin[-k]! : t1.sin[k]!;
        const abC = c0 * c1 - s0 * s1;
        const abS = c0 * s1 + s0 * c1;
        for (let l = h === 0 && k === 0 ? 1 : -m2; l <= m2; l++) {
          const c2 = t2.cos[Math.abs(l)]!;
          const s2 = l < 0 ? -t2.sin[-l]! : t2.sin[l]!;
          // θ = 2π(h s₀ + k s₁ + l s₂); Re[c e^{−iθ}] = Re c·cos θ + Im c·sin θ.
          sum += re[index]! * (abC * c2 - abS * s2) + im[index]! * (abC * s2 + abS * c2);
          index++;
        }
      }
    }
    out[p] = out[p]! + sum;
  }
}

function checkPoints(points: Float64Array): void {
  if (points.length % 3 !== 0) throw new RangeError(`ewaldPotentialAt: points must be flat 3P, got ${points.length} numbers`);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]))
      throw new RangeError(`ewaldPotentialAt: point component ${i} (point ${Math.floor(i / 3)}) is not finite`);
  }
}

/**
 * The Ewald electrostatic potential (V = eV/e with the default k_e) of a periodic system at arbitrary points r
 * (flat 3P, Å; not at a charge):
 * φ(r) = k_e [Σⱼ Σₙ qⱼ erfc(α|r − rⱼ − n|)/|r − rⱼ − n| + (4π/V) Σ_{k≠0} exp(−k²/4α²)/k² Re[S(k) e^{−ik·r}] − πQ/(Vα²)],
 * S(k) = Σⱼ qⱼ e^{ik·rⱼ} computed once for all points. Convention: the k = 0 Fourier component is dropped, so φ
 * averages to zero over the cell (tin-foil boundary; for a net charge Q the last term is the potential of the
 * uniform neutralising background, consistent with {@link ewaldCoulomb}'s energy). α and the cutoffs follow
 * {@link ewaldParameters} from `accuracy`; the result is independent of α to about the accuracy. Throws a
 * `RangeError` for a point on a charge or one of its images.
 *
 * @example
 * ```ts
 * import { ewaldPotentialAt } from '@equitensor/electrostatics';
 * const a = 5.64;
 * const system = { positions: new Float64Array([0, 0, 0, a / 2, 0, 0]), charges: new Float64Array([1, -1]), cell: new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]) };
 * ewaldPotentialAt(new Float64Array([a / 4, a / 4, 0]), system, { accuracy: 1e-10 }); // Float64Array [φ in V]
 * ```
 */
export function ewaldPotentialAt(points: Float64Array, system: PeriodicCharges, options: EwaldPotentialOptions = {}): Float64Array {
  checkPoints(points);
  const prepared = prepare(system, options, 'ewaldPotentialAt');
  const pointFrac = fractionalCoordinates(points, prepared.geometry);
  const out = new Float64Array(points.length / 3).fill(prepared.background);
  addRealSpace(pointFrac, null, system.charges, prepared, out);
  addReciprocal(pointFrac, prepared, out);
  for (let p = 0; p < out.length; p++) out[p] = prepared.coulombConstant * out[p]!;
  return out;
}

/**
 * The Ewald potential (V) at each charge's own site from everything but its own bare Coulomb term: all other
 * charges and every periodic image (its own included), i.e. φᵢ = lim_{r→rᵢ} [φ(r) − k_e qᵢ/|r − rᵢ|]; the self
 * term −2α/√π·qᵢ replaces the excluded i = j real-space term. The Ewald energy is ½ Σ qᵢφᵢ and
 * {@link ewaldCoulomb}'s per-atom energies are ½ qᵢφᵢ; in rock salt φ(Na) = −M k_e q/a_nn (Madelung constant M).
 *
 * @example
 * ```ts
 * const phi = ewaldSitePotentials(system, { accuracy: 1e-12 });
 * phi[0]; // V at ion 0 from the rest of the crystal
 * ```
 */
export function ewaldSitePotentials(system: PeriodicCharges, options: EwaldPotentialOptions = {}): Float64Array {
  const prepared = prepare(system, options, 'ewaldSitePotentials');
  const site = new Int32Array(prepared.n).map((_, i) => i);
  const out = new Float64Array(prepared.n).fill(prepared.background);
  addRealSpace(prepared.frac, site, system.charges, prepared, out);
  addReciprocal(prepared.frac, prepared, out);
  for (let p = 0; p < out.length; p++) out[p] = prepared.coulombConstant * out[p]!;
  return out;
}

/**
 * Where the nodes of {@link ewaldPotentialOnGrid} lie: `shape` [nx, ny, nz] nodes along the three lattice vectors,
 * node (i, j, k) at fractional s = offset + (i/nx, j/ny, k/nz) (offset default [0, 0, 0]; shift it, e.g. by half a
 * node, when charges sit on nodes, where the potential is infinite).
 *
 * @example
 * ```ts
 * const spec: EwaldGridSpec = { shape: [32, 32, 32], offset: [1 / 64, 1 / 64, 1 / 64] };
 * ```
 */
export interface EwaldGridSpec {
  readonly shape: readonly [number, number, number];
  readonly offset?: readonly [number, number, number];
}

/**
 * The Ewald potential (V) on a regular nx × ny × nz grid of the cell in fractional coordinates (node (i, j, k) at
 * s = offset + (i/nx, j/ny, k/nz)), same formula and conventions as {@link ewaldPotentialAt}; without `alpha` or
 * `cutoff`, α balances the costs for max(N, node count) instead of N (a shorter real-space cutoff, since the
 * reciprocal part is cheap on a grid), the accuracy rule unchanged. The real-space part is summed
 * per node over the charges within r_c (cell lists); the reciprocal part is a separable sum over the structure
 * factors, mode by mode (O(K·n_z + K₀K₁·n_y n_z + K₀·n_x n_y n_z) instead of K per node). Throws a `RangeError`
 * if a node falls on a charge.
 *
 * @example
 * ```ts
 * import { ewaldPotentialOnGrid } from '@equitensor/electrostatics';
 * const field = ewaldPotentialOnGrid({ positions, charges, cell }, { shape: [32, 32, 32] }, { accuracy: 1e-8 });
 * field.values; // 32768 values in V, C order
 * ```
 */
export function ewaldPotentialOnGrid(
  system: PeriodicCharges,
  grid: EwaldGridSpec,
  options: EwaldPotentialOptions = {},
): EwaldPotentialGrid {
  const shape = [grid.shape[0], grid.shape[1], grid.shape[2]] as [number, number, number];
  for (const [d, m] of shape.entries()) {
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`ewaldPotentialOnGrid: shape[${d}] must be a positive integer, got ${m}`);
  }
  const offset = [grid.offset?.[0] ?? 0, grid.offset?.[1] ?? 0, grid.offset?.[2] ?? 0] as [number, number, number];
  if (!offset.every(Number.isFinite)) throw new RangeError(`ewaldPotentialOnGrid: offset must be finite, got [${offset.join(', ')}]`);
  // The separable reciprocal sum costs about K₀ per node against ρ r_c³ for the real-space sum, so the default α
  // (no alpha or cutoff given) balances for the node count: larger α, shorter r_c, more wave vectors.
  const prepared = prepare(system, options, 'ewaldPotentialOnGrid', shape[0] * shape[1] * shape[2]);
  const [nx, ny, nz] = shape;
  const size = nx * ny * nz;
  const nodeFrac = new Float64Array(3 * size);
  for (let i = 0, p = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      for (let k = 0; k < nz; k++, p++) {
        nodeFrac[3 * p] = wrap(offset[0] + i / nx);
        nodeFrac[3 * p + 1] = wrap(offset[1] + j / ny);
        nodeFrac[3 * p + 2] = wrap(offset[2] + k / nz);
      }
    }
  }
  const values = new Float64Array(size).fill(prepared.background);
  addRealSpace(nodeFrac, null, system.charges, prepared, values);
  addReciprocalOnGrid(shape, offset, prepared, values);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < size; p++) {
    const v = prepared.coulombConstant * values[p]!;
    values[p] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const cell = system.cell;
  return {
    shape,
    offset,
    values,
    cell,
    range: [min, max],
    parameters: prepared.parameters,
    at: (i, j, k) => values[(i * ny + j) * nz + k]!,
    point(i, j, k) {
      const s = [offset[0] + i / nx, offset[1] + j / ny, offset[2] + k / nz];
      return [0, 1, 2].map((d) => s[0]! * cell[d]! + s[1]! * cell[3 + d]! + s[2]! * cell[6 + d]!) as [number, number, number];
    },
  };
}

function wrap(s: number): number {
  const w = s - Math.floor(s);
  return w >= 1 ? 0 : w;
}

/**
 * φ(x, y, z) += Re Σ_h e^{−2πi h sₓ} Σ_k e^{−2πi k s_y} Σ_l c(h, k, l) e^{−2πi l s_z} with s_d = offset_d + x/n_d,
 * one mode at a time.
 */
function addReciprocalOnGrid(
  shape: readonly [number, number, number],
  offset: readonly [number, number, number],
  prepared: Prepared,
  values: Float64Array,
): void {
  const [nx, ny, nz] = shape;
  const [m0, m1, m2] = prepared.parameters.kmax;
  const { re, im } = prepared.factors;
  const K1 = 2 * m1 + 1;
  const K2 = 2 * m2 + 1;
  const twiddle = (m: number, count: number, shift: number): { cos: Float64Array; sin: Float64Array } => {
    // cos/sin(2π t (shift + x/count)) for t = −m…m (row t + m), x = 0…count−1.
    const cos = new Float64Array((2 * m + 1) * count);
    const sin = new Float64Array((2 * m + 1) * count);
    for (let t = -m; t <= m; t++) {
      for (let x = 0; x < count; x++) {
        const theta = 2 * Math.PI * (((t * x) % count) / count + t * shift);
        cos[(t + m) * count + x] = Math.cos(theta);
        sin[(t + m) * count + x] = Math.sin(theta);
      }
    }
    return { cos, sin };
  };
  const wx = twiddle(m0, nx, wrap(offset[0]));
  const wy = twiddle(m1, ny, wrap(offset[1]));
  const wz = twiddle(m2, nz, wrap(offset[2]));
  // Dense coefficients C[h][k + m1][l + m2], zero outside the half space.
  const cRe = new Float64Array((m0 + 1) * K1 * K2);
  const cIm = new Float64Array((m0 + 1) * K1 * K2);
  let index = 0;
  for (let h = 0; h <= m0; h++) {
    for (let k = h === 0 ? 0 : -m1; k <= m1; k++) {
      for (let l = h === 0 && k === 0 ? 1 : -m2; l <= m2; l++) {
        const at = (h * K1 + k + m1) * K2 + l + m2;
        cRe[at] = re[index]!;
        cIm[at] = im[index]!;
        index++;
      }
    }
  }
  // (a + ib)·e^{−iθ} = (a cos θ + b sin θ) + i(b cos θ − a sin θ).
  // A[h][k][z] = Σ_l C[h][k][l] e^{−2πi l z/nz}
  const aRe = new Float64Array((m0 + 1) * K1 * nz);
  const aIm = new Float64Array((m0 + 1) * K1 * nz);
  for (let hk = 0; hk < (m0 + 1) * K1; hk++) {
    for (let l = 0; l < K2; l++) {
      const a = cRe[hk * K2 + l]!;
      const b = cIm[hk * K2 + l]!;
      if (a === 0 && b === 0) continue;
      for (let z = 0; z < nz; z++) {
        const c = wz.cos[l * nz + z]!;
        const s = wz.sin[l * nz + z]!;
        aRe[hk * nz + z] = aRe[hk * nz + z]! + a * c + b * s;
        aIm[hk * nz + z] = aIm[hk * nz + z]! + b * c - a * s;
      }
    }
  }
  // B[h][y][z] = Σ_k A[h][k][z] e^{−2πi k y/ny}
  const bRe = new Float64Array((m0 + 1) * ny * nz);
  const bIm = new Float64Array((m0 + 1) * ny * nz);
  for (let h = 0; h <= m0; h++) {
    for (let k = 0; k < K1; k++) {
      const from = (h * K1 + k) * nz;
      for (let y = 0; y < ny; y++) {
        const c = wy.cos[k * ny + y]!;
        const s = wy.sin[k * ny + y]!;
        const to = (h * ny + y) * nz;
        for (let z = 0; z < nz; z++) {
          const a = aRe[from + z]!;
          const b = aIm[from + z]!;
          bRe[to + z] = bRe[to + z]! + a * c + b * s;
          bIm[to + z] = bIm[to + z]! + b * c - a * s;
        }
      }
    }
  }
  // φ[x][y][z] += Re Σ_h B[h][y][z] e^{−2πi h x/nx}  (row h + m0 of the x twiddles)
  for (let h = 0; h <= m0; h++) {
    for (let x = 0; x < nx; x++) {
      const c = wx.cos[(h + m0) * nx + x]!;
      const s = wx.sin[(h + m0) * nx + x]!;
      const from = h * ny * nz;
      const to = x * ny * nz;
      for (let yz = 0; yz < ny * nz; yz++) values[to + yz] = values[to + yz]! + bRe[from + yz]! * c + bIm[from + yz]! * s;
    }
  }
}
