import { describe, expect, it } from 'vitest';
import { Irrep, Irreps, IrrepsParseError } from '../src/irreps.ts';

describe('Irreps', () => {
  it('parses e3nn strings and reports dim, lmax, slices', () => {
    const ir = new Irreps('8x0e+8x1o+4x2e');
    expect(ir.dim).toBe(8 + 24 + 20);
    expect(ir.lmax).toBe(2);
    expect(ir.numIrreps).toBe(20);
    expect(ir.slices()).toEqual([
      { start: 0, stop: 8 },
      { start: 8, stop: 32 },
      { start: 32, stop: 52 },
    ]);
    expect(ir.toString()).toBe('8x0e+8x1o+4x2e');
    expect(new Irreps(' 1o + 2x3y ').toString()).toBe('1x1o+2x3o');
    expect(new Irreps('').dim).toBe(0);
    expect(Irreps.sphericalHarmonics(3).toString()).toBe('1x0e+1x1o+1x2e+1x3o');
  });

  it('simplify merges only consecutive equal irreps, as e3nn', () => {
    expect(new Irreps('1e + 1e + 0e').simplify().toString()).toBe('2x1e+1x0e');
    expect(new Irreps('1e + 1e + 0e + 1e').simplify().toString()).toBe('2x1e+1x0e+1x1e');
    expect(new Irreps('4x0e + 0x1o + 2x3e').simplify().toString()).toBe('4x0e+2x3e');
  });

  it('sort orders by l then odd before even, with e3nn permutations', () => {
    const { irreps, p, inv } = new Irreps('2x1e+1x0e+3x0o+1x1o').sort();
    expect(irreps.toString()).toBe('3x0o+1x0e+1x1o+2x1e');
    expect(inv).toEqual([2, 1, 3, 0]);
    expect(p).toEqual([3, 1, 0, 2]);
  });

  it('products of irreps follow the triangle rule and parity', () => {
    expect([...Irrep.parse('1o').times(Irrep.parse('2o'))].map(String)).toEqual(['1e', '2e', '3e']);
  });

  it('bad strings throw a typed error with the column and what was expected', () => {
    expect(() => new Irreps('8x0e+8x1q')).toThrow(IrrepsParseError);
    try {
      new Irreps('8x0e+8x1q');
    } catch (e) {
      expect((e as IrrepsParseError).column).toBe(6);
      expect((e as IrrepsParseError).expected).toContain('8x0e');
    }
  });
});
