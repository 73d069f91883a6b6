/**
 * What the viewer draws from a frame: optionally wrapped into the cell and replicated into a supercell.
 * This is a display transform written straight into the Float32 buffer the GPU reads (no intermediate
 * `Structure`), so a trajectory frame updates in place; the data model's own helpers live in `@equitensor/io`.
 */

/** How a periodic frame is shown. */
export interface PeriodicDisplay {
  /** Wrap positions into the cell along periodic axes before replicating (default false). */
  readonly wrap?: boolean;
  /** Number of images along a, b, c (default [1, 1, 1]). Ignored without a cell. */
  readonly supercell?: readonly [number, number, number];
}

/**
 * The number of image copies shown: the product of the supercell counts (1 without a cell).
 *
 * @example
 * ```ts
 * imageCount({ supercell: [2, 2, 1] }, true); // 4
 * ```
 */
export function imageCount(display: PeriodicDisplay, hasCell: boolean): number {
  if (!hasCell) return 1;
  const [a, b, c] = display.supercell ?? [1, 1, 1];
  return Math.max(1, a) * Math.max(1, b) * Math.max(1, c);
}

/**
 * Write the displayed positions of one frame into `out` (length 3·N·images): image m of atom i sits at
 * index m·N + i, translated by `na·a + nb·b + nc·c`. Wrapping maps fractional coordinates into [0, 1)
 * along the periodic axes.
 *
 * @example
 * ```ts
 * const cell = new Float64Array([2, 0, 0, 0, 2, 0, 0, 0, 2]);
 * const out = new Float32Array(3 * 2);
 * writeDisplayPositions(new Float64Array([2.5, 0, 0]), cell, [true, true, true], { wrap: true, supercell: [2, 1, 1] }, out);
 * // out → [0.5, 0, 0, 2.5, 0, 0]
 * ```
 */
export function writeDisplayPositions(
  positions: ArrayLike<number>,
  cell: ArrayLike<number> | null,
  pbc: readonly [boolean, boolean, boolean],
  display: PeriodicDisplay,
  out: Float32Array,
): Float32Array {
  const n = positions.length / 3;
  const images = imageCount(display, cell !== null);
  if (out.length < 3 * n * images) throw new RangeError(`writeDisplayPositions: buffer holds ${out.length / 3} atoms, need ${n * images}`);
  if (cell === null) {
    for (let i = 0; i < 3 * n; i++) out[i] = positions[i] as number;
    return out;
  }
  const h = Array.from({ length: 9 }, (_, i) => cell[i] as number);
  const inv = invert3(h);
  const wrap = (display.wrap ?? false) && inv !== null;
  for (let i = 0; i < n; i++) {
    let x = positions[3 * i] as number;
    let y = positions[3 * i + 1] as number;
    let z = positions[3 * i + 2] as number;
    if (wrap) {
      // fractional s = r · H⁻¹ (rows of H are the lattice vectors)
      const s = [0, 0, 0];
      for (let d = 0; d < 3; d++) {
        let f = x * inv[d]! + y * inv[3 + d]! + z * inv[6 + d]!;
        if (pbc[d]) f -= Math.floor(f);
        s[d] = f;
      }
      x = s[0]! * h[0]! + s[1]! * h[3]! + s[2]! * h[6]!;
      y = s[0]! * h[1]! + s[1]! * h[4]! + s[2]! * h[7]!;
      z = s[0]! * h[2]! + s[1]! * h[5]! + s[2]! * h[8]!;
    }
    out[3 * i] = x;
    out[3 * i + 1] = y;
    out[3 * i + 2] = z;
  }
  const [na, nb, nc] = display.supercell ?? [1, 1, 1];
  let m = 0;
  for (let a = 0; a < Math.max(1, na); a++) {
    for (let b = 0; b < Math.max(1, nb); b++) {
      for (let c = 0; c < Math.max(1, nc); c++, m++) {
        if (m === 0) continue;
        const tx = a * h[0]! + b * h[3]! + c * h[6]!;
        const ty = a * h[1]! + b * h[4]! + c * h[7]!;
        const tz = a * h[2]! + b * h[5]! + c * h[8]!;
        const offset = 3 * n * m;
        for (let i = 0; i < n; i++) {
          out[offset + 3 * i] = out[3 * i]! + tx;
          out[offset + 3 * i + 1] = out[3 * i + 1]! + ty;
          out[offset + 3 * i + 2] = out[3 * i + 2]! + tz;
        }
      }
    }
  }
  return out;
}

/** Inverse of a row-major 3×3 matrix, or null when singular. */
function invert3(m: readonly number[]): number[] | null {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) return null;
  const r = 1 / det;
  return [
    A * r,
    -(b * i - c * h) * r,
    (b * f - c * e) * r,
    B * r,
    (a * i - c * g) * r,
    -(a * f - c * d) * r,
    C * r,
    -(a * h - b * g) * r,
    (a * e - b * d) * r,
  ];
}

/**
 * The 12 edges of the parallelepiped spanned by the cell's rows, as 24 line-segment end points
 * (flat xyz), written into `out`.
 *
 * @example
 * ```ts
 * const segments = cellEdges(new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1])); // unit cube, 72 numbers
 * ```
 */
export function cellEdges(cell: ArrayLike<number>, out: Float32Array = new Float32Array(72)): Float32Array {
  const a = [cell[0] as number, cell[1] as number, cell[2] as number];
  const b = [cell[3] as number, cell[4] as number, cell[5] as number];
  const c = [cell[6] as number, cell[7] as number, cell[8] as number];
  const corner = (i: number, j: number, k: number): number[] => [0, 1, 2].map((d) => i * a[d]! + j * b[d]! + k * c[d]!);
  let o = 0;
  const push = (p: number[], q: number[]): void => {
    out.set(p, o);
    out.set(q, o + 3);
    o += 6;
  };
  for (const [j, k] of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const) {
    push(corner(0, j, k), corner(1, j, k));
    push(corner(j, 0, k), corner(j, 1, k));
    push(corner(j, k, 0), corner(j, k, 1));
  }
  return out;
}
