import type { CellGeometry } from '@equitensor/io';

/**
 * Charges binned on a fractional grid of the cell, for real-space Ewald sums: bins about r_c/3 thick along each
 * lattice direction, linked lists `head`/`next` of the charges in each bin, and the bin `reach` that covers r_c.
 * A neighbour bin at offset o from bin b is bin (b + o) mod bins in the periodic image ⌊(b + o)/bins⌋, so small
 * cells (r_c larger than the cell) need no special case.
 *
 * @example
 * ```ts
 * const bins = binCharges(fractionalCoordinates(positions, geometry), geometry, cutoff);
 * for (let j = bins.head[b]!; j >= 0; j = bins.next[j]!) {} // the charges of bin b
 * ```
 */
export interface ChargeBins {
  /** Bins per lattice direction. */
  readonly bins: readonly [number, number, number];
  /** Bin offsets to search per direction so that every image within r_c is seen. */
  readonly reach: readonly [number, number, number];
  /** First charge of each bin (C order over the three bin indices), −1 when empty. */
  readonly head: Int32Array;
  /** Next charge in the same bin, −1 at the end. */
  readonly next: Int32Array;
  /** The bin of each charge. */
  readonly binOf: Int32Array;
}

/**
 * Fractional coordinates s = r·cell⁻¹ wrapped to [0, 1), flat 3N.
 *
 * @example
 * ```ts
 * fractionalCoordinates(new Float64Array([6, 0, 0]), cellGeometry(new Float64Array([5, 0, 0, 0, 5, 0, 0, 0, 5]))); // [0.2, 0, 0]
 * ```
 */
export function fractionalCoordinates(positions: Float64Array, geometry: CellGeometry): Float64Array {
  const { inverse } = geometry;
  const count = positions.length / 3;
  const frac = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    const x = positions[3 * i]!;
    const y = positions[3 * i + 1]!;
    const z = positions[3 * i + 2]!;
    for (let d = 0; d < 3; d++) {
      const s = x * inverse[d]! + y * inverse[3 + d]! + z * inverse[6 + d]!;
      let w = s - Math.floor(s);
      if (w >= 1) w = 0;
      frac[3 * i + d] = w;
    }
  }
  return frac;
}

/** The bin index (C order) of wrapped fractional coordinates s ∈ [0, 1)³. */
export function binIndex(bins: readonly [number, number, number], s0: number, s1: number, s2: number): number {
  const b0 = Math.min(bins[0] - 1, Math.floor(s0 * bins[0]));
  const b1 = Math.min(bins[1] - 1, Math.floor(s1 * bins[1]));
  const b2 = Math.min(bins[2] - 1, Math.floor(s2 * bins[2]));
  return (b0 * bins[1] + b1) * bins[2] + b2;
}

/**
 * Bin charges (wrapped fractional coordinates `frac`) a third of the cutoff thick (the searched volume is then
 * ≈ (7/3)³ r_c³ instead of 27 whole cells), but no more bins than charges.
 *
 * @example
 * ```ts
 * const { bins, reach } = binCharges(frac, cellGeometry(cell), 10);
 * ```
 */
export function binCharges(frac: Float64Array, geometry: CellGeometry, cutoff: number): ChargeBins {
  const n = frac.length / 3;
  const { widths } = geometry;
  let bins = widths.map((w) => Math.max(1, Math.floor((3 * w) / cutoff))) as [number, number, number];
  // Sparse charges (a short cutoff, e.g. for potential grids): thicker bins, about one charge per bin, so that a
  // search does not walk hundreds of empty bins.
  const total = bins[0] * bins[1] * bins[2];
  if (total > Math.max(1, n)) {
    const shrink = Math.cbrt(Math.max(1, n) / total);
    bins = bins.map((b) => Math.max(1, Math.floor(b * shrink))) as [number, number, number];
  }
  const reach = widths.map((w, d) => Math.ceil((cutoff * bins[d]!) / w)) as [number, number, number];
  const head = new Int32Array(bins[0] * bins[1] * bins[2]).fill(-1);
  const next = new Int32Array(n);
  const binOf = new Int32Array(n);
  // Insert in reverse so that each bin lists its charges in increasing index order.
  for (let i = n - 1; i >= 0; i--) {
    const b = binIndex(bins, frac[3 * i]!, frac[3 * i + 1]!, frac[3 * i + 2]!);
    binOf[i] = b;
    next[i] = head[b]!;
    head[b] = i;
  }
  return { bins, reach, head, next, binOf };
}
