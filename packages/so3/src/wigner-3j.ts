/**
 * e3nn's real Wigner 3j symbols: exact SU(2) Clebsch-Gordan coefficients changed to the real basis
 * and scaled to unit Frobenius norm (`o3.wigner_3j`).
 */
import { type ComplexEntry, realToComplexBasis } from './change-of-basis.ts';
import { su2ClebschGordan } from './clebsch-gordan.ts';

const cache = new Map<string, Float64Array>();

function byRow(entries: readonly ComplexEntry[], n: number): ComplexEntry[][] {
  const rows: ComplexEntry[][] = Array.from({ length: n }, () => []);
  for (const e of entries) rows[e.row]?.push(e);
  return rows;
}

/**
 * Whether (l1, l2, l3) satisfy the triangle condition |l1 − l2| ≤ l3 ≤ l1 + l2.
 *
 * @example
 * ```ts
 * isTriangle(1, 1, 2); // true
 * isTriangle(1, 1, 3); // false
 * ```
 */
export function isTriangle(l1: number, l2: number, l3: number): boolean {
  return Math.abs(l1 - l2) <= l3 && l3 <= l1 + l2;
}

/**
 * The cached coefficient array of {@link wigner3j} (do not modify it).
 *
 * @example
 * ```ts
 * const c = wigner3jCached(1, 1, 2); // Float64Array(3·3·5)
 * ```
 */
export function wigner3jCached(l1: number, l2: number, l3: number): Float64Array {
  const key = `${l1},${l2},${l3}`;
  const hit = cache.get(key);
  if (hit) return hit;
  for (const l of [l1, l2, l3])
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`wigner3j: degrees must be non-negative integers, got (${l1}, ${l2}, ${l3})`);
  if (!isTriangle(l1, l2, l3))
    throw new RangeError(`wigner3j: (${l1}, ${l2}, ${l3}) violates the triangle condition |l1 − l2| ≤ l3 ≤ l1 + l2`);
  const d1 = 2 * l1 + 1;
  const d2 = 2 * l2 + 1;
  const d3 = 2 * l3 + 1;
  const re = new Float64Array(d1 * d2 * d3);
  const im = new Float64Array(d1 * d2 * d3);
  const q1 = byRow(realToComplexBasis(l1), d1);
  const q2 = byRow(realToComplexBasis(l2), d2);
  const q3 = byRow(realToComplexBasis(l3), d3);
  for (let m1 = -l1; m1 <= l1; m1++) {
    for (let m2 = -l2; m2 <= l2; m2++) {
      const m3 = m1 + m2;
      if (Math.abs(m3) > l3) continue;
      const cg = su2ClebschGordan(l1, m1, l2, m2, l3, m3);
      if (cg === 0) continue;
      // C_real[j, l, m] += Q1[i, j] · Q2[k, l] · conj(Q3[n, m]) · C[i, k, n]
      for (const a of q1[l1 + m1] as ComplexEntry[]) {
        for (const b of q2[l2 + m2] as ComplexEntry[]) {
          const abRe = a.re * b.re - a.im * b.im;
          const abIm = a.re * b.im + a.im * b.re;
          for (const c of q3[l3 + m3] as ComplexEntry[]) {
            const idx = (a.col * d2 + b.col) * d3 + c.col;
            re[idx] = (re[idx] as number) + cg * (abRe * c.re + abIm * c.im);
            im[idx] = (im[idx] as number) + cg * (abIm * c.re - abRe * c.im);
          }
        }
      }
    }
  }
  let norm = 0;
  for (let i = 0; i < re.length; i++) {
    if (Math.abs(im[i] as number) > 1e-10) throw new Error(`wigner3j: internal error, imaginary part ${im[i]} in (${l1}, ${l2}, ${l3})`);
    norm += (re[i] as number) ** 2;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < re.length; i++) re[i] = (re[i] as number) / norm;
  cache.set(key, re);
  return re;
}

/**
 * e3nn's real Wigner 3j symbol as a flat C-order Float64Array of shape (2l1+1, 2l2+1, 2l3+1):
 * invariant under simultaneous rotation, unit Frobenius norm, w3j(1,1,1) = ε/√6.
 * Built from exact BigInt Clebsch-Gordan coefficients; cached.
 *
 * @example
 * ```ts
 * const c = wigner3j(1, 1, 0); // identity / √3
 * c[0]; // 0.5773502691896258
 * ```
 */
export function wigner3j(l1: number, l2: number, l3: number): Float64Array {
  return Float64Array.from(wigner3jCached(l1, l2, l3));
}

/** One non-zero of a 3j tensor: indices into the three (2l+1)-vectors and the value. */
export interface SparseCoupling {
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly k: Int32Array;
  readonly value: Float64Array;
}

const sparseCache = new Map<string, SparseCoupling>();

/**
 * The non-zero entries of {@link wigner3j} (in the real basis only m3 = ±m1 ± m2 contribute).
 *
 * @example
 * ```ts
 * wigner3jSparse(1, 1, 1).value.length; // 6 (the Levi-Civita symbol)
 * ```
 */
export function wigner3jSparse(l1: number, l2: number, l3: number): SparseCoupling {
  const key = `${l1},${l2},${l3}`;
  const hit = sparseCache.get(key);
  if (hit) return hit;
  const dense = wigner3jCached(l1, l2, l3);
  const d2 = 2 * l2 + 1;
  const d3 = 2 * l3 + 1;
  const is: number[] = [];
  const js: number[] = [];
  const ks: number[] = [];
  const vs: number[] = [];
  for (let idx = 0; idx < dense.length; idx++) {
    const v = dense[idx] as number;
    if (v === 0) continue;
    is.push(Math.floor(idx / (d2 * d3)));
    js.push(Math.floor(idx / d3) % d2);
    ks.push(idx % d3);
    vs.push(v);
  }
  const out = { i: Int32Array.from(is), j: Int32Array.from(js), k: Int32Array.from(ks), value: Float64Array.from(vs) };
  sparseCache.set(key, out);
  return out;
}
