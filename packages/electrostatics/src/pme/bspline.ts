/** Smallest and largest B-spline order the PME code accepts. */
export const MIN_ORDER = 4;
export const MAX_ORDER = 8;

/**
 * Cardinal B-spline weights of order p (Essmann et al., J. Chem. Phys. 103, 8577 (1995), eqs. 4.1–4.2) at the p
 * mesh points a charge with fractional mesh coordinate u = ⌊u⌋ + w touches: `values[offset + j]` = M_p(w + j) and
 * `derivs[offset + j]` = M_p'(w + j) for j = 0 … p−1, the weight of mesh point ⌊u⌋ − j. The recursion
 * M_p(x) = [x M_{p−1}(x) + (p − x) M_{p−1}(x − 1)]/(p − 1) from M_2(x) = 1 − |x − 1|, and
 * M_p'(x) = M_{p−1}(x) − M_{p−1}(x − 1). The weights sum to 1 and the derivatives to 0. No allocation.
 *
 * @example
 * ```ts
 * const v = new Float64Array(4), d = new Float64Array(4);
 * bsplineWeights(0.25, 4, v, d, 0); // v = M_4(0.25 + j), j = 0…3; Σ v = 1
 * ```
 */
export function bsplineWeights(w: number, order: number, values: Float64Array, derivs: Float64Array, offset: number): void {
  // After the loop for order n: values[offset + j] = M_n(w + j), j < n.
  values[offset] = w;
  values[offset + 1] = 1 - w;
  for (let n = 3; n < order; n++) raise(values, offset, w, n);
  // derivative of M_p from M_{p−1}: M_{p−1}(w + j) − M_{p−1}(w + j − 1)
  derivs[offset] = values[offset] as number;
  for (let j = 1; j < order - 1; j++) derivs[offset + j] = (values[offset + j] as number) - (values[offset + j - 1] as number);
  derivs[offset + order - 1] = -(values[offset + order - 2] as number);
  raise(values, offset, w, order);
}

/** One step of the recursion: M_{n−1}(w + j), j < n − 1, into M_n(w + j), j < n, in place (from the top down). */
function raise(values: Float64Array, offset: number, w: number, n: number): void {
  const div = 1 / (n - 1);
  values[offset + n - 1] = div * (n - (w + n - 1)) * (values[offset + n - 2] as number);
  for (let j = n - 2; j >= 1; j--) {
    const x = w + j;
    values[offset + j] = div * (x * (values[offset + j] as number) + (n - x) * (values[offset + j - 1] as number));
  }
  values[offset] = div * w * (values[offset] as number);
}

/**
 * The cardinal B-spline M_p(x) itself (0 outside (0, p)), by the recursion; a slow reference for tests and the moduli.
 *
 * @example
 * ```ts
 * cardinalBspline(4, 2); // 2/3
 * ```
 */
export function cardinalBspline(order: number, x: number): number {
  if (order === 2) return x <= 0 || x >= 2 ? 0 : 1 - Math.abs(x - 1);
  return (x * cardinalBspline(order - 1, x) + (order - x) * cardinalBspline(order - 1, x - 1)) / (order - 1);
}

/**
 * The B-spline moduli |b(m)|² = 1/|Σ_{k=0}^{p−2} M_p(k + 1) e^{2πi mk/K}|² for m = 0 … K−1 (Essmann eq. 4.4).
 * For odd p the denominator vanishes at m = K/2 (K even); there, as in GROMACS and OpenMM, the mean of the two
 * neighbours is used (that mode carries a negligible weight exp(−π²m²/α²) in any converged mesh).
 *
 * @example
 * ```ts
 * bsplineModuli(32, 4)[0]; // 1 (Σ M_4(k+1) = 1)
 * ```
 */
export function bsplineModuli(size: number, order: number): Float64Array {
  const weights = new Float64Array(order - 1);
  for (let k = 0; k < order - 1; k++) weights[k] = cardinalBspline(order, k + 1);
  const out = new Float64Array(size);
  const tiny = 1e-10;
  for (let m = 0; m < size; m++) {
    let re = 0;
    let im = 0;
    for (let k = 0; k < order - 1; k++) {
      const angle = (2 * Math.PI * m * k) / size;
      re += (weights[k] as number) * Math.cos(angle);
      im += (weights[k] as number) * Math.sin(angle);
    }
    const d = re * re + im * im;
    out[m] = d > tiny ? 1 / d : Number.NaN;
  }
  for (let m = 0; m < size; m++) {
    if (Number.isNaN(out[m])) out[m] = 0.5 * ((out[(m + size - 1) % size] as number) + (out[(m + 1) % size] as number));
  }
  return out;
}
