/**
 * Real spherical harmonics in e3nn's convention (polar axis y, no Condon-Shortley phase), computed
 * with stable normalised recurrences (associated Legendre in the polar coordinate, Chebyshev-like
 * recurrences for the azimuth), so every degree is accurate; tested to l = 24.
 */
import { Irreps } from './irreps.ts';

/** `'integral'`: ∫|Y^l_m|² dΩ = 1; `'component'`: |Y^l(x̂)|² = 2l+1; `'norm'`: |Y^l(x̂)| = 1. */
export type ShNormalization = 'integral' | 'component' | 'norm';

/** Spherical harmonics of N vectors: `values[n·dim + k]`, and optionally `gradients[(n·dim + k)·3 + c]` = ∂Y_k/∂x_c. */
export interface ShResult {
  readonly values: Float64Array;
  readonly gradients?: Float64Array;
  /** Width of one row (Σ over requested irreps of 2l+1). */
  readonly dim: number;
}

/**
 * The coefficients of the harmonics' recurrences up to degree `lmax` (see {@link harmonicRecurrence}).
 *
 * @example
 * ```ts
 * const { a, b, diag, sub } = harmonicRecurrence(4);
 * ```
 */
export interface Recurrence {
  readonly lmax: number;
  /** A[l(l+1)/2+m] and B[…] of q_l^m = A·u·q_{l−1}^m − B·ρ·q_{l−2}^m. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** q_l^l = diag[l]·q_{l−1}^{l−1}, q_l^{l−1} = sub[l]·u·q_{l−1}^{l−1}. */
  readonly diag: Float64Array;
  readonly sub: Float64Array;
}

const recurrences = new Map<number, Recurrence>();

/**
 * The recurrence coefficients the harmonics are computed with (cached per `lmax`), for kernels that compute the same
 * harmonics elsewhere (mlip's pooled ACE kernel): q_l^m = a·u·q_{l−1}^m − b·ρ·q_{l−2}^m at index l(l+1)/2 + m,
 * q_l^l = diag[l]·q_{l−1}^{l−1}, q_l^{l−1} = sub[l]·u·q_{l−1}^{l−1}.
 *
 * @example
 * ```ts
 * harmonicRecurrence(2).sub[1]; // √1 = 1
 * ```
 */
export function harmonicRecurrence(lmax: number): Recurrence {
  return recurrence(lmax);
}

function recurrence(lmax: number): Recurrence {
  let r = recurrences.get(lmax);
  if (r) return r;
  const n = ((lmax + 1) * (lmax + 2)) / 2;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const diag = new Float64Array(lmax + 1);
  const sub = new Float64Array(lmax + 1);
  for (let l = 1; l <= lmax; l++) {
    diag[l] = Math.sqrt((2 * l - 1) / (2 * l));
    sub[l] = Math.sqrt(2 * l - 1);
    for (let m = 0; m <= l - 2; m++) {
      const i = (l * (l + 1)) / 2 + m;
      a[i] = (2 * l - 1) / Math.sqrt((l - m) * (l + m));
      b[i] = Math.sqrt(((l + m - 1) * (l - m - 1)) / ((l - m) * (l + m)));
    }
  }
  r = { lmax, a, b, diag, sub };
  recurrences.set(lmax, r);
  return r;
}

/** The list of degrees requested by an lmax, an Irreps or an irreps string (e3nn: parity must be (−1)^l for all or +1 for all). */
export function shDegrees(irrepsOrLmax: number | Irreps | string | readonly number[]): number[] {
  if (typeof irrepsOrLmax === 'number') {
    if (!Number.isInteger(irrepsOrLmax) || irrepsOrLmax < 0)
      throw new RangeError(`sphericalHarmonics: lmax must be a non-negative integer, got ${irrepsOrLmax}`);
    return Array.from({ length: irrepsOrLmax + 1 }, (_, l) => l);
  }
  if (Array.isArray(irrepsOrLmax)) return [...(irrepsOrLmax as readonly number[])];
  const irreps = new Irreps(irrepsOrLmax as Irreps | string);
  const allY = irreps.entries.every((e) => e.ir.p === (e.ir.l % 2 === 0 ? 1 : -1));
  const allE = irreps.entries.every((e) => e.ir.p === 1);
  if (!allY && !allE)
    throw new RangeError(`sphericalHarmonics: irreps ${irreps.toString()} must have parity (-1)^l (or +1 for pseudovector input)`);
  return irreps.ls;
}

/**
 * Real spherical harmonics of N vectors, exactly as e3nn 0.5's `o3.spherical_harmonics`.
 *
 * - Polar axis y, no Condon-Shortley phase; the l = 1 harmonics of a unit vector are √3·(x, y, z)
 *   with `'component'` normalisation; flat index within a degree is l + m (m = −l…l).
 * - `normalize = true` evaluates at x/|x| (a zero vector gives Y⁰ only, as e3nn); `false` gives the
 *   homogeneous polynomials |x|^l·Y(x̂).
 *
 * @param irrepsOrLmax an lmax (degrees 0…lmax), an Irreps / string such as `'0e+1o+2e'`, or a list of degrees
 * @param vectors Float64Array(3N), interleaved x, y, z
 * @param out optional Float64Array(N·dim) to write into (avoids allocating in hot loops)
 * @returns Float64Array(N·dim), row n holds the harmonics of vector n
 * @example
 * ```ts
 * const y = sphericalHarmonics(1, new Float64Array([0, 0, 2]), true, 'component');
 * // y = [1, 0, 0, √3]
 * ```
 */
export function sphericalHarmonics(
  irrepsOrLmax: number | Irreps | string | readonly number[],
  vectors: ArrayLike<number>,
  normalize: boolean,
  normalization: ShNormalization = 'integral',
  out?: Float64Array,
): Float64Array {
  return computeSphericalHarmonics(irrepsOrLmax, vectors, normalize, normalization, false, out).values;
}

/**
 * Spherical harmonics and their analytic gradients with respect to the input vectors
 * (`gradients[(n·dim + k)·3 + c]` = ∂Y_k(x_n)/∂x_{n,c}), for forces.
 *
 * @example
 * ```ts
 * const { values, gradients } = sphericalHarmonicsWithGradient(2, new Float64Array([1, 2, 3]), true);
 * // reuse buffers in a loop: sphericalHarmonicsWithGradient(2, v, true, 'integral', { values, gradients })
 * ```
 */
export function sphericalHarmonicsWithGradient(
  irrepsOrLmax: number | Irreps | string | readonly number[],
  vectors: ArrayLike<number>,
  normalize: boolean,
  normalization: ShNormalization = 'integral',
  out?: { readonly values: Float64Array; readonly gradients: Float64Array },
): Required<ShResult> {
  return computeSphericalHarmonics(
    irrepsOrLmax,
    vectors,
    normalize,
    normalization,
    true,
    out?.values,
    out?.gradients,
  ) as Required<ShResult>;
}

function computeSphericalHarmonics(
  irrepsOrLmax: number | Irreps | string | readonly number[],
  vectors: ArrayLike<number>,
  normalize: boolean,
  normalization: ShNormalization,
  withGradient: boolean,
  outBuffer?: Float64Array,
  gradBuffer?: Float64Array,
): ShResult {
  if (vectors.length % 3 !== 0) throw new RangeError(`sphericalHarmonics: vectors length ${vectors.length} is not a multiple of 3`);
  if (normalization !== 'integral' && normalization !== 'component' && normalization !== 'norm') {
    throw new RangeError(`sphericalHarmonics: normalization must be 'integral', 'component' or 'norm', got '${String(normalization)}'`);
  }
  const ls = shDegrees(irrepsOrLmax);
  const lmax = ls.length === 0 ? 0 : Math.max(...ls);
  const full = (lmax + 1) * (lmax + 1);
  const identity = ls.length === lmax + 1 && ls.every((l, i) => l === i);
  const dim = ls.reduce((s, l) => s + 2 * l + 1, 0);
  const n = vectors.length / 3;
  if (outBuffer && outBuffer.length !== n * dim)
    throw new RangeError(`sphericalHarmonics: out has length ${outBuffer.length}, expected ${n * dim}`);
  const values = outBuffer ?? new Float64Array(n * dim);
  if (gradBuffer && gradBuffer.length !== n * dim * 3)
    throw new RangeError(`sphericalHarmonics: gradients buffer has length ${gradBuffer.length}, expected ${n * dim * 3}`);
  const gradients = withGradient ? (gradBuffer ?? new Float64Array(n * dim * 3)) : undefined;
  const scale = new Float64Array(lmax + 1);
  for (let l = 0; l <= lmax; l++) {
    scale[l] = normalization === 'norm' ? 1 : normalization === 'component' ? Math.sqrt(2 * l + 1) : Math.sqrt((2 * l + 1) / (4 * Math.PI));
  }
  const rec = recurrence(lmax);
  if (identity && !withGradient) {
    fastHarmonics(rec, vectors, normalize, scale, values);
    return { values, dim };
  }
  if (identity && gradients) {
    fastHarmonicsWithGradient(rec, vectors, normalize, scale, values, gradients);
    return { values, gradients, dim };
  }
  const nq = ((lmax + 1) * (lmax + 2)) / 2;
  const q = new Float64Array(nq);
  const qu = new Float64Array(nq);
  const qr = new Float64Array(nq);
  const c = new Float64Array(lmax + 1);
  const s = new Float64Array(lmax + 1);
  const row = identity ? null : new Float64Array(full);
  const growRow = identity || !withGradient ? null : new Float64Array(full * 3);
  const sqrt2 = Math.SQRT2;
  for (let iv = 0; iv < n; iv++) {
    let x = vectors[3 * iv] as number;
    let y = vectors[3 * iv + 1] as number;
    let z = vectors[3 * iv + 2] as number;
    let r = 1;
    if (normalize) {
      r = Math.sqrt(x * x + y * y + z * z);
      if (r > 0) {
        x /= r;
        y /= r;
        z /= r;
      }
    }
    const rho = x * x + y * y + z * z;
    // polar u = y, azimuth plane (a, b) = (z, x): c_m + i s_m = (z + i x)^m
    c[0] = 1;
    s[0] = 0;
    for (let m = 1; m <= lmax; m++) {
      const cp = c[m - 1] as number;
      const sp = s[m - 1] as number;
      c[m] = z * cp - x * sp;
      s[m] = z * sp + x * cp;
    }
    q[0] = 1;
    qu[0] = 0;
    qr[0] = 0;
    for (let l = 1; l <= lmax; l++) {
      const base = (l * (l + 1)) / 2;
      const prev = ((l - 1) * l) / 2;
      const prev2 = ((l - 2) * (l - 1)) / 2;
      for (let m = 0; m <= l - 2; m++) {
        const A = rec.a[base + m] as number;
        const B = rec.b[base + m] as number;
        const q1 = q[prev + m] as number;
        const q2 = q[prev2 + m] as number;
        q[base + m] = A * y * q1 - B * rho * q2;
        if (withGradient) {
          qu[base + m] = A * (q1 + y * (qu[prev + m] as number)) - B * rho * (qu[prev2 + m] as number);
          qr[base + m] = A * y * (qr[prev + m] as number) - B * (q2 + rho * (qr[prev2 + m] as number));
        }
      }
      const qd = q[prev + l - 1] as number;
      const sub = rec.sub[l] as number;
      q[base + l - 1] = sub * y * qd;
      q[base + l] = (rec.diag[l] as number) * qd;
      if (withGradient) {
        qu[base + l - 1] = sub * (qd + y * (qu[prev + l - 1] as number));
        qr[base + l - 1] = sub * y * (qr[prev + l - 1] as number);
        qu[base + l] = (rec.diag[l] as number) * (qu[prev + l - 1] as number);
        qr[base + l] = (rec.diag[l] as number) * (qr[prev + l - 1] as number);
      }
    }
    const out = row ?? values;
    const o = row ? 0 : iv * dim;
    const gout = growRow ?? gradients;
    const go = growRow ? 0 : iv * dim * 3;
    for (let l = 0; l <= lmax; l++) {
      const base = (l * (l + 1)) / 2;
      const k0 = o + l * l + l;
      const sc = scale[l] as number;
      const sc2 = sc * sqrt2;
      out[k0] = sc * (q[base] as number);
      for (let m = 1; m <= l; m++) {
        const qm = q[base + m] as number;
        out[k0 + m] = sc2 * qm * (c[m] as number);
        out[k0 - m] = sc2 * qm * (s[m] as number);
      }
      if (gout) {
        // ∂/∂(x, y, z); q depends on y and ρ = x²+y²+z²; c_m, s_m on (a, b) = (z, x).
        const g0 = go + (l * l + l) * 3;
        const q0u = qu[base] as number;
        const q0r = 2 * (qr[base] as number);
        gout[g0] = sc * q0r * x;
        gout[g0 + 1] = sc * (q0u + q0r * y);
        gout[g0 + 2] = sc * q0r * z;
        for (let m = 1; m <= l; m++) {
          const qm = q[base + m] as number;
          const dqu = qu[base + m] as number;
          const dqr = 2 * (qr[base + m] as number);
          const cm = c[m] as number;
          const sm = s[m] as number;
          const cm1 = c[m - 1] as number;
          const sm1 = s[m - 1] as number;
          // c_m: ∂/∂z = m c_{m−1}, ∂/∂x = −m s_{m−1};  s_m: ∂/∂z = m s_{m−1}, ∂/∂x = m c_{m−1}
          const gp = g0 + 3 * m;
          gout[gp] = sc2 * (dqr * x * cm - qm * m * sm1);
          gout[gp + 1] = sc2 * (dqu + dqr * y) * cm;
          gout[gp + 2] = sc2 * (dqr * z * cm + qm * m * cm1);
          const gm = g0 - 3 * m;
          gout[gm] = sc2 * (dqr * x * sm + qm * m * cm1);
          gout[gm + 1] = sc2 * (dqu + dqr * y) * sm;
          gout[gm + 2] = sc2 * (dqr * z * sm + qm * m * sm1);
        }
      }
    }
    if (row) {
      let k = iv * dim;
      for (const l of ls) {
        for (let j = l * l; j < (l + 1) * (l + 1); j++) {
          values[k] = row[j] as number;
          if (growRow && gradients) {
            gradients[3 * k] = growRow[3 * j] as number;
            gradients[3 * k + 1] = growRow[3 * j + 1] as number;
            gradients[3 * k + 2] = growRow[3 * j + 2] as number;
          }
          k++;
        }
      }
    }
    if (gradients && normalize) {
      // f(v) = P(v/|v|): ∇f = (∇P(x̂) − l·P(x̂)·x̂)/r (P homogeneous of degree l); zero at v = 0.
      let k = iv * dim;
      for (const l of ls) {
        for (let j = 0; j < 2 * l + 1; j++, k++) {
          if (!(r > 0)) {
            gradients[3 * k] = 0;
            gradients[3 * k + 1] = 0;
            gradients[3 * k + 2] = 0;
            continue;
          }
          const p = l * (values[k] as number);
          gradients[3 * k] = ((gradients[3 * k] as number) - p * x) / r;
          gradients[3 * k + 1] = ((gradients[3 * k + 1] as number) - p * y) / r;
          gradients[3 * k + 2] = ((gradients[3 * k + 2] as number) - p * z) / r;
        }
      }
    }
  }
  return gradients ? { values, gradients, dim } : { values, dim };
}

/**
 * The hot path (all degrees 0…lmax, no gradient): per vector, per order m, the l-recurrence runs on
 * scalars and writes Y_{l,±m} straight into the output row.
 */
function fastHarmonics(rec: Recurrence, vectors: ArrayLike<number>, normalize: boolean, scale: Float64Array, out: Float64Array): void {
  const L = rec.lmax;
  const dim = (L + 1) * (L + 1);
  const n = vectors.length / 3;
  const { a, b, diag, sub } = rec;
  const sc2 = scale.map((v) => v * Math.SQRT2);
  const sc0 = scale[0]!;
  for (let iv = 0; iv < n; iv++) {
    let x = vectors[3 * iv] as number;
    let y = vectors[3 * iv + 1] as number;
    let z = vectors[3 * iv + 2] as number;
    if (normalize) {
      const r = Math.sqrt(x * x + y * y + z * z);
      if (r > 0) {
        x /= r;
        y /= r;
        z /= r;
      }
    }
    const rho = x * x + y * y + z * z;
    const o = iv * dim;
    // m = 0
    out[o] = sc0;
    let q2 = 1;
    let q1 = 0;
    if (L >= 1) {
      q1 = sub[1]! * y;
      out[o + 2] = scale[1]! * q1;
    }
    for (let l = 2; l <= L; l++) {
      const t = (l * (l + 1)) >> 1;
      const q = a[t]! * y * q1 - b[t]! * rho * q2;
      out[o + l * l + l] = scale[l]! * q;
      q2 = q1;
      q1 = q;
    }
    let qmm = 1;
    let cm = 1;
    let sm = 0;
    for (let m = 1; m <= L; m++) {
      const cNew = z * cm - x * sm;
      sm = z * sm + x * cm;
      cm = cNew;
      qmm *= diag[m]!;
      // l = m
      let f = sc2[m]! * qmm;
      let c0 = o + m * m + m;
      out[c0 + m] = f * cm;
      out[c0 - m] = f * sm;
      if (m === L) break;
      // l = m + 1
      q2 = qmm;
      q1 = sub[m + 1]! * y * qmm;
      f = sc2[m + 1]! * q1;
      c0 = o + (m + 1) * (m + 1) + m + 1;
      out[c0 + m] = f * cm;
      out[c0 - m] = f * sm;
      for (let l = m + 2; l <= L; l++) {
        const t = ((l * (l + 1)) >> 1) + m;
        const q = a[t]! * y * q1 - b[t]! * rho * q2;
        q2 = q1;
        q1 = q;
        f = sc2[l]! * q;
        c0 = o + l * l + l;
        out[c0 + m] = f * cm;
        out[c0 - m] = f * sm;
      }
    }
  }
}

/**
 * The hot path with gradients (all degrees 0…lmax): the scalar l-recurrence carries q, ∂q/∂y and
 * ∂q/∂ρ (ρ = |x|²), the azimuthal factors (z + ix)^m and their derivatives come from the previous m,
 * and for normalised input the chain rule ∇f = (∇P(x̂) − l·P(x̂)·x̂)/r is applied per degree.
 * Deliberate hot-loop specialisation of the general path above (the same vector loop and recurrence), with the
 * scalars in registers instead of per-degree arrays; the general path keeps arbitrary degree lists. mlip's
 * ace-pool-kernel.ts repeats this recurrence in worker source on purpose (a pool kernel imports nothing).
 */
function fastHarmonicsWithGradient(
  rec: Recurrence,
  vectors: ArrayLike<number>,
  normalize: boolean,
  scale: Float64Array,
  out: Float64Array,
  grad: Float64Array,
): void {
  const L = rec.lmax;
  const dim = (L + 1) * (L + 1);
  const n = vectors.length / 3;
  const { a, b, diag, sub } = rec;
  const sc2 = scale.map((v) => v * Math.SQRT2);
  for (let iv = 0; iv < n; iv++) {
    let x = vectors[3 * iv] as number;
    let y = vectors[3 * iv + 1] as number;
    let z = vectors[3 * iv + 2] as number;
    let r = 1;
    if (normalize) {
      r = Math.sqrt(x * x + y * y + z * z);
      if (r > 0) {
        x /= r;
        y /= r;
        z /= r;
      }
    }
    const rho = x * x + y * y + z * z;
    const o = iv * dim;
    // m = 0: Y_l0 = sc·q_l^0
    let q2 = 0;
    let q1 = 1;
    let u2 = 0;
    let u1 = 0;
    let r2 = 0;
    let r1 = 0;
    for (let l = 0; l <= L; l++) {
      let q = 1;
      let qu = 0;
      let qr = 0;
      if (l === 1) {
        q = sub[1]! * y;
        qu = sub[1]!;
      } else if (l >= 2) {
        const t = (l * (l + 1)) >> 1;
        const A = a[t]!;
        const B = b[t]!;
        q = A * y * q1 - B * rho * q2;
        qu = A * (q1 + y * u1) - B * rho * u2;
        qr = A * y * r1 - B * (q2 + rho * r2);
      }
      if (l >= 1) {
        q2 = q1;
        u2 = u1;
        r2 = r1;
      }
      q1 = q;
      u1 = qu;
      r1 = qr;
      const sc = scale[l]!;
      const k = o + l * l + l;
      out[k] = sc * q;
      const dqr = 2 * qr;
      grad[3 * k] = sc * dqr * x;
      grad[3 * k + 1] = sc * (qu + dqr * y);
      grad[3 * k + 2] = sc * dqr * z;
    }
    let qmm = 1;
    let cm = 1;
    let sm = 0;
    for (let m = 1; m <= L; m++) {
      const cm1 = cm;
      const sm1 = sm;
      cm = z * cm1 - x * sm1;
      sm = z * sm1 + x * cm1;
      qmm *= diag[m]!;
      q2 = 0;
      u2 = 0;
      r2 = 0;
      q1 = qmm;
      u1 = 0;
      r1 = 0;
      for (let l = m; l <= L; l++) {
        let q = qmm;
        let qu = 0;
        let qr = 0;
        if (l === m + 1) {
          q = sub[l]! * y * qmm;
          qu = sub[l]! * qmm;
        } else if (l >= m + 2) {
          const t = ((l * (l + 1)) >> 1) + m;
          const A = a[t]!;
          const B = b[t]!;
          q = A * y * q1 - B * rho * q2;
          qu = A * (q1 + y * u1) - B * rho * u2;
          qr = A * y * r1 - B * (q2 + rho * r2);
        }
        if (l > m) {
          q2 = q1;
          u2 = u1;
          r2 = r1;
        }
        q1 = q;
        u1 = qu;
        r1 = qr;
        const f = sc2[l]!;
        const c0 = o + l * l + l;
        out[c0 + m] = f * q * cm;
        out[c0 - m] = f * q * sm;
        const dqr = 2 * qr;
        const dy = qu + dqr * y;
        const gp = 3 * (c0 + m);
        grad[gp] = f * (dqr * x * cm - q * m * sm1);
        grad[gp + 1] = f * dy * cm;
        grad[gp + 2] = f * (dqr * z * cm + q * m * cm1);
        const gm = 3 * (c0 - m);
        grad[gm] = f * (dqr * x * sm + q * m * cm1);
        grad[gm + 1] = f * dy * sm;
        grad[gm + 2] = f * (dqr * z * sm + q * m * sm1);
      }
    }
    if (normalize) {
      for (let l = 0; l <= L; l++) {
        for (let k = o + l * l; k < o + (l + 1) * (l + 1); k++) {
          if (!(r > 0)) {
            grad[3 * k] = 0;
            grad[3 * k + 1] = 0;
            grad[3 * k + 2] = 0;
            continue;
          }
          const p = l * out[k]!;
          grad[3 * k] = (grad[3 * k]! - p * x) / r;
          grad[3 * k + 1] = (grad[3 * k + 1]! - p * y) / r;
          grad[3 * k + 2] = (grad[3 * k + 2]! - p * z) / r;
        }
      }
    }
  }
}
