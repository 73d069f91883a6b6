import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  contract,
  fold,
  frobeniusNorm,
  identity,
  innerProduct,
  leftSingular,
  matmul,
  modeProduct,
  permute,
  qr,
  smallSvd,
  tensor,
  tensorAt,
  tensorFromFunction,
  transpose,
  unfold,
  unfoldingGram,
} from '../src/index.ts';
import { gaussian } from './helpers.ts';

const rng = new SeededRng(7);

describe('dense tensors', () => {
  const x = tensorFromFunction([2, 3, 4], ([i, j, k]) => 100 * i! + 10 * j! + k!);

  it('stores entries in C order (last index fastest)', () => {
    expect(x.data[1]).toBe(1);
    expect(x.data[4]).toBe(10);
    expect(x.data[12]).toBe(100);
    expect(tensorAt(x, [1, 2, 3])).toBe(123);
  });

  it('unfolds with the remaining modes in C order (tensorly convention)', () => {
    const u1 = unfold(x, 1);
    expect([u1.rows, u1.cols]).toEqual([3, 8]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expect(u1.data[j * 8 + i * 4 + k]).toBe(100 * i + 10 * j + k);
    for (let m = 0; m < 3; m++) expect(fold(unfold(x, m), m, x.shape).data).toEqual(x.data);
  });

  it('mode-n product satisfies (X ×ₙ M)₍ₙ₎ = M X₍ₙ₎', () => {
    const y = tensor([5, 6, 7], rng.normalArray(210));
    for (let n = 0; n < 3; n++) {
      const m = gaussian(rng, 4, y.shape[n]!);
      const lhs = unfold(modeProduct(y, m, n), n);
      const rhs = matmul(m, unfold(y, n));
      assertClose(lhs.data, rhs.data, { rtol: 1e-12, atol: 1e-12 }, `mode ${n}`);
      assertClose(modeProduct(y, transpose(m), n, true).data, modeProduct(y, m, n).data, { rtol: 1e-14 }, 'transposed');
      expect(modeProduct(y, identity(y.shape[n]!), n).data).toEqual(y.data);
    }
  });

  it('contracts like numpy.tensordot', () => {
    const a = tensor([3, 4, 5], rng.normalArray(60));
    const b = tensor([5, 2, 4], rng.normalArray(40));
    const c = contract(a, b, [1, 2], [2, 0]);
    expect(c.shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++)
      for (let q = 0; q < 2; q++) {
        let s = 0;
        for (let j = 0; j < 4; j++) for (let k = 0; k < 5; k++) s += tensorAt(a, [i, j, k]) * tensorAt(b, [k, q, j]);
        expect(tensorAt(c, [i, q])).toBeCloseTo(s, 12);
      }
    const p = permute(a, [2, 0, 1]);
    expect(tensorAt(p, [4, 2, 3])).toBe(tensorAt(a, [2, 3, 4]));
  });

  it('norm and inner product', () => {
    const a = tensor([2, 2], Float64Array.of(1, 2, 3, 4));
    expect(frobeniusNorm(a)).toBeCloseTo(Math.sqrt(30), 14);
    expect(innerProduct(a, a)).toBe(30);
    expect(frobeniusNorm(tensor([2], Float64Array.of(3e200, 4e200)))).toBeCloseTo(5e200, -186);
  });

  it('rejects mismatched sizes', () => {
    expect(() => tensor([2, 2], new Float64Array(3))).toThrow(/needs 4/);
    expect(() => modeProduct(x, identity(5), 0)).toThrow(/mode 0/);
  });
});

describe('small dense linear algebra', () => {
  it('QR: Q orthonormal and Q R = A', () => {
    const a = gaussian(rng, 12, 5);
    const { q, r } = qr(a);
    assertClose(matmul(q, r).data, a.data, { rtol: 1e-13, atol: 1e-13 }, 'QR');
    assertClose(matmul(q, q, true).data, identity(5).data, { atol: 1e-14 }, 'QᵀQ');
    for (let i = 1; i < 5; i++) for (let j = 0; j < i; j++) expect(r.data[i * 5 + j]).toBe(0);
  });

  it('Gram and QR routes give the same singular values as ml-matrix SVD', () => {
    const y = tensor([6, 7, 8], rng.normalArray(336));
    const a = unfold(y, 0);
    const ref = smallSvd(a).s;
    assertClose(leftSingular(a, 'gram').s, ref, { rtol: 1e-12 }, 'gram');
    assertClose(leftSingular(a, 'qr').s, ref, { rtol: 1e-13 }, 'qr');
    assertClose(leftSingular(transpose(a), 'qr').s, ref, { rtol: 1e-13 }, 'tall');
    assertClose(unfoldingGram(y, 1).data, matmul(unfold(y, 1), unfold(y, 1), false, true).data, { rtol: 1e-13 }, 'Gram');
  });
});
