import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createKindTensorProduct } from '../src/kinds/create.ts';
import { createTripleProduct, type TripleLayout } from '../src/kinds/triple-product.ts';

// Blocks of one vector with lmax = 3 (e3nn layout: block l at l²): triples of distinct blocks, so each value is linear
// in each factor.
const lmax = 3;
const triples: [number, number, number][] = [
  [1, 2, 3],
  [2, 1, 1],
  [3, 3, 2],
  [0, 2, 2],
  [1, 3, 2],
];
function layoutOf(list: readonly [number, number, number][]): TripleLayout {
  const l = Int32Array.from(list.flat());
  let adj = 0;
  const adjointOffset = Int32Array.from(l, (d) => {
    const o = adj;
    adj += 2 * d + 1;
    return o;
  });
  return {
    count: list.length,
    l,
    offset: Int32Array.from(l, (d) => d * d),
    adjointOffset,
    output: Int32Array.from(list, (_, t) => 2 * t),
    lmax,
  };
}
const layout = layoutOf(triples);
const rng = new SeededRng(17);
const A = rng.normalArray((lmax + 1) ** 2);
const block = (l: number): Float64Array => A.subarray(l * l, l * l + 2 * l + 1);

function valuesOf(kind: 'cg' | 'gaunt' | 'grid' | 'cp', cpRank?: number): Float64Array {
  const tp = createTripleProduct(kind, layout, cpRank !== undefined ? { cpRank } : {});
  const B = new Float64Array(2 * triples.length);
  tp.load(A);
  tp.values(B);
  return B;
}

describe('triple products (the kinds contracted with a third factor, with adjoints)', () => {
  it('equal the pairwise kind of create.ts followed by a dot product with the third block (cg: w3j, gaunt: Gaunt), to 1e-12', () => {
    for (const [kind, coupling] of [
      ['cg', 'wigner3j'],
      ['gaunt', 'gaunt'],
    ] as const) {
      const B = valuesOf(kind);
      triples.forEach(([l1, l2, l3], t) => {
        const pair = createKindTensorProduct('cg', { ls1: [l1], ls2: [l2], lsOut: [l3], coupling }).apply(block(l1), block(l2));
        let ref = 0;
        for (let m = 0; m < 2 * l3 + 1; m++) ref += pair[m]! * block(l3)[m]!;
        // Two float64 evaluations of the same O(50)-term sum of unit-size products.
        expect(Math.abs(B[2 * t]! - ref)).toBeLessThan(1e-12 * (1 + Math.abs(ref)));
      });
    }
  });

  it('grid equals gaunt and full-rank cp equals cg, to 1e-12', () => {
    const g = valuesOf('gaunt');
    const q = valuesOf('grid');
    const c = valuesOf('cg');
    const p = valuesOf('cp', 10_000);
    for (let t = 0; t < triples.length; t++) {
      // Quadrature exact for the degree: only rounding differs.
      expect(Math.abs(q[2 * t]! - g[2 * t]!)).toBeLessThan(1e-12 * (1 + Math.abs(g[2 * t]!)));
      expect(Math.abs(p[2 * t]! - c[2 * t]!)).toBeLessThan(1e-12 * (1 + Math.abs(c[2 * t]!)));
    }
  });

  it('adjoints satisfy Euler’s identity a_q · ∂B/∂a_q = B (trilinear in distinct blocks), and the weighted adjoint is Σ c_t ∂B_t/∂A', () => {
    for (const kind of ['cg', 'gaunt', 'grid', 'cp'] as const) {
      const tp = createTripleProduct(kind, layout);
      const B = new Float64Array(2 * triples.length);
      const adj = new Float64Array(layout.adjointOffset[3 * triples.length - 1]! + 2 * layout.l[3 * triples.length - 1]! + 1);
      tp.load(A);
      tp.values(B);
      tp.adjoints(adj);
      const coefficients = rng.normalArray(2 * triples.length + 3);
      const expected = new Float64Array(A.length);
      triples.forEach((ls, t) => {
        ls.forEach((l, q) => {
          let dot = 0;
          for (let m = 0; m < 2 * l + 1; m++) {
            const g = adj[layout.adjointOffset[3 * t + q]! + m]!;
            dot += block(l)[m]! * g;
            expected[l * l + m]! += coefficients[3 + 2 * t]! * g;
          }
          // Rounding of two O(50)-term sums.
          expect(Math.abs(dot - B[2 * t]!), `${kind} triple ${t} factor ${q}`).toBeLessThan(1e-12 * (1 + Math.abs(B[2 * t]!)));
        });
      });
      const gA = new Float64Array(A.length);
      tp.weightedAdjoint(coefficients, 3, gA);
      for (let i = 0; i < A.length; i++)
        expect(Math.abs(gA[i]! - expected[i]!), `${kind} entry ${i}`).toBeLessThan(1e-12 * (1 + Math.abs(expected[i]!)));
    }
  });

  it('rejects an inconsistent layout or an unknown kind with a RangeError', () => {
    expect(() => createTripleProduct('cg', { ...layout, l: Int32Array.of(1, 2) })).toThrow(RangeError);
    expect(() => createTripleProduct('cg', layoutOf([[1, 4, 3]]))).toThrow(/outside 0…lmax/);
    expect(() => createTripleProduct('fft' as 'cg', layout)).toThrow(RangeError);
  });
});
