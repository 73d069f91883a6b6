/**
 * Wigner D matrices in e3nn's real basis, in closed form: D^l(α, β, γ) = exp(α·X_y)·exp(β·X_x)·exp(γ·X_y)
 * with e3nn's generators. The complex matrix e^{i m′ α}·d^l_{m′m}(β)·e^{i m γ} is changed to the real
 * basis with e3nn's Q; the small-d matrix is d(β) = V·d(π/2)ᵀ·E(β)·d(π/2)·V† with d(π/2) exact (BigInt)
 * and E(β) = diag(e^{−ikβ}), stable at every degree.
 */
import { type ComplexEntry, realToComplexBasis } from './change-of-basis.ts';
import { addFractions, type Fraction, factorial, signedSqrtRatio } from './exact.ts';
import { det3, matrixToAngles } from './rotation.ts';

const halfPiCache = new Map<number, Float64Array>();

/** Wigner small-d at β = π/2, d[(l+m′)(2l+1) + l+m], from exact rationals (cached). */
function smallDHalfPi(l: number): Float64Array {
  const hit = halfPiCache.get(l);
  if (hit) return hit;
  const n = 2 * l + 1;
  const out = new Float64Array(n * n);
  const twoL = 1n << BigInt(2 * l);
  for (let mp = -l; mp <= l; mp++) {
    for (let m = -l; m <= l; m++) {
      let sum: Fraction = { num: 0n, den: 1n };
      for (let k = Math.max(0, m - mp); k <= Math.min(l + m, l - mp); k++) {
        const sign = (k - m + mp) % 2 === 0 ? 1n : -1n;
        const den = factorial(l + m - k) * factorial(k) * factorial(l - k - mp) * factorial(k - m + mp);
        sum = addFractions(sum, { num: sign, den });
      }
      if (sum.num === 0n) continue;
      const f = factorial(l + mp) * factorial(l - mp) * factorial(l + m) * factorial(l - m);
      // d = √f · S / 2^l  →  sign(S)·√(f·S²/(den²·4^l))
      out[(l + mp) * n + l + m] = signedSqrtRatio(sum.num < 0n ? -1 : 1, f * sum.num * sum.num, sum.den * sum.den * twoL);
    }
  }
  halfPiCache.set(l, out);
  return out;
}

/**
 * Wigner small-d matrix d^l_{m′m}(β) = ⟨l m′| e^{−iβJ_y} |l m⟩ (Condon-Shortley), row-major over m′, m = −l…l.
 *
 * @example
 * ```ts
 * wignerSmallD(1, 0); // identity
 * ```
 */
export function wignerSmallD(l: number, beta: number): Float64Array {
  const n = 2 * l + 1;
  const h = smallDHalfPi(l);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let k = -l; k <= l; k++) {
    cos[k + l] = Math.cos(k * beta);
    sin[k + l] = Math.sin(k * beta);
  }
  const out = new Float64Array(n * n);
  // d_{m′m}(β) = i^{m′−m} Σ_k d_{k m′}(π/2) e^{−ikβ} d_{k m}(π/2); the result is real.
  for (let a = 0; a < n; a++) {
    const mp = a - l;
    for (let b = 0; b < n; b++) {
      const m = b - l;
      let re = 0;
      let im = 0;
      for (let c = 0; c < n; c++) {
        const w = (h[c * n + a] as number) * (h[c * n + b] as number);
        re += w * (cos[c] as number);
        im -= w * (sin[c] as number);
      }
      const p = (((mp - m) % 4) + 4) % 4; // i^p
      out[a * n + b] = p === 0 ? re : p === 1 ? -im : p === 2 ? -re : im;
    }
  }
  return out;
}

/**
 * e3nn's real Wigner D matrix D^l(α, β, γ) (YXY Euler angles), flat row-major (2l+1)×(2l+1).
 * D^1(α, β, γ) equals `anglesToMatrix(α, β, γ)` and D(R1R2) = D(R1)D(R2).
 *
 * @example
 * ```ts
 * const d = wignerD(2, 0.3, -1.1, 2.0); // Float64Array(25), orthogonal
 * ```
 */
export function wignerD(l: number, alpha: number, beta: number, gamma: number): Float64Array {
  if (!Number.isInteger(l) || l < 0) throw new RangeError(`wignerD: l must be a non-negative integer, got ${l}`);
  const n = 2 * l + 1;
  const d = wignerSmallD(l, beta);
  // complex D_c[m′, m] = e^{i m′ α} d_{m′m}(β) e^{i m γ}
  const cre = new Float64Array(n * n);
  const cim = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const ph = (a - l) * alpha + (b - l) * gamma;
      const v = d[a * n + b] as number;
      cre[a * n + b] = v * Math.cos(ph);
      cim[a * n + b] = v * Math.sin(ph);
    }
  }
  // D_real = Q† · D_c · Q, Q sparse
  const q = realToComplexBasis(l);
  const byRow: ComplexEntry[][] = Array.from({ length: n }, () => []);
  for (const e of q) byRow[e.row]?.push(e);
  const out = new Float64Array(n * n);
  // (Q† D Q)[j, k] = Σ_{a,b} conj(Q[a, j]) D[a, b] Q[b, k]
  for (let a = 0; a < n; a++) {
    for (const qa of byRow[a] as ComplexEntry[]) {
      for (let b = 0; b < n; b++) {
        const dre = cre[a * n + b] as number;
        const dim = cim[a * n + b] as number;
        if (dre === 0 && dim === 0) continue;
        // conj(qa) · D
        const tre = qa.re * dre + qa.im * dim;
        const tim = qa.re * dim - qa.im * dre;
        for (const qb of byRow[b] as ComplexEntry[]) {
          out[qa.col * n + qb.col] = (out[qa.col * n + qb.col] as number) + tre * qb.re - tim * qb.im;
        }
      }
    }
  }
  return out;
}

/**
 * D^l of an orthogonal 3×3 matrix, improper ones included: D(R) = p^k·D^l(angles of det(R)·R),
 * k = 1 when det R = −1 (e3nn's `Irrep.D_from_matrix`). `parity` is the irrep's p.
 *
 * @example
 * ```ts
 * wignerDFromMatrix(1, -1, rotation); // equals the rotation itself
 * wignerDFromMatrix(1, -1, minusIdentity); // −I
 * ```
 */
export function wignerDFromMatrix(l: number, parity: 1 | -1, r: ArrayLike<number>): Float64Array {
  const det = det3(r);
  const proper = det > 0 ? Float64Array.from(r as ArrayLike<number>) : Float64Array.from(r as ArrayLike<number>, (v) => -v);
  const [a, b, c] = matrixToAngles(proper);
  const out = wignerD(l, a, b, c);
  if (det < 0 && parity === -1) for (let i = 0; i < out.length; i++) out[i] = -(out[i] as number);
  return out;
}
