import type { EamFile } from './eam-file.ts';

/**
 * EAM functions on one common grid as LAMMPS stores them after `file2array` + `array2spline`: for each
 * function, 7 cubic-spline coefficients per grid point (flat, point m at `[7m … 7m+6]`, m = 1…n):
 * [0..2] the derivative's quadratic, [3..6] the value's cubic in the fractional offset p ∈ [0, 1].
 */
export interface EamSplines {
  readonly symbols: readonly string[];
  readonly atomicNumbers: readonly number[];
  readonly masses: readonly number[];
  readonly nrho: number;
  readonly nr: number;
  readonly drho: number;
  readonly dr: number;
  readonly rhomax: number;
  readonly cutoff: number;
  /** F(ρ) per element. */
  readonly frho: readonly Float64Array[];
  /** ρ(r) per element (the density an atom of this element contributes). */
  readonly rhor: readonly Float64Array[];
  /** r·φ(r) per element pair, lower triangle (index i(i+1)/2 + j for i ≥ j). */
  readonly z2r: readonly Float64Array[];
}

const SIXTH = 1 / 6;

/** Four-point Lagrange interpolation of a 1-based table onto grid point value r, as LAMMPS' funcfl file2array. */
function lagrange(table: Float64Array, n: number, spacing: number, r: number): number {
  let p = r / spacing + 1.0;
  let k = Math.trunc(p);
  k = Math.min(k, n - 2);
  k = Math.max(k, 2);
  p -= k;
  p = Math.min(p, 2.0);
  const c1 = -SIXTH * p * (p - 1.0) * (p - 2.0);
  const c2 = 0.5 * (p * p - 1.0) * (p - 2.0);
  const c3 = -0.5 * p * (p + 1.0) * (p - 2.0);
  const c4 = SIXTH * p * (p * p - 1.0);
  return c1 * (table[k - 1] as number) + c2 * (table[k] as number) + c3 * (table[k + 1] as number) + c4 * (table[k + 2] as number);
}

/**
 * LAMMPS' `PairEAM::interpolate`: 7 coefficients per point of a 1-based table of n values on spacing delta.
 *
 * @example
 * ```ts
 * const spline = splineCoefficients(table, n, dr);
 * ```
 */
export function splineCoefficients(f: Float64Array, n: number, delta: number): Float64Array {
  const s = new Float64Array(7 * (n + 1));
  const at = (m: number, c: number) => s[7 * m + c] as number;
  const set = (m: number, c: number, v: number) => {
    s[7 * m + c] = v;
  };
  for (let m = 1; m <= n; m++) set(m, 6, f[m] as number);
  set(1, 5, at(2, 6) - at(1, 6));
  set(2, 5, 0.5 * (at(3, 6) - at(1, 6)));
  set(n - 1, 5, 0.5 * (at(n, 6) - at(n - 2, 6)));
  set(n, 5, at(n, 6) - at(n - 1, 6));
  for (let m = 3; m <= n - 2; m++) set(m, 5, (at(m - 2, 6) - at(m + 2, 6) + 8.0 * (at(m + 1, 6) - at(m - 1, 6))) / 12.0);
  for (let m = 1; m <= n - 1; m++) {
    set(m, 4, 3.0 * (at(m + 1, 6) - at(m, 6)) - 2.0 * at(m, 5) - at(m + 1, 5));
    set(m, 3, at(m, 5) + at(m + 1, 5) - 2.0 * (at(m + 1, 6) - at(m, 6)));
  }
  set(n, 4, 0.0);
  set(n, 3, 0.0);
  for (let m = 1; m <= n; m++) {
    set(m, 2, at(m, 5) / delta);
    set(m, 1, (2.0 * at(m, 4)) / delta);
    set(m, 0, (3.0 * at(m, 3)) / delta);
  }
  return s;
}

/**
 * Combine one or more funcfl files (LAMMPS `pair_style eam` with several `pair_coeff` lines) onto a common
 * grid exactly as LAMMPS does: the largest spacings and ranges, each table re-interpolated with 4-point
 * Lagrange polynomials, and the pair term r·φ = 27.2 · 0.529 · Zᵢ(r) Zⱼ(r).
 *
 * @example
 * ```ts
 * const splines = funcflSplines([parseEamFuncfl(text)]);
 * ```
 */
export function funcflSplines(files: readonly EamFile[]): EamSplines {
  if (files.length === 0) throw new RangeError('funcflSplines needs at least one funcfl file');
  let dr = 0,
    drho = 0,
    rmax = 0,
    rhomax = 0,
    cutoff = 0;
  for (const f of files) {
    if (f.format !== 'funcfl') throw new RangeError(`${f.fileName} is not a funcfl file`);
    dr = Math.max(dr, f.dr);
    drho = Math.max(drho, f.drho);
    rmax = Math.max(rmax, (f.nr - 1) * f.dr);
    rhomax = Math.max(rhomax, (f.nrho - 1) * f.drho);
    cutoff = Math.max(cutoff, f.cutoff);
  }
  const nr = Math.trunc(rmax / dr + 0.5);
  const nrho = Math.trunc(rhomax / drho + 0.5);
  const frho: Float64Array[] = [];
  const rhor: Float64Array[] = [];
  const zr: Float64Array[] = [];
  for (const f of files) {
    const e = f.elements[0];
    if (e === undefined || e.zr === undefined) throw new RangeError(`${f.fileName} has no Z(r) table`);
    const F = new Float64Array(nrho + 1);
    for (let m = 1; m <= nrho; m++) F[m] = lagrange(e.frho, f.nrho, f.drho, (m - 1) * drho);
    const R = new Float64Array(nr + 1);
    const Z = new Float64Array(nr + 1);
    for (let m = 1; m <= nr; m++) {
      R[m] = lagrange(e.rhor, f.nr, f.dr, (m - 1) * dr);
      Z[m] = lagrange(e.zr, f.nr, f.dr, (m - 1) * dr);
    }
    frho.push(F);
    rhor.push(R);
    zr.push(Z);
  }
  const z2r: Float64Array[] = [];
  for (let i = 0; i < files.length; i++) {
    for (let j = 0; j <= i; j++) {
      const t = new Float64Array(nr + 1);
      const zi = zr[i] as Float64Array,
        zj = zr[j] as Float64Array;
      for (let m = 1; m <= nr; m++) t[m] = 27.2 * 0.529 * (zi[m] as number) * (zj[m] as number);
      z2r.push(t);
    }
  }
  return {
    symbols: files.map((f) => f.elements[0]?.symbol ?? '?'),
    atomicNumbers: files.map((f) => f.elements[0]?.atomicNumber ?? 0),
    masses: files.map((f) => f.elements[0]?.mass ?? 0),
    nrho,
    nr,
    drho,
    dr,
    rhomax,
    cutoff,
    frho: frho.map((t) => splineCoefficients(t, nrho, drho)),
    rhor: rhor.map((t) => splineCoefficients(t, nr, dr)),
    z2r: z2r.map((t) => splineCoefficients(t, nr, dr)),
  };
}

/**
 * Splines of a setfl file (LAMMPS `pair_style eam/alloy`): the tables are used on their own grid.
 *
 * @example
 * ```ts
 * const splines = setflSplines(parseEamSetfl(text));
 * ```
 */
export function setflSplines(file: EamFile): EamSplines {
  if (file.format !== 'setfl') throw new RangeError(`${file.fileName} is not a setfl file`);
  const { nrho, nr, drho, dr } = file;
  return {
    symbols: file.elements.map((e) => e.symbol),
    atomicNumbers: file.elements.map((e) => e.atomicNumber),
    masses: file.elements.map((e) => e.mass),
    nrho,
    nr,
    drho,
    dr,
    rhomax: (nrho - 1) * drho,
    cutoff: file.cutoff,
    frho: file.elements.map((e) => splineCoefficients(e.frho, nrho, drho)),
    rhor: file.elements.map((e) => splineCoefficients(e.rhor, nr, dr)),
    z2r: file.z2r.map((t) => splineCoefficients(t, nr, dr)),
  };
}
