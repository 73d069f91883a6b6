import { parseNpy } from '@equitensor/io';
import { readFixtureBytes } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { compressCanonical, newtonReferenceTensor } from '../src/index.ts';

// Exact box integrals of 1/|x| (mpmath, 20 digits, rounded to double): ∫_{[0,1]³} and ∫_{[1,2]×[0,1]²}; scale as h² for cells of side h.
const CORNER_CELL = 1.1900386819897768;
const NEXT_CELL = 0.6027715611889978;

describe('canonical reference tensor of 1/|x| (Galerkin, erf differences)', () => {
  const n = 256;
  const h = 2 / n;
  const ours = newtonReferenceTensor({ n, accuracy: 1e-7 });
  const rank = ours.cp.weights.length;
  const factor = ours.cp.factors[0]!.data;
  const cell = (i: number, j: number, l: number) => {
    let s = 0;
    for (let k = 0; k < rank; k++) s += ours.cp.weights[k]! * factor[i * rank + k]! * factor[j * rank + k]! * factor[l * rank + k]!;
    return s;
  };

  it('reproduces exact cell integrals next to the singularity', () => {
    expect(Math.abs(cell(127, 127, 128) / (h * h * CORNER_CELL) - 1)).toBeLessThan(1e-7);
    expect(Math.abs(cell(126, 127, 128) / (h * h * NEXT_CELL) - 1)).toBeLessThan(1e-7);
  });

  it('agrees with the Chebyshev-Tucker authors’ n = 256 tensor (ε = 1e-7) on three z-slices', () => {
    const theirs = parseNpy(readFixtureBytes('chebtuck/newton_cp_n256_U1r.npy'));
    const r0 = theirs.shape[1]!;
    expect(theirs.shape[0]).toBe(n);
    let worst = 0;
    let worstNearOrigin = 0;
    for (const l of [n / 2, n / 4, 3]) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let a = 0;
          for (let k = 0; k < r0; k++) a += theirs.data[i * r0 + k]! * theirs.data[j * r0 + k]! * theirs.data[l * r0 + k]!;
          const e = Math.abs(a / cell(i, j, l) - 1);
          // Their eight cells at distance one cell from the origin's corner cells carry a 4e-6 error (checked exactly above for ours).
          const nearOrigin = l === n / 2 && Math.max(Math.abs(i - 127.5), Math.abs(j - 127.5)) < 2;
          if (nearOrigin) worstNearOrigin = Math.max(worstNearOrigin, e);
          else worst = Math.max(worst, e);
        }
      }
    }
    expect(worst).toBeLessThan(2e-7);
    expect(worstNearOrigin).toBeLessThan(5e-6);
  });

  it('compresses to small Tucker ranks by SVD of the side matrices', () => {
    const { ranks, tucker } = compressCanonical(ours.cp, 1e-7);
    expect(ranks[0]).toBeLessThan(rank / 2);
    expect(ranks).toEqual([ranks[0], ranks[0], ranks[0]]);
    expect(tucker.factors[0]!.rows).toBe(n);
  });
});
