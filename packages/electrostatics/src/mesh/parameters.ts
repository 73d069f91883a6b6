import { MAX_ORDER, MIN_ORDER } from '../pme/bspline.ts';
import { meshError, realSpaceError } from '../pme/parameters.ts';
import { boundingBox } from './bounding-box.ts';
import { FreeSpaceMesh } from './free-space-mesh.ts';

/**
 * What to base the open-boundary mesh parameters on. The accuracy is a relative RMS force accuracy as PME's
 * (LAMMPS' `kspace_style pppm δ`: RMS force error over k_e·e²/Å² = 14.4 eV/Å).
 *
 * @example
 * ```ts
 * meshCoulombParameters(positions, charges, { accuracy: 1e-6 });
 * ```
 */
export interface MeshCoulombParameterOptions {
  /** Requested relative RMS force accuracy δ (default 1e-6), split evenly: short-range and mesh errors each ≤ δ/√2. */
  readonly accuracy?: number;
  /** Short-range cutoff r_c in Å (default: the cheapest by the cost model). */
  readonly cutoff?: number;
  /** Splitting parameter α in 1/Å (default: the smallest α whose Kolafa-Perram estimate at r_c is ≤ δ/√2). */
  readonly alpha?: number;
  /** Mesh spacing h in Å (default: the largest whose Deserno-Holm estimate is ≤ δ/√2). */
  readonly spacing?: number;
  /**
   * B-spline order 4 … 8 (default: the cheapest by the cost model). Odd orders deconvolve with moduli sampled at
   * the half-integers (`centredModuli`): at the integers their denominator vanishes at the Nyquist frequency, which
   * the doubled mesh's folded kernel does not damp (order 7 on the actin dimer gave force errors 600× the estimate).
   */
  readonly order?: number;
  /**
   * Spare mesh points between the farthest pair and the fold of the doubled mesh (default: ⌈p/2⌉ from δ = 1e-6 up,
   * the order p from 1e-8 to below 1e-6, 2p below 1e-8). The kernel's samples fold at N/2 (minimum image), a kink
   * whose spline coefficients decay geometrically from there; measured on the open 8³ NaCl cube at δ = 1e-10
   * (estimate 1e-10): RMS force errors 4e-7 with no margin, 5.6e-10 with 8 points, 9e-11 with 16. The RMS force
   * change against a margin of 3p, relative to δ, at the default parameters (order 8 unless noted;
   * bench/open-mesh.ts' systems): at δ = 1e-6 with ⌈p/2⌉ = 4 points 4e-4 (actin dimer), 6e-3 (1a63), 1e-3 (open
   * 16³ cube), 3e-3 (8³ cube); at δ = 1e-5 (orders 6–8) at most 3.4e-4; at δ = 1e-7 with p points 8e-4–6e-3, where
   * p/2 would give up to 4e-2.
   */
  readonly margin?: number;
}

/**
 * A complete open-boundary mesh parameter set, the box it covers and its error estimate.
 *
 * @example
 * ```ts
 * const { alpha, cutoff, spacing, order, mesh, estimatedError } = meshCoulombParameters(positions, charges);
 * ```
 */
export interface MeshCoulombParameters {
  readonly alpha: number;
  readonly cutoff: number;
  readonly spacing: number;
  readonly order: number;
  /** The requested relative accuracy. */
  readonly accuracy: number;
  /** Lowest corner of the charges' bounding box (Å) and its extents. */
  readonly lo: readonly [number, number, number];
  readonly span: readonly [number, number, number];
  /** Mesh points the charges touch per axis, and the doubled FFT mesh (≥ 2(box + margin)). */
  readonly box: readonly [number, number, number];
  readonly margin: number;
  readonly mesh: readonly [number, number, number];
  /** The volume (Å³) the estimates take the charges to fill: occupied 4 Å bins. */
  readonly volume: number;
  /** Estimated relative RMS force errors: Kolafa-Perram (short range), Deserno-Holm at order p − 1 (mesh), total. */
  readonly estimatedError: { readonly real: number; readonly reciprocal: number; readonly total: number };
}

/**
 * Relative cost per unit of work, in the ratios measured on the 11,754-atom actin dimer (CPU time of each stage in
 * one process): a pair within r_c (cell list, table, both forces), a B-spline stencil point (spread + gather), and a
 * doubled-mesh point per log₂ M (two pruned transforms plus the kernel's transform).
 */
const COST_PAIR = 10;
/** Largest doubled mesh (points) accepted: 2²⁶, about 1.5 GB of working arrays. */
const MAX_MESH_POINTS = 2 ** 26;
const COST_STENCIL = 1;
const COST_FFT = 1;

/**
 * Parameters of {@link meshCoulomb} for a requested relative RMS force accuracy δ. The estimates are those of PME
 * (`realSpaceError`: Kolafa-Perram; `meshError`: Deserno-Holm at order p − 1) with the charges' density taken as N
 * over the volume of the occupied 4 Å bins (a protein or cluster does not fill its bounding box). For each order
 * 4 … 8 and cutoff 6–20 Å (0.5 Å steps) α is the smallest with the short-range estimate ≤ δ/√2 and h the largest
 * (to 1 %) with the mesh estimate ≤ δ/√2; the set of least modelled cost (pairs within r_c, N·p³ stencil points,
 * M log₂ M FFT work on the doubled mesh) wins. Given values are kept. Sparse systems whose doubled mesh would exceed
 * 2²⁶ points are refused with a RangeError advising direct summation.
 *
 * @example
 * ```ts
 * import { meshCoulombParameters } from '@equitensor/electrostatics';
 * meshCoulombParameters(positions, charges, { accuracy: 1e-6 }); // { alpha, cutoff, spacing, order, box, mesh, … }
 * ```
 */
export function meshCoulombParameters(
  positions: Float64Array,
  charges: Float64Array,
  options: MeshCoulombParameterOptions = {},
): MeshCoulombParameters {
  const accuracy = options.accuracy ?? 1e-6;
  if (!(accuracy > 0 && accuracy < 1)) throw new RangeError(`meshCoulombParameters: accuracy must lie in (0, 1), got ${accuracy}`);
  for (const [name, v] of [
    ['cutoff', options.cutoff],
    ['alpha', options.alpha],
    ['spacing', options.spacing],
  ] as const) {
    if (v !== undefined && !(v > 0 && Number.isFinite(v)))
      throw new RangeError(`meshCoulombParameters: ${name} must be a positive number, got ${v}`);
  }
  const given = options.order;
  if (given !== undefined && (!Number.isInteger(given) || given < MIN_ORDER || given > MAX_ORDER)) {
    throw new RangeError(`meshCoulombParameters: order must be an integer from ${MIN_ORDER} to ${MAX_ORDER}, got ${given}`);
  }
  const n = charges.length;
  if (n === 0 || positions.length !== 3 * n) throw new RangeError('meshCoulombParameters: needs N ≥ 1 charges and 3N coordinates');
  const { min, max } = boundingBox(positions, n);
  const span = [0, 1, 2].map((d) => (max[d] as number) - (min[d] as number)) as [number, number, number];
  const volume = occupiedVolume(positions, min);
  let sumQ2 = 0;
  for (let i = 0; i < n; i++) sumQ2 += (charges[i] as number) ** 2;
  if (sumQ2 === 0) sumQ2 = n;
  const target = accuracy / Math.SQRT2;
  const defaultMargin = (order: number): number => (accuracy < 1e-8 ? 2 * order : accuracy < 1e-6 ? order : Math.ceil(order / 2));
  const width = Math.cbrt(volume);
  const alphaFor = (cutoff: number): number => {
    if (options.alpha !== undefined) return options.alpha;
    let lo = 1e-6;
    let hi = 1;
    while (realSpaceError(hi, cutoff, sumQ2, n, volume) > target) hi *= 2;
    for (let it = 0; it < 100 && hi - lo > 1e-12 * hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (realSpaceError(mid, cutoff, sumQ2, n, volume) > target) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  // meshError takes (width, size) with h = width/size: the error of spacing h in a box of the charges' volume
  const spacingFor = (alpha: number, order: number): number => {
    if (options.spacing !== undefined) return options.spacing;
    let h = 4 / alpha;
    while (h > 1e-3 && meshError(alpha, width, width / h, order, sumQ2, n) > target) h *= 0.99;
    return h;
  };
  const density = n / volume;
  let best: { cost: number; alpha: number; cutoff: number; spacing: number; order: number } | undefined;
  const cutoffs: number[] = [];
  if (options.cutoff !== undefined) cutoffs.push(options.cutoff);
  else for (let c = 6; c <= 20; c += 0.5) cutoffs.push(c);
  for (let order = given ?? MIN_ORDER; order <= (given ?? MAX_ORDER); order++) {
    for (const cutoff of cutoffs) {
      const alpha = alphaFor(cutoff);
      const spacing = spacingFor(alpha, order);
      const box = FreeSpaceMesh.boxFor(span, spacing, order);
      const points = FreeSpaceMesh.doubled(box, options.margin ?? defaultMargin(order)).reduce((a, k) => a * k, 1);
      const pairs = 0.5 * n * Math.min(n, (density * 4 * Math.PI * cutoff ** 3) / 3);
      const cost = COST_PAIR * pairs + COST_STENCIL * 2 * n * order ** 3 + COST_FFT * points * Math.log2(points);
      if (best === undefined || cost < best.cost) best = { cost, alpha, cutoff, spacing, order };
    }
  }
  const { alpha, cutoff, spacing, order } = best as NonNullable<typeof best>;
  const box = FreeSpaceMesh.boxFor(span, spacing, order);
  const margin = options.margin ?? defaultMargin(order);
  if (!Number.isInteger(margin) || margin < 0) throw new RangeError(`meshCoulombParameters: margin must be an integer ≥ 0, got ${margin}`);
  const mesh = FreeSpaceMesh.doubled(box, margin);
  const points = mesh[0] * mesh[1] * mesh[2];
  if (points > MAX_MESH_POINTS) {
    throw new RangeError(
      `meshCoulombParameters: the charges span ${span.map((s) => s.toFixed(1)).join(' × ')} Å, which at spacing ${spacing.toFixed(3)} Å needs a ` +
        `${mesh.join('×')} mesh (more than ${MAX_MESH_POINTS} points); use directCoulomb for sparse systems`,
    );
  }
  const real = realSpaceError(alpha, cutoff, sumQ2, n, volume);
  const reciprocal = meshError(alpha, width, width / spacing, order, sumQ2, n);
  return {
    alpha,
    cutoff,
    spacing,
    order,
    accuracy,
    lo: [min[0] as number, min[1] as number, min[2] as number],
    span,
    box,
    margin,
    mesh,
    volume,
    estimatedError: { real, reciprocal, total: Math.hypot(real, reciprocal) },
  };
}

/** The volume of the 4 Å bins holding at least one charge (a set of bin keys, so sparse systems cost O(N)). */
function occupiedVolume(positions: Float64Array, min: readonly number[]): number {
  const bin = 4;
  const occupied = new Set<string>();
  for (let i = 0; i < positions.length / 3; i++) {
    const b0 = Math.floor(((positions[3 * i] as number) - (min[0] as number)) / bin);
    const b1 = Math.floor(((positions[3 * i + 1] as number) - (min[1] as number)) / bin);
    const b2 = Math.floor(((positions[3 * i + 2] as number) - (min[2] as number)) / bin);
    occupied.add(`${b0},${b1},${b2}`);
  }
  return occupied.size * bin ** 3;
}
