import { describe, expect, it } from 'vitest';
import { newtonCp, newtonTableEntry } from '../bench/newton.ts';

// Tables 1–2 of arXiv:2503.01696 for n = 256 (tol 1e-7): relative max error on the middle z-slice and Tucker ranks.
// Expected values: the issue's independent re-run of the authors' method (full kernel 4.1e-1 at m = 129, 7.7e-3 at
// m = 513; long-range rank 9), and for the long-range error our numpy/scipy re-implementation
// (bench/reference/chebtuck_ref.py → 8.375e-8 at m = 129, 7.263e-8 at m = 513). The "about 1e-8" is not
// reachable at n = 256 by the authors' method: the error is the cubic-spline error of the narrowest long-range
// Gaussian at x = 0 (bench/reference/chebtuck_variants.py; docs/benchmarks/tensor.md), checked in the last test.
const within2 = (value: number, expected: number) => {
  expect(value).toBeGreaterThan(expected / 2);
  expect(value).toBeLessThan(expected * 2);
};

describe('Chebyshev-Tucker paper, Newton kernel, n = 256', () => {
  it('full kernel: 4.1e-1 at m = 129 and 7.7e-3 at m = 513, Tucker ranks 18 and 22 (±1, numpy re-run)', () => {
    for (const [m, expected, rank] of [
      [129, 4.1e-1, 18],
      [513, 7.7e-3, 22],
    ] as const) {
      const e = newtonTableEntry(256, m, 'full');
      within2(e.maxRelError, expected);
      for (const r of e.ranks) expect(Math.abs(r - rank)).toBeLessThanOrEqual(1);
    }
  });

  it('long-range part: Tucker rank 9 (±1) and error ≈ 8e-8 already at m = 129', () => {
    for (const [m, expected] of [
      [129, 8.375e-8],
      [513, 7.263e-8],
    ] as const) {
      const e = newtonTableEntry(256, m, 'long');
      for (const r of e.ranks) expect(Math.abs(r - 9)).toBeLessThanOrEqual(1);
      within2(e.maxRelError, expected);
      expect(e.maxRelError).toBeLessThan(1e-7);
    }
  });

  it('long-range error is the cubic-spline error h⁴|f⁗(0)|/384 of the narrowest Gaussian, at the node x = 0', () => {
    // The narrowest long-range column is exp(−a x²) (cell-averaged); a from its two values next to the centre.
    const n = 256;
    const h = 2 / n;
    const u = newtonCp(n, 'long').factors[0]!;
    const k = u.cols - 1;
    const at = (i: number) => u.data[i * u.cols + k]!;
    const x = (i: number) => -1 + h / 2 + i * h;
    const c = n / 2;
    const a = (Math.log(at(c)) - Math.log(at(c + 1))) / (x(c + 1) ** 2 - x(c) ** 2);
    expect(a).toBeCloseTo(27.49, 1); // numpy: 27.49
    const predicted = (h ** 4 * 12 * a * a) / 384; // 8.795e-8 (numpy)
    // m odd puts a node at x = 0, mid-way between the two central cell centres, where the spline error peaks.
    const odd = newtonTableEntry(n, 129, 'long').maxRelError;
    expect(odd / predicted).toBeGreaterThan(0.9);
    expect(odd / predicted).toBeLessThan(1.0);
    // m = 130 (no node at 0) samples the spline error elsewhere: numpy 1.988e-8 — node alignment, not the method.
    const even = newtonTableEntry(n, 130, 'long');
    within2(even.maxRelError, 1.988e-8);
    for (const r of even.ranks) expect(r).toBe(9);
  });
});
