/**
 * Which primitive draws the sphere impostors of a large structure on WebGL2: one point sprite per atom
 * (cheap on software renderers) or one instanced quad per atom (no size limit). A sprite cannot be larger
 * than the GPU's largest point size (`gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE)[1]`, often 1024 px):
 * zoomed in further, a sprite sphere would be cut square. So the layer switches to quads when the
 * largest sprite the vertex shader (`sphere-sprites.ts`) could ask for nears that limit, and back to
 * sprites, with hysteresis, when zoomed out again. Pure functions, tested in Node.
 */

/** How sphere impostors are drawn: instanced quads (any size) or point sprites (capped at the largest point size). */
export type AtomPrimitive = 'quads' | 'sprites';

/** Switch sprites → quads when the largest sprite would exceed this fraction of the largest point size. */
export const QUADS_ABOVE_POINT_SIZE_FRACTION = 0.9;

/** Switch quads → sprites only when the largest sprite would be below this fraction of the largest point size. */
export const SPRITES_BELOW_POINT_SIZE_FRACTION = 0.7;

/** What decides the largest sprite on screen: the nearest atom, the largest radius and the camera. */
export interface SpriteView {
  /** Distance from the camera to the nearest atom centre (a lower bound is fine), Å. */
  readonly distance: number;
  /** Largest displayed sphere radius, Å. */
  readonly radius: number;
  /** Vertical field of view, degrees (three's `PerspectiveCamera.fov`). */
  readonly fov: number;
  /** Drawing-buffer height, device pixels. */
  readonly viewportHeight: number;
  /** Width / height of the view (default 1). */
  readonly aspect?: number;
}

/**
 * The largest point size (device pixels) the sprite vertex shader would ask for a sphere of `radius` at
 * `distance` anywhere in the view: the silhouette cone of half-angle asin(r/d) projected at the view's
 * widest angle off-axis (the frustum's edge along its longer axis), plus the shader's 2-pixel margin.
 * Infinite when the camera is inside the sphere.
 *
 * @example
 * ```ts
 * largestSpriteDiameter({ distance: 10, radius: 1, fov: 35, viewportHeight: 700 }); // ≈ 255 px
 * ```
 */
export function largestSpriteDiameter(view: SpriteView): number {
  const { distance, radius, fov, viewportHeight } = view;
  if (radius <= 0) return 0;
  if (!(distance > radius)) return Number.POSITIVE_INFINITY;
  const tanHalfFov = Math.tan((fov * Math.PI) / 360);
  const edge = tanHalfFov * Math.max(1, view.aspect ?? 1);
  const theta = Math.asin(radius / distance);
  // the shader clamps the cone's outer angle at 1.55 rad (the sprite would be huge anyway)
  const extent = Math.tan(Math.min(Math.atan(edge) + theta, 1.55)) - edge;
  return (extent / tanHalfFov) * viewportHeight + 2;
}

/**
 * The primitive to draw with, given the one in use: quads once the largest sprite would exceed
 * {@link QUADS_ABOVE_POINT_SIZE_FRACTION} of `maxPointSize`, sprites again once it is below
 * {@link SPRITES_BELOW_POINT_SIZE_FRACTION}; in between, the current one stays (no flipping while zooming).
 *
 * @example
 * ```ts
 * const view = { distance: 1.2, radius: 0.47, fov: 35, viewportHeight: 700 }; // largest sprite ≈ 1202 px
 * chooseAtomPrimitive(view, 1024, 'sprites'); // 'quads'
 * chooseAtomPrimitive({ ...view, distance: 1.5 }, 1024, 'quads'); // 'quads' (≈ 901 px: inside the band)
 * chooseAtomPrimitive({ ...view, distance: 50 }, 1024, 'quads'); // 'sprites'
 * ```
 */
export function chooseAtomPrimitive(view: SpriteView, maxPointSize: number, current: AtomPrimitive): AtomPrimitive {
  const diameter = largestSpriteDiameter(view);
  if (current === 'sprites') return diameter > QUADS_ABOVE_POINT_SIZE_FRACTION * maxPointSize ? 'quads' : 'sprites';
  return diameter < SPRITES_BELOW_POINT_SIZE_FRACTION * maxPointSize ? 'sprites' : 'quads';
}

/**
 * Distance from `eye` to the nearest of `centers` (3 per atom) in front of the camera (positive depth
 * along `forward`, a unit vector); sprites behind the camera are not drawn. Infinity when there is none.
 *
 * @example
 * ```ts
 * nearestCenterInFront(new Float32Array([0, 0, -5, 0, 0, 1]), [0, 0, 0], [0, 0, -1]); // 5
 * ```
 */
export function nearestCenterInFront(
  centers: Float32Array,
  eye: readonly [number, number, number],
  forward: readonly [number, number, number],
): number {
  const [ex, ey, ez] = eye;
  const [fx, fy, fz] = forward;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < centers.length; i += 3) {
    const dx = (centers[i] as number) - ex;
    const dy = (centers[i + 1] as number) - ey;
    const dz = (centers[i + 2] as number) - ez;
    if (dx * fx + dy * fy + dz * fz <= 0) continue;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

/**
 * A sphere enclosing `centers` (3 per atom): the one through the corners of their bounding box (radius 0 for no atoms).
 *
 * @example
 * ```ts
 * boundingSphereOf(new Float32Array([0, 0, 0, 2, 0, 0])); // { center: [1, 0, 0], radius: 1 }
 * ```
 */
export function boundingSphereOf(centers: Float32Array): { center: [number, number, number]; radius: number } {
  if (centers.length < 3) return { center: [0, 0, 0], radius: 0 };
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let i = 0; i < centers.length; i += 3) {
    const x = centers[i] as number;
    const y = centers[i + 1] as number;
    const z = centers[i + 2] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  return { center: [(x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2], radius: Math.hypot(x1 - x0, y1 - y0, z1 - z0) / 2 };
}
