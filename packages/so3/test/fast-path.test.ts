import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { couplingKernelSource, couplingKernels, genericCouplingKernels } from '../src/tensor-product/coupling-codegen.ts';
import { gemmAccumulate } from '../src/tensor-product/gemm.ts';
import type { ConnectionMode } from '../src/tensor-product/instructions.ts';
import { uvwStrategy } from '../src/tensor-product/kernels.ts';
import { FullyConnectedTensorProduct } from '../src/tensor-product/presets.ts';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';
import { wigner3j } from '../src/wigner-3j.ts';

/** max |a − b| / max |b| */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let m = 0;
  for (let n = 0; n < b.length; n++) {
    e = Math.max(e, Math.abs((a[n] as number) - (b[n] as number)));
    m = Math.max(m, Math.abs(b[n] as number));
  }
  return e / m;
}

describe('fast tensor-product kernels equal the reference kernels', () => {
  it('every mode, shared and per-sample weights, with and without weights, partial blocks: to 1e-12', () => {
    const rng = new SeededRng(31);
    const specs: [ConnectionMode, string, string, string][] = [
      ['uvw', '3x1o', '4x2e', '5x1o'], // mo = 5: 4×4 tiles plus a leftover row
      ['uvw', '3x3o', '2x3o', '4x0e'], // t-first
      ['uvw', '3x0e', '2x3o', '4x3o'], // x1-first
      ['uvw', '3x3o', '2x0e', '4x3o'], // x2-first
      ['uvw', '2x2e', '3x1o', '1x1o'], // one output channel: weight folded into the scale
      ['uvu', '3x1o', '2x2e', '3x2o'],
      ['uvv', '2x2e', '3x1o', '3x1o'],
      ['uuw', '3x1o', '3x1o', '2x2e'],
      ['uuu', '3x2e', '3x1o', '3x3o'],
      ['uvuv', '2x1o', '3x1o', '6x1e'],
    ];
    const strategies = new Set<string>();
    let checked = 0;
    for (const [mode, a, b, o] of specs) {
      for (const hasWeight of [true, false]) {
        if (!hasWeight && (mode === 'uvw' || mode === 'uuw') && !o.startsWith('1x')) continue; // unweighted mixing is only meaningful with mul_out = 1
        for (const shared of [true, false]) {
          for (const coupling of ['wigner3j', 'gaunt'] as const) {
            const tp = new TensorProduct(a, b, o, [[0, 0, 0, mode, hasWeight]], { sharedWeights: shared, coupling });
            const path = (tp as unknown as { paths: Parameters<typeof uvwStrategy>[0][] }).paths[0] as Parameters<typeof uvwStrategy>[0];
            if (mode === 'uvw' && hasWeight) strategies.add(uvwStrategy(path));
            for (const batch of [1, 5, 64, 130]) {
              const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
              const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
              const w = rng.normalArray(shared ? tp.weightNumel : batch * tp.weightNumel);
              const ref = tp.forwardReference(x1, x2, w);
              const fast = tp.forward(x1, x2, w);
              if (coupling === 'gaunt' && ref.every((v) => v === 0)) {
                expect(fast.every((v) => v === 0)).toBe(true); // odd path: Gaunt coupling vanishes
              } else {
                expect(relErr(fast, ref), `${mode} ${a}⊗${b}→${o} w=${hasWeight} shared=${shared} ${coupling} batch=${batch}`).toBeLessThan(
                  1e-12,
                );
              }
              checked++;
            }
          }
        }
      }
    }
    expect(strategies).toEqual(new Set(['t-first', 'x1-first', 'x2-first']));
    expect(checked).toBeGreaterThan(100);
  });

  it('FullyConnectedTensorProduct (mul 1, 3, 8; L ≤ 3) on random inputs: fast = reference to 1e-12, float32 too', () => {
    const rng = new SeededRng(32);
    for (const [L, mul] of [
      [1, 8],
      [2, 3],
      [3, 1],
      [3, 2],
    ] as const) {
      const irreps = Array.from({ length: L + 1 }, (_, l) => `${mul}x${l}${l % 2 === 0 ? 'e' : 'o'}`).join('+');
      const tp = new FullyConnectedTensorProduct(irreps, irreps, irreps);
      const batch = 70;
      const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
      const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
      const w = rng.normalArray(tp.weightNumel);
      expect(relErr(tp.forward(x1, x2, w), tp.forwardReference(x1, x2, w)), `L=${L} mul=${mul}`).toBeLessThan(1e-12);
      const f32 = tp.forward(Float32Array.from(x1), Float32Array.from(x2), Float32Array.from(w));
      const r32 = tp.forwardReference(Float32Array.from(x1), Float32Array.from(x2), Float32Array.from(w));
      expect(f32).toBeInstanceOf(Float32Array);
      expect(relErr(f32, r32)).toBeLessThan(2e-7);
    }
  });

  it('generated coupling kernels equal the dense wigner3j contraction and the generic fallback', () => {
    const rng = new SeededRng(33);
    for (const [l1, l2, l3] of [
      [0, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
      [2, 1, 3],
      [3, 3, 2],
      [4, 2, 5],
    ] as const) {
      const [d1, d2, d3] = [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1];
      const B = 6;
      const nb = 5; // a partial block: column 5 must stay untouched
      const X = rng.normalArray(d1 * B);
      const Y = rng.normalArray(d2 * B);
      const C = wigner3j(l1, l2, l3);
      const s = 0.7;
      const expected = new Float64Array(d3 * B).fill(9);
      for (let k = 0; k < d3; k++)
        for (let bb = 0; bb < nb; bb++) {
          let acc = 0;
          for (let i = 0; i < d1; i++)
            for (let j = 0; j < d2; j++)
              acc += (C[(i * d2 + j) * d3 + k] as number) * (X[i * B + bb] as number) * (Y[j * B + bb] as number);
          expected[k * B + bb] = s * acc;
        }
      const kernels = couplingKernels(l1, l2, l3);
      expect(kernels.generated).toBe(true);
      for (const impl of [kernels, genericCouplingKernels(l1, l2, l3)]) {
        const set = new Float64Array(d3 * B).fill(9);
        impl.set(X, 0, Y, 0, set, 0, B, nb, s);
        assertClose(set, expected, { atol: 1e-15, rtol: 1e-13 }, `set (${l1},${l2},${l3})`);
        const add = new Float64Array(d3 * B).fill(9);
        impl.add(X, 0, Y, 0, add, 0, B, nb, s);
        assertClose(
          add,
          expected.map((v, n) => (n % B < nb ? v + 9 : 9)),
          { atol: 1e-14, rtol: 1e-13 },
          `add (${l1},${l2},${l3})`,
        );
      }
    }
    expect(couplingKernelSource(1, 1, 0, true)).toContain('O[O0 + bb] += s * (');
  });

  it('the reduce kernel equals the sum of add calls over its pairs of input vectors', () => {
    const rng = new SeededRng(35);
    for (const [l1, l2, l3] of [
      [0, 1, 1],
      [2, 2, 2],
      [3, 1, 2],
    ] as const) {
      const [d1, d2, d3] = [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1];
      const B = 4;
      const nb = 3;
      const count = 3;
      const xStride = (d1 + 1) * B; // padded strides
      const yStride = (d2 + 2) * B;
      const X = rng.normalArray(count * xStride + B);
      const Y = rng.normalArray(count * yStride + 2 * B);
      const init = rng.normalArray(d3 * B);
      const expected = Float64Array.from(init);
      const generic = genericCouplingKernels(l1, l2, l3);
      for (let r = 0; r < count; r++) generic.add(X, B + r * xStride, Y, 2 * B + r * yStride, expected, 0, B, nb, 1.3);
      const kernels = couplingKernels(l1, l2, l3);
      for (const impl of [kernels, generic]) {
        const got = Float64Array.from(init);
        impl.addReduce(X, B, xStride, Y, 2 * B, yStride, count, got, 0, B, nb, 1.3);
        assertClose(got, expected, { atol: 1e-14, rtol: 1e-13 }, `reduce (${l1},${l2},${l3}) generated=${impl.generated}`);
      }
    }
  });

  it('gemmAccumulate equals the naive triple loop for every tile remainder', () => {
    const rng = new SeededRng(34);
    for (const [M, N, K] of [
      [1, 1, 1],
      [4, 4, 3],
      [5, 7, 6],
      [8, 64, 64],
      [3, 9, 2],
    ] as const) {
      const aStrideK = M + 2; // A(m, k) = A[1 + k·aStrideK + m], with padding
      const A = rng.normalArray(1 + K * aStrideK);
      const ldb = N + 3;
      const B = rng.normalArray(2 + K * ldb);
      const ldc = N + 1;
      const C = rng.normalArray(M * ldc);
      const expected = Float64Array.from(C);
      for (let m = 0; m < M; m++)
        for (let n = 0; n < N; n++) {
          let acc = 0;
          for (let k = 0; k < K; k++) acc += (A[1 + k * aStrideK + m] as number) * (B[2 + k * ldb + n] as number);
          expected[m * ldc + n] = (expected[m * ldc + n] as number) + acc;
        }
      gemmAccumulate(M, N, K, A, 1, aStrideK, B, 2, ldb, C, 0, ldc);
      assertClose(C, expected, { atol: 1e-13, rtol: 1e-13 }, `${M}×${N}×${K}`);
    }
  });
});
