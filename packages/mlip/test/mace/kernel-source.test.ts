import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { contractionKernelSource, orderTerms } from '../../src/mace/contraction-source.ts';
import { compileKernel } from '../../src/mace/conv-source.ts';
import type { ContractionBackward as Backward, ContractionForward as Forward } from '../../src/mace/symmetric-contraction.ts';

describe('generated symmetric-contraction kernels', () => {
  it('evaluate Σ coef·x[i1]⋯x[iν] and its gradient for orders 1–5, repeated indices included, as the polynomial does', () => {
    // the reference model has correlation 3; these monomials reach ν = 5 (odd and even lengths of the pair products)
    const rng = new SeededRng(20);
    const L = 6;
    const C = 2;
    const E = 2;
    const dim = 3;
    const raw = Array.from({ length: 60 }, (_, t) => {
      const nu = 1 + (t % 5);
      const idx = Array.from({ length: nu }, () => Math.floor(rng.uniform() * L)).sort((a, b) => a - b);
      return { m: Math.floor(rng.uniform() * dim), idx, source: { order: 0, t } };
    });
    const terms = orderTerms(raw, dim);
    const layout = { channels: C, numEll: L, dimOut: 2 + C * dim, start: 2, dim };
    const { forward, backward } = contractionKernelSource(terms, layout);
    const f = compileKernel<Forward>(forward);
    const b = compileKernel<Backward>(backward);
    const nodes = 3;
    const elements = Int32Array.of(1, 0, 1);
    const T = terms.length;
    const coef = Float64Array.from({ length: E * C * T }, () => rng.normal());
    const x = Float64Array.from({ length: nodes * C * L }, () => rng.normal());
    const gOut = Float64Array.from({ length: nodes * layout.dimOut }, () => rng.normal());
    const out = new Float64Array(nodes * layout.dimOut);
    f(x, elements, coef, out, 0, nodes);
    const gx = new Float64Array(x.length);
    b(x, elements, coef, gOut, gx, 0, nodes);
    // the polynomial term by term, and its exact derivative (product rule, one factor left out at a time)
    const expected = new Float64Array(out.length);
    const gExpected = new Float64Array(x.length);
    const scale = new Float64Array(out.length); // Σ|terms| per output
    const gScale = new Float64Array(x.length);
    for (let n = 0; n < nodes; n++)
      for (let c = 0; c < C; c++)
        terms.forEach((term, t) => {
          const k = coef[((elements[n] as number) * C + c) * T + t] as number;
          const xs = term.idx.map((i) => x[(n * C + c) * L + i] as number);
          const y = n * layout.dimOut + layout.start + c * dim + term.m;
          const v = xs.reduce((p, v) => p * v, k);
          expected[y] = (expected[y] as number) + v;
          scale[y] = (scale[y] as number) + Math.abs(v);
          term.idx.forEach((i, j) => {
            const q = (n * C + c) * L + i;
            const rest = xs.reduce((p, v, r) => (r === j ? p : p * v), k);
            gExpected[q] = (gExpected[q] as number) + (gOut[y] as number) * rest;
            gScale[q] = (gScale[q] as number) + Math.abs((gOut[y] as number) * rest);
          });
        });
    // same products and sums in another order: each side's rounding error is at most (ν + terms)·u·Σ|terms| (ν ≤ 5
    // factors, at most 60 terms per sum), so the two differ by at most 2·65·u·Σ|terms|
    const u = 2 ** -53;
    for (const [a, e, sc] of [
      [out, expected, scale],
      [gx, gExpected, gScale],
    ] as const) {
      for (let q = 0; q < a.length; q++)
        expect(Math.abs((a[q] as number) - (e[q] as number))).toBeLessThanOrEqual(130 * u * (sc[q] as number));
    }
    // the same irrep as two kernels, components 0 and 1–2 (how large irreps are split): the same outputs
    const split = new Float64Array(out.length);
    const gSplit = new Float64Array(x.length);
    for (const [mLo, mHi] of [
      [0, 1],
      [1, 3],
    ] as const) {
      const part = terms.filter((t) => t.m >= mLo && t.m < mHi);
      const src = contractionKernelSource(part, { ...layout, mLo, mHi });
      const pc = new Float64Array(E * C * part.length);
      for (let ec = 0; ec < E * C; ec++)
        part.forEach((t, q) => {
          pc[ec * part.length + q] = coef[ec * T + terms.indexOf(t)] as number;
        });
      compileKernel<Forward>(src.forward)(x, elements, pc, split, 0, nodes);
      compileKernel<Backward>(src.backward)(x, elements, pc, gOut, gSplit, 0, nodes);
    }
    expect(Array.from(split)).toEqual(Array.from(out));
    // the gradient's sums are split in two partial sums (one per kernel): rounding as above
    for (let q = 0; q < gx.length; q++)
      expect(Math.abs((gSplit[q] as number) - (gx[q] as number))).toBeLessThanOrEqual(130 * u * (gScale[q] as number));
    // the slots outside this irrep's block are not written
    for (let n = 0; n < nodes; n++) expect([out[n * layout.dimOut], out[n * layout.dimOut + 1]]).toEqual([0, 0]);
    expect(gx.some((v) => v !== 0)).toBe(true);
  });
});
