/**
 * Spatial bins of side ≥ `radius`/2 over a set of points (open boundaries), for finding everything within
 * `radius` of a query point by looking at the 5³ surrounding bins (a search volume of (2.5·radius)³ instead of
 * (3·radius)³ with bins of side `radius`). Build O(N), query O(points in those bins).
 *
 * @example
 * ```ts
 * const bins = new PointBins(positions, 0.5);
 * bins.forEachWithin(0, 0, 0, (j, dx, dy, dz, r2) => {});
 * ```
 */
export class PointBins {
  private readonly lo: [number, number, number];
  private readonly counts: [number, number, number];
  private readonly side: number;
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly radius2: number;
  private readonly reach: number;

  constructor(
    private readonly positions: Float64Array,
    radius: number,
  ) {
    const n = positions.length / 3;
    const lo: [number, number, number] = [Infinity, Infinity, Infinity];
    const hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < 3; d++) {
        const v = positions[3 * i + d]!;
        if (v < lo[d]!) lo[d] = v;
        if (v > hi[d]!) hi[d] = v;
      }
    }
    if (n === 0) {
      lo.fill(0);
      hi.fill(0);
    }
    // Bins of side radius/2 (at most 128 per axis); the query looks two bins to each side.
    const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], radius);
    this.side = Math.max(radius / 2, extent / 128);
    this.lo = lo;
    this.counts = [0, 1, 2].map((d) => Math.max(1, Math.floor((hi[d]! - lo[d]!) / this.side) + 1)) as [number, number, number];
    this.head = new Int32Array(this.counts[0] * this.counts[1] * this.counts[2]).fill(-1);
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const b = this.binIndex(positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!);
      this.next[i] = this.head[b]!;
      this.head[b] = i;
    }
    this.radius2 = radius * radius;
    this.reach = Math.ceil(radius / this.side);
  }

  private axisBin(v: number, d: number): number {
    return Math.min(this.counts[d]! - 1, Math.max(0, Math.floor((v - this.lo[d]!) / this.side)));
  }

  private binIndex(x: number, y: number, z: number): number {
    return (this.axisBin(x, 0) * this.counts[1] + this.axisBin(y, 1)) * this.counts[2] + this.axisBin(z, 2);
  }

  /** Call `visit(j, dx, dy, dz, r²)` for every point j with r = |p_j − q| < radius (d = p_j − q). */
  forEachWithin(x: number, y: number, z: number, visit: (j: number, dx: number, dy: number, dz: number, r2: number) => void): void {
    const [c0, c1, c2] = this.counts;
    const b0 = Math.floor((x - this.lo[0]) / this.side);
    const b1 = Math.floor((y - this.lo[1]) / this.side);
    const b2 = Math.floor((z - this.lo[2]) / this.side);
    const p = this.positions;
    const reach = this.reach;
    for (let i0 = Math.max(0, b0 - reach); i0 <= Math.min(c0 - 1, b0 + reach); i0++) {
      for (let i1 = Math.max(0, b1 - reach); i1 <= Math.min(c1 - 1, b1 + reach); i1++) {
        for (let i2 = Math.max(0, b2 - reach); i2 <= Math.min(c2 - 1, b2 + reach); i2++) {
          for (let j = this.head[(i0 * c1 + i1) * c2 + i2]!; j >= 0; j = this.next[j]!) {
            const dx = p[3 * j]! - x;
            const dy = p[3 * j + 1]! - y;
            const dz = p[3 * j + 2]! - z;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < this.radius2) visit(j, dx, dy, dz, r2);
          }
        }
      }
    }
  }
}
