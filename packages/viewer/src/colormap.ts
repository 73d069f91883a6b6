/**
 * Colour maps for scalar fields. The diverging map is Moreland's "cool to warm" (blue for negative,
 * near-white at zero, red for positive), sampled at nine control points and interpolated linearly in
 * sRGB; it is the map ParaView and VMD use for electrostatic potentials.
 */

/** An RGB colour with components in [0, 1]. */
export type Rgb = [number, number, number];

/** Control points of Moreland's cool-warm map (K. Moreland, "Diverging Color Maps for Scientific Visualization", 2009, table). */
const COOL_WARM: readonly (readonly [number, number, number, number])[] = [
  [0.0, 0.2298, 0.2987, 0.7537],
  [0.125, 0.3843, 0.5098, 0.9176],
  [0.25, 0.5529, 0.6902, 0.9961],
  [0.375, 0.7216, 0.8157, 0.9765],
  [0.5, 0.8654, 0.8654, 0.8654],
  [0.625, 0.9608, 0.7686, 0.6784],
  [0.75, 0.9569, 0.6039, 0.4824],
  [0.875, 0.8706, 0.3765, 0.302],
  [1.0, 0.7057, 0.0156, 0.1502],
];

/**
 * Sample the diverging cool-warm map at `t` in [0, 1] (values outside are clamped): 0 is blue, 0.5 grey-white, 1 red.
 *
 * @example
 * ```ts
 * coolWarm(0.5); // ≈ [0.865, 0.865, 0.865]
 * ```
 */
export function coolWarm(t: number, out: Rgb = [0, 0, 0]): Rgb {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
  let k = 1;
  while (k < COOL_WARM.length - 1 && COOL_WARM[k]![0] < x) k++;
  const a = COOL_WARM[k - 1]!;
  const b = COOL_WARM[k]!;
  const w = (x - a[0]) / (b[0] - a[0]);
  out[0] = a[1] + w * (b[1] - a[1]);
  out[1] = a[2] + w * (b[2] - a[2]);
  out[2] = a[3] + w * (b[3] - a[3]);
  return out;
}

/**
 * Map a value to [0, 1] on a range symmetric about zero, so that zero always sits in the middle of a
 * diverging map: `t = 0.5 + value / (2 * limit)`.
 *
 * @example
 * ```ts
 * symmetricUnit(-2, 4); // 0.25
 * ```
 */
export function symmetricUnit(value: number, limit: number): number {
  if (!(limit > 0)) return 0.5;
  return Math.min(1, Math.max(0, 0.5 + value / (2 * limit)));
}

/**
 * A robust symmetric colour limit for a field: the given quantile (default 0.98) of |value|, ignoring
 * non-finite values, so that a few singular grid points next to nuclei do not wash out the map.
 *
 * @example
 * ```ts
 * symmetricLimit(new Float64Array([-1, 0.5, 2, -4]), 1); // 4
 * ```
 */
export function symmetricLimit(values: ArrayLike<number>, quantile = 0.98): number {
  const abs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] as number);
    if (Number.isFinite(v)) abs.push(v);
  }
  if (abs.length === 0) return 1;
  abs.sort((p, q) => p - q);
  const q = Math.min(1, Math.max(0, quantile));
  const limit = abs[Math.min(abs.length - 1, Math.floor(q * (abs.length - 1) + 0.5))]!;
  return limit > 0 ? limit : 1;
}

/**
 * Fill an RGBA8 buffer with the cool-warm colours of `values` on the symmetric range ±`limit`
 * (non-finite values become transparent). `reverse` puts positive values in blue and negative in red,
 * the convention of electrostatic-potential maps (APBS, PyMOL).
 *
 * @example
 * ```ts
 * const rgba = colorizeDiverging(new Float32Array([-1, 0, 1]), 1); // blue, grey, red
 * ```
 */
export function colorizeDiverging(
  values: ArrayLike<number>,
  limit: number,
  out: Uint8Array = new Uint8Array(values.length * 4),
  reverse = false,
): Uint8Array {
  const c: Rgb = [0, 0, 0];
  const sign = reverse ? -1 : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = out[4 * i + 3] = 0;
      continue;
    }
    coolWarm(symmetricUnit(sign * v, limit), c);
    out[4 * i] = Math.round(c[0] * 255);
    out[4 * i + 1] = Math.round(c[1] * 255);
    out[4 * i + 2] = Math.round(c[2] * 255);
    out[4 * i + 3] = 255;
  }
  return out;
}
