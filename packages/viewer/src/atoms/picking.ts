/**
 * CPU picking: the first atom sphere hit by a ray. Exact ray–sphere intersection over all displayed
 * atoms (one pass, no acceleration structure: ~2 ms per million atoms, and picking happens once per
 * pointer event, not per frame).
 */

/** A hit of {@link pickSphere}: the display index of the sphere and the ray parameter of the hit. */
export interface SphereHit {
  readonly index: number;
  readonly distance: number;
}

/**
 * Intersect the ray `origin + t·direction` (t > 0; `direction` need not be normalised) with spheres
 * `centers[3i..3i+2]` of radii `radii[i]` and return the nearest hit, or null.
 *
 * @example
 * ```ts
 * pickSphere([0, 0, 10], [0, 0, -1], new Float32Array([0, 0, 0, 0, 0, 5]), new Float32Array([1, 1]));
 * // → { index: 1, distance: 4 }
 * ```
 */
export function pickSphere(
  origin: readonly [number, number, number],
  direction: readonly [number, number, number],
  centers: ArrayLike<number>,
  radii: ArrayLike<number>,
  count = radii.length,
): SphereHit | null {
  const len = Math.hypot(direction[0], direction[1], direction[2]);
  if (!(len > 0)) return null;
  const dx = direction[0] / len;
  const dy = direction[1] / len;
  const dz = direction[2] / len;
  let best = -1;
  let bestT = Infinity;
  for (let i = 0; i < count; i++) {
    const ox = (centers[3 * i] as number) - origin[0];
    const oy = (centers[3 * i + 1] as number) - origin[1];
    const oz = (centers[3 * i + 2] as number) - origin[2];
    const b = ox * dx + oy * dy + oz * dz; // distance along the ray to the closest approach
    const r = radii[i] as number;
    if (b + r < 0) continue;
    const c = ox * ox + oy * oy + oz * oz - r * r;
    const disc = b * b - c;
    if (disc < 0) continue;
    const s = Math.sqrt(disc);
    const t = b - s > 0 ? b - s : b + s;
    if (t > 0 && t < bestT) {
      bestT = t;
      best = i;
    }
  }
  return best < 0 ? null : { index: best, distance: bestT };
}
