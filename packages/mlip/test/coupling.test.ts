import { gauntFactor } from '@equitensor/so3';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { enumerateFeatures, FACTOR_SLOTS } from '../src/basis.ts';
import { createCoupling } from '../src/coupling.ts';
import { buildLayout } from '../src/layout.ts';

const spec = { species: [1, 8], order: 3, maxDegree: [9, 9, 9], wL: 1, rcut: 5, lambda: 2 };
const layout = buildLayout(enumerateFeatures(spec), 2);
const rng = new SeededRng(5);
const A = rng.normalArray(layout.densitySize);

function values(kind: 'cg' | 'gaunt' | 'grid' | 'cp', cpRank?: number): Float64Array {
  const B = new Float64Array(layout.features.count);
  const coupling = createCoupling(kind, layout, cpRank !== undefined ? { cpRank } : {});
  coupling.load(A);
  coupling.values(B);
  return B;
}

describe('order-3 couplings', () => {
  it('grid (pointwise product on a sphere grid) equals the Gaunt-coefficient contraction to 1e-12', () => {
    const g = values('gaunt');
    const q = values('grid');
    for (const k of layout.triples)
      expect(Math.abs((q[k] as number) - (g[k] as number))).toBeLessThan(1e-12 * (1 + Math.abs(g[k] as number)));
  });

  it('Gaunt features are CG features times so3 gauntFactor(l1, l2, l3), path by path', () => {
    const g = values('gaunt');
    const c = values('cg');
    const L = layout.features.factorL;
    let checked = 0;
    for (const k of layout.triples) {
      const f = gauntFactor(L[FACTOR_SLOTS * k] as number, L[FACTOR_SLOTS * k + 1] as number, L[FACTOR_SLOTS * k + 2] as number);
      expect(Math.abs((g[k] as number) - f * (c[k] as number))).toBeLessThan(1e-12 * (1 + Math.abs(g[k] as number)));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('cp at full rank equals cg to 1e-12; at low rank it approximates it and reports the CP error', () => {
    const c = values('cg');
    const full = values('cp', 10_000);
    for (const k of layout.triples)
      expect(Math.abs((full[k] as number) - (c[k] as number))).toBeLessThan(1e-12 * (1 + Math.abs(c[k] as number)));
    const low = createCoupling('cp', layout, { cpRank: 3 });
    // An exact lower bound: each path's coupling is a (real-basis) 3j tensor, whose unfolding along mode k has 2l_k + 1
    // equal singular values (orthogonality of the 3j symbols); a rank-3 CP tensor has unfoldings of rank ≤ 3, so its
    // relative error is at least √((2l_k + 1 − 3)/(2l_k + 1)) on every mode (Eckart-Young). Above: 1, the zero tensor's.
    let lowerBound = 0;
    for (const k of layout.triples)
      for (let q = 0; q < 3; q++) {
        const d = 2 * (layout.features.factorL[FACTOR_SLOTS * k + q] as number) + 1;
        lowerBound = Math.max(lowerBound, Math.sqrt(Math.max(0, d - 3) / d));
      }
    expect(lowerBound).toBeGreaterThan(0.5); // paths up to l = 9 are in this layout
    expect(low.info.worstRelativeError).toBeGreaterThanOrEqual(lowerBound * (1 - 1e-12));
    expect(low.info.worstRelativeError).toBeLessThan(1);
    const approx = values('cp', 3);
    let err = 0;
    let norm = 0;
    for (const k of layout.triples) {
      err += ((approx[k] as number) - (c[k] as number)) ** 2;
      norm += (c[k] as number) ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(1);
    expect(Math.sqrt(err / norm)).toBeGreaterThan(1e-6);
  });

  for (const kind of ['cg', 'grid', 'cp'] as const) {
    it(`${kind}: adjoints and weighted adjoint are the exact derivatives (central differences)`, () => {
      const coupling = createCoupling(kind, layout, { cpRank: 4 });
      const adj = new Float64Array(layout.adjointSize);
      coupling.load(A);
      coupling.adjoints(adj);
      const coeff = rng.normalArray(layout.features.count);
      const gA = new Float64Array(layout.densitySize);
      coupling.weightedAdjoint(coeff, 0, gA);
      const energy = (x: Float64Array): number => {
        const B = new Float64Array(layout.features.count);
        coupling.load(x);
        coupling.values(B);
        let s = 0;
        for (const k of layout.triples) s += (coeff[k] as number) * (B[k] as number);
        return s;
      };
      const h = 1e-6;
      for (let idx = 0; idx < layout.densitySize; idx += 7) {
        const p = Float64Array.from(A);
        const m = Float64Array.from(A);
        p[idx] = (p[idx] as number) + h;
        m[idx] = (m[idx] as number) - h;
        const fd = (energy(p) - energy(m)) / (2 * h);
        expect(Math.abs(fd - (gA[idx] as number))).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
      }
      // Per-feature adjoints summed with the coefficients give the same gradient.
      const sum = new Float64Array(layout.densitySize);
      for (const k of layout.triples) {
        for (let q = 0; q < 3; q++) {
          const l = layout.features.factorL[FACTOR_SLOTS * k + q] as number;
          for (let m = 0; m < 2 * l + 1; m++) {
            const o = (layout.densityOffset[FACTOR_SLOTS * k + q] as number) + m;
            sum[o] =
              (sum[o] as number) + (coeff[k] as number) * (adj[(layout.adjointOffset[FACTOR_SLOTS * k + q] as number) + m] as number);
          }
        }
      }
      for (let i = 0; i < sum.length; i++)
        expect(Math.abs((sum[i] as number) - (gA[i] as number))).toBeLessThan(1e-10 * (1 + Math.abs(gA[i] as number)));
    });
  }
});
