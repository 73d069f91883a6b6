import { describe, expect, it } from 'vitest';
import { gaunt } from '../src/gaunt.ts';
import { Irrep, Irreps } from '../src/irreps.ts';
import { resolveCpRank } from '../src/kinds/cp-kind.ts';
import { createKindTensorProduct } from '../src/kinds/create.ts';
import { gaussLegendre } from '../src/quadrature.ts';
import { sphericalHarmonics } from '../src/spherical-harmonics.ts';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { wigner3j } from '../src/wigner-3j.ts';
import { wignerD } from '../src/wigner-d.ts';

describe('impossible arguments throw a RangeError naming them (as in every package)', () => {
  it('irreps, harmonics, Wigner and Gaunt coefficients, quadrature', () => {
    expect(() => new Irrep(-1, 1)).toThrow(RangeError);
    expect(() => new Irrep(1, 0)).toThrow(/parity/);
    expect(() => new Irreps('').lmax).toThrow(RangeError);
    expect(() => sphericalHarmonics(-1, new Float64Array(3), true)).toThrow(RangeError);
    expect(() => sphericalHarmonics(2, new Float64Array(4), true)).toThrow(/multiple of 3/);
    expect(() => wigner3j(1, 1, 3)).toThrow(RangeError);
    expect(() => wignerD(1.5, 0, 0, 0)).toThrow(RangeError);
    expect(() => gaunt(1, 1, 3)).toThrow(RangeError);
    expect(() => gaussLegendre(0)).toThrow(RangeError);
  });

  it('tensor products and the four kinds', () => {
    expect(() => new TensorProduct('1o', '1o', '1o', [[0, 0, 0, 'uvw', true]])).toThrow(RangeError);
    const tp = new TensorProduct('1o', '1o', '0e', [[0, 0, 0, 'uvw', true]]);
    expect(() => tp.forward(new Float64Array(3), new Float64Array(2), new Float64Array(1))).toThrow(RangeError);
    expect(() => resolveCpRank(0, 2)).toThrow(RangeError);
    expect(() => createKindTensorProduct('fft' as 'cg', { ls1: [1], ls2: [1], lsOut: [1] })).toThrow(RangeError);
    expect(() => createKindTensorProduct('grid', { ls1: [1], ls2: [1], lsOut: [1], coupling: 'wigner3j' })).toThrow(RangeError);
    expect(() => createKindTensorProduct('cg', { ls1: [-1], ls2: [1], lsOut: [1] })).toThrow(RangeError);
    const kind = createKindTensorProduct('cg', { ls1: [1], ls2: [1], lsOut: [0] });
    expect(() => kind.apply(new Float64Array(3), new Float64Array(2))).toThrow(RangeError);
  });
});
