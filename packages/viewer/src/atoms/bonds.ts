/**
 * Bond detection by distance: atoms i and j are bonded when
 * `minDistance < |r_i − r_j| ≤ R_i + R_j + tolerance`, with R the covalent radii (Jmol's rule, tolerance
 * 0.45 Å). Uses a uniform cell list, so it is linear in the number of atoms.
 */

/** Options of {@link detectBonds}. */
export interface BondOptions {
  /** Added to the sum of the covalent radii, Å (default 0.45, as Jmol). */
  readonly tolerance?: number;
  /** Pairs closer than this are overlapping atoms, not bonds, Å (default 0.4). */
  readonly minDistance?: number;
  /** Stop after this many bonds (default 4 per atom), to bound memory for pathological inputs. */
  readonly maxBonds?: number;
}

/**
 * Find bonded pairs by covalent radii; returns flat pairs `[i0, j0, i1, j1, …]` with i < j.
 *
 * @example
 * ```ts
 * // water: O–H 0.96 Å bonded, H–H 1.52 Å not
 * const pairs = detectBonds(new Float64Array([0, 0, 0, 0.757, 0.586, 0, -0.757, 0.586, 0]), new Float64Array([0.66, 0.31, 0.31]));
 * // → Uint32Array [0, 1, 0, 2]
 * ```
 */
export function detectBonds(positions: ArrayLike<number>, covalentRadii: ArrayLike<number>, options: BondOptions = {}): Uint32Array {
  const n = covalentRadii.length;
  if (positions.length !== 3 * n) throw new RangeError(`detectBonds: ${positions.length} coordinates for ${n} atoms`);
  const tolerance = options.tolerance ?? 0.45;
  const minDistance = options.minDistance ?? 0.4;
  const maxBonds = options.maxBonds ?? 4 * n;
  if (n < 2) return new Uint32Array(0);
  let rMax = 0;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    rMax = Math.max(rMax, covalentRadii[i] as number);
    for (let d = 0; d < 3; d++) {
      const x = positions[3 * i + d] as number;
      if (x < lo[d]!) lo[d] = x;
      if (x > hi[d]!) hi[d] = x;
    }
  }
  const cellSize = Math.max(2 * rMax + tolerance, 0.5);
  const dims = [0, 1, 2].map((d) => Math.max(1, Math.min(1024, Math.floor((hi[d]! - lo[d]!) / cellSize) + 1))) as [number, number, number];
  const cellOf = (i: number, d: number): number =>
    Math.min(dims[d]! - 1, Math.max(0, Math.floor(((positions[3 * i + d] as number) - lo[d]!) / cellSize)));
  // Counting sort of atoms into cells.
  const cellCount = dims[0] * dims[1] * dims[2];
  const start = new Int32Array(cellCount + 1);
  const atomCell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = (cellOf(i, 0) * dims[1] + cellOf(i, 1)) * dims[2] + cellOf(i, 2);
    atomCell[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < cellCount; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, cellCount);
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[fill[atomCell[i]!]!++] = i;

  const out: number[] = [];
  const minSq = minDistance * minDistance;
  for (let i = 0; i < n && out.length < 2 * maxBonds; i++) {
    const cx = cellOf(i, 0);
    const cy = cellOf(i, 1);
    const cz = cellOf(i, 2);
    const xi = positions[3 * i] as number;
    const yi = positions[3 * i + 1] as number;
    const zi = positions[3 * i + 2] as number;
    const ri = covalentRadii[i] as number;
    for (let ax = Math.max(0, cx - 1); ax <= Math.min(dims[0] - 1, cx + 1); ax++) {
      for (let ay = Math.max(0, cy - 1); ay <= Math.min(dims[1] - 1, cy + 1); ay++) {
        for (let az = Math.max(0, cz - 1); az <= Math.min(dims[2] - 1, cz + 1); az++) {
          const c = (ax * dims[1] + ay) * dims[2] + az;
          for (let s = start[c]!; s < start[c + 1]!; s++) {
            const j = sorted[s]!;
            if (j <= i) continue;
            const dx = (positions[3 * j] as number) - xi;
            const dy = (positions[3 * j + 1] as number) - yi;
            const dz = (positions[3 * j + 2] as number) - zi;
            const d2 = dx * dx + dy * dy + dz * dz;
            const cut = ri + (covalentRadii[j] as number) + tolerance;
            if (d2 > minSq && d2 <= cut * cut) out.push(i, j);
          }
        }
      }
    }
  }
  return Uint32Array.from(out.length > 2 * maxBonds ? out.slice(0, 2 * maxBonds) : out);
}

/** Alkali metals and the heavier alkaline-earth metals (Ca, Sr, Ba, Ra): their compounds are ionic, not bonded. */
const IONIC_METALS = new Set([3, 11, 19, 37, 55, 87, 20, 38, 56, 88]);

/**
 * `pairs` (from {@link detectBonds}) less those with an alkali or heavier alkaline-earth metal atom (Li, Na, K, Rb, Cs,
 * Fr, Ca, Sr, Ba, Ra): in NaCl, CsCl or a molten salt the ions touch within covalent-radius range, yet no bond joins
 * them, so ball-and-stick draws them as balls.
 *
 * @example
 * ```ts
 * withoutIonicBonds(detectBonds(positions, radii), numbers); // rock salt: no pairs left
 * ```
 */
export function withoutIonicBonds(pairs: Uint32Array, numbers: ArrayLike<number>): Uint32Array {
  const kept: number[] = [];
  for (let b = 0; b < pairs.length; b += 2) {
    const i = pairs[b]!;
    const j = pairs[b + 1]!;
    if (!IONIC_METALS.has(numbers[i] as number) && !IONIC_METALS.has(numbers[j] as number)) kept.push(i, j);
  }
  return kept.length === pairs.length ? pairs : Uint32Array.from(kept);
}
