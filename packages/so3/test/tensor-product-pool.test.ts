import { NodeWorkerPool } from '@equitensor/tensor/node';
import { SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionMode } from '../src/tensor-product/instructions.ts';
import { uvwStrategy } from '../src/tensor-product/kernels.ts';
import { FullyConnectedTensorProduct } from '../src/tensor-product/presets.ts';
import { TensorProduct } from '../src/tensor-product/tensor-product.ts';

const pools = [1, 2, 3].map((workers) => new NodeWorkerPool({ workers }));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

// The reference is the one-thread `forward` (itself checked against the reference kernels to 1e-12 in fast-path.test.ts
// and against e3nn 0.5.6 in tensor-product.test.ts). Each output row depends only on its input row, so splitting the
// rows over workers must give the same numbers bit for bit: the checks are exact.
describe('TensorProduct.forward on the shared-memory worker pool (batch rows split over the workers)', () => {
  it('every connection mode and contraction order, partial blocks and more workers than rows: bit for bit', () => {
    const rng = new SeededRng(41);
    const specs: [ConnectionMode, string, string, string, boolean][] = [
      ['uvw', '3x1o', '4x2e', '5x1o', true], // mo = 5: 4×4 tiles plus a leftover row
      ['uvw', '3x3o', '2x3o', '4x0e', true], // t-first
      ['uvw', '3x0e', '2x3o', '4x3o', true], // x1-first
      ['uvw', '3x3o', '2x0e', '4x3o', true], // x2-first
      ['uvw', '2x2e', '3x1o', '1x1o', false], // one output channel, no weight
      ['uvu', '3x1o', '2x2e', '3x2o', true],
      ['uvv', '2x2e', '3x1o', '3x1o', true],
      ['uuw', '3x1o', '3x1o', '2x2e', true],
      ['uuu', '3x2e', '3x1o', '3x3o', false],
      ['uvuv', '2x1o', '3x1o', '6x1e', true],
    ];
    const strategies = new Set<string>();
    for (const [mode, a, b, o, hasWeight] of specs) {
      const tp = new TensorProduct(a, b, o, [[0, 0, 0, mode, hasWeight]]);
      const path = (tp as unknown as { paths: Parameters<typeof uvwStrategy>[0][] }).paths[0] as Parameters<typeof uvwStrategy>[0];
      if (mode === 'uvw' && hasWeight) strategies.add(uvwStrategy(path));
      for (const batch of [1, 2, 5, 64, 131]) {
        const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
        const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
        const w = rng.normalArray(tp.weightNumel);
        const serial = tp.forward(x1, x2, w);
        expect(serial.some((v) => v !== 0)).toBe(true);
        for (const pool of pools)
          expect(Array.from(tp.forward(x1, x2, w, { pool })), `${mode} ${a}⊗${b}→${o} batch ${batch} k ${pool.size}`).toEqual(
            Array.from(serial),
          );
      }
    }
    expect(strategies).toEqual(new Set(['t-first', 'x1-first', 'x2-first']));
  });

  it("the issue's benchmark product (FCTP, mul 8, L ≤ 4) in float32 and float64, twice on the same pool: bit for bit", () => {
    const rng = new SeededRng(42);
    const irreps = Array.from({ length: 5 }, (_, l) => `8x${l}${l % 2 === 0 ? 'e' : 'o'}`).join('+');
    const tp = new FullyConnectedTensorProduct(irreps, irreps, irreps);
    const batch = 203;
    const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
    const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
    const w = rng.normalArray(tp.weightNumel);
    const serial64 = tp.forward(x1, x2, w);
    const [f1, f2, fw] = [Float32Array.from(x1), Float32Array.from(x2), Float32Array.from(w)];
    const serial32 = tp.forward(f1, f2, fw);
    for (const pool of pools) {
      expect(Array.from(tp.forward(x1, x2, w, { pool }))).toEqual(Array.from(serial64));
      const pooled32 = tp.forward(f1, f2, fw, { pool });
      expect(pooled32).toBeInstanceOf(Float32Array);
      expect(Array.from(pooled32)).toEqual(Array.from(serial32));
      // a second call reuses the shared buffers and the compiled kernel
      expect(Array.from(tp.forward(f1, f2, fw, { pool }))).toEqual(Array.from(serial32));
    }
  });

  it('per-sample weights run the reference kernels on this thread, pool or not', () => {
    const rng = new SeededRng(43);
    const tp = new TensorProduct('2x1o', '2x1o', '2x2e', [[0, 0, 0, 'uvw', true]], { sharedWeights: false });
    const batch = 9;
    const x1 = rng.normalArray(batch * tp.irrepsIn1.dim);
    const x2 = rng.normalArray(batch * tp.irrepsIn2.dim);
    const w = rng.normalArray(batch * tp.weightNumel);
    expect(Array.from(tp.forward(x1, x2, w, { pool: pools[1] as NodeWorkerPool }))).toEqual(Array.from(tp.forward(x1, x2, w)));
  });
});
