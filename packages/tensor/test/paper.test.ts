import { describe, expect, it } from 'vitest';
import { newtonCp, newtonTableEntry } from '../bench/newton.ts';

// Tables 1–2 of arXiv:2503.01696 for n = 256 (tol 1e-7): relative max error on the middle z-slice and Tucker ranks.
// Expected values: the issue's independent re-run of the authors' method (full kernel 4.1e-1 at m = 129, 7.7e-3 at
// m = 513; long-range rank 9), and for the long-range error our numpy/scipy re-implementation
// (bench/reference/chebtuck_ref.py → 8.375e-8 at m = 129, 7.263e-8 at m = 513). The "about 1e-8" is not
// reachable at n = 256 by the authors' method: the error is the cubic-spline error of the narrowest long-range
// Gaussian at x = 0 (bench/reference/chebtuck_variants.py; docs/benchmarks/tensor.md), checked in the last test.
// The numpy re-run (bench/reference/*.out.txt) prints 4 significant figures and exact ranks: the values here must
// round to the same 4 figures (half a unit of the 4th figure, the printed reference's precision; both runs are
// float64 with the same algorithm, so they differ far below that), and the ranks must be equal.
const toPrintedFigures = (value: number, printed: number) => {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(printed))) - 3);
  expect(Math.abs(value - printed), `${value} vs numpy ${printed}`).toBeLessThanOrEqual(0.5 * unit * (1 + 1e-9));
};

describe('Chebyshev-Tucker paper, Newton kernel, n = 256', () => {
  it('full kernel: 4.092e-1 at m = 129 and 7.664e-3 at m = 513, Tucker ranks 18 and 22 (numpy re-run)', () => {
    for (const [m, expected, rank] of [
      [129, 4.092e-1, 18],
      [513, 7.664e-3, 22],
    ] as const) {
      const e = newtonTableEntry(256, m, 'full');
      toPrintedFigures(e.maxRelError, expected);
      expect(e.ranks).toEqual([rank, rank, rank]);
    }
  });

  it('long-range part: Tucker rank 9 and error 8.375e-8 already at m = 129 (numpy re-run)', () => {
    for (const [m, expected] of [
      [129, 8.375e-8],
      [513, 7.263e-8],
    ] as const) {
      const e = newtonTableEntry(256, m, 'long');
      expect(e.ranks).toEqual([9, 9, 9]);
      toPrintedFigures(e.maxRelError, expected);
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
    toPrintedFigures(a, 27.49); // numpy: 27.49
    const predicted = (h ** 4 * 12 * a * a) / 384;
    toPrintedFigures(predicted, 8.795e-8); // numpy
    // m odd puts a node at x = 0, mid-way between the two central cell centres, where the spline error peaks.
    const odd = newtonTableEntry(n, 129, 'long').maxRelError;
    // the slice is sampled at cell centres h/2 from the node, just short of the peak (numpy: 8.375e-8 / 8.795e-8 = 0.952)
    expect(odd / predicted).toBeGreaterThan(0.9);
    expect(odd / predicted).toBeLessThan(1.0);
    // m = 130 (no node at 0) samples the spline error elsewhere: numpy 1.988e-8 — node alignment, not the method.
    const even = newtonTableEntry(n, 130, 'long');
    toPrintedFigures(even.maxRelError, 1.988e-8);
    for (const r of even.ranks) expect(r).toBe(9);
  });
});
