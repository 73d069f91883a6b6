/**
 * Float comparison with relative and absolute tolerances that reports the worst element.
 *
 * An element passes when |actual − expected| ≤ atol + rtol·|expected| (numpy's `allclose` rule). NaN is never
 * close to anything, another NaN included (unlike `allclose(equal_nan=True)`): a NaN where a number was expected, or
 * an expected NaN, is a failure; so is an infinity on either side, since tolerances are for finite numbers.
 * On failure the message names the index, both values and the errors, so a failing test says
 * where and by how much.
 *
 * @example
 * ```ts
 * import { assertClose } from '@equitensor/testing';
 * assertClose(new Float64Array([1, 2]), [1, 2 + 1e-13], { rtol: 1e-12 });
 * ```
 */
export interface Tolerance {
  /** Relative tolerance (default 1e-12). */
  readonly rtol?: number;
  /** Absolute tolerance (default 0). */
  readonly atol?: number;
}

/** The worst element of a comparison: where it is, and how far off. */
export interface CloseReport {
  /** True when every element is within tolerance. */
  readonly ok: boolean;
  /** Index of the element with the largest violation (or largest error when all pass); −1 when empty. */
  readonly worstIndex: number;
  readonly worstActual: number;
  readonly worstExpected: number;
  /** max |a − e| over all elements. */
  readonly maxAbsError: number;
  /** max |a − e| / |e| over elements with e ≠ 0. */
  readonly maxRelError: number;
}

type Numbers = ArrayLike<number>;

/**
 * Compare two arrays element by element and describe the worst element.
 *
 * @example
 * ```ts
 * const r = compareClose([1, 2, 3], [1, 2, 3.1], { rtol: 1e-3 });
 * r.ok; // false; r.worstIndex === 2
 * ```
 */
export function compareClose(actual: Numbers, expected: Numbers, tol: Tolerance = {}): CloseReport {
  if (typeof actual?.length !== 'number' || typeof expected?.length !== 'number') {
    throw new Error(`compareClose: expected two arrays, got ${typeof actual} and ${typeof expected} (use assertScalarClose for numbers)`);
  }
  if (actual.length !== expected.length) {
    throw new Error(`compareClose: length mismatch, actual has ${actual.length} elements, expected ${expected.length}`);
  }
  const rtol = tol.rtol ?? 1e-12;
  const atol = tol.atol ?? 0;
  let worstIndex = -1;
  let worstExcess = Number.NEGATIVE_INFINITY;
  let maxAbsError = 0;
  let maxRelError = 0;
  let ok = true;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const err = Math.abs(a - e);
    // a NaN error (either side NaN, or ∞ − ∞) fails since NaN ≤ x is false; an infinite expected value would make
    // rtol·|e| infinite, so non-finite values fail outright
    const bad = !(err <= atol + rtol * Math.abs(e)) || !Number.isFinite(a) || !Number.isFinite(e);
    const excess = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err - (atol + rtol * Math.abs(e));
    if (bad) ok = false;
    if (excess > worstExcess) {
      worstExcess = excess;
      worstIndex = i;
    }
    if (err > maxAbsError || Number.isNaN(err)) maxAbsError = Number.isNaN(err) ? Number.NaN : err;
    if (Number.isNaN(err)) maxRelError = Number.NaN;
    else if (e !== 0 && err / Math.abs(e) > maxRelError) maxRelError = err / Math.abs(e);
  }
  return {
    ok,
    worstIndex,
    worstActual: worstIndex >= 0 ? (actual[worstIndex] as number) : Number.NaN,
    worstExpected: worstIndex >= 0 ? (expected[worstIndex] as number) : Number.NaN,
    maxAbsError,
    maxRelError,
  };
}

/**
 * Throw unless every element is within tolerance; the message names the worst element.
 *
 * @example
 * ```ts
 * assertClose([0.1 + 0.2], [0.3], { rtol: 1e-15 }); // passes
 * ```
 */
export function assertClose(actual: Numbers, expected: Numbers, tol: Tolerance = {}, label = 'values'): void {
  const r = compareClose(actual, expected, tol);
  if (!r.ok) {
    throw new Error(
      `${label}: not close (rtol ${tol.rtol ?? 1e-12}, atol ${tol.atol ?? 0}); worst element [${r.worstIndex}] ` +
        `actual ${r.worstActual} expected ${r.worstExpected} (|err| ${Math.abs(r.worstActual - r.worstExpected)}); ` +
        `max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}, ${actual.length} elements`,
    );
  }
}

/**
 * Scalar version of {@link assertClose}.
 *
 * @example
 * ```ts
 * assertScalarClose(Math.PI, 3.141592653589793);
 * ```
 */
export function assertScalarClose(actual: number, expected: number, tol: Tolerance = {}, label = 'value'): void {
  assertClose([actual], [expected], tol, label);
}

/**
 * Relative error ‖a − e‖₂ / ‖e‖₂ of two arrays (the norm-wise error used for tensors and fields).
 *
 * @example
 * ```ts
 * relativeError([1, 0], [1, 1e-3]); // ≈ 1e-3
 * ```
 */
export function relativeError(actual: Numbers, expected: Numbers): number {
  if (typeof actual?.length !== 'number' || typeof expected?.length !== 'number') {
    throw new Error(`relativeError: expected two arrays, got ${typeof actual} and ${typeof expected}`);
  }
  if (actual.length !== expected.length) throw new Error(`relativeError: length mismatch ${actual.length} vs ${expected.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = (actual[i] as number) - (expected[i] as number);
    num += d * d;
    den += (expected[i] as number) ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/**
 * The largest absolute difference of two arrays and the largest |expected| (the scale to judge it against), over
 * the first `expected.length` entries.
 *
 * @example
 * ```ts
 * const { err, scale } = maxDeviation(forces, reference); // err ≤ 1e-10 · scale
 * ```
 */
export function maxDeviation(actual: ArrayLike<number>, expected: ArrayLike<number>): { err: number; scale: number } {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return { err, scale };
}

/**
 * How far a Cholesky factor is from its matrix: the largest |(L Lᵀ)ᵢⱼ − Aᵢⱼ| over the lower triangle (`err`) and the
 * largest |Aᵢⱼ| there (`scale`), for row-major n×n arrays, the products summed in k order. Cholesky is backward
 * stable: err ≤ c·n·ε·scale with a small constant c (Higham, Accuracy and Stability, Thm 10.3).
 *
 * @example
 * ```ts
 * const { err, scale } = choleskyResidual(L, A, n);
 * ```
 */
export function choleskyResidual(L: ArrayLike<number>, A: ArrayLike<number>, n: number): { err: number; scale: number } {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += (L[i * n + k] as number) * (L[j * n + k] as number);
      err = Math.max(err, Math.abs(s - (A[i * n + j] as number)));
      scale = Math.max(scale, Math.abs(A[i * n + j] as number));
    }
  return { err, scale };
}
