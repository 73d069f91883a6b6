import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { assertEquivariant } from '../src/equivariance.ts';
import { allParitiesTensorProduct } from '../src/kinds/all-parities.ts';
import { createKindTensorProduct, settingDegrees } from '../src/kinds/create.ts';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';

const rng = new SeededRng(21);

describe('four tensor-product kinds', () => {
  it('Gaunt-Fourier and grid kinds equal CG with Gaunt path weights to 1e-12 (SISO, SIMO, MIMO, L ≤ 4)', () => {
    for (const L of [1, 2, 3, 4]) {
      for (const setting of ['siso', 'simo', 'mimo'] as const) {
        if (setting === 'siso' && L % 2 === 1) continue; // (L, L, L) has no even path
        const opts = settingDegrees(setting, L);
        const cg = createKindTensorProduct('cg', opts);
        const x1 = rng.normalArray(3 * cg.irrepsIn1.dim);
        const x2 = rng.normalArray(3 * cg.irrepsIn2.dim);
        const ref = cg.apply(x1, x2);
        const scale = Math.max(...Array.from(ref, Math.abs));
        expect(scale).toBeGreaterThan(0.01);
        for (const kind of ['gaunt', 'grid'] as const) {
          const tp = createKindTensorProduct(kind, opts);
          expect(tp.paths).toBe('even');
          assertClose(tp.apply(x1, x2), ref, { atol: 1e-12, rtol: 0 }, `${kind} ${setting} L=${L}`);
        }
      }
    }
  });

  it('the grid uses res_beta = 2L+1 and res_alpha = 2(2L+1) for MIMO', () => {
    const tp = createKindTensorProduct('grid', settingDegrees('mimo', 5));
    expect(tp.info).toEqual({ resBeta: 11, resAlpha: 22 });
  });

  it('the CG kind with w3j coupling is e3nn TensorProduct with uuu paths and no normalisation', () => {
    const opts = { ls1: [0, 1, 2], ls2: [1, 2], lsOut: [0, 1, 2, 3] };
    const kind = createKindTensorProduct('cg', { ...opts, coupling: 'wigner3j' });
    const ins: [number, number, number, 'uuu', boolean][] = [];
    opts.ls1.forEach((a, i) => {
      opts.ls2.forEach((b, j) => {
        opts.lsOut.forEach((c, k) => {
          if (Math.abs(a - b) <= c && c <= a + b) ins.push([i, j, k, 'uuu', false]);
        });
      });
    });
    /** The paths whose l₁ + l₂ + l_out has the given parity. */
    const ofParity = (parity: 0 | 1) =>
      ins.filter(([i, j, k]) => ((opts.ls1[i] as number) + (opts.ls2[j] as number) + (opts.lsOut[k] as number)) % 2 === parity);
    const unnormalised = { irrepNormalization: 'none', pathNormalization: 'none' } as const;
    // parity of odd paths differs from (−1)^l, so build with e3nn parities of each path's output
    const tp = new TensorProduct('0e+1o+2e', '1o+2e', '0e+1o+2e+3o', ofParity(0), unnormalised);
    const even = createKindTensorProduct('cg', { ...opts, coupling: 'gaunt' });
    expect(kind.paths).toBe('all');
    expect(even.info.nonZeros).toBeLessThan(kind.info.nonZeros as number);
    const x1 = rng.normalArray(2 * 9);
    const x2 = rng.normalArray(2 * 8);
    // the w3j kind restricted to even paths equals TensorProduct on the same paths
    const w3jEven = createKindTensorProduct('cg', { ...opts, coupling: 'wigner3j' });
    const all = w3jEven.apply(x1, x2);
    const evenOnly = tp.forward(x1, x2);
    const odd = new TensorProduct('0e+1o+2e', '1o+2e', '0o+1e+2o+3e', ofParity(1), unnormalised).forward(x1, x2);
    assertClose(
      all,
      Array.from(evenOnly, (v, i) => v + (odd[i] as number)),
      { atol: 1e-14 },
    );
    // and TensorProduct's Gaunt coupling equals the Gaunt CG kind
    const gauntTp = new TensorProduct('0e+1o+2e', '1o+2e', '0e+1o+2e+3o', ofParity(0), { ...unnormalised, coupling: 'gaunt' });
    assertClose(gauntTp.forward(x1, x2), even.apply(x1, x2), { atol: 1e-14 });
  });

  it('every kind is equivariant (Gaunt kinds under O(3), the w3j CG kind under SO(3))', () => {
    const opts = settingDegrees('mimo', 3);
    const irr = (ls: number[]): string => ls.map((l) => `${l}y`).join('+');
    for (const kind of ['cg', 'gaunt', 'grid'] as const) {
      const tp = createKindTensorProduct(kind, opts);
      assertEquivariant((a, b) => tp.apply(a as Float64Array, b as Float64Array), [irr(opts.ls1), irr(opts.ls2)], irr(opts.lsOut), {
        tolerance: 1e-12,
      });
    }
    const w3j = createKindTensorProduct('cg', { ...opts, coupling: 'wigner3j' });
    assertEquivariant((a, b) => w3j.apply(a as Float64Array, b as Float64Array), [irr(opts.ls1), irr(opts.ls2)], irr(opts.lsOut), {
      tolerance: 1e-12,
      properOnly: true,
    });
    const cpFull = createKindTensorProduct('cp', { ...opts, rank: 'full', coupling: 'wigner3j' });
    assertEquivariant((a, b) => cpFull.apply(a as Float64Array, b as Float64Array), [irr(opts.ls1), irr(opts.ls2)], irr(opts.lsOut), {
      tolerance: 1e-12,
      properOnly: true,
    });
  });

  it('CP kind: full rank is exact; TDN schedules 7L < 7L² reduce the fit and equivariance errors', () => {
    const opts = settingDegrees('mimo', 2);
    const cg = createKindTensorProduct('cg', opts);
    const x1 = rng.normalArray(4 * cg.irrepsIn1.dim);
    const x2 = rng.normalArray(4 * cg.irrepsIn2.dim);
    const ref = cg.apply(x1, x2);
    const full = createKindTensorProduct('cp', { ...opts, rank: 'full' });
    assertClose(full.apply(x1, x2), ref, { atol: 1e-13, rtol: 0 });
    const r7 = createKindTensorProduct('cp', { ...opts, rank: '7L', alsIterations: 60 });
    const r72 = createKindTensorProduct('cp', { ...opts, rank: '7L2', alsIterations: 60 });
    expect(r7.info.rank).toBe(14);
    expect(r72.info.rank).toBe(28);
    const e7 = r7.info.relativeError as number;
    const e72 = r72.info.relativeError as number;
    expect(e7).toBeGreaterThan(e72);
    expect(e72).toBeLessThan(0.05);
    const irr = '0e+1o+2e';
    const out = '0e+1o+2e+3o+4e';
    // tolerance 10: only the errors are compared here; a failure to evaluate is a failure of the test
    const eq = (tp: typeof r7): number =>
      assertEquivariant((a, b) => tp.apply(a as Float64Array, b as Float64Array), [irr, irr], out, { tolerance: 10 }).maxRelativeError;
    expect(eq(r72)).toBeLessThan(eq(r7));
  });

  it('the all-parities combination handles pseudo-tensor inputs: O(3)-equivariant and equal to CG on every even path', () => {
    const opts = { ls1: [0, 1, 2], ls2: [1, 2], lsOut: [0, 1, 2, 3] };
    for (const kind of ['grid', 'gaunt'] as const) {
      const tp = allParitiesTensorProduct(kind, opts);
      expect(tp.irrepsIn1.toString()).toBe('1x0e+1x0o+1x1o+1x1e+1x2e+1x2o');
      const report = assertEquivariant(
        (a, b) => tp.apply(a as Float64Array, b as Float64Array),
        [tp.irrepsIn1, tp.irrepsIn2],
        tp.irrepsOut,
        { tolerance: 1e-12 },
      );
      expect(report.checks).toBe(6);
      // reference: e3nn TensorProduct with Gaunt couplings on every parity-allowed even path
      const ins: [number, number, number, 'uuu', boolean][] = [];
      tp.irrepsIn1.entries.forEach((a, i) => {
        tp.irrepsIn2.entries.forEach((b, j) => {
          tp.irrepsOut.entries.forEach((c, k) => {
            const even = (a.ir.l + b.ir.l + c.ir.l) % 2 === 0;
            if (even && a.ir.p * b.ir.p === c.ir.p && Math.abs(a.ir.l - b.ir.l) <= c.ir.l && c.ir.l <= a.ir.l + b.ir.l)
              ins.push([i, j, k, 'uuu', false]);
          });
        });
      });
      const ref = new TensorProduct(tp.irrepsIn1, tp.irrepsIn2, tp.irrepsOut, ins, {
        irrepNormalization: 'none',
        pathNormalization: 'none',
        coupling: 'gaunt',
      });
      const x1 = rng.normalArray(2 * tp.irrepsIn1.dim);
      const x2 = rng.normalArray(2 * tp.irrepsIn2.dim);
      assertClose(tp.apply(x1, x2), ref.forward(x1, x2), { atol: 1e-12 }, kind);
    }
  });

  it('float32 path: every kind returns Float32Array close to float64', () => {
    const opts = settingDegrees('mimo', 2);
    const x1 = rng.normalArray(2 * 9);
    const x2 = rng.normalArray(2 * 9);
    for (const kind of ['cg', 'gaunt', 'grid', 'cp'] as const) {
      const tp = createKindTensorProduct(kind, { ...opts, rank: 'full' });
      const y = tp.apply(Float32Array.from(x1), Float32Array.from(x2));
      expect(y).toBeInstanceOf(Float32Array);
      assertClose(y, tp.apply(x1, x2), { atol: 1e-5, rtol: 1e-5 }, kind);
    }
  });

  it('rejects unsupported combinations with a clear message', () => {
    expect(() => createKindTensorProduct('grid', { ls1: [1], ls2: [1], lsOut: [1], coupling: 'wigner3j' })).toThrow(
      /only the 'gaunt' coupling/,
    );
    expect(() => createKindTensorProduct('cp', { ls1: [1], ls2: [1], lsOut: [1], rank: 0 })).toThrow(/rank must be/);
  });
});
