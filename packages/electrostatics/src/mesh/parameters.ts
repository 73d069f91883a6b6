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
 * Relative cost per unit of work, in the ratios measured on the 11,754-atom actin dimer and open rock-salt cubes (CPU
 * time of each stage in one process, 2026-12-07): a pair within r_c (bin rows, table, both forces; 25–35 ns), a
 * B-spline stencil point (spread + gather; ~3 ns), and a doubled-mesh point per log₂ M (two pruned transforms plus the
 * kernel's octant transform of a fresh call; ~3 ns).
 */
const COST_PAIR = 10;
/** Largest doubled mesh (points) accepted: 2²⁶, about 1.5 GB of working arrays. */
const MAX_MESH_POINTS = 2 ** 26;
const COST_STENCIL = 1;
const COST_FFT = 1;
/** Cutoffs the search tries: 6 Å … this (or the charges' diameter), in steps of {@link CUTOFF_STEP}. */
const MAX_CUTOFF = 30;
const CUTOFF_STEP = 0.5;
/** Charges whose neighbours are counted for the cost model's pair counts. */
const PAIR_SAMPLES = 128;

/**
 * Parameters of {@link meshCoulomb} for a requested relative RMS force accuracy δ. The estimates are those of PME
 * (`realSpaceError`: Kolafa-Perram; `meshError`: Deserno-Holm at order p − 1) with the charges' density taken as N
 * over the volume of the occupied 4 Å bins (a protein or cluster does not fill its bounding box). For each order
 * 4 … 8 and cutoff 6–30 Å (0.5 Å steps, at most the charges' diameter) α is the smallest with the short-range
 * estimate ≤ δ/√2 and h the largest (to 1 %) with the mesh estimate ≤ δ/√2; the set of least modelled cost (pairs
 * within r_c, counted around 128 sampled charges; N·p³ stencil points; M log₂ M FFT work on the doubled mesh) wins.
 * Given values are kept. Sparse systems whose doubled mesh would exceed
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
    // the largest h = (4/α)·0.99^k (k = 0, 1, …, h > 1e-3) meeting the target: the estimate grows with h, so bisect on k
    const at = (k: number): number => (4 / alpha) * 0.99 ** k;
    const fits = (k: number): boolean => meshError(alpha, width, width / at(k), order, sumQ2, n) <= target;
    let hi = Math.max(0, Math.ceil(Math.log(1e-3 / (4 / alpha)) / Math.log(0.99)));
    if (fits(0) || !fits(hi)) return fits(0) ? at(0) : at(hi);
    let lo = 0;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    return at(hi);
  };
  let best: { cost: number; alpha: number; cutoff: number; spacing: number; order: number } | undefined;
  const cutoffs: number[] = [];
  const diameter = Math.hypot(...span);
  if (options.cutoff !== undefined) cutoffs.push(options.cutoff);
  else for (let c = 6; c <= Math.max(6, Math.min(MAX_CUTOFF, diameter + CUTOFF_STEP)); c += CUTOFF_STEP) cutoffs.push(c);
  const first = given ?? MIN_ORDER;
  const last = given ?? MAX_ORDER;
  // the pair counts only matter when there is a choice to make
  const pairs = cutoffs.length > 1 || last > first ? pairCounts(positions, n, Math.max(...cutoffs)) : undefined;
  const alphas = new Map<number, number>();
  for (let order = first; order <= last; order++) {
    for (const cutoff of cutoffs) {
      const alpha = alphas.get(cutoff) ?? alphaFor(cutoff);
      alphas.set(cutoff, alpha);
      const spacing = spacingFor(alpha, order);
      const box = FreeSpaceMesh.boxFor(span, spacing, order);
      const points = FreeSpaceMesh.doubled(box, options.margin ?? defaultMargin(order)).reduce((a, k) => a * k, 1);
      const within = pairs === undefined ? 0 : (pairs[Math.min(pairs.length - 1, Math.ceil(cutoff / CUTOFF_STEP))] as number);
      const cost = COST_PAIR * within + COST_STENCIL * 2 * n * order ** 3 + COST_FFT * points * Math.log2(points);
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
  const occupied = new Set<number>();
  // bin indices below 2¹⁷ per axis (the mesh limit allows far fewer): the key is exact in a double
  const base = 2 ** 17;
  for (let i = 0; i < positions.length / 3; i++) {
    const b0 = Math.floor(((positions[3 * i] as number) - (min[0] as number)) / bin);
    const b1 = Math.floor(((positions[3 * i + 1] as number) - (min[1] as number)) / bin);
    const b2 = Math.floor(((positions[3 * i + 2] as number) - (min[2] as number)) / bin);
    occupied.add((b0 * base + b1) * base + b2);
  }
  return occupied.size * bin ** 3;
}

/**
 * Estimated pairs closer than r = k·{@link CUTOFF_STEP} Å (index k, up to `largest`): the neighbours of
 * {@link PAIR_SAMPLES} charges spread evenly through the list (all of them for small N) counted exactly and scaled by
 * N/2 per sample. Unlike N·ρ·(4/3)πr_c³ from a mean density, it sees the surface of a cluster and a protein's shape
 * (the mean-density count was 1.2–2.6× too high on the actin dimer and the open rock-salt cubes at r_c = 10–24 Å).
 * Cost O(samples · N).
 */
export function pairCounts(positions: Float64Array, n: number, largest: number): Float64Array {
  const samples = Math.min(n, PAIR_SAMPLES);
  const counts = new Float64Array(Math.ceil(largest / CUTOFF_STEP) + 2);
  const largest2 = largest * largest;
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(((s + 0.5) * n) / samples);
    const xi = positions[3 * i] as number,
      yi = positions[3 * i + 1] as number,
      zi = positions[3 * i + 2] as number;
    for (let j = 0; j < n; j++) {
      const dx = (positions[3 * j] as number) - xi,
        dy = (positions[3 * j + 1] as number) - yi,
        dz = (positions[3 * j + 2] as number) - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      // a pair at r counts for every cutoff above r: bin ⌊r/step⌋ + 1, summed below
      if (r2 < largest2 && j !== i) {
        const k = Math.floor(Math.sqrt(r2) / CUTOFF_STEP) + 1;
        counts[k] = (counts[k] as number) + 1;
      }
    }
  }
  const scale = (0.5 * n) / samples;
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    total += counts[k] as number;
    counts[k] = scale * total;
  }
  return counts;
}
