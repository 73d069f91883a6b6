/**
 * gramToLeading (HOOI's fixed-rank Gram route: subspace iteration with Rayleigh–Ritz) against matrices whose
 * eigen-decomposition is known exactly: G = V diag(λ) Vᵀ with V the orthonormal DCT-II basis,
 * V_ij = c_j cos(π (i + ½) j / n) (c_0 = √(1/n), c_j = √(2/n)), and prescribed λ.
 */
import { describe, expect, it } from 'vitest';
import { type Mat, mat } from '../src/matrix.ts';
import { gramToLeading } from '../src/svd.ts';

const EPS = Number.EPSILON;

function dct(n: number): Mat {
  const v = mat(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) v.data[i * n + j] = Math.sqrt((j === 0 ? 1 : 2) / n) * Math.cos((Math.PI * (i + 0.5) * j) / n);
  return v;
}

/** V diag(λ) Vᵀ. */
function withSpectrum(v: Mat, lambda: readonly number[]): Mat {
  const n = v.rows;
  const g = mat(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v.data[i * n + k]! * lambda[k]! * v.data[j * n + k]!;
      g.data[i * n + j] = s;
    }
  return g;
}

/** max |UᵀU − I| over the r columns. */
function orthonormality(u: Mat): number {
  let worst = 0;
  for (let a = 0; a < u.cols; a++)
    for (let b = 0; b < u.cols; b++) {
      let d = 0;
      for (let i = 0; i < u.rows; i++) d += u.data[i * u.cols + a]! * u.data[i * u.cols + b]!;
      worst = Math.max(worst, Math.abs(d - (a === b ? 1 : 0)));
    }
  return worst;
}

/** sin of the angle between column j of U and the unit column k of V: ‖u − (uᵀv) v‖ (accurate for small angles). */
function sinAngle(u: Mat, j: number, v: Mat, k: number): number {
  let d = 0;
  for (let i = 0; i < u.rows; i++) d += u.data[i * u.cols + j]! * v.data[i * v.cols + k]!;
  let r = 0;
  for (let i = 0; i < u.rows; i++) r += (u.data[i * u.cols + j]! - d * v.data[i * v.cols + k]!) ** 2;
  return Math.sqrt(r);
}

describe('gramToLeading', () => {
  const n = 100;
  const v = dct(n);
  // λ_k = 10^(−k/2) (σ_k = 10^(−k/4)): σ_{k+1}/σ_k ≈ 0.56, the kind of decay the unfoldings of smooth functions show
  const decaying = Array.from({ length: n }, (_, k) => 10 ** (-k / 2));

  it('leading 8 eigenpairs of a known spectrum: λ to n·ε·λ₁ (Weyl), vectors to the Davis–Kahan bound', () => {
    const g = withSpectrum(v, decaying);
    const { u, s } = gramToLeading(g, 8);
    expect(u.rows).toBe(n);
    expect(u.cols).toBe(8);
    // G is formed with rounding ≈ n·ε·λ₁ per entry (sums of n terms) and the iteration stops at a residual ≤ n·ε·θ₁:
    // each eigenvalue is off by at most the sum of the two (Weyl), i.e. 2n·ε·λ₁ plus the square root's rounding
    for (let k = 0; k < 8; k++) expect(Math.abs(s[k]! ** 2 - decaying[k]!)).toBeLessThanOrEqual(2 * n * EPS * decaying[0]!);
    // Davis–Kahan: sin ∠(u_k, v_k) ≤ (perturbation + residual) / gap, gap = λ_k − λ_{k+1} (simple eigenvalues)
    for (let k = 0; k < 8; k++) {
      const gap = decaying[k]! - decaying[k + 1]!;
      expect(sinAngle(u, k, v, k)).toBeLessThanOrEqual((2 * n * EPS * decaying[0]!) / gap);
    }
    // re-orthonormalised by a Householder QR: orthonormal to a small multiple of ε (the measured QR of 100 × 16: 2.5 ε)
    expect(orthonormality(u)).toBeLessThanOrEqual(16 * EPS);
  });

  it('a warm start (the exact vectors, slightly rotated) reaches the same pairs', () => {
    const g = withSpectrum(v, decaying);
    const start = mat(n, 8);
    for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) start.data[i * 8 + j] = v.data[i * n + j]! + 1e-3 * v.data[i * n + 20 + j]!;
    const { u, s } = gramToLeading(g, 8, start);
    for (let k = 0; k < 8; k++) {
      expect(Math.abs(s[k]! ** 2 - decaying[k]!)).toBeLessThanOrEqual(2 * n * EPS * decaying[0]!);
      expect(sinAngle(u, k, v, k)).toBeLessThanOrEqual((2 * n * EPS * decaying[0]!) / (decaying[k]! - decaying[k + 1]!));
    }
  });

  it('a flat spectrum (no convergence in 8 steps) falls back to the full eigensolver: same bounds', () => {
    // λ_k = 1 − k/1000: the block's contraction ratio λ₁₇/λ₈ = 0.991 per step, far from converging in 8 steps
    const flat = Array.from({ length: n }, (_, k) => 1 - k / 1000);
    const g = withSpectrum(v, flat);
    const { u, s } = gramToLeading(g, 8);
    expect(u.cols).toBe(8);
    for (let k = 0; k < 8; k++) {
      expect(Math.abs(s[k]! ** 2 - flat[k]!)).toBeLessThanOrEqual(2 * n * EPS);
      expect(sinAngle(u, k, v, k)).toBeLessThanOrEqual((2 * n * EPS) / (flat[k]! - flat[k + 1]!));
    }
    expect(orthonormality(u)).toBeLessThanOrEqual(n * EPS);
  });

  it('a rank-3 Gram matrix: three exact pairs, the other five vectors orthonormal with σ = 0 to rounding', () => {
    const lowRank = Array.from({ length: n }, (_, k) => (k < 3 ? 3 - k : 0));
    const g = withSpectrum(v, lowRank);
    const { u, s } = gramToLeading(g, 8);
    for (let k = 0; k < 3; k++) expect(Math.abs(s[k]! ** 2 - lowRank[k]!)).toBeLessThanOrEqual(2 * n * EPS * 3);
    // eigenvalues 0 of a matrix with rounding n·ε·λ₁: σ = √λ up to √(2n·ε·λ₁)
    for (let k = 3; k < 8; k++) expect(s[k]!).toBeLessThanOrEqual(Math.sqrt(2 * n * EPS * 3));
    expect(orthonormality(u)).toBeLessThanOrEqual(16 * EPS);
  });
});
